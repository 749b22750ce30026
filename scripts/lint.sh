#!/usr/bin/env bash
# npm run lint: ESLint, then Prettier's check, each with its cache.
#
# Both caches know a file by its contents (--cache-strategy content: a fresh clone's files are all new by
# date), its absolute path and the config that checked it. The machine keeps a copy of each
# (~/.cache/medusa-plugin-ecpay-einvoice/lint; ECPAY_EINVOICE_LINT_CACHE=<dir>|off) with the checkout's
# folder written as a placeholder, so that the next clone, as CI's is, checks only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

local_cache=node_modules/.cache/lint
machine_cache=${ECPAY_EINVOICE_LINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medusa-plugin-ecpay-einvoice/lint}
mkdir -p "$local_cache"

# copy FROM TO MODE: MODE "in" puts this folder in place of the placeholder, "out" the reverse.
copy() {
  node -e '
    const fs = require("node:fs")
    const [from, to, mode] = process.argv.slice(1)
    const [a, b] = mode === "in" ? ["@@CHECKOUT@@", process.cwd()] : [process.cwd(), "@@CHECKOUT@@"]
    fs.writeFileSync(to + ".tmp", fs.readFileSync(from, "utf8").split(JSON.stringify(a).slice(1, -1)).join(JSON.stringify(b).slice(1, -1)))
    fs.renameSync(to + ".tmp", to)
  ' "$1" "$2" "$3"
}

for tool in eslint prettier; do
  if [ "$machine_cache" != off ] && [ -f "$machine_cache/$tool.json" ] && [ ! -f "$local_cache/$tool.json" ]; then
    copy "$machine_cache/$tool.json" "$local_cache/$tool.json" in || rm -f "$local_cache/$tool.json"
  fi
done

status=0
node_modules/.bin/eslint --max-warnings=0 --cache --cache-strategy content --cache-location "$local_cache/eslint.json" . || status=$?
if [ "$status" = 0 ]; then
  node_modules/.bin/prettier --check --cache --cache-strategy content --cache-location "$local_cache/prettier.json" . || status=$?
fi

if [ "$machine_cache" != off ]; then
  mkdir -p "$machine_cache"
  for tool in eslint prettier; do
    if [ -f "$local_cache/$tool.json" ]; then
      copy "$local_cache/$tool.json" "$machine_cache/$tool.json.$$" out && mv "$machine_cache/$tool.json.$$" "$machine_cache/$tool.json"
    fi
  done
fi
exit "$status"
