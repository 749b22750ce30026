/**
 * `npm run test:faults`: the plugin's promises — one valid invoice per order, allowances exactly the
 * refunded amounts, nothing left pending, no 5xx — checked on the production layout (server, shared and
 * worker processes on one PostgreSQL and Redis) while ECPay drops answers, fails, rate-limits, events
 * arrive twice, clicks land on two processes at once and a process is killed. See lib/run.ts for the
 * scenario, lib/count.ts for how it is counted, docs/RELIABILITY.md for the last full run.
 *
 * Exit code 0 when every check passes, 1 otherwise. Ctrl-C stops everything it started.
 */
import { mkdir, writeFile } from "node:fs/promises"
import path from "node:path"
import { PLUGIN_ROOT } from "../demo/lib/config"
import { describeError, runMain, stopOnSignals } from "../demo/lib/processes"
import { countAndCheck } from "./lib/count"
import { checksTable, reportMarkdown, type ReportInput } from "./lib/report"
import { FaultRun, type RunOptions } from "./lib/run"
import { FaultStack, stackOptionsFromEnv, type ProcessName } from "./lib/stack"

const HELP = `npm run test:faults — the plugin on the production layout under ECPay faults, a kill and duplicate events

Environment:
  FAULTS_ORDERS=1000          orders that must end with exactly one valid invoice
  FAULTS_VOIDS                extra orders whose invoice is voided at the end (default 2 % of the orders, ≥ 2)
  FAULTS_CONCURRENCY=6        orders placed at once
  FAULTS_REFUND_EVERY=3       every n-th order gets two partial refunds at once
  FAULTS_CLICK_EVERY=4        every n-th order gets "Issue" on both HTTP processes at once
  FAULTS_403_SECONDS=3        ECPay answers 403 to everything this long, halfway through
  FAULTS_PAUSE_SECONDS=10     the plugin's store-wide pause after a 403 (option rateLimitPauseMinutes)
  FAULTS_KILL=worker          the process killed with SIGKILL: worker, shared or server
  FAULTS_DRAIN_SECONDS        how long the drain may take (default 180 + 0.3 s per order)
  FAULTS_SOURCE=head          the plugin as committed (git archive HEAD); worktree: the checkout as it is
  FAULTS_REPORT=0             do not write docs/RELIABILITY.md (results go to .demo/faults/results.json)
  FAULTS_REDIS_URL=redis://127.0.0.1:6379/13   a Redis database of its own: it is emptied first
  FAULTS_DIR=.demo/faults     state folder (app, installed plugin, logs)
  FAULTS_DB_NAME=medusa_ecpay_faults   template database (migrated once); each run copies it to <name>_run
  DATABASE_URL / DB_USERNAME / DB_PASSWORD / FAULTS_PLUGIN_BUILD=auto|always|never   as for the demo
`

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`)
  return value
}

export function runOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RunOptions {
  const orders = Math.round(count(env, "FAULTS_ORDERS", 1000, 1))
  const kill = (env.FAULTS_KILL || "worker") as ProcessName
  if (!["worker", "shared", "server"].includes(kill)) throw new Error(`FAULTS_KILL must be worker, shared or server, got "${kill}"`)
  return {
    orders,
    voids: Math.round(count(env, "FAULTS_VOIDS", Math.max(2, Math.round(orders * 0.02)))),
    concurrency: Math.round(count(env, "FAULTS_CONCURRENCY", 6, 1)),
    refundEvery: Math.round(count(env, "FAULTS_REFUND_EVERY", 3, 1)),
    clickEvery: Math.round(count(env, "FAULTS_CLICK_EVERY", 4, 1)),
    window403Ms: count(env, "FAULTS_403_SECONDS", 3) * 1000,
    kill,
    drainTimeoutMs: count(env, "FAULTS_DRAIN_SECONDS", 180 + 0.3 * orders) * 1000,
    latencyMs: 50,
    dropRate: 0.1,
    http500Rate: 0.05,
  }
}

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP)
    return
  }
  process.chdir(PLUGIN_ROOT)
  const stackOptions = stackOptionsFromEnv()
  const options = runOptionsFromEnv()
  const log = stackOptions.demo.log
  const stack = new FaultStack(stackOptions)
  const control = stopOnSignals({
    what: "fault suite",
    stop: () => stack.stop(),
    log,
    exitCodes: { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 },
  })
  const startedAt = new Date()
  const command = `FAULTS_ORDERS=${options.orders} npm run test:faults`
  log(`npm run test:faults: ${options.orders} orders (+${options.voids} voided), ${path.relative(PLUGIN_ROOT, stackOptions.dir)}`)
  let report: ReportInput
  try {
    await stack.start()
    log(`  ready in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s (${JSON.stringify(stack.timings)})`)
    const run = new FaultRun(stack, options, log)
    const result = await run.run()
    const { figures, checks } = await countAndCheck(stack.runDatabaseUrl, stack.simulator!.snapshot(), result)
    report = {
      command,
      commit: stack.commit,
      startedAt,
      seconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
      setupTimings: stack.timings,
      options,
      pauseSeconds: Math.round(stackOptions.pauseMinutes * 60),
      result,
      figures,
      checks,
    }
  } catch (error) {
    if (control.exiting) return
    control.markExiting()
    console.error(`\nnpm run test:faults could not finish: ${describeError(error, "FAULTS_DEBUG")}`)
    console.error(`  logs: ${path.relative(PLUGIN_ROOT, stack.paths.logDir)}/`)
    await stack.stop()
    process.exit(1)
  }
  control.markExiting()
  await stack.stop()

  const passed = report.checks.every((check) => check.ok)
  log(`\n${checksTable(report.checks)}\n`)
  const { figures } = report
  if (figures.refundMismatches.length) log(`Refunds and allowances that differ:\n  ${figures.refundMismatches.slice(0, 20).join("\n  ")}`)
  if (figures.pending.length) log(`Still pending:\n  ${figures.pending.slice(0, 20).join("\n  ")}`)
  if (figures.plugin5xx.length)
    log(
      `5xx from the plugin's routes:\n  ${figures.plugin5xx
        .slice(0, 10)
        .map((e) => `${e.status} ${e.method} ${e.path} (${e.process}) ${e.body.slice(0, 200)}`)
        .join("\n  ")}`
    )
  if (report.result.placeFailures.length) log(`Orders not placed:\n  ${report.result.placeFailures.slice(0, 10).join("\n  ")}`)
  log(`${passed ? "PASS" : "FAIL"} in ${report.seconds} s`)

  await mkdir(stackOptions.dir, { recursive: true })
  const { http, ...rest } = report.result
  await writeFile(
    path.join(stackOptions.dir, "results.json"),
    `${JSON.stringify({ ...report, result: { ...rest, http: http.summary(), fiveXx: http.fiveXx } }, null, 2)}\n`
  )
  if (process.env.FAULTS_REPORT !== "0") {
    await writeFile(path.join(PLUGIN_ROOT, "docs/RELIABILITY.md"), reportMarkdown(report))
    log("Written: docs/RELIABILITY.md")
  }
  process.exit(passed ? 0 : 1)
}

runMain("npm run test:faults", "FAULTS_DEBUG", main)
