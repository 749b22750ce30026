#!/usr/bin/env bash
# npm test: every suite. The unit and module suites run beside the HTTP suite (each uses its own
# database, and the HTTP suite spends much of its time waiting on Medusa and PostgreSQL rather than
# on the CPU); their output follows the HTTP suite's. The browser suite runs last, alone: beside the
# HTTP suite (even at the lowest CPU priority) it slowed both down more than it saved.
set -uo pipefail
cd "$(dirname "$0")/.."

fast_log=$(mktemp)
(npm run test:unit && npm run test:integration:modules) > "$fast_log" 2>&1 &
fast_pid=$!

npm run test:integration:http
http_status=$?
wait "$fast_pid"
fast_status=$?
echo "==== unit and module suites (ran beside the HTTP suite) ===="
cat "$fast_log"
rm -f "$fast_log"
if [ "$http_status" != 0 ] || [ "$fast_status" != 0 ]; then
  echo "unit/module suites: exit $fast_status; HTTP suite: exit $http_status" >&2
  exit 1
fi

npm run test:browser
