/**
 * Everything the demo can be told, from the environment (see README.md, "The demo in detail").
 */
import { createHash } from "node:crypto"
import path from "node:path"

export const PLUGIN_ROOT = path.resolve(__dirname, "../../..")

/** ECPay's public stage merchant (also the simulator's default merchant). */
export const STAGE_MERCHANT = {
  merchantId: "2000132",
  hashKey: "ejCk326UnaZWKisg",
  hashIV: "q9jcZX8Ib9LM8wYk",
}

export type EcpayMode =
  /** the simulator started by the demo */
  | "simulator"
  /** ECPay's stage service (or ECPAY_EINVOICE_BASE_URL speaking the stage protocol) */
  | "stage"
  /** any other compatible server at ECPAY_EINVOICE_BASE_URL (e.g. `npm run simulator` elsewhere) */
  | "external"

export interface DemoOptions {
  /** State folder: the store app, the plugin's installed copy, logs, info.json, embedded data. */
  dir: string
  port: number
  /** Preferred ports of the checkout page and the simulator (another free port if taken). */
  checkoutPort?: number
  simulatorPort?: number
  /** Used as is when given; no database is started. */
  databaseUrl?: string
  /** Name of the demo database on the local or embedded PostgreSQL. */
  databaseName: string
  /** Where to look for a local PostgreSQL (host localhost). */
  pgProbePort: number
  pgUser: string
  pgPassword: string
  /** Never use the local PostgreSQL, go straight to the embedded one. */
  forceEmbedded: boolean
  embeddedPort?: number
  adminEmail: string
  adminPassword: string
  /**
   * The database is a copy of one `medusa db:migrate` brought to this migration stamp (the browser suite
   * copies its template): when it is the stamp of these migrations, db:migrate is skipped.
   */
  migratedStamp?: string
  ecpay: {
    mode: EcpayMode
    environment: "simulator" | "stage"
    merchantId: string
    hashKey: string
    hashIV: string
    /** null: the client's own stage host (stage mode) or the demo's simulator (set at start). */
    baseUrl: string | null
  }
  /** `medusa plugin:build` even when the sources did not change / never (use .medusa/server). */
  pluginBuild: "auto" | "always" | "never"
  /** Rebuild the store (admin bundle) even when nothing changed. */
  forceStoreBuild: boolean
  seed: boolean
  /**
   * REDIS_URL: Medusa's Redis event bus, workflow engine and locking provider (production layout);
   * null: the in-memory modules of one process.
   */
  redisUrl: string | null
  /** DEMO_WORKER=1 (needs redisUrl): a worker process beside the server (MEDUSA_WORKER_MODE worker / server). */
  worker: boolean
  /** Preferred port of the worker's health endpoint (another free port if taken). */
  workerPort?: number
  log: (line: string) => void
}

function intEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === "") {
    return undefined
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`)
  }
  return value
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoOptions {
  const port = intEnv(env, "PORT") ?? 9000
  const requestedEnv = (env.ECPAY_EINVOICE_ENV || "").trim().toLowerCase()
  if (requestedEnv && !["simulator", "stage"].includes(requestedEnv)) {
    throw new Error(
      `ECPAY_EINVOICE_ENV must be "simulator" or "stage" for the demo (got "${env.ECPAY_EINVOICE_ENV}"): the demo places orders and must never issue real invoices`
    )
  }
  const baseUrl = (env.ECPAY_EINVOICE_BASE_URL || "").trim() || null
  if (baseUrl && !/^https?:\/\//.test(baseUrl)) {
    throw new Error(`ECPAY_EINVOICE_BASE_URL must be an http(s) URL, got "${baseUrl}"`)
  }
  const redisUrl = (env.REDIS_URL || "").trim() || null
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new Error(`REDIS_URL must be a redis:// URL, got "${redisUrl}"`)
  }
  const worker = env.DEMO_WORKER === "1"
  if (worker && !redisUrl) {
    throw new Error(
      "DEMO_WORKER=1 needs REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379): a worker only receives the server's events through Redis"
    )
  }
  const mode: EcpayMode = requestedEnv === "stage" ? "stage" : baseUrl ? "external" : "simulator"
  const dir = path.resolve(PLUGIN_ROOT, env.DEMO_DIR || ".demo")
  const inside = path.relative(PLUGIN_ROOT, dir)
  if (!inside || inside.startsWith("..") || path.isAbsolute(inside)) {
    // The store app built there resolves the plugin admin's imports (react-i18next…) through the
    // checkout's node_modules, which only folders inside the checkout reach: refused before anything starts.
    throw new Error(
      `DEMO_DIR must be a folder inside this checkout (${PLUGIN_ROOT}), such as .demo-2; got ${dir}. The demo's store build finds its packages in the checkout's node_modules`
    )
  }
  return {
    dir,
    port,
    checkoutPort: intEnv(env, "DEMO_CHECKOUT_PORT") ?? port + 1,
    simulatorPort: intEnv(env, "DEMO_SIMULATOR_PORT") ?? port + 2,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseName: env.DEMO_DB_NAME || defaultDatabaseName(dir),
    pgProbePort: intEnv(env, "DEMO_PG_PROBE_PORT") ?? 5432,
    pgUser: env.DB_USERNAME || env.PGUSER || "postgres",
    pgPassword: env.DB_PASSWORD ?? env.PGPASSWORD ?? "postgres",
    forceEmbedded: env.DEMO_EMBEDDED_PG === "1",
    embeddedPort: intEnv(env, "DEMO_EMBEDDED_PG_PORT"),
    adminEmail: env.DEMO_ADMIN_EMAIL || "admin@example.com",
    adminPassword: env.DEMO_ADMIN_PASSWORD || "supersecret",
    migratedStamp: env.DEMO_DB_MIGRATED || undefined,
    ecpay: {
      mode,
      environment: mode === "stage" ? "stage" : "simulator",
      merchantId: env.ECPAY_MERCHANT_ID || STAGE_MERCHANT.merchantId,
      hashKey: env.ECPAY_HASH_KEY || STAGE_MERCHANT.hashKey,
      hashIV: env.ECPAY_HASH_IV || STAGE_MERCHANT.hashIV,
      baseUrl,
    },
    pluginBuild: env.DEMO_PLUGIN_BUILD === "always" ? "always" : env.DEMO_PLUGIN_BUILD === "never" ? "never" : "auto",
    forceStoreBuild: env.DEMO_STORE_BUILD === "always",
    seed: env.DEMO_SEED !== "0",
    redisUrl,
    worker,
    workerPort: intEnv(env, "DEMO_WORKER_PORT") ?? port + 3,
    log: (line) => process.stdout.write(`${line}\n`),
  }
}

export interface DemoPaths {
  dir: string
  appDir: string
  /** The plugin as a store gets it from npm: package.json + the files listed in "files". */
  pluginInstallDir: string
  logDir: string
  checkoutDir: string
  pgDataDir: string
  infoFile: string
  stateFile: string
  /**
   * The demo's ECPay simulator keeps its documents here (SimulatorOptions.stateFile), so a restarted
   * demo can still void and sync the invoices it issued; started afresh with the database (demo.ts).
   */
  simulatorStateFile: string
  lockFile: string
}

export function demoPaths(dir: string): DemoPaths {
  return {
    dir,
    appDir: path.join(dir, "app"),
    pluginInstallDir: path.join(dir, "plugin"),
    logDir: path.join(dir, "logs"),
    checkoutDir: path.join(dir, "checkout"),
    pgDataDir: path.join(dir, "postgres"),
    infoFile: path.join(dir, "info.json"),
    stateFile: path.join(dir, "state.json"),
    simulatorStateFile: path.join(dir, "simulator-state.json"),
    lockFile: path.join(dir, "demo.pid"),
  }
}

/** `postgres://user:***@host/db` for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) {
      parsed.password = "***"
    }
    return parsed.toString()
  } catch {
    return url.replace(/:[^:@/]+@/, ":***@")
  }
}

/**
 * The demo's database on a shared PostgreSQL: one per state folder (its absolute path's digest), so the
 * demo of another checkout (or another DEMO_DIR) never reuses this one's orders without its simulator
 * state, whose sample invoices it could then neither void nor sync.
 */
export function defaultDatabaseName(dir: string): string {
  return `medusa_ecpay_demo_${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`
}
