/**
 * The fault suite's store: the production layout of a Medusa store on one PostgreSQL database and one
 * Redis, built with the demo's machinery (scripts/demo/lib) in .demo/faults:
 *
 *   - the plugin built when its sources changed and installed like an npm package (`installPlugin`);
 *   - a store app whose medusa-config is the demo's production layout (Redis event bus, workflow engine
 *     and locking provider, `workerMode` from MEDUSA_WORKER_MODE), the admin dashboard off, and two
 *     test-only admin routes (`/admin/faults/emit`, `/admin/faults/jobs`, see app-routes.ts);
 *   - a template database migrated once (kept while Medusa and the plugin's migrations are unchanged),
 *     copied into a fresh run database on every run;
 *   - the ECPay simulator in this process, from the built plugin;
 *   - three `medusa start` processes: "server" (HTTP only), "shared" (HTTP, subscribers and jobs) and
 *     "worker" (subscribers and jobs). Medusa's worker does not serve the API, so the admin clicks that
 *     must land on two processes at once go to the server and the shared one; events and jobs are taken
 *     by the shared process and the worker, so two handlers of one event can run in two processes.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises"
import path from "node:path"
import type { RunningSimulator } from "../../../src/simulator"
import { demoPaths, optionsFromEnv, PLUGIN_ROOT, STAGE_MERCHANT, type DemoOptions, type DemoPaths } from "../../demo/lib/config"
import { resolveDatabase, withClient, type DemoDatabase } from "../../demo/lib/database"
import { freePort, runLogged, stopAllStarted } from "../../demo/lib/processes"
import {
  buildStoreBackend,
  demoApp,
  ensureSecrets,
  installPlugin,
  MEDUSA_BIN,
  medusaCliEnv,
  medusaConfigSource,
  migrateStore,
  readState,
  sameOriginStoreEnv,
  startMedusa,
  storeProcessEnv,
  waitForStore,
  writeAppFiles,
  writeState,
  PLUGIN_NAME,
  type RunningStore,
  type StoreEnv,
  type WorkerMode,
  startInstalledSimulator,
} from "../../demo/lib/store-app"
import { APP_ROUTES } from "./app-routes"

const execFileAsync = promisify(execFile)

export type ProcessName = "server" | "shared" | "worker"
export const PROCESS_MODES: Record<ProcessName, WorkerMode> = { server: "server", shared: "shared", worker: "worker" }

export interface StackOptions {
  dir: string
  /**
   * "head": the plugin as committed (`git archive HEAD`, built in <dir>/source), so that work in progress
   * in the checkout does not decide the result; "worktree": the checkout as it is (the demo's way).
   */
  source: "head" | "worktree"
  redisUrl: string
  /** The plugin option rateLimitPauseMinutes (the store-wide pause after ECPay's 403). */
  pauseMinutes: number
  demo: DemoOptions
}

export interface MedusaProcess {
  name: ProcessName
  port: number
  url: string
  running: RunningStore
  /** Times it was started (2 after a restart). */
  starts: number
}

const FAULTS_CONFIG = medusaConfigSource({
  header: `// Written by \`npm run test:faults\` (scripts/faults/lib/stack.ts): the demo's production layout, the
// admin dashboard off, two test-only admin routes in src/api/admin/faults.`,
  cookieNote: `    // Plain http://localhost.`,
  resolve: PLUGIN_NAME,
  redisModules: true,
  adminDisabled: true,
  pluginOptions: `{
        secretKey: process.env.EINVOICE_SECRET_KEY,
        environment: process.env.ECPAY_EINVOICE_ENV as "simulator" | "stage" | "production" | undefined,
        merchantId: process.env.ECPAY_MERCHANT_ID,
        hashKey: process.env.ECPAY_HASH_KEY,
        hashIV: process.env.ECPAY_HASH_IV,
        baseUrl: process.env.ECPAY_EINVOICE_BASE_URL || undefined,
        backendUrl: process.env.EINVOICE_BACKEND_URL || undefined,
        // A short store-wide pause after ECPay's 403, so that the suite sees it end.
        rateLimitPauseMinutes: Number(process.env.FAULTS_PAUSE_MINUTES) || undefined,
      }`,
})

