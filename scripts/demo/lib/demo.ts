/**
 * The whole demo, usable from the CLI (scripts/demo/index.ts) and from tests:
 *
 *   const demo = new Demo(optionsFromEnv())
 *   const info = await demo.start()   // … store ready, seeded, info.json written
 *   await demo.stop()                 // stops everything it started, in order; safe at any point
 *
 * Processes: this one (simulator + checkout page + orchestration), `medusa start`, and the embedded
 * PostgreSQL when it is used. One-shot commands (plugin build, migrations, store build) run in between.
 */
import { existsSync } from "node:fs"
import { mkdir, readFile, rm, writeFile } from "node:fs/promises"
import path from "node:path"
import type { RunningSimulator } from "../../../src/simulator"
import { startCheckoutServer, type RunningCheckout } from "./checkout-server"
import { demoPaths, redactUrl, type DemoOptions, type DemoPaths } from "./config"
import { databaseIdentity, recordedInvoiceNumbers, resolveDatabase, type DemoDatabase } from "./database"
import type { DemoInfo } from "./info"
import { adminLogin } from "./medusa-http"
import { isAlive, isPortFree, portOr, stopAllStarted } from "./processes"
import { configureEinvoice, seedCatalog, seedOrders } from "./seed"
import {
  buildStore,
  ensureSecrets,
  installPlugin,
  migrateStore,
  readState,
  startStore,
  waitForStore,
  writeState,
  writeStoreApp,
  type DemoState,
  type RunningStore,
  type StoreEnv,
  startInstalledSimulator,
} from "./store-app"

export class DemoStopped extends Error {
  constructor() {
    super("the demo was stopped while starting")
  }
}

export class Demo {
  readonly paths: DemoPaths
  info: DemoInfo | null = null
  readonly timings: Record<string, number> = {}
  private stopping: Promise<void> | null = null
  private database: DemoDatabase | null = null
  private simulator: RunningSimulator | null = null
  private store: RunningStore | null = null
  private worker: RunningStore | null = null
  private workerPort: number | null = null
  private checkout: RunningCheckout | null = null
  private lockTaken = false

  constructor(readonly options: DemoOptions) {
    this.paths = demoPaths(options.dir)
  }

  private log(line: string) {
    this.options.log(line)
  }

  private checkpoint() {
    if (this.stopping) {
      throw new DemoStopped()
    }
  }

