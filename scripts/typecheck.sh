#!/usr/bin/env bash
# npm run typecheck: one tsc program per part of the code, each with its compiler options (the plugin
# and its tests; the admin extensions; the demo, bench and fault suite; the example storefront), two
# at a time (each is mostly one core).
set -euo pipefail
cd "$(dirname "$0")/.."

printf '%s\n' tsconfig.typecheck.json src/admin/tsconfig.json scripts/tsconfig.json examples/storefront-checkout/tsconfig.json |
  xargs -P 2 -I{} sh -c 'node_modules/.bin/tsc -p "{}" --noEmit || { echo "typecheck: tsc -p {} failed" >&2; exit 1; }'