export class FaultStack {
  readonly paths: DemoPaths
  database: DemoDatabase | null = null
  runDatabaseUrl = ""
  simulator: RunningSimulator | null = null
  readonly processes = new Map<ProcessName, MedusaProcess>()
  private env: NodeJS.ProcessEnv = {}
  private stopping: Promise<void> | null = null
  readonly timings: Record<string, number> = {}

  constructor(readonly options: StackOptions) {
    this.paths = demoPaths(options.dir)
  }

  private log(line: string) {
    this.options.demo.log(line)
  }

  private async timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now()
    try {
      return await fn()
    } finally {
      this.timings[name] = Math.round((Date.now() - started) / 100) / 10
    }
  }

  get stopped() {
    return this.stopping !== null
  }

  async start(): Promise<void> {
    const { paths, options } = this
    await mkdir(paths.logDir, { recursive: true })
    const state = await readState(paths)
    const secrets = ensureSecrets(state)
    await writeState(paths, state)

    this.log("Preparing the plugin, the store app, the database and Redis …")
    const [, database] = await Promise.all([
      this.timed("plugin build + install", async () => {
        if (options.source === "head") await this.installCommittedPlugin()
        else await installPlugin(paths, state, options.demo.pluginBuild, this.log.bind(this))
      }),
      this.timed("database", () => resolveDatabase(options.demo, paths)),
      this.timed("redis", () => flushRedis(options.redisUrl)),
    ])
    this.database = database
    await writeState(paths, state)

    const ecpay = options.demo.ecpay
    this.simulator = await startInstalledSimulator(paths, await freePort(), ecpay)

    const ports = { server: await freePort(), shared: await freePort(), worker: await freePort() }
    const origins = Object.values(ports)
      .flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`])
      .join(",")
    const templateUrl = database.url
    this.runDatabaseUrl = withDatabaseName(templateUrl, `${databaseName(templateUrl)}_run`)
    const storeEnv: StoreEnv & { FAULTS_PAUSE_MINUTES: string } = {
      ...sameOriginStoreEnv({
        databaseUrl: this.runDatabaseUrl,
        port: ports.server,
        origins,
        secrets,
        ecpay,
        ecpayBaseUrl: this.simulator.url,
        redisUrl: options.redisUrl,
      }),
      FAULTS_PAUSE_MINUTES: String(options.pauseMinutes),
    }
    const app = demoApp(paths)
    await this.timed("write app", () =>
      writeAppFiles(app, {
        name: "ecpay-einvoice-faults-store",
        description: "Written by `npm run test:faults`: a Medusa store with medusa-plugin-ecpay-einvoice, production layout.",
        pluginDependency: "file:../plugin",
        medusaConfig: FAULTS_CONFIG,
        srcReadme: "Only the fault suite's test routes (src/api/admin/faults).\n",
        extra: APP_ROUTES,
      })
    )
    this.env = storeProcessEnv(app, await medusaCliEnv(paths), storeEnv)

    // Migrations into the template (skipped while unchanged), the run database copied from it; the build.
    const admin = { email: options.demo.adminEmail, password: options.demo.adminPassword }
    await Promise.all([
      this.timed("migrations", async () => {
        await migrateStore(paths, state, { ...storeEnv, DATABASE_URL: templateUrl }, admin, this.log.bind(this), {
          pluginSourceRoot: options.source === "head" ? path.join(paths.dir, "source") : undefined,
        })
        await copyDatabase(templateUrl, this.runDatabaseUrl)
      }),
      this.timed("backend build", () => this.buildBackend(state)),
    ])
    await writeState(paths, state)

    this.log(`Starting three Medusa processes on Redis ${redactRedis(options.redisUrl)} (server, shared, worker) …`)
    await this.timed("medusa ready", async () => {
      for (const name of ["server", "shared", "worker"] as const) {
        this.processes.set(name, this.spawn(name, ports[name], 1))
      }
      await Promise.all([...this.processes.values()].map((p) => waitForStore(p.url, p.running, 240_000)))
    })
  }

  private spawn(name: ProcessName, port: number, starts: number): MedusaProcess {
    const running = startMedusa(
      demoApp(this.paths),
      "start",
      { ...this.env, PORT: String(port), MEDUSA_WORKER_MODE: PROCESS_MODES[name] },
      path.join(this.paths.logDir, `${name}.log`)
    )
    return { name, port, url: `http://localhost:${port}`, running, starts }
  }

  process(name: ProcessName): MedusaProcess {
    const found = this.processes.get(name)
    if (!found) throw new Error(`no ${name} process`)
    return found
  }

  /** SIGKILL to the process (its whole group): no shutdown hook runs, in-flight work is cut. */
  kill(name: ProcessName) {
    const { running } = this.process(name)
    try {
      process.kill(-running.process.pid!, "SIGKILL")
    } catch {
      // already gone
    }
  }

  async restart(name: ProcessName): Promise<void> {
    const old = this.process(name)
    if (old.running.process.exitCode === null && old.running.process.signalCode === null) {
      await new Promise((resolve) => old.running.process.once("exit", resolve))
    }
    const fresh = this.spawn(name, old.port, old.starts + 1)
    this.processes.set(name, fresh)
    await waitForStore(fresh.url, fresh.running, 240_000)
  }

  /** The commit the plugin was built from ("head"), else null. */
  commit: string | null = null

  /**
   * The committed plugin: HEAD exported to <dir>/source (node_modules linked to the repository's),
   * `medusa plugin:build` there, then installed into <dir>/plugin as npm would (package.json and
   * .medusa/server). Both steps are skipped while HEAD is the commit last built and installed.
   */
  private async installCommittedPlugin() {
    const source = path.join(this.paths.dir, "source")
    const stamp = path.join(source, ".faults-built")
    // Asynchronous, as everything beside the database probe (a blocked event loop times its sockets out).
    const git = async (...args: string[]) =>
      (await execFileAsync("git", args, { cwd: PLUGIN_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout.trim()
    const commit = await git("rev-parse", "HEAD")
    this.commit = commit
    // What the build reads: the committed src/, package.json and tsconfig.json (a commit elsewhere reuses it).
    const inputs = (await git("rev-parse", "HEAD:src", "HEAD:package.json", "HEAD:tsconfig.json")).replace(/\s+/g, ":")
    const installedStamp = path.join(this.paths.pluginInstallDir, ".faults-commit")
    if ((await readFile(installedStamp, "utf8").catch(() => "")) === inputs) return
    if ((await readFile(stamp, "utf8").catch(() => "")) !== inputs) {
      this.log(`  medusa plugin:build of the committed plugin (${commit.slice(0, 7)}) …`)
      await rm(source, { recursive: true, force: true })
      await mkdir(source, { recursive: true })
      const archive = path.join(this.paths.dir, "source.tar")
      await git("archive", "--format=tar", "-o", archive, commit)
      await execFileAsync("tar", ["-xf", archive, "-C", source])
      await rm(archive, { force: true })
      await symlink(path.join(PLUGIN_ROOT, "node_modules"), path.join(source, "node_modules"), "dir")
      await runLogged(MEDUSA_BIN, ["plugin:build"], {
        cwd: source,
        logFile: path.join(this.paths.logDir, "plugin-build.log"),
        env: { ...(await medusaCliEnv(this.paths)), NODE_ENV: "production" },
      })
      if (!existsSync(path.join(source, ".medusa/server/src/modules/einvoice/index.js"))) {
        throw new Error(`medusa plugin:build of ${commit.slice(0, 7)} produced no module (log: ${this.paths.logDir}/plugin-build.log)`)
      }
      await writeFile(stamp, inputs)
    }
    const target = this.paths.pluginInstallDir
    await rm(target, { recursive: true, force: true })
    await mkdir(target, { recursive: true })
    await cp(path.join(source, "package.json"), path.join(target, "package.json"))
    await cp(path.join(source, ".medusa/server"), path.join(target, ".medusa/server"), {
      recursive: true,
      filter: (file) => path.basename(file) !== "medusa-plugin-options.json",
    })
    await writeFile(installedStamp, inputs)
  }

  /** `medusa build` of the backend only (the admin is off), reused while its inputs are unchanged. */
  private async buildBackend(state: { storeBuildHash?: string }) {
    const app = demoApp(this.paths)
    await buildStoreBackend(app, {
      inputs: createHash("sha256").update(FAULTS_CONFIG).update(JSON.stringify(APP_ROUTES)).digest("hex"),
      env: this.env,
      logFile: path.join(this.paths.logDir, "store-build.log"),
      log: this.log.bind(this),
      stamp: {
        read: () => state.storeBuildHash,
        write: (hash) => {
          state.storeBuildHash = hash
        },
      },
    })
    await writeFile(path.join(app.dir, ".medusa/server/.env"), "# npm run test:faults passes everything through the environment\n")
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const step = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await fn()
        } catch (error) {
          this.log(`  (stopping ${name}: ${String((error as Error)?.message ?? error)})`)
        }
      }
      await Promise.all([...this.processes.values()].map((p) => step(p.name, () => p.running.stop())))
      await step("commands", () => stopAllStarted({ except: this.database?.embedded?.process }))
      if (this.simulator) await step("simulator", () => this.simulator!.close())
      if (this.database) await step("database", () => this.database!.stop())
    })()
    return this.stopping
  }
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""))
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(name)}`
  return parsed.toString()
}

/** Drops `target` and creates it again as a copy of `template` (which must have no connections). */
async function copyDatabase(template: string, target: string) {
  const admin = withDatabaseName(template, "postgres")
  await withClient(admin, async (client) => {
    const name = client.escapeIdentifier(databaseName(target))
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${client.escapeIdentifier(databaseName(template))}`)
  })
}

