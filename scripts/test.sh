#!/usr/bin/env bash
# npm test: every suite, overlapped to use both cores of a small machine. Each suite has its own
# databases and ports, and much of the HTTP and browser suites' time is spent waiting on Medusa,
# PostgreSQL and Chromium rather than on the CPU:
#   - the browser suite starts first, in the background (its output is shown when it ends);
#   - the HTTP suite runs meanwhile, then the unit and module suites.
set -uo pipefail
cd "$(dirname "$0")/.."

browser_log=$(mktemp)
npm run test:browser > "$browser_log" 2>&1 &
browser_pid=$!

status=0
npm run test:integration:http || status=1
npm run test:unit || status=1
npm run test:integration:modules || status=1

wait "$browser_pid" || status=1
echo "==== browser suite (ran beside the others) ===="
cat "$browser_log"
rm -f "$browser_log"
exit "$status"