  private async timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.checkpoint()
    const started = Date.now()
    try {
      return await fn()
    } finally {
      this.timings[name] = Math.round((Date.now() - started) / 100) / 10
    }
  }

  async start(): Promise<DemoInfo> {
    const startedAt = new Date()
    const { options, paths } = this
    await mkdir(paths.logDir, { recursive: true })
    await this.takeLock()

    if (!(await isPortFree(options.port))) {
      throw new Error(`Port ${options.port} is in use. Stop what uses it, or choose another port: PORT=9100 npm run demo`)
    }

    const state = await readState(paths)
    const secrets = ensureSecrets(state)
    await writeState(paths, state)

    this.log("Preparing the store app and its database …")
    const [, database] = await Promise.all([
      this.timed("plugin build + install", () => installPlugin(paths, state, options.pluginBuild, this.log.bind(this))),
      this.timed("database", () => resolveDatabase(options, paths)),
    ])
    this.database = database
    this.log(`  database: ${database.description}`)
    await writeState(paths, state)
    this.checkpoint()

    // ECPay: the demo's simulator unless told otherwise
    let ecpayBaseUrl = options.ecpay.baseUrl
    if (options.ecpay.mode === "simulator") {
      this.simulator = await this.timed("simulator", () => this.startSimulator(state, database))
      ecpayBaseUrl = this.simulator.url
    }

    const baseUrl = `http://localhost:${options.port}`
    const checkoutPort = await portOr(options.checkoutPort)
    const checkoutOrigins = [`http://localhost:${checkoutPort}`, `http://127.0.0.1:${checkoutPort}`]
    const adminOrigins = [baseUrl, `http://127.0.0.1:${options.port}`]
    const env: StoreEnv = {
      DATABASE_URL: database.url,
      PORT: String(options.port),
      // The reference checkout, and Medusa's Next.js starter on its default port 8000.
      STORE_CORS: [...checkoutOrigins, "http://localhost:8000"].join(","),
      ADMIN_CORS: adminOrigins.join(","),
      AUTH_CORS: [...adminOrigins, ...checkoutOrigins, "http://localhost:8000"].join(","),
      JWT_SECRET: secrets.jwt,
      COOKIE_SECRET: secrets.cookie,
      EINVOICE_SECRET_KEY: secrets.einvoice,
      ECPAY_EINVOICE_ENV: options.ecpay.environment,
      ECPAY_MERCHANT_ID: options.ecpay.merchantId,
      ECPAY_HASH_KEY: options.ecpay.hashKey,
      ECPAY_HASH_IV: options.ecpay.hashIV,
      ECPAY_EINVOICE_BASE_URL: ecpayBaseUrl ?? "",
      EINVOICE_BACKEND_URL: baseUrl,
      ECPAY_EINVOICE_CONCURRENCY: process.env.ECPAY_EINVOICE_CONCURRENCY ?? "",
      MEDUSA_DISABLE_TELEMETRY: "true",
      REDIS_URL: options.redisUrl ?? "",
    }
    await this.timed("write app", () => writeStoreApp(paths, env))

    await Promise.all([
      this.timed("migrations + admin user", () =>
        migrateStore(paths, state, env, { email: options.adminEmail, password: options.adminPassword }, this.log.bind(this), {
          migratedStamp: options.migratedStamp,
        })
      ),
      this.timed("store build", () => buildStore(paths, state, env, options.forceStoreBuild, this.log.bind(this))),
    ])
    await writeState(paths, state)

    this.checkpoint()
    if (options.worker) {
      // Production layout: this process serves HTTP only; subscribers and scheduled jobs run in the worker,
      // which gets the server's events through Redis. The worker answers only /health, on a port of its own.
      const workerPort = await portOr(options.workerPort)
      this.log(`Starting the store: a server (port ${options.port}) and a worker (health on port ${workerPort}), on Redis …`)
      this.store = await startStore(paths, env, { workerMode: "server" })
      this.worker = await startStore(paths, env, { workerMode: "worker", port: workerPort, logName: "worker.log" })
      this.workerPort = workerPort
      await this.timed("store ready", () =>
        Promise.all([waitForStore(baseUrl, this.store!), waitForStore(`http://localhost:${workerPort}`, this.worker!)])
      )
    } else {
      this.log(options.redisUrl ? "Starting the store (on Redis) …" : "Starting the store …")
      this.store = await startStore(paths, env)
      await this.timed("store ready", () => waitForStore(baseUrl, this.store!))
    }

    let orders: DemoInfo["orders"] = []
    const admin = await adminLogin(baseUrl, options.adminEmail, options.adminPassword).catch((error) => {
      throw new Error(
        `Could not log in as ${options.adminEmail} (${error.message}). If this database already had that user with another password, set DEMO_ADMIN_PASSWORD.`
      )
    })
    this.log("Seeding (idempotent) …")
    const catalog = await this.timed("seed catalog", () => seedCatalog(admin, this.log.bind(this)))
    await this.timed("seed settings", () => configureEinvoice(admin, this.log.bind(this)))
    if (options.seed) {
      orders = await this.timed("seed orders", () =>
        seedOrders({ baseUrl, admin, catalog, simulator: this.simulator, log: this.log.bind(this) })
      )
    }

    this.checkpoint()
    this.checkout = await this.timed("checkout page", () =>
      startCheckoutServer({
        port: checkoutPort,
        outDir: paths.checkoutDir,
        config: {
          backendUrl: baseUrl,
          publishableKey: catalog.publishableKey,
          regionId: catalog.regionId,
          simulatorUrl: this.simulator?.url ?? null,
          adminUrl: `${baseUrl}/app`,
        },
        tools: this.simulator
          ? {
              setGovDown: (on) => {
                this.simulator!.clearFaults()
                if (on) this.simulator!.setFault({ type: "gov_down", times: -1 })
              },
            }
          : null,
      })
    )

    const info: DemoInfo = {
      version: 1,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      readyAt: new Date().toISOString(),
      dir: paths.dir,
      store: {
        url: baseUrl,
        port: options.port,
        healthUrl: `${baseUrl}/health`,
        logFile: this.store.logFile,
        workerMode: this.worker ? "server" : "shared",
      },
      worker:
        this.worker && this.workerPort
          ? { port: this.workerPort, healthUrl: `http://localhost:${this.workerPort}/health`, logFile: this.worker.logFile }
          : null,
      redis: options.redisUrl ? { url: redactUrl(options.redisUrl) } : null,
      admin: { url: `${baseUrl}/app`, email: options.adminEmail, password: options.adminPassword },
      storeApi: {
        url: `${baseUrl}/store`,
        publishableKey: catalog.publishableKey,
        regionId: catalog.regionId,
        salesChannelId: catalog.salesChannelId,
        shippingOptionId: catalog.shippingOptionId,
        products: catalog.products,
      },
      checkout: { url: this.checkout.url },
      simulator: this.simulator ? { url: this.simulator.url, controlUrl: `${this.simulator.url}/__control/state` } : null,
      ecpay: {
        mode: options.ecpay.mode,
        environment: options.ecpay.environment,
        merchantId: options.ecpay.merchantId,
        baseUrl: ecpayBaseUrl ?? null,
      },
      database: { kind: database.kind, url: redactUrl(database.url) },
      orders,
      timings: { ...this.timings, total: Math.round((Date.now() - startedAt.getTime()) / 100) / 10 },
    }
    await writeFile(paths.infoFile, `${JSON.stringify(info, null, 2)}\n`)
    this.info = info
    return info
  }

  /**
   * The simulator, keeping its documents in <dir>/simulator-state.json for as long as the demo keeps its
   * database: a restarted demo (same folder, same database) reuses both, so the sample invoices can still
   * be voided and synced. On another database (a fresh seed: dropped, a copy of a template, another
   * DATABASE_URL) the file is removed first, so the simulator never holds invoices the database does not
   * have, nor the other way round.
   */
  private async startSimulator(state: DemoState, database: DemoDatabase): Promise<RunningSimulator> {
    const { options, paths } = this
    const file = paths.simulatorStateFile
    const shown = path.relative(process.cwd(), file) || file
    const identity = await databaseIdentity(database.url)
    if (state.simulatorStateDatabase !== identity) {
      if (existsSync(file)) {
        await rm(file, { force: true })
        this.log(`  simulator: another database than last time, so its documents start afresh too (${shown} removed)`)
      }
      state.simulatorStateDatabase = identity
      await writeState(paths, state)
    }
    const simulator = await startInstalledSimulator(paths, await portOr(options.simulatorPort), options.ecpay, {
      stateFile: file,
      log: (line) => this.log(`  ${line}`),
    })
    const load = simulator.stateLoad
    if (load?.kind === "loaded") {
      this.log(`  simulator: ${load.invoices} invoices and ${load.allowances} allowances kept from the last run (${shown})`)
    }
    // Invoices issued before the simulator kept its state (or whose state file was removed): ECPay's
    // "unknown invoice" (1600003) is all a void or a sync of them can get.
    const known = new Set(simulator.state.invoices.map((invoice) => invoice.invoiceNo))
    const unknown = (await recordedInvoiceNumbers(database.url).catch(() => [])).filter((number) => !known.has(number))
    if (unknown.length) {
      this.log(
        `  ⚠ ${unknown.length} invoice(s) in the database are unknown to the simulator (${unknown.slice(0, 3).join(", ")}${unknown.length > 3 ? ", …" : ""}): ` +
          `voiding or syncing them answers 1600003. A fresh database (drop it, or another DEMO_DB_NAME) starts both afresh.`
      )
    }
    return simulator
  }

  /** Calls `listener` if the store's process (or its worker) exits on its own (not through `stop`). */
  onStoreExit(listener: (code: number | null, which: "store" | "worker", logFile: string) => void) {
    for (const [which, running] of [
      ["store", this.store],
      ["worker", this.worker],
    ] as const) {
      running?.process.once("exit", (code) => {
        if (!this.stopping) {
          listener(code, which, running.logFile)
        }
      })
    }
  }

  /** Stops everything this demo started (also halfway through `start`), newest first. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const step = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await fn()
        } catch (error) {
          this.log(`  (stopping ${name}: ${String((error as Error)?.message ?? error)})`)
        }
      }
      if (this.info) {
        await step("info.json", () => rm(this.paths.infoFile, { force: true }))
      }
      if (this.checkout) await step("checkout page", () => this.checkout!.close())
      // Server and worker together: each drains its own work on SIGTERM.
      await Promise.all([
        this.store ? step("store", () => this.store!.stop()) : null,
        this.worker ? step("worker", () => this.worker!.stop()) : null,
      ])
      // One-shot commands still running (a build, migrations) when stopped while starting.
      await step("commands", () => stopAllStarted({ except: this.database?.embedded?.process }))
      if (this.simulator) await step("simulator", () => this.simulator!.close())
      if (this.database) await step("database", () => this.database!.stop())
      if (this.lockTaken) await step("lock", () => rm(this.paths.lockFile, { force: true }))
    })()
    return this.stopping
  }

  /** One demo per folder: a second one would share the app build, the embedded data and info.json. */
  private async takeLock() {
    const { lockFile } = this.paths
    if (existsSync(lockFile)) {
      const pid = Number((await readFile(lockFile, "utf8").catch(() => "")).trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `A demo is already running from ${this.paths.dir} (pid ${pid}). Stop it with Ctrl-C (or kill ${pid}), or run a second one beside it with DEMO_DIR=.demo/second PORT=9100.`
        )
      }
    }
    await writeFile(lockFile, `${process.pid}\n`)
    this.lockTaken = true
  }
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const demo = new Demo(options)
  try {
    await demo.start()
  } catch (error) {
    await demo.stop()
    throw error
  }
  return demo
}

export type { DemoState }