async function withRedis<T>(url: string, use: (client: import("ioredis").default) => Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- ioredis comes with Medusa's Redis modules
  const Redis = require("ioredis") as typeof import("ioredis").default
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await client.connect()
    return await use(client)
  } finally {
    client.disconnect()
  }
}

/** Empties the suite's own Redis database: no event, job or lock of an earlier run is left. */
async function flushRedis(url: string) {
  await withRedis(url, (client) => client.flushdb())
}

/**
 * Releases the plugin's order locks taken more than `heldForSeconds` ago (from their seconds left of a
 * `ttlSeconds` lifetime): nothing in the suite holds one that long but a process killed while holding it.
 * Returns how many.
 */
export async function expireAbandonedOrderLocks(url: string, ttlSeconds: number, heldForSeconds: number): Promise<number> {
  const abandoned = (await heldOrderLocks(url)).filter((lock) => lock.secondsLeft > 0 && ttlSeconds - lock.secondsLeft > heldForSeconds)
  if (!abandoned.length) {
    return 0
  }
  return withRedis(url, (client) => client.del(...abandoned.map((lock) => `medusa_lock:${lock.key}`)))
}

/** The plugin's order locks held now (Medusa's Redis locking provider), each with its seconds left. */
export async function heldOrderLocks(url: string): Promise<Array<{ key: string; secondsLeft: number }>> {
  return withRedis(url, async (client) => {
    const keys = await client.keys("medusa_lock:ecpay-einvoice:order:*")
    return Promise.all(keys.map(async (key) => ({ key: key.replace("medusa_lock:", ""), secondsLeft: await client.ttl(key) })))
  })
}

