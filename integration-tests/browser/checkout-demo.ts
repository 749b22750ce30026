/**
 * `npm run demo` for checkout.spec.ts, started the way a user starts it: the demo's script as a child
 * process (in its own process group, output in .cache/browser-logs/demo-checkout.log) with its own PORT,
 * state folder (.demo/checkout-test) and database on the local PostgreSQL.
 *
 * In `npm run test:browser` the global setup (./global-setup.ts) makes the demo's store build ahead
 * (`buildDemoStore`), starts the demo before the first spec so that it migrates and seeds while the
 * admin specs run, and hands it to the checkout spec through the environment (`adoptCheckoutDemo`).
 * The spec run on its own starts it itself (`spawnCheckoutDemo`).
 */
import { spawn } from "node:child_process"
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs"
import { mkdir, readFile, rm } from "node:fs/promises"
import path from "node:path"
import { Client } from "pg"
import { demoPaths, STAGE_MERCHANT } from "../../scripts/demo/lib/config"
import { freePort, isAlive } from "../../scripts/demo/lib/processes"
import {
  buildStore,
  ensureSecrets,
  installPlugin,
  readState,
  writeState,
  writeStoreApp,
  type StoreEnv,
} from "../../scripts/demo/lib/store-app"
import { setSessionNice } from "./priority"

const ROOT = path.resolve(__dirname, "../..")
// Inside .demo/ (ignored by git, TypeScript and jest), apart from the default demo in .demo/app.
export const DEMO_DIR = path.join(ROOT, ".demo", "checkout-test")
export const LOG_DIR = path.join(ROOT, ".cache", "browser-logs")
export const LOG_FILE = path.join(LOG_DIR, "demo-checkout.log")
/** Where the process that started the demo writes its exit code (`{ "code": 0 }`). */
const EXIT_FILE = path.join(LOG_DIR, "demo-checkout.exit.json")
export const DB_NAME = "medusa_ecpay_demo_checkout_test"

export interface CheckoutDemo {
  /** The demo's process id, also its process group's. */
  pid: number
  running: () => boolean
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>
}

/** What the global setup hands to the checkout spec (environment variable ECPAY_BROWSER_CHECKOUT_DEMO). */
interface SharedDemo {
  pid: number
  exitFile: string
}

/**
 * The demo's store build, made ahead of `npm run demo` with the demo's own steps on its folder and
 * state (install the built plugin, write the app, `medusa build` unless its inputs are unchanged), as
 * a previous run would have left it: the demo then reuses it. The global setup does this so that the
 * admin specs' stores can take their admin bundle from it (./app.ts), one Vite build for the suite.
 * Returns the folder of the admin bundle.
 */
export async function buildDemoStore(log: (line: string) => void): Promise<string> {
  const paths = demoPaths(DEMO_DIR)
  const pid = Number((await readFile(paths.lockFile, "utf8").catch(() => "")).trim())
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new Error(`A demo is running from ${DEMO_DIR} (pid ${pid}): stop it first`)
  }
  await mkdir(paths.logDir, { recursive: true })
  const state = await readState(paths)
  const secrets = ensureSecrets(state)
  await writeState(paths, state)
  await installPlugin(paths, state, "never", log)
  // The demo writes its own .env (ports, simulator) when it starts; the build takes nothing from it.
  const env: StoreEnv = {
    DATABASE_URL: `postgres://localhost/${DB_NAME}`,
    PORT: "9000",
    STORE_CORS: "http://localhost:9001",
    ADMIN_CORS: "http://localhost:9000",
    AUTH_CORS: "http://localhost:9000,http://localhost:9001",
    JWT_SECRET: secrets.jwt,
    COOKIE_SECRET: secrets.cookie,
    EINVOICE_SECRET_KEY: secrets.einvoice,
    ECPAY_EINVOICE_ENV: "simulator",
    ECPAY_MERCHANT_ID: STAGE_MERCHANT.merchantId,
    ECPAY_HASH_KEY: STAGE_MERCHANT.hashKey,
    ECPAY_HASH_IV: STAGE_MERCHANT.hashIV,
    ECPAY_EINVOICE_BASE_URL: "",
    EINVOICE_BACKEND_URL: "http://localhost:9000",
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  await writeStoreApp(paths, env)
  const { built, restored } = await buildStore(paths, state, env, false, log)
  await writeState(paths, state)
  if (!built && !restored) {
    log("demo store build: reusing the previous build (admin bundle unchanged)")
  }
  return path.join(paths.appDir, ".medusa/server/public/admin")
}

export interface SpawnOptions {
  /**
   * DEMO_PLUGIN_BUILD for the demo. The global setup says "never": it built the plugin itself (or CI
   * did), and a second `medusa plugin:build` would rewrite .medusa/server under the admin specs' stores.
   */
  pluginBuild?: "never"
  /** A lower CPU share for the demo's session (./priority.ts); the commands it starts: see keepLowPriority. */
  lowPriority?: boolean
  /**
   * Its database is a copy of the admin specs' template: the demo logs in as the template's admin user
   * (DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD) and, given the template's migration stamp (a copy made just
   * now), skips `medusa db:migrate` (DEMO_DB_MIGRATED).
   */
  fromTemplate?: { admin: { email: string; password: string }; migratedStamp?: string }
  /**
   * The demo started again after it stopped, as a user runs `npm run demo` a second time: the same
   * folder and database (never dropped here, not even with CHECKOUT_TEST_FRESH=1), the same admin user;
   * its output goes to `logFile`.
   */
  restart?: { admin: { email: string; password: string }; logFile: string }
}

