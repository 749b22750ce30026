#!/usr/bin/env bash
# npm test: every suite, overlapped to use both cores of a small machine. Each suite has its own
# databases and ports. The HTTP suite, then the unit and module suites, run in the foreground; the
# browser suite runs beside them at the lowest CPU priority (nice 19), so it takes only the time the
# others leave idle while they wait on Medusa and PostgreSQL. Its output is shown when it ends.
set -uo pipefail
cd "$(dirname "$0")/.."

browser_log=$(mktemp)
nice -n 19 npm run test:browser > "$browser_log" 2>&1 &
browser_pid=$!

status=0
npm run test:integration:http || status=1
npm run test:unit || status=1
npm run test:integration:modules || status=1

wait "$browser_pid" || status=1
echo "==== browser suite (ran beside the others, at low priority) ===="
cat "$browser_log"
rm -f "$browser_log"
exit "$status"
