/**
 * `npm run bench`: the plugin's HTTP operations timed against Medusa's own operations in the same
 * store and the same run, and the server's memory growth per issued invoice against its growth per
 * plain order. Prints a table and writes .bench/results.json; no thresholds, exit code 0 when it ran.
 *
 *   1. prepares a store like `npm run demo` (scripts/demo/lib) in .demo/bench, database medusa_ecpay_bench,
 *      the ECPay simulator in this process, `medusa start`; settings: manual issuing;
 *   2. BENCH_WARMUP untimed rounds, then BENCH_ITERATIONS timed rounds (scripts/bench/lib/workload.ts);
 *   3. memory: VmRSS after that, after BENCH_MEMORY_INVOICES plain orders, after issuing an invoice
 *      for each of them.
 *
 * Ctrl-C stops everything it started. The database is kept for the next run (BENCH_FRESH_DB=1 drops it first).
 */
import { mkdir, writeFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { PLUGIN_ROOT, redactUrl } from "../demo/lib/config"
import { describeError, runMain, sleep, stopOnSignals } from "../demo/lib/processes"
import { medusaVersion, pluginVersion } from "../demo/lib/store-app"
import { formatTable, memoryRatio, memoryStep, operationResults, type BenchResults } from "./lib/report"
import { cpuOver as serverCpuOver, MemoryProbe, Recorder, round, summarize } from "./lib/stats"
import { benchOptionsFromEnv, BenchRun, BenchStopped, databaseCounts } from "./lib/store"
import { capture, configureManualIssuing, currentPeriod, issue, plainOrder, timedRound, type Context } from "./lib/workload"
import { scaleOptionsFromEnv, scaleStep, type ScaleResults } from "./lib/scale"
import { checkoutStep } from "./lib/checkout"
import { drainOptionsFromEnv, drainStep, type DrainResults } from "./lib/drain"
import { DEFAULT_ECPAY_CONCURRENCY } from "../../src/lib/concurrency"
import { parsePeriodLabel, periodRange } from "../../src/lib/invoice-period"

const HELP = `npm run bench — the plugin's operations timed against Medusa's own, and its memory per invoice

  npm run bench -- --scale   also the lists at scale: the invoice list, a search by number, a period's CSV
                             export and the hourly sync's selection, timed with BENCH_SCALE_BASE and with
                             BENCH_SCALE_INVOICES invoices in the store (bulk-inserted, removed afterwards);
                             and the drain: BENCH_DRAIN_ORDERS paid orders whose invoices fall due at once,
                             issued by the retry job while ECPay takes BENCH_DRAIN_LATENCY_MS to answer

Environment:
  BENCH_ITERATIONS=20        timed rounds (each times every operation once)
  BENCH_WARMUP=3             untimed rounds first
  BENCH_MEMORY_INVOICES=50   plain orders placed, then invoices issued, for the memory comparison
  BENCH_CHECKOUT_ORDERS=20   orders placed and captured with e-invoicing off, and as many with automatic issuing
  BENCH_DIR=.demo/bench      the store's state folder (app, installed plugin, logs)
  BENCH_RESULTS_DIR=.bench   where results.json is written
  BENCH_DB_NAME=medusa_ecpay_bench   database on the local PostgreSQL (localhost:5432; kept between runs)
  BENCH_FRESH_DB=1           drop and re-create that database first (migrations run again)
  DATABASE_URL=postgres://…  use this database instead (never dropped)
  DB_USERNAME / DB_PASSWORD  for PostgreSQL on localhost (default postgres / postgres)
  BENCH_EMBEDDED_PG=1        use the embedded PostgreSQL (as the demo does without a local one)
  BENCH_PORT=0               the store's port (default: any free port)
  BENCH_PLUGIN_BUILD=auto|always|never
  BENCH_GC=0                 read the server's memory without a full garbage collection first
  BENCH_SCALE_BASE=1000      --scale: invoices in the store for the first measurement
  BENCH_SCALE_INVOICES=100000  --scale: invoices in the store for the second
  BENCH_DRAIN_ORDERS=2000    --scale: the drain's backlog (copies of one paid order, removed afterwards)
  BENCH_DRAIN_LATENCY_MS=100 --scale: how long the simulator takes to answer each Issue during the drain
  BENCH_ECPAY_CONCURRENCY    the store's plugin option ecpayConcurrency (default: the plugin's, ${DEFAULT_ECPAY_CONCURRENCY})
`

const SETTLE_MS = 3000

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP)
    return
  }
  process.chdir(PLUGIN_ROOT)
  const options = benchOptionsFromEnv()
  const log = options.demo.log
  const run = new BenchRun(options)

  const control = stopOnSignals({
    what: "bench",
    stop: () => run.stop(),
    log,
    exitCodes: { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 },
  })

  const startedAt = new Date()
  log(
    `npm run bench: ${options.warmup} warm-up + ${options.iterations} timed rounds, memory over ${options.memoryInvoices} orders / invoices` +
      ` (${path.relative(PLUGIN_ROOT, options.dir) || options.dir})`
  )
  let results: BenchResults
  try {
    const bench = await run.start()
    const setupEnd = Date.now()
    const checkpoint = () => {
      if (run.stopped) throw new BenchStopped()
    }
    const pid = bench.server.process.pid!
    const databaseBefore = await databaseCounts(bench.database.url)
    await configureManualIssuing(bench.admin)
    const ctx: Context = {
      admin: bench.admin,
      store: bench.store,
      catalog: bench.catalog,
      period: await currentPeriod(bench.admin),
    }
    const memory = new MemoryProbe(pid, bench.gcReportFile)
    const ready = await memory.read()

    const rec = new Recorder()
    const rounds = async (label: string, count: number) => {
      for (let i = 0; i < count; i++) {
        checkpoint()
        await timedRound(ctx, rec, i)
        progress(label, i + 1, count)
      }
    }
    rec.recording = false
    await rounds("warm-up rounds", options.warmup)
    rec.recording = true
    await rounds("timed rounds", options.iterations)

    await sleep(SETTLE_MS)
    const afterWarmup = await memory.read()
    const orderIds: string[] = []
    for (let i = 0; i < options.memoryInvoices; i++) {
      checkpoint()
      orderIds.push(await plainOrder(ctx, i))
      progress("plain orders", i + 1, options.memoryInvoices)
    }
    // The server's CPU time per capture, then per invoice issued by hand (what follows each request
    // included: the events it emits are handled before the settle ends).
    const cpuOver = (run: () => Promise<void>) => serverCpuOver(pid, run, SETTLE_MS)
    const captureCpu = await cpuOver(async () => {
      for (const [i, orderId] of orderIds.entries()) {
        checkpoint()
        await capture(ctx, orderId)
        progress("payments captured", i + 1, orderIds.length)
      }
    })
    const afterOrders = await memory.read()
    const issueCpu = await cpuOver(async () => {
      for (const [i, orderId] of orderIds.entries()) {
        checkpoint()
        await issue(ctx, orderId)
        progress("invoices issued", i + 1, orderIds.length)
      }
    })
    const afterInvoices = await memory.read()
    checkpoint()
    const checkout = await checkoutStep({
      ctx,
      pid,
      databaseUrl: bench.database.url,
      orders: options.checkoutOrders,
      settleMs: SETTLE_MS,
      log,
    })
    await configureManualIssuing(bench.admin)
    const cpu = {
      capture_ms_per_order: round(captureCpu / orderIds.length),
      issue_ms_per_invoice: checkout.auto_issue_cpu_ms_per_invoice,
      manual_issue_ms_per_invoice: round(issueCpu / orderIds.length),
    }

    let scale: ScaleResults | undefined
    let drain: DrainResults | undefined
    if (process.argv.includes("--scale")) {
      checkpoint()
      const { base, invoices: scaled } = scaleOptionsFromEnv()
      scale = await scaleStep({
        admin: bench.admin,
        databaseUrl: bench.database.url,
        period: ctx.period,
        periodStart: periodRange(parsePeriodLabel(ctx.period)!).from,
        base,
        invoices: scaled,
        log,
      })
      checkpoint()
      const drainOptions = drainOptionsFromEnv()
      drain = await drainStep({
        ctx,
        pid,
        databaseUrl: bench.database.url,
        simulator: bench.simulator,
        memory,
        orders: drainOptions.orders,
        latencyMs: drainOptions.latencyMs,
        concurrency: options.ecpayConcurrency ?? DEFAULT_ECPAY_CONCURRENCY,
        log,
      })
    }

    const orders = memoryStep(afterWarmup, afterOrders, orderIds.length)
    const invoices = memoryStep(afterOrders, afterInvoices, orderIds.length)
    const finished = Date.now()
    const cpus = os.cpus()
    results = {
      version: 1,
      started_at: startedAt.toISOString(),
      finished_at: new Date(finished).toISOString(),
      duration_s: {
        total: round((finished - startedAt.getTime()) / 1000),
        setup: round((setupEnd - startedAt.getTime()) / 1000),
        measure: round((finished - setupEnd) / 1000),
      },
      settings: { iterations: options.iterations, warmup: options.warmup, memory_invoices: options.memoryInvoices, settle_ms: SETTLE_MS },
      environment: {
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        cpus: cpus.length,
        cpu_model: cpus[0]?.model?.trim() ?? "unknown",
        medusa: medusaVersion(),
        plugin: pluginVersion(),
        database: `${bench.database.kind} ${redactUrl(bench.database.url)}`,
        database_before: databaseBefore,
        ecpay: "simulator (in the bench process, no network latency)",
      },
      setup_timings_s: bench.timings,
      operations: operationResults(rec.samples, summarize),
      memory: {
        pid,
        readings: { ready, after_warmup: afterWarmup, after_orders: afterOrders, after_invoices: afterInvoices },
        orders,
        invoices,
        ratio_invoice_to_order: memoryRatio(invoices.per_item_mb, orders.per_item_mb),
        heap_ratio_invoice_to_order: memoryRatio(invoices.heap_per_item_mb, orders.heap_per_item_mb),
      },
      ...(scale ? { scale } : {}),
      ...(drain ? { drain } : {}),
      cpu,
      checkout,
      ratios: {
        ...(checkout.overhead !== null ? { checkout_overhead: checkout.overhead } : {}),
        // An invoice issued on capture against the capture it follows, both measured the same way (the
        // checkout step's medians, e-invoicing off for the capture).
        ...(checkout.off.cpu_ms_per_order > 0
          ? { issue_cpu_vs_capture: round(cpu.issue_ms_per_invoice / checkout.off.cpu_ms_per_order, 2) }
          : {}),
        ...(cpu.capture_ms_per_order > 0
          ? { manual_issue_cpu_vs_capture: round(cpu.manual_issue_ms_per_invoice / cpu.capture_ms_per_order, 2) }
          : {}),
        ...(scale
          ? Object.fromEntries(
              (
                [
                  ["list_100k_vs_1k", scale.ratios.list],
                  ["search_100k_vs_1k", scale.ratios.search],
                  ["export_100k_vs_1k", scale.ratios.export],
                  ["sync_100k_vs_1k", scale.ratios.sync],
                ] as const
              ).filter((entry): entry is [(typeof entry)[0], number] => entry[1] !== null)
            )
          : {}),
        ...(drain ? { drain_efficiency: drain.efficiency, drain_rss_growth: drain.rss_growth } : {}),
      },
    }
  } catch (error) {
    if (error instanceof BenchStopped || control.exiting) {
      return
    }
    control.markExiting()
    console.error(`\nnpm run bench failed: ${describeError(error, "BENCH_DEBUG")}`)
    console.error(`  logs: ${path.relative(PLUGIN_ROOT, run.paths.logDir)}/`)
    await run.stop()
    process.exit(1)
  }

  log("Stopping the store and the simulator …")
  control.markExiting()
  await run.stop()
  await mkdir(options.resultsDir, { recursive: true })
  const file = path.join(options.resultsDir, "results.json")
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
  log(formatTable(results))
  log(
    `Results: ${path.relative(PLUGIN_ROOT, file)}   Database ${options.demo.databaseName} kept for the next run (BENCH_FRESH_DB=1 starts afresh).`
  )
  process.exit(0)
}

/** One line per phase on a terminal (rewritten in place), every tenth step otherwise. */
function progress(label: string, done: number, total: number) {
  const line = `  ${label}: ${done}/${total}`
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${line}${done === total ? "\n" : ""}`)
  } else if (done === total || done % 10 === 0) {
    process.stdout.write(`${line}\n`)
  }
}

runMain("npm run bench", "BENCH_DEBUG", main)
