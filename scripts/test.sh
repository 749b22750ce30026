#!/usr/bin/env bash
# npm test: every suite, in two lines of work side by side (each suite uses its own databases):
#   - the HTTP suite (from source; well under one core: it waits on Medusa and PostgreSQL), then the fault
#     suite's small run (40 orders, the same faults, one kill; three Medusa processes) once the plugin
#     build of the other line is there, then the unit suite;
#   - the plugin build and the browser suite (about one core: stores, Chromium), then the module suite.
# So paired, the lines share two cores without starving each other (measured: a third line, or the
# type-check and lint beside the suites, slowed the Medusa suites by more than they saved), and end
# close together. The unit suite moved to the first line when the HTTP suite stopped copying its
# database before each test (integration-tests/helpers/row-restore.ts) and became the shorter one.
# Each line's output is printed when both have ended, then each suite's time.
set -uo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each suite's wall-clock time, printed at the end (what to shorten when CI gets slow).
timed() {
  local name=$1 from=$SECONDS status
  shift
  "$@"
  status=$?
  echo "$name: $((SECONDS - from)) s (ended at $((SECONDS - started)) s), exit $status" >> "$work/timings"
  return $status
}

# One plugin build (`medusa plugin:build`, checked: a TypeScript 7 install makes it fail silently) serves
# the browser suite's stores and the fault suite's. BROWSER_SKIP_PLUGIN_BUILD=1 uses the one there is.
build_plugin() {
  if [ "${BROWSER_SKIP_PLUGIN_BUILD:-}" != 1 ]; then
    npm run build > "$work/build.log" 2>&1 || { cat "$work/build.log"; echo "medusa plugin:build failed" >&2; return 1; }
  fi
  local artifact
  for artifact in .medusa/server/src/modules/einvoice/index.js .medusa/server/src/lib/ecpay/index.js .medusa/server/src/admin/index.js; do
    [ -f "$artifact" ] || { echo "the plugin build did not produce $artifact" >&2; return 1; }
  done
  # The admin bundle must carry the order widget, the settings page and the invoices page.
  local marker
  for marker in "ecpay-einvoice:order" "ecpayEinvoice.menuLabel" "ecpayEinvoice.invoices.menuLabel"; do
    grep -q "$marker" .medusa/server/src/admin/index.js || { echo "the admin bundle lacks $marker" >&2; return 1; }
  done
}

(
  timed "HTTP suite" npm run test:integration:http
  http_status=$?
  # The fault suite runs the plugin build of the other line: wait for it.
  while [ ! -e "$work/build.done" ]; do sleep 1; done
  if [ "$(cat "$work/build.done")" = ok ]; then
    # The checkout as it is, with the plugin build of the other line.
    timed "fault suite (small run)" env FAULTS_SOURCE=worktree FAULTS_PLUGIN_BUILD=never npm run test:faults:small
    faults_status=$?
  else
    echo "the fault suite did not run: the plugin build failed"
    faults_status=1
  fi
  timed "unit suite" npm run test:unit
  unit_status=$?
  echo "HTTP suite: exit $http_status; fault suite (small run): exit $faults_status; unit suite: exit $unit_status"
  [ "$http_status" = 0 ] && [ "$faults_status" = 0 ] && [ "$unit_status" = 0 ]
) > "$work/line1.log" 2>&1 &
line1_pid=$!

(
  if timed "plugin build" build_plugin; then
    echo ok > "$work/build.done"
  else
    echo failed > "$work/build.done"
    echo "the browser suite did not run: the plugin build failed"
    browser_status=1
  fi
  if [ -z "${browser_status:-}" ]; then
    export BROWSER_SKIP_PLUGIN_BUILD=1
    timed "browser suite" npm run test:browser
    browser_status=$?
  fi
  timed "module suite" npm run test:integration:modules
  module_status=$?
  echo "browser suite: exit $browser_status; module suite: exit $module_status"
  [ "$browser_status" = 0 ] && [ "$module_status" = 0 ]
) > "$work/line2.log" 2>&1 &
line2_pid=$!

wait "$line1_pid"
line1_status=$?
wait "$line2_pid"
line2_status=$?

echo "==== HTTP suite, then the fault suite's small run and the unit suite ===="
cat "$work/line1.log"
echo "==== plugin build, browser suite, then the module suite ===="
cat "$work/line2.log"
echo "==== suite times ===="
cat "$work/timings"

if [ "$line1_status" != 0 ] || [ "$line2_status" != 0 ]; then
  echo "HTTP, fault and unit suites: exit $line1_status; plugin build, browser and module suites: exit $line2_status (see above)" >&2
  exit 1
fi
