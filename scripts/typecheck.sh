#!/usr/bin/env bash
# npm run typecheck: one tsc program per part of the code, each with its compiler options (the plugin
# and its tests; the admin extensions; the demo, bench and fault suite; the example storefront), two
# at a time (each is mostly one core).
#
# Incremental: each program keeps what it checked in node_modules/.cache/typecheck, and the machine keeps
# a copy (~/.cache/medusa-plugin-ecpay-einvoice/typecheck; ECPAY_EINVOICE_TYPECHECK_CACHE=<dir>|off) for
# the next checkout, as for CI's fresh clones. tsc knows a file by its contents and its path relative to
# that folder, so a copy made in another checkout of the same tree is just as good; whatever differs is
# checked again.
set -euo pipefail
cd "$(dirname "$0")/.."

local_cache=node_modules/.cache/typecheck
machine_cache=${ECPAY_EINVOICE_TYPECHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medusa-plugin-ecpay-einvoice/typecheck}
mkdir -p "$local_cache"
if [ "$machine_cache" != off ] && [ -d "$machine_cache" ]; then
  for kept in "$machine_cache"/*.tsbuildinfo; do
    if [ -e "$kept" ] && [ ! -e "$local_cache/$(basename "$kept")" ]; then
      cp "$kept" "$local_cache/"
    fi
  done
fi

export local_cache machine_cache
printf '%s\n' tsconfig.typecheck.json src/admin/tsconfig.json scripts/tsconfig.json examples/storefront-checkout/tsconfig.json |
  xargs -P 2 -I{} sh -c '
    name=$(printf "%s" "{}" | tr "/" "_").tsbuildinfo
    node_modules/.bin/tsc -p "{}" --noEmit --incremental --tsBuildInfoFile "$local_cache/$name" ||
      { echo "typecheck: tsc -p {} failed" >&2; exit 1; }
    if [ "$machine_cache" != off ]; then
      mkdir -p "$machine_cache" && cp "$local_cache/$name" "$machine_cache/$name.$$" && mv "$machine_cache/$name.$$" "$machine_cache/$name"
    fi
  '