/** The simulator's state file in the checkout demo's folder (kept for as long as its database). */
export const SIMULATOR_STATE_FILE = demoPaths(DEMO_DIR).simulatorStateFile

/**
 * Starts the demo. CHECKOUT_TEST_FRESH=1 drops its database first (a cold seed), and so does a kept
 * database without the simulator's state file beside it (its invoices would be unknown to the
 * simulator: seeded before the demo kept that state, or the folder was removed). The demo's own
 * variables pass through, but DATABASE_URL, ECPAY_EINVOICE_ENV, ECPAY_EINVOICE_BASE_URL,
 * DEMO_EMBEDDED_PG and DEMO_SEED: the local PostgreSQL and the built-in simulator, whatever the
 * caller's shell says.
 */
export async function spawnCheckoutDemo(options: SpawnOptions = {}) {
  await mkdir(LOG_DIR, { recursive: true })
  if (!options.restart) {
    await rm(EXIT_FILE, { force: true })
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort(3)), // the store, the checkout page and the simulator
    DEMO_DIR,
    DEMO_DB_NAME: DB_NAME,
    NODE_OPTIONS: "",
  }
  for (const name of ["DATABASE_URL", "ECPAY_EINVOICE_ENV", "ECPAY_EINVOICE_BASE_URL", "DEMO_EMBEDDED_PG", "DEMO_SEED"]) {
    delete env[name]
  }
  if (options.pluginBuild) {
    env.DEMO_PLUGIN_BUILD = options.pluginBuild
  }
  const admin = options.restart?.admin ?? options.fromTemplate?.admin
  if (admin) {
    env.DEMO_ADMIN_EMAIL = admin.email
    env.DEMO_ADMIN_PASSWORD = admin.password
  }
  if (options.fromTemplate?.migratedStamp) {
    env.DEMO_DB_MIGRATED = options.fromTemplate.migratedStamp
  }
  // A copy of the template (fromTemplate) was made just now; a restart keeps what the first start used.
  if (!options.restart && !options.fromTemplate && (process.env.CHECKOUT_TEST_FRESH === "1" || !existsSync(SIMULATOR_STATE_FILE))) {
    const client = new Client({
      host: env.DB_HOST || "localhost",
      port: Number(env.DB_PORT || 5432),
      user: env.DB_USERNAME || "postgres",
      password: env.DB_PASSWORD || "postgres",
      database: "postgres",
    })
    await client.connect()
    try {
      await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)
    } finally {
      await client.end()
    }
  }

  const out = createWriteStream(options.restart?.logFile ?? LOG_FILE)
  // `npm run demo` itself, as a user types it: the test's SIGINT goes to npm, which must pass it on.
  const npm = process.env.npm_execpath
  const [command, args] = npm ? [process.execPath, [npm, "run", "--silent", "demo"]] : ["npm", ["run", "--silent", "demo"]]
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  if (!child.pid) {
    throw new Error("npm run demo did not start")
  }
  if (options.lowPriority) {
    setSessionNice(child.pid)
  }
  child.stdout!.pipe(out)
  child.stderr!.pipe(out)
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const demo: CheckoutDemo = {
    pid: child.pid,
    running: () => child.exitCode === null && child.signalCode === null,
    exited,
  }
  return demo
}

/** For the global setup: starts the demo and records its exit code where `adoptCheckoutDemo` finds it. */
export async function spawnSharedCheckoutDemo(options: SpawnOptions): Promise<{ demo: CheckoutDemo; shared: string }> {
  const demo = await spawnCheckoutDemo(options)
  demo.exited.then((code) => writeFileSync(EXIT_FILE, JSON.stringify({ code })))
  return { demo, shared: JSON.stringify({ pid: demo.pid, exitFile: EXIT_FILE } as SharedDemo) }
}

/** The demo the global setup started (from ECPAY_BROWSER_CHECKOUT_DEMO), or null. */
export function adoptCheckoutDemo(value = process.env.ECPAY_BROWSER_CHECKOUT_DEMO): CheckoutDemo | null {
  if (!value) {
    return null
  }
  const shared = JSON.parse(value) as SharedDemo
  const exitCode = (): { code: number | null } | null => {
    try {
      return JSON.parse(readFileSync(shared.exitFile, "utf8"))
    } catch {
      return null
    }
  }
  let exited: Promise<number | null> | undefined
  return {
    pid: shared.pid,
    running: () => !existsSync(shared.exitFile),
    // Polled from the first time it is asked for until the demo has exited.
    get exited() {
      exited ??= (async () => {
        for (;;) {
          const result = exitCode()
          if (result) {
            return result.code
          }
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      })()
      return exited
    },
  }
}

/** Whether `pid` (info.json's) is the demo started as `demoPid`: npm run demo itself, or the script npm runs. */
export function isDemoProcess(pid: number, demoPid: number): boolean {
  if (pid === demoPid) {
    return true
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === demoPid
  } catch {
    return false
  }
}
