/**
 * The bench's store, prepared the way `npm run demo` prepares its own (scripts/demo/lib): the plugin
 * built when its sources changed and installed like an npm package, a store app in .demo/bench/app,
 * its own database, the ECPay simulator in this process on a free port, migrations and the admin
 * user, `medusa build` (reused while unchanged), `medusa start` (production), the demo's catalog.
 * No sample orders and no checkout page: the bench places its own orders.
 */
import { existsSync } from "node:fs"
import { mkdir, readFile, rm, writeFile } from "node:fs/promises"
import path from "node:path"
import type { RunningSimulator } from "../../../src/simulator"
import { demoPaths, optionsFromEnv, PLUGIN_ROOT, STAGE_MERCHANT, type DemoOptions, type DemoPaths } from "../../demo/lib/config"
import { ensureDatabase, resolveDatabase, withClient, type DemoDatabase } from "../../demo/lib/database"
import { adminLogin, storeClient, type Requester } from "../../demo/lib/medusa-http"
import { freePort, isAlive, isPortFree, stopAllStarted } from "../../demo/lib/processes"
import { seedCatalog, type Catalog } from "../../demo/lib/seed"
import { round } from "./stats"
import {
  buildStore,
  ensureSecrets,
  installPlugin,
  migrateStore,
  readState,
  sameOriginStoreEnv,
  startStore,
  waitForStore,
  writeState,
  writeStoreApp,
  type RunningStore,
  startInstalledSimulator,
} from "../../demo/lib/store-app"

export interface BenchOptions {
  /**
   * The store's state folder: app, installed plugin, logs. Under .demo/ (like the checkout test's
   * .demo/checkout-test), which the plugin's tsconfig and jest already leave out.
   */
  dir: string
  /** Where results.json goes. */
  resultsDir: string
  /** 0: any free port */
  port: number
  iterations: number
  warmup: number
  memoryInvoices: number
  /** Orders placed and captured in each mode of the checkout comparison (BENCH_CHECKOUT_ORDERS). */
  checkoutOrders: number
  /** Load gc-preload.js into the server, so that memory is read after a full collection (BENCH_GC=0: not). */
  gcBeforeReading: boolean
  /** The store's plugin option ecpayConcurrency (BENCH_ECPAY_CONCURRENCY; the plugin's default when unset). */
  ecpayConcurrency: number | undefined
  /** Drop and re-create the bench database first (only the local / embedded one, never DATABASE_URL). */
  freshDatabase: boolean
  demo: DemoOptions
}

function countEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`)
  }
  return value
}

export function benchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const dir = path.resolve(PLUGIN_ROOT, env.BENCH_DIR || ".demo/bench")
  // The demo's own settings, minus those the bench decides: always the simulator (ECPAY_* ignored).
  const demoEnv: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith("ECPAY_") && !key.startsWith("DEMO_")) demoEnv[key] = value
  }
  Object.assign(demoEnv, {
    DEMO_DIR: dir,
    DEMO_DB_NAME: env.BENCH_DB_NAME || "medusa_ecpay_bench",
    DEMO_PLUGIN_BUILD: env.BENCH_PLUGIN_BUILD || "auto",
    DEMO_SEED: "0",
    ...(env.BENCH_EMBEDDED_PG === "1" ? { DEMO_EMBEDDED_PG: "1" } : {}),
  })
  const demo = optionsFromEnv(demoEnv)
  demo.ecpay = { mode: "simulator", environment: "simulator", ...STAGE_MERCHANT, baseUrl: null }
  const iterations = countEnv(env, "BENCH_ITERATIONS", 20, 1)
  return {
    dir,
    resultsDir: path.resolve(PLUGIN_ROOT, env.BENCH_RESULTS_DIR || ".bench"),
    port: countEnv(env, "BENCH_PORT", 0, 0),
    iterations,
    warmup: countEnv(env, "BENCH_WARMUP", 3, 0),
    memoryInvoices: countEnv(env, "BENCH_MEMORY_INVOICES", 50, 1),
    checkoutOrders: countEnv(env, "BENCH_CHECKOUT_ORDERS", 20, 1),
    ecpayConcurrency: env.BENCH_ECPAY_CONCURRENCY ? countEnv(env, "BENCH_ECPAY_CONCURRENCY", 4, 1) : undefined,
    freshDatabase: env.BENCH_FRESH_DB === "1",
    gcBeforeReading: env.BENCH_GC !== "0",
    demo,
  }
}

export interface BenchStore {
  baseUrl: string
  admin: Requester
  store: Requester
  catalog: Catalog
  server: RunningStore
  simulator: RunningSimulator
  database: DemoDatabase
  paths: DemoPaths
  /** Where the server's gc-preload.js answers (null: not loaded). */
  gcReportFile: string | null
  /** Seconds per setup step. */
  timings: Record<string, number>
}

/** Everything started here, so that `stop()` (also on Ctrl-C, also halfway) ends exactly that. */
export class BenchRun {
  readonly paths: DemoPaths
  readonly lockFile: string
  private database: DemoDatabase | null = null
  private simulator: RunningSimulator | null = null
  private server: RunningStore | null = null
  private lockTaken = false
  private stopping: Promise<void> | null = null

  constructor(readonly options: BenchOptions) {
    this.paths = demoPaths(options.dir)
    this.lockFile = path.join(options.dir, "bench.pid")
  }

  get stopped() {
    return this.stopping !== null
  }

  private checkpoint() {
    if (this.stopping) throw new BenchStopped()
  }

  async start(): Promise<BenchStore> {
    const { options, paths } = this
    const log = options.demo.log
    const timings: Record<string, number> = {}
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      this.checkpoint()
      const started = Date.now()
      try {
        return await fn()
      } finally {
        timings[name] = round((Date.now() - started) / 1000)
      }
    }

    await mkdir(paths.logDir, { recursive: true })
    await this.takeLock()
    const state = await readState(paths)
    const secrets = ensureSecrets(state)
    await writeState(paths, state)

    log("Preparing the store app and its database …")
    const [, database] = await Promise.all([
      timed("plugin build + install", () => installPlugin(paths, state, options.demo.pluginBuild, log)),
      timed("database", () => resolveDatabase(options.demo, paths)),
    ])
    this.database = database
    if (options.freshDatabase && database.kind !== "url") {
      log("  BENCH_FRESH_DB=1: dropping and re-creating the bench database …")
      await dropDatabase(database.url)
      await ensureDatabase(database.url)
    }
    log(`  database: ${database.description}`)
    await writeState(paths, state)
    this.checkpoint()

    this.simulator = await startInstalledSimulator(paths, await freePort(), options.demo.ecpay)

    const port = options.port || (await freePort())
    if (!(await isPortFree(port))) {
      throw new Error(`Port ${port} is in use (BENCH_PORT)`)
    }
    const baseUrl = `http://localhost:${port}`
    const origins = [baseUrl, `http://127.0.0.1:${port}`].join(",")
    const env = sameOriginStoreEnv({
      databaseUrl: database.url,
      port,
      origins,
      secrets,
      ecpay: options.demo.ecpay,
      ecpayBaseUrl: this.simulator.url,
      ecpayConcurrency: options.ecpayConcurrency,
    })
    await timed("write app", () => writeStoreApp(paths, env))
    const admin = { email: options.demo.adminEmail, password: options.demo.adminPassword }
    await Promise.all([
      timed("migrations + admin user", () => migrateStore(paths, state, env, admin, log)),
      timed("store build", () => buildStore(paths, state, env, options.demo.forceStoreBuild, log)),
    ])
    await writeState(paths, state)

    log(`Starting the store (medusa start, port ${port}) …`)
    this.checkpoint()
    // The server alone gets gc-preload.js (through NODE_OPTIONS, which the store's environment
    // inherits from this process): set for its start only, so the commands above ran without it.
    const gcReportFile = options.gcBeforeReading ? path.join(paths.dir, "gc-report.json") : null
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, BENCH_GC_REPORT: process.env.BENCH_GC_REPORT }
    if (gcReportFile) {
      await rm(gcReportFile, { force: true })
      process.env.NODE_OPTIONS = [saved.NODE_OPTIONS, `--require ${JSON.stringify(path.join(__dirname, "gc-preload.js"))}`]
        .filter(Boolean)
        .join(" ")
      process.env.BENCH_GC_REPORT = gcReportFile
    }
    try {
      this.server = await startStore(paths, env)
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
    await timed("store ready", () => waitForStore(baseUrl, this.server!))

    const adminClient = await adminLogin(baseUrl, admin.email, admin.password)
    log("Seeding the catalog (idempotent) …")
    const catalog = await timed("seed catalog", () => seedCatalog(adminClient, log))
    return {
      baseUrl,
      admin: adminClient,
      store: storeClient(baseUrl, catalog.publishableKey),
      catalog,
      server: this.server,
      simulator: this.simulator,
      database,
      paths,
      gcReportFile,
      timings,
    }
  }

  /** Stops the server, any one-shot command still running, the simulator and an embedded database. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const step = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await fn()
        } catch (error) {
          this.options.demo.log(`  (stopping ${name}: ${String((error as Error)?.message ?? error)})`)
        }
      }
      if (this.server) await step("store", () => this.server!.stop())
      await step("commands", () => stopAllStarted({ except: this.database?.embedded?.process }))
      if (this.simulator) await step("simulator", () => this.simulator!.close())
      if (this.database) await step("database", () => this.database!.stop())
      if (this.lockTaken) await step("lock", () => rm(this.lockFile, { force: true }))
    })()
    return this.stopping
  }

  /** One bench per folder (they would share the app build and the database). */
  private async takeLock() {
    if (existsSync(this.lockFile)) {
      const pid = Number((await readFile(this.lockFile, "utf8").catch(() => "")).trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`A bench is already running from ${this.options.dir} (pid ${pid}); or run another with BENCH_DIR=.demo/bench-2`)
      }
    }
    await writeFile(this.lockFile, `${process.pid}\n`)
    this.lockTaken = true
  }
}

export class BenchStopped extends Error {
  constructor() {
    super("the bench was stopped")
  }
}

async function dropDatabase(url: string) {
  const parsed = new URL(url)
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""))
  parsed.pathname = "/postgres"
  await withClient(parsed.toString(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)
  })
}

/** How many orders and invoices the bench database holds (it is kept between runs). */
export async function databaseCounts(url: string): Promise<{ orders: number; einvoices: number }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `select (select count(*) from "order")::int as orders, (select count(*) from ecpay_einvoice)::int as einvoices`
    )
    return rows[0]
  })
}