export function redactRedis(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@")
}

export function stackOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StackOptions {
  const dir = path.resolve(PLUGIN_ROOT, env.FAULTS_DIR || ".demo/faults")
  const demoEnv: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith("ECPAY_") && !key.startsWith("DEMO_") && key !== "REDIS_URL") demoEnv[key] = value
  }
  Object.assign(demoEnv, {
    DEMO_DIR: dir,
    DEMO_DB_NAME: env.FAULTS_DB_NAME || "medusa_ecpay_faults",
    DEMO_PLUGIN_BUILD: env.FAULTS_PLUGIN_BUILD || "auto",
    DEMO_SEED: "0",
  })
  const demo = optionsFromEnv(demoEnv)
  demo.ecpay = { mode: "simulator", environment: "simulator", ...STAGE_MERCHANT, baseUrl: null }
  const pauseSeconds = Number(env.FAULTS_PAUSE_SECONDS || 10)
  return {
    dir,
    source: env.FAULTS_SOURCE === "worktree" ? "worktree" : "head",
    // A Redis database of the suite's own: it is emptied at the start of every run.
    redisUrl: env.FAULTS_REDIS_URL || "redis://127.0.0.1:6379/13",
    pauseMinutes: pauseSeconds / 60,
    demo,
  }
}
