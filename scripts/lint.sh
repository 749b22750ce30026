#!/usr/bin/env bash
# npm run lint: ESLint, then Prettier's check, each with its cache.
#
# Both caches know a file by its contents (--cache-strategy content: a fresh clone's files are all new
# by date) and by its absolute path, so they are kept for the machine, one file per checkout folder
# (~/.cache/medusa-plugin-ecpay-einvoice/lint; ECPAY_EINVOICE_LINT_CACHE=<dir>|off), for CI's clone
# that lands in the same folder each run. A changed file, rule or config is checked again.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${ECPAY_EINVOICE_LINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medusa-plugin-ecpay-einvoice/lint}
if [ "$cache" = off ]; then
  cache=node_modules/.cache/lint
fi
folder=$(pwd -P | sha256sum | cut -c1-16)
mkdir -p "$cache/eslint"

# ESLint names its cache file after the folder it runs in when given a directory.
node_modules/.bin/eslint --max-warnings=0 --cache --cache-strategy content --cache-location "$cache/eslint/" .
node_modules/.bin/prettier --check --cache --cache-strategy content --cache-location "$cache/prettier-$folder.json" .
