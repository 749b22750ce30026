#!/usr/bin/env bash
# npm test: every suite. Two lines of work run side by side (each suite uses its own databases):
#   - the unit suite, the HTTP suite, then the fault suite's small run (40 orders, the same faults, one kill);
#   - the module suite, then the browser suite.
# Each line spends much of its time waiting on Medusa, PostgreSQL or the simulator, so together they
# keep both cores busy. The first line's output follows the second's.
set -uo pipefail
cd "$(dirname "$0")/.."

# One plugin build serves the browser suite's stores and the fault suite's (CI builds it beforehand and
# says so with BROWSER_SKIP_PLUGIN_BUILD=1).
if [ "${BROWSER_SKIP_PLUGIN_BUILD:-}" != 1 ]; then
  npm run build > /dev/null || { echo "medusa plugin:build failed: run npm run build to see why" >&2; exit 1; }
  export BROWSER_SKIP_PLUGIN_BUILD=1
fi

started=$SECONDS
# Each suite's wall-clock time, printed at the end (what to shorten when CI gets slow).
timings=$(mktemp)
timed() {
  local name=$1 from=$SECONDS status
  shift
  "$@"
  status=$?
  echo "$name: $((SECONDS - from)) s (ended at $((SECONDS - started)) s), exit $status" >> "$timings"
  return $status
}

background_log=$(mktemp)
(
  timed "unit suite" npm run test:unit
  unit_status=$?
  timed "HTTP suite" npm run test:integration:http
  http_status=$?
  # The checkout as it is, with the plugin build above.
  timed "fault suite (small run)" env FAULTS_SOURCE=worktree FAULTS_PLUGIN_BUILD=never npm run test:faults:small
  faults_status=$?
  echo "unit suite: exit $unit_status; HTTP suite: exit $http_status; fault suite (small run): exit $faults_status"
  [ "$unit_status" = 0 ] && [ "$http_status" = 0 ] && [ "$faults_status" = 0 ]
) > "$background_log" 2>&1 &
background_pid=$!

timed "module suite" npm run test:integration:modules
module_status=$?

browser_status=0
if [ "$module_status" = 0 ]; then
  timed "browser suite" npm run test:browser
  browser_status=$?
fi

wait "$background_pid"
background_status=$?
echo "==== unit suite, HTTP suite, then the fault suite's small run (ran beside the others) ===="
cat "$background_log"
rm -f "$background_log"
echo "==== suite times ===="
cat "$timings"
rm -f "$timings"

if [ "$module_status" != 0 ] || [ "$browser_status" != 0 ] || [ "$background_status" != 0 ]; then
  echo "module suite: exit $module_status; browser suite: exit $browser_status; unit and HTTP suites and the fault suite's small run: exit $background_status (see above)" >&2
  exit 1
fi
