#!/usr/bin/env bash
# npm test: every suite. The HTTP suite runs in the background from the start; the unit and module
# suites, then the browser suite, run beside it (each uses its own databases). The HTTP suite is one
# process that spends much of its time waiting on Medusa and PostgreSQL: the browser suite's stores
# boot in its last part, which would otherwise leave a core idle. Its output follows the others'.
set -uo pipefail
cd "$(dirname "$0")/.."

http_log=$(mktemp)
npm run test:integration:http > "$http_log" 2>&1 &
http_pid=$!

npm run test:unit && npm run test:integration:modules
fast_status=$?

browser_status=0
if [ "$fast_status" = 0 ]; then
  npm run test:browser
  browser_status=$?
fi

wait "$http_pid"
http_status=$?
echo "==== HTTP suite (ran beside the others) ===="
cat "$http_log"
rm -f "$http_log"

if [ "$fast_status" != 0 ] || [ "$http_status" != 0 ] || [ "$browser_status" != 0 ]; then
  echo "unit/module suites: exit $fast_status; HTTP suite: exit $http_status; browser suite: exit $browser_status" >&2
  exit 1
fi
