#!/usr/bin/env bash
# npm test: every suite. Three lines of work run side by side (each suite uses its own databases):
#   - the unit suite, then the HTTP suite (both from source);
#   - the module suite (from source), then the browser suite;
#   - the fault suite's small run (40 orders, the same faults, one kill).
# The plugin build that the browser and fault suites install is made meanwhile, and they wait for it.
# Each line spends much of its time waiting on Medusa, PostgreSQL, Chromium or the simulator, so together
# they keep both cores busy. Each line's output is printed when it ends, in the order above.
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
( timed "plugin build" build_plugin; echo $? > "$work/build.status" ) > "$work/build.out" 2>&1 &
export BROWSER_SKIP_PLUGIN_BUILD=1

# For the suites that install the built plugin.
await_build() {
  while [ ! -f "$work/build.status" ]; do sleep 1; done
  [ "$(cat "$work/build.status")" = 0 ] || { echo "skipped: the plugin build failed (see above)"; return 1; }
}

(
  timed "unit suite" npm run test:unit
  unit_status=$?
  timed "HTTP suite" npm run test:integration:http
  http_status=$?
  echo "unit suite: exit $unit_status; HTTP suite: exit $http_status"
  [ "$unit_status" = 0 ] && [ "$http_status" = 0 ]
) > "$work/line1.log" 2>&1 &
line1_pid=$!

(
  await_build || exit 1
  # The checkout as it is, with the plugin build above.
  timed "fault suite (small run)" env FAULTS_SOURCE=worktree FAULTS_PLUGIN_BUILD=never npm run test:faults:small
) > "$work/line3.log" 2>&1 &
line3_pid=$!

(
  timed "module suite" npm run test:integration:modules
  module_status=$?
  browser_status=1
  if await_build; then
    timed "browser suite" npm run test:browser
    browser_status=$?
  fi
  echo "module suite: exit $module_status; browser suite: exit $browser_status"
  [ "$module_status" = 0 ] && [ "$browser_status" = 0 ]
) > "$work/line2.log" 2>&1 &
line2_pid=$!

wait "$line1_pid"
line1_status=$?
wait "$line2_pid"
line2_status=$?
wait "$line3_pid"
line3_status=$?
wait
build_status=$(cat "$work/build.status" 2>/dev/null || echo 1)

echo "==== plugin build ===="
cat "$work/build.out"
echo "==== unit suite, then the HTTP suite ===="
cat "$work/line1.log"
echo "==== module suite, then the browser suite ===="
cat "$work/line2.log"
echo "==== the fault suite's small run ===="
cat "$work/line3.log"
echo "==== suite times ===="
cat "$work/timings"

if [ "$build_status" != 0 ] || [ "$line1_status" != 0 ] || [ "$line2_status" != 0 ] || [ "$line3_status" != 0 ]; then
  echo "plugin build: exit $build_status; unit and HTTP suites: exit $line1_status; module and browser suites: exit $line2_status; fault suite (small run): exit $line3_status (see above)" >&2
  exit 1
fi
