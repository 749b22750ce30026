#!/usr/bin/env bash
# npm test: every suite. The HTTP suite runs in the background from the start; the unit and module
# suites, then the browser suite and the fault suite's small run, run beside it (each uses its own
# databases). The HTTP suite is one
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
faults_status=0
if [ "$fast_status" = 0 ]; then
  npm run test:browser
  browser_status=$?
  # The fault suite's small run (40 orders, the same faults, one kill) on the checkout as it is, with the
  # plugin build the browser suite used (or CI made).
  FAULTS_SOURCE=worktree FAULTS_PLUGIN_BUILD=never npm run test:faults:small
  faults_status=$?
fi

wait "$http_pid"
http_status=$?
echo "==== HTTP suite (ran beside the others) ===="
cat "$http_log"
rm -f "$http_log"

if [ "$fast_status" != 0 ] || [ "$http_status" != 0 ] || [ "$browser_status" != 0 ] || [ "$faults_status" != 0 ]; then
  echo "unit/module suites: exit $fast_status; HTTP suite: exit $http_status; browser suite: exit $browser_status; fault suite (small): exit $faults_status" >&2
  exit 1
fi
