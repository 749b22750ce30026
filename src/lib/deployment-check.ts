/**
 * How the store is deployed, as far as the plugin's guarantees depend on it: whether it runs split (a
 * server and a worker, MEDUSA_WORKER_MODE) and which provider Medusa's locking module uses by default.
 * The per-order lock every e-invoice workflow takes excludes other processes only with a shared provider
 * (Redis, PostgreSQL); the in-memory default excludes nothing across a server and a worker.
 *
 * Read from Medusa's loaded config (`configModule`), with the locking module's own rule for its default
 * provider (@medusajs/locking, loaders/providers): a single provider is the default, else the last one
 * marked `is_default`, else the in-memory one.
 */

export type WorkerMode = "shared" | "server" | "worker"

/** What the settings API answers (`deployment`) and the start-up warning is based on. */
export interface DeploymentCheck {
  /** Medusa's worker mode of this process (projectConfig.workerMode, else MEDUSA_WORKER_MODE, else shared). */
  worker_mode: WorkerMode
  /**
   * The default locking provider: "in-memory" (Medusa's default), "redis", "postgres", or the id of
   * another provider.
   */
  locking_provider: string
  /** The store runs split (server or worker) while the lock holds only within one process. */
  in_memory_locking_split: boolean
}

/** The parts of Medusa's configModule this reads; anything else is ignored. */
export interface DeploymentConfig {
  projectConfig?: { workerMode?: unknown } | null
  /** Keyed by module (defineConfig's output), or the array form of a raw config. */
  modules?: Record<string, unknown> | unknown[] | null
}

interface ProviderConfig {
  id?: unknown
  resolve?: unknown
  is_default?: unknown
}

const WORKER_MODES: readonly WorkerMode[] = ["shared", "server", "worker"]
const LOCKING_KEY = "locking"

export function checkDeployment(
  config: DeploymentConfig | null | undefined,
  env: Record<string, string | undefined> = {}
): DeploymentCheck {
  const worker_mode = workerModeOf(config?.projectConfig?.workerMode ?? env.MEDUSA_WORKER_MODE)
  const locking_provider = defaultLockingProvider(config?.modules)
  return {
    worker_mode,
    locking_provider,
    in_memory_locking_split: worker_mode !== "shared" && locking_provider === "in-memory",
  }
}

/** The one warning logged at start-up (and shown, in the admin's language, on the settings page). */
export function inMemoryLockingWarning(check: DeploymentCheck): string | null {
  if (!check.in_memory_locking_split) {
    return null
  }
  return (
    `[ECPay e-invoice] This process runs in MEDUSA_WORKER_MODE=${check.worker_mode} with Medusa's in-memory locking provider: ` +
    `the per-order lock of e-invoice workflows does not reach the other process (server or worker), so two processes can ` +
    `act on one order at once. Configure the locking module with @medusajs/medusa/locking-redis (or ` +
    `@medusajs/medusa/locking-postgres) in medusa-config for both processes; see the README, "Production deployment".`
  )
}

function workerModeOf(value: unknown): WorkerMode {
  return WORKER_MODES.includes(value as WorkerMode) ? (value as WorkerMode) : "shared"
}

function defaultLockingProvider(modules: DeploymentConfig["modules"]): string {
  const locking = lockingModuleConfig(modules)
  const options = isObject(locking) && isObject(locking.options) ? locking.options : {}
  const providers = (Array.isArray(options.providers) ? options.providers : []).filter(isObject) as ProviderConfig[]
  let chosen: ProviderConfig | undefined = providers.length === 1 ? providers[0] : undefined
  for (const provider of providers) {
    if (provider.is_default) {
      chosen = provider
    }
  }
  return chosen ? providerName(chosen) : "in-memory"
}

function lockingModuleConfig(modules: DeploymentConfig["modules"]): unknown {
  if (Array.isArray(modules)) {
    // The last entry wins, as in defineConfig.
    return [...modules].reverse().find((entry) => isObject(entry) && (entry.key === LOCKING_KEY || isLockingModule(entry.resolve)))
  }
  return isObject(modules) ? modules[LOCKING_KEY] : undefined
}

const isLockingModule = (resolve: unknown) => typeof resolve === "string" && /(^|\/)locking$/.test(resolve)

function providerName(provider: ProviderConfig): string {
  const resolve = typeof provider.resolve === "string" ? provider.resolve : ""
  if (/locking-redis$/.test(resolve)) {
    return "redis"
  }
  if (/locking-postgres$/.test(resolve)) {
    return "postgres"
  }
  return typeof provider.id === "string" && provider.id ? provider.id : resolve || "custom"
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
