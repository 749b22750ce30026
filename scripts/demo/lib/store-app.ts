/**
 * A Medusa store app with this plugin installed the way a store installs it, used by the demo (in
 * <demo dir>/app) and by the admin browser tests (integration-tests/browser/app.ts, in .cache/browser-app).
 *
 * For any app folder (`StoreApp`: the folder and what node_modules/<plugin name> links to):
 * `writeAppFiles` (package.json, tsconfig.json, the medusa-config.ts of `medusaConfigSource`, linked
 * node_modules), `buildPlugin`, `runMigrations` / `createAdminUser`, `buildStoreApp` (`medusa build`,
 * reused while its inputs are unchanged), `startMedusa` (`medusa start` or `medusa develop`, in its own
 * process group) and `waitForStore`. The demo's steps, on its folder and state:
 *
 *   - `installPlugin`: `medusa plugin:build` (skipped while the sources are unchanged), then a copy of
 *     what npm would install — package.json and the files in its "files" list — into <dir>/plugin;
 *   - `writeStoreApp`: <dir>/app with package.json, tsconfig.json, medusa-config.ts (a plugin entry by
 *     package name, with options from the environment) and .env; its node_modules is a folder of
 *     symlinks to the plugin repository's packages (one copy of React, the dashboard and @medusajs/*)
 *     plus `medusa-plugin-ecpay-einvoice` → <dir>/plugin, so nothing is downloaded;
 *   - `migrateStore`: `medusa db:migrate` (skipped while the database is known to be migrated for
 *     this Medusa version and these plugin migrations) and the admin user (`medusa user`) when missing;
 *   - `buildStore`: `medusa build` (production admin bundle; reused while its inputs are unchanged);
 *   - `startStore`: `medusa start` from the build, in its own process group, log in <dir>/logs.
 */
import { execFile, type ChildProcess } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile, lstat } from "node:fs/promises"
import path from "node:path"
import { promisify } from "node:util"
import { buildCacheKey, keepBuild, restoreBuild } from "./build-cache"
import { PLUGIN_ROOT, type DemoPaths } from "./config"
import type { RunningSimulator } from "../../../src/simulator"
import { withClient } from "./database"
import { FatalError, runLogged, startLogged, stopProcess, tail, waitFor } from "./processes"

/** The name and version in `dir`/package.json. */
function readPackage(dir: string): { name: string; version: string } {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"))
}

const execFileAsync = promisify(execFile)

export const PLUGIN_NAME = readPackage(PLUGIN_ROOT).name
export const MEDUSA_BIN = path.join(PLUGIN_ROOT, "node_modules", ".bin", "medusa")

type Log = (line: string) => void

// ------------------------------------------------------------------------------------------- state

export interface DemoState {
  /** Random secrets made on the first run and kept, so sessions and sealed settings stay valid. */
  secrets?: { jwt: string; cookie: string; einvoice: string }
  pluginSourceHash?: string
  installedPluginHash?: string
  storeBuildHash?: string
  /** Per database (hash of its URL): the migration stamp it was last migrated with. */
  migrated?: Record<string, string>
  /**
   * The database (databaseIdentity) whose invoices the simulator's state file (simulator-state.json)
   * holds: on another one (dropped and made again, a copy of a template, another DATABASE_URL) the file
   * is removed before the simulator starts, so the two never disagree.
   */
  simulatorStateDatabase?: string
}

export async function readState(paths: DemoPaths): Promise<DemoState> {
  return JSON.parse(await readFile(paths.stateFile, "utf8").catch(() => "{}"))
}

export async function writeState(paths: DemoPaths, state: DemoState) {
  await writeFile(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`)
}

export function ensureSecrets(state: DemoState) {
  const random = () => createHash("sha256").update(`${Math.random()}${Date.now()}${process.pid}`).digest("hex").slice(0, 40)
  state.secrets ??= { jwt: random(), cookie: random(), einvoice: random() }
  return state.secrets
}

// --------------------------------------------------------------------------------------- hashing

export async function hashTree(root: string, filter: (relative: string) => boolean = () => true): Promise<string> {
  const hash = createHash("sha256")
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      const relative = path.relative(root, full)
      if (entry.isDirectory()) {
        await walk(full)
      } else if (filter(relative)) {
        hash
          .update(relative)
          .update("\0")
          .update(await readFile(full))
          .update("\0")
      }
    }
  }
  if (existsSync(root)) {
    await walk(root)
  }
  return hash.digest("hex")
}

/** Each file's contents under its label (its path when it has none: labels keep a hash folder-independent). */
export async function hashFiles(files: (string | [label: string, file: string])[]): Promise<string> {
  const hash = createHash("sha256")
  for (const entry of files) {
    const [label, file] = typeof entry === "string" ? [entry, entry] : entry
    hash
      .update(label)
      .update("\0")
      .update(await readFile(file).catch(() => Buffer.from("missing")))
      .update("\0")
  }
  return hash.digest("hex")
}

export function medusaVersion(): string {
  return readPackage(path.join(PLUGIN_ROOT, "node_modules/@medusajs/medusa")).version
}

export function pluginVersion(): string {
  return readPackage(PLUGIN_ROOT).version
}

/**
 * Environment for every medusa CLI command the demo runs. Medusa keeps its CLI settings (and its
 * telemetry switch) in $XDG_CONFIG_HOME/medusa/config.json, ~/.config by default, and forks a detached
 * telemetry sender on exit unless that file says telemetry is off (MEDUSA_DISABLE_TELEMETRY alone only
 * stops recording events): give the demo its own, with telemetry off, inside the demo folder.
 */
export async function medusaCliEnv(paths: DemoPaths): Promise<NodeJS.ProcessEnv> {
  const home = path.join(paths.dir, "xdg-config")
  const file = path.join(home, "medusa", "config.json")
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, `${JSON.stringify({ telemetry: { enabled: false } }, null, 2)}\n`)
  }
  return { ...process.env, XDG_CONFIG_HOME: home, MEDUSA_DISABLE_TELEMETRY: "true" }
}

// -------------------------------------------------------------------------------------- plugin

const BUILD_ARTIFACTS = [
  ".medusa/server/src/modules/einvoice/index.js",
  ".medusa/server/src/lib/ecpay/index.js",
  ".medusa/server/src/simulator/index.js",
  ".medusa/server/src/admin/index.mjs",
]

/** `medusa plugin:build` in the plugin repository; fails when it leaves any build artifact missing. */
export async function buildPlugin(logFile: string, env: NodeJS.ProcessEnv = process.env) {
  await runLogged(MEDUSA_BIN, ["plugin:build"], { cwd: PLUGIN_ROOT, logFile, env })
  // medusa plugin:build can exit 0 without output (e.g. with an incompatible TypeScript).
  const missing = BUILD_ARTIFACTS.filter((file) => !existsSync(path.join(PLUGIN_ROOT, file)))
  if (missing.length) {
    throw new Error(`medusa plugin:build produced no ${missing.join(", ")} (log: ${logFile})\n${await tail(logFile, 30)}`)
  }
}

/**
 * Builds the plugin when its sources changed since the last demo build (or always / never), then
 * installs what a store would get from npm into paths.pluginInstallDir. Returns whether it built.
 */
export async function installPlugin(
  paths: DemoPaths,
  state: DemoState,
  mode: "auto" | "always" | "never",
  log: Log
): Promise<{ built: boolean }> {
  const sourceHash = await hashFiles([path.join(PLUGIN_ROOT, "package.json"), path.join(PLUGIN_ROOT, "tsconfig.json")]).then(async (head) =>
    createHash("sha256")
      .update(head)
      // Tests are not part of the build (tsconfig excludes them).
      .update(
        await hashTree(path.join(PLUGIN_ROOT, "src"), (file) => !/(^|\/)__tests__\/|\.spec\.tsx?$/.test(file.split(path.sep).join("/")))
      )
      .digest("hex")
  )
  const artifactsPresent = BUILD_ARTIFACTS.every((file) => existsSync(path.join(PLUGIN_ROOT, file)))
  const installedPresent = existsSync(path.join(paths.pluginInstallDir, ".medusa/server/src/admin/index.mjs"))

  let built = false
  if (mode === "always" || (mode === "auto" && (state.pluginSourceHash !== sourceHash || !installedPresent))) {
    log("  medusa plugin:build …")
    state.pluginSourceHash = undefined
    state.installedPluginHash = undefined
    await writeState(paths, state)
    await buildPlugin(path.join(paths.logDir, "plugin-build.log"), { ...(await medusaCliEnv(paths)), NODE_ENV: "production" })
    built = true
    state.pluginSourceHash = sourceHash
  }
  if (mode === "never") {
    if (!artifactsPresent) {
      throw new Error("The plugin is not built (.medusa/server is incomplete): run without DEMO_PLUGIN_BUILD=never")
    }
    await copyPackage(paths.pluginInstallDir)
    state.installedPluginHash = undefined
  } else if (built || state.installedPluginHash !== sourceHash) {
    await copyPackage(paths.pluginInstallDir)
    state.installedPluginHash = sourceHash
  }
  return { built }
}

/**
 * Installs the plugin as a store gets it: `npm pack` of this checkout (what `package.json#files` ships,
 * with README, LICENSE and CHANGELOG), unpacked into `target`. So every store the demo, the browser suite
 * and the fault suite start runs the very tarball `npm pack` makes (the README's install from source).
 */
async function copyPackage(target: string) {
  const staging = `${target}.tmp-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })
  const npm = process.env.npm_execpath
  const [command, args] = npm && npm.endsWith(".js") ? [process.execPath, [npm]] : ["npm", []]
  // Asynchronous: the database probe runs beside this, and a blocked event loop times its sockets out.
  const { stdout: packed } = await execFileAsync(
    command,
    [...args, "pack", "--silent", "--ignore-scripts", "--pack-destination", staging],
    {
      cwd: PLUGIN_ROOT,
      encoding: "utf8",
    }
  )
  const tarball = path.join(staging, packed.trim().split("\n").pop()!.trim())
  await execFileAsync("tar", ["-xzf", tarball, "-C", staging])
  // plugin:develop leaves an absolute srcDir here; a published package never has it.
  await rm(path.join(staging, "package", ".medusa/server/medusa-plugin-options.json"), { force: true })
  await rm(target, { recursive: true, force: true })
  await rename(path.join(staging, "package"), target)
  await rm(staging, { recursive: true, force: true })
}

// ------------------------------------------------------------------------------ any store app

/** A store app: its folder, and the plugin as it is installed (node_modules/<plugin name> links there). */
export interface StoreApp {
  dir: string
  pluginDir: string
}

export interface MedusaConfigOptions {
  /** Comment lines (each starting with `//`) saying who wrote the file and how it installs the plugin. */
  header: string
  /** Comment lines (indented, each starting with `//`) on why the session cookie is not Secure. */
  cookieNote: string
  /** Load the app's .env first (loadEnv). */
  loadEnv?: boolean
  /** The plugin entry's `resolve`: its package name, or the path of its folder. */
  resolve: string
  /** The plugin's options: TypeScript source of an object literal (it reads process.env). */
  pluginOptions: string
  /**
   * Let the Vite dev server (`medusa develop`) serve files from the plugin's folder (where the app's
   * node_modules links point), found when the config loads: the config names no folder, so the same
   * app in another checkout is the same build.
   */
  viteFsAllowPlugin?: boolean
  /**
   * An environment variable that, set to "1" while `medusa build` runs, turns the admin off for that
   * build: only the backend is compiled, and the admin bundle is put in place from another build.
   */
  adminBuildSkipEnv?: string
  /**
   * Medusa's production layout, read at run time: with REDIS_URL set, the Redis event bus, workflow
   * engine and locking provider, and `workerMode` from MEDUSA_WORKER_MODE (server | worker | shared).
   */
  redisModules?: boolean
  /** The admin dashboard off entirely (no admin bundle is built or served). */
  adminDisabled?: boolean
}

/**
 * TypeScript source of the `modules` entry and the project settings of Medusa's production layout
 * (docs: "Worker mode", "Redis Event Bus Module", "Redis Workflow Engine Module", "Redis Locking Module
 * Provider"). Everything is read from the environment when the store starts; without REDIS_URL the store
 * keeps Medusa's in-memory modules.
 */
export const REDIS_MODULES_SOURCE = `process.env.REDIS_URL
    ? {
        [Modules.EVENT_BUS]: {
          resolve: "@medusajs/medusa/event-bus-redis",
          options: { redisUrl: process.env.REDIS_URL },
        },
        [Modules.WORKFLOW_ENGINE]: {
          resolve: "@medusajs/medusa/workflow-engine-redis",
          options: { redis: { redisUrl: process.env.REDIS_URL } },
        },
        [Modules.LOCKING]: {
          resolve: "@medusajs/medusa/locking",
          options: {
            providers: [
              {
                resolve: "@medusajs/medusa/locking-redis",
                id: "locking-redis",
                is_default: true,
                options: { redisUrl: process.env.REDIS_URL },
              },
            ],
          },
        },
      }
    : {}`

/**
 * The store's medusa-config.ts: everything from the environment (DATABASE_URL, STORE_CORS, ADMIN_CORS,
 * AUTH_CORS, JWT_SECRET, COOKIE_SECRET), the admin enabled, session cookies without Secure (plain
 * http://localhost), and the plugin under "plugins" with its options.
 */
export function medusaConfigSource(options: MedusaConfigOptions): string {
  const disable = options.adminBuildSkipEnv
    ? `
    // Set only while \`medusa build\` compiles the backend alone (the admin bundle comes from another build).
    disable: process.env.${options.adminBuildSkipEnv} === "1",`
    : `
    disable: false,`
  const admin = options.adminDisabled
    ? "{ disable: true }"
    : options.viteFsAllowPlugin
      ? `{${disable}
    // node_modules are symlinks into the plugin's folder: let the Vite dev server (develop mode)
    // serve files from there, such as the dashboard's fonts.
    vite: () => ({ server: { fs: { allow: [realpathSync(\`\${process.cwd()}/node_modules/${PLUGIN_NAME}\`)] } } }),
  }`
      : options.adminBuildSkipEnv
        ? `{${disable}
  }`
        : "{ disable: false }"
  const imports = ["defineConfig", ...(options.loadEnv ? ["loadEnv"] : []), ...(options.redisModules ? ["Modules"] : [])].join(", ")
  const redisProject = options.redisModules
    ? `
    // Production layout (set by the environment): Redis for sessions, and which part of the work this
    // process does — "server" (HTTP only), "worker" (subscribers and scheduled jobs) or "shared" (both).
    redisUrl: process.env.REDIS_URL || undefined,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined) || "shared",`
    : ""
  const modules = options.redisModules
    ? `
  // With REDIS_URL: events, workflow executions and locks shared by every process of the store.
  modules: ${REDIS_MODULES_SOURCE},`
    : ""
  return `${options.viteFsAllowPlugin && !options.adminDisabled ? 'import { realpathSync } from "node:fs"\n' : ""}import { ${imports} } from "@medusajs/framework/utils"
${
  options.loadEnv
    ? `
loadEnv(process.env.NODE_ENV || "development", process.cwd())
`
    : ""
}
${options.header}
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
${options.cookieNote}
    cookieOptions: { secure: false, sameSite: "lax" },${redisProject}
  },
  admin: ${admin},${modules}
  plugins: [
    {
      resolve: ${JSON.stringify(options.resolve)},
      options: ${options.pluginOptions},
    },
  ],
})
`
}

export const STORE_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    declaration: false,
    sourceMap: false,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin"],
}

export interface StoreAppFiles {
  /** package.json */
  name?: string
  description: string
  scripts?: Record<string, string>
  /** The plugin's entry in package.json "dependencies", e.g. `file:../plugin`. */
  pluginDependency: string
  medusaConfig: string
  /** src/README.md */
  srcReadme: string
  /** Any other files, by path in the app (e.g. ".env"). */
  extra?: Record<string, string>
}

/** Writes the app's files (each only when its content changed) and links its node_modules. */
export async function writeAppFiles(app: StoreApp, files: StoreAppFiles) {
  await mkdir(path.join(app.dir, "src"), { recursive: true })
  await linkNodeModules(app)
  const pkg = JSON.parse(await readFile(path.join(PLUGIN_ROOT, "package.json"), "utf8"))
  const contents: Record<string, string> = {
    "package.json": `${JSON.stringify(
      {
        ...(files.name ? { name: files.name } : {}),
        private: true,
        description: files.description,
        ...(files.scripts ? { scripts: files.scripts } : {}),
        // node_modules is linked to the plugin repository's packages, so nothing is installed here;
        // the medusa CLI only runs its project commands where these are dependencies.
        dependencies: {
          "@medusajs/medusa": pkg.devDependencies["@medusajs/medusa"],
          "@medusajs/framework": pkg.devDependencies["@medusajs/framework"],
          "@medusajs/cli": pkg.devDependencies["@medusajs/cli"],
          [PLUGIN_NAME]: files.pluginDependency,
        },
      },
      null,
      2
    )}\n`,
    "tsconfig.json": `${JSON.stringify(STORE_TSCONFIG, null, 2)}\n`,
    "medusa-config.ts": files.medusaConfig,
    "src/README.md": files.srcReadme,
    ...(files.extra ?? {}),
  }
  for (const [name, content] of Object.entries(contents)) {
    const file = path.join(app.dir, name)
    if ((await readFile(file, "utf8").catch(() => null)) !== content) {
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, content)
    }
  }
}

/**
 * node_modules: a folder of symlinks to the plugin repository's packages (one copy of React, the
 * dashboard and @medusajs/*), plus the plugin under its package name → app.pluginDir.
 */
async function linkNodeModules(app: StoreApp) {
  const target = path.join(app.dir, "node_modules")
  const source = path.join(PLUGIN_ROOT, "node_modules")
  await mkdir(target, { recursive: true })
  const wanted = new Map<string, string>()
  for (const entry of await readdir(source)) {
    if (entry !== PLUGIN_NAME) {
      wanted.set(entry, path.join(source, entry))
    }
  }
  wanted.set(PLUGIN_NAME, app.pluginDir)
  const present = new Set(await readdir(target))
  for (const [name, to] of wanted) {
    const link = path.join(target, name)
    if (present.has(name)) {
      const stats = await lstat(link)
      if (stats.isSymbolicLink()) {
        continue
      }
      await rm(link, { recursive: true, force: true })
    }
    await symlink(to, link, "dir")
  }
}

/**
 * The environment for the app's medusa commands: `base` (e.g. process.env) with `env` over it; NODE_PATH
 * lets the admin bundler's Tailwind scan find the plugin's admin files (they resolve from the linked
 * node_modules), as it does in a store with a real install.
 */
export function storeProcessEnv(app: StoreApp, base: NodeJS.ProcessEnv, env: object): NodeJS.ProcessEnv {
  return {
    ...base,
    ...(env as NodeJS.ProcessEnv),
    NODE_PATH: [path.join(app.dir, "node_modules"), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
  }
}

export function runMigrations(app: StoreApp, env: NodeJS.ProcessEnv, logFile: string) {
  return runLogged(MEDUSA_BIN, ["db:migrate"], { cwd: app.dir, logFile, env })
}

export function createAdminUser(app: StoreApp, env: NodeJS.ProcessEnv, admin: { email: string; password: string }, logFile: string) {
  return runLogged(MEDUSA_BIN, ["user", "-e", admin.email, "-p", admin.password], { cwd: app.dir, logFile, env })
}

/**
 * A hash of what `medusa db:migrate` creates: the plugin's migrations and links (in the sources at
 * `root`, the repository by default), Medusa's version.
 */
export async function migrationStamp(root: string = PLUGIN_ROOT): Promise<string> {
  const migrations = await hashTree(path.join(root, "src"), (relative) =>
    /^(modules\/[^/]+\/migrations|links)\//.test(relative.split(path.sep).join("/"))
  )
  return createHash("sha256").update(`${medusaVersion()}\n${migrations}`).digest("hex").slice(0, 16)
}

/** The comment a database migrated by `migrateStore` carries, followed by its migration stamp. */
const MIGRATED_COMMENT = "medusa-plugin-ecpay-einvoice: migrated to "

/** Where the hash of the last finished `medusa build` is kept. */
export interface BuildStamp {
  read: () => Promise<string | undefined> | string | undefined
  /** undefined: a build is starting (an interrupted build must not pass for a finished one). */
  write: (hash: string | undefined) => Promise<void> | void
}

/**
 * The ECPay simulator of the built plugin, from the folder the store installs the plugin from (a path
 * known only at run time), on `port` with the given merchant's keys; with `persist`, its documents are
 * kept in `persist.stateFile` (loaded at start, rewritten after each change).
 */
export async function startInstalledSimulator(
  paths: DemoPaths,
  port: number,
  merchant: { merchantId: string; hashKey: string; hashIV: string },
  persist?: { stateFile: string; log: (line: string) => void }
): Promise<RunningSimulator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path computed at run time
  const { startSimulator } = require(
    path.join(paths.pluginInstallDir, ".medusa/server/src/simulator")
  ) as typeof import("../../../src/simulator")
  return startSimulator({
    port,
    host: "127.0.0.1",
    logRequests: false,
    merchants: [{ merchantId: merchant.merchantId, hashKey: merchant.hashKey, hashIV: merchant.hashIV }],
    ...(persist ? { stateFile: persist.stateFile, log: persist.log } : {}),
  })
}

/**
 * `medusa build` (production admin bundle) unless the admin bundle's inputs — the plugin's admin
 * bundle, the app's files, the Medusa version — are those of the last finished build. The store build
 * only bundles the admin (the plugin's server code is loaded from the plugin at start).
 */
export async function buildStoreApp(
  app: StoreApp,
  options: { env: NodeJS.ProcessEnv; logFile: string; stamp: BuildStamp; force?: boolean; log?: Log }
): Promise<{ built: boolean; restored: boolean }> {
  // Labelled by their place in the plugin and the app: the same inputs in another folder, the same hash.
  const hash = await hashFiles([
    ["plugin/admin/index.mjs", path.join(app.pluginDir, ".medusa/server/src/admin/index.mjs")],
    ...["medusa-config.ts", "tsconfig.json", "package.json"].map((file): [string, string] => [`app/${file}`, path.join(app.dir, file)]),
  ]).then((h) => `${h}:${medusaVersion()}`)
  const serverDir = path.join(app.dir, ".medusa/server")
  const index = path.join(serverDir, "public/admin/index.html")
  if (!options.force && existsSync(index) && (await options.stamp.read()) === hash) {
    return { built: false, restored: false }
  }
  await options.stamp.write(undefined)
  const cacheKey = await buildCacheKey("store", hash)
  if (!options.force && (await restoreBuild(cacheKey, serverDir)) && existsSync(index)) {
    options.log?.("  medusa build: the same build was kept on this machine, copied in")
    await linkServerModules(app)
    await options.stamp.write(hash)
    return { built: false, restored: true }
  }
  options.log?.("  medusa build (store + admin dashboard) …")
  await runLogged(MEDUSA_BIN, ["build"], { cwd: app.dir, logFile: options.logFile, env: { ...options.env, NODE_ENV: "production" } })
  if (!existsSync(index)) {
    throw new Error(`medusa build produced no admin (${index}); log: ${options.logFile}`)
  }
  await keepBuild(cacheKey, serverDir)
  await linkServerModules(app)
  await options.stamp.write(hash)
  return { built: true, restored: false }
}

/**
 * `medusa build` of a store app whose admin is off (by its config, or by `env`): the backend alone, its
 * config compiled. `inputs` names what the build depends on (the app's config, its own code); skipped
 * while the stamp says it is that build, copied from the machine's kept builds when one is there.
 */
export async function buildStoreBackend(
  app: StoreApp,
  options: {
    inputs: string
    env: NodeJS.ProcessEnv
    logFile: string
    stamp: BuildStamp
    log?: Log
    /** Runs `medusa build` (default: runLogged, at the caller's CPU share). */
    run?: (args: string[], run: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }) => Promise<unknown>
  }
): Promise<{ built: boolean }> {
  const hash = `${options.inputs}:${medusaVersion()}`
  const config = path.join(app.dir, ".medusa/server/medusa-config.js")
  if (existsSync(config) && (await options.stamp.read()) === hash) {
    return { built: false }
  }
  await options.stamp.write(undefined)
  const serverDir = path.join(app.dir, ".medusa/server")
  const cacheKey = await buildCacheKey("backend", hash)
  if ((await restoreBuild(cacheKey, serverDir)) && existsSync(config)) {
    options.log?.("  medusa build (backend only): the same build was kept on this machine, copied in")
  } else {
    options.log?.("  medusa build (backend only) …")
    const run = options.run ?? ((args, how) => runLogged(MEDUSA_BIN, args, how))
    await run(["build"], { cwd: app.dir, logFile: options.logFile, env: { ...options.env, NODE_ENV: "production" } })
    await keepBuild(cacheKey, serverDir)
  }
  await linkServerModules(app)
  await options.stamp.write(hash)
  return { built: true }
}

/** The build's node_modules: the app's (medusa build writes none worth keeping). */
export async function linkServerModules(app: StoreApp) {
  const modules = path.join(app.dir, ".medusa/server/node_modules")
  await rm(modules, { recursive: true, force: true })
  await symlink(path.join(app.dir, "node_modules"), modules, "dir")
}

export interface RunningStore {
  process: ChildProcess
  logFile: string
  stop: () => Promise<void>
}

/**
 * `medusa start` from the build (production), or `medusa develop` in the app (Vite dev server), in
 * its own process group; `stop()` ends the group.
 */
export function startMedusa(app: StoreApp, command: "start" | "develop", env: NodeJS.ProcessEnv, logFile: string): RunningStore {
  const child = startLogged(MEDUSA_BIN, [command], {
    cwd: command === "start" ? path.join(app.dir, ".medusa/server") : app.dir,
    logFile,
    env: { ...env, NODE_ENV: command === "start" ? "production" : "development" },
  })
  return { process: child, logFile, stop: () => stopProcess(child, 15_000) }
}

export async function waitForStore(baseUrl: string, store: RunningStore, timeoutMs = 180_000) {
  await waitFor(
    "the store",
    async () => {
      if (store.process.exitCode !== null || store.process.signalCode !== null) {
        throw new FatalError(
          `The store exited (code ${store.process.exitCode ?? store.process.signalCode}) before it was ready (log: ${store.logFile})\n${await tail(store.logFile, 40)}`
        )
      }
      const response = await fetch(`${baseUrl}/health`).catch(() => null)
      if (response?.ok) {
        return true
      }
      // Medusa's CLI logs an uncaught error and keeps the process running: a store that could not
      // listen would otherwise be waited for until the timeout.
      const recent = await tail(store.logFile, 40)
      if (/EADDRINUSE/.test(recent)) {
        throw new FatalError(`The store could not listen on ${baseUrl} (the port is in use) (log: ${store.logFile})\n${recent}`)
      }
      return false
    },
    { timeoutMs, intervalMs: 300 }
  ).catch((error) => {
    throw error instanceof FatalError ? error : new Error(`${error.message} (log: ${store.logFile})`)
  })
}

// ------------------------------------------------------------------------------ the demo's app

export interface StoreEnv {
  DATABASE_URL: string
  PORT: string
  STORE_CORS: string
  ADMIN_CORS: string
  AUTH_CORS: string
  JWT_SECRET: string
  COOKIE_SECRET: string
  EINVOICE_SECRET_KEY: string
  ECPAY_EINVOICE_ENV: string
  ECPAY_MERCHANT_ID: string
  ECPAY_HASH_KEY: string
  ECPAY_HASH_IV: string
  ECPAY_EINVOICE_BASE_URL: string
  /**
   * The store's own URL, for the plugin option backendUrl (where ECPay posts the buyer's answer to an
   * online allowance). Not MEDUSA_BACKEND_URL: Medusa would build that into the admin dashboard too.
   */
  EINVOICE_BACKEND_URL: string
  /** The plugin option ecpayConcurrency, when set (else the plugin's default). */
  ECPAY_EINVOICE_CONCURRENCY?: string
  MEDUSA_DISABLE_TELEMETRY: string
  /**
   * Medusa's Redis event bus, workflow engine and locking provider when set (medusa-config reads it);
   * empty: the in-memory modules of a single process.
   */
  REDIS_URL?: string
}

/**
 * The environment of a store whose store, admin and auth APIs share one set of origins (the bench's and
 * the fault suite's: no separate storefront), with ECPay at `ecpayBaseUrl` (the simulator).
 */
export function sameOriginStoreEnv(input: {
  databaseUrl: string
  port: number
  origins: string
  secrets: { jwt: string; cookie: string; einvoice: string }
  ecpay: { environment: string; merchantId: string; hashKey: string; hashIV: string }
  ecpayBaseUrl: string
  redisUrl?: string
  ecpayConcurrency?: number
}): StoreEnv {
  const { ecpay, secrets } = input
  return {
    DATABASE_URL: input.databaseUrl,
    PORT: String(input.port),
    STORE_CORS: input.origins,
    ADMIN_CORS: input.origins,
    AUTH_CORS: input.origins,
    JWT_SECRET: secrets.jwt,
    COOKIE_SECRET: secrets.cookie,
    EINVOICE_SECRET_KEY: secrets.einvoice,
    ECPAY_EINVOICE_ENV: ecpay.environment,
    ECPAY_MERCHANT_ID: ecpay.merchantId,
    ECPAY_HASH_KEY: ecpay.hashKey,
    ECPAY_HASH_IV: ecpay.hashIV,
    ECPAY_EINVOICE_BASE_URL: input.ecpayBaseUrl,
    EINVOICE_BACKEND_URL: `http://localhost:${input.port}`,
    MEDUSA_DISABLE_TELEMETRY: "true",
    ...(input.redisUrl !== undefined ? { REDIS_URL: input.redisUrl } : {}),
    ...(input.ecpayConcurrency !== undefined ? { ECPAY_EINVOICE_CONCURRENCY: String(input.ecpayConcurrency) } : {}),
  }
}

/** Which part of the store's work a `medusa start` process does (MEDUSA_WORKER_MODE). */
export type WorkerMode = "shared" | "server" | "worker"

export const MEDUSA_CONFIG = medusaConfigSource({
  loadEnv: true,
  header: `// Written by \`npm run demo\` (scripts/demo/lib/store-app.ts). The e-invoice plugin is installed the
// way any store installs it: a package in node_modules, listed under "plugins" with its options.`,
  cookieNote: `    // The demo is plain http://localhost: a production session cookie is Secure by default and
    // would never be set. A real deployment behind HTTPS leaves this out.`,
  resolve: PLUGIN_NAME,
  redisModules: true,
  pluginOptions: `{
        // Seals HashKey / HashIV entered in the admin (AES-256-GCM).
        secretKey: process.env.EINVOICE_SECRET_KEY,
        // Pinned here, so the admin shows them as "set by configuration".
        environment: process.env.ECPAY_EINVOICE_ENV as "simulator" | "stage" | "production" | undefined,
        merchantId: process.env.ECPAY_MERCHANT_ID,
        hashKey: process.env.ECPAY_HASH_KEY,
        hashIV: process.env.ECPAY_HASH_IV,
        baseUrl: process.env.ECPAY_EINVOICE_BASE_URL || undefined,
        // The store's own URL: ECPay (here the simulator) posts the buyer's answer to an online
        // allowance to it. A real store gives its public https URL.
        backendUrl: process.env.EINVOICE_BACKEND_URL || undefined,
        // Calls to ECPay each process sends at once (the plugin's default unless set).
        ecpayConcurrency: Number(process.env.ECPAY_EINVOICE_CONCURRENCY) || undefined,
      }`,
})

function dotenv(env: Record<string, string>): string {
  return (
    "# Written by `npm run demo` on every start (edit scripts/demo or use its environment variables instead).\n" +
    Object.entries(env)
      .filter(([, value]) => value !== undefined && value !== "")
      .map(([key, value]) => `${key}=${/[\s#"']/.test(value) ? JSON.stringify(value) : value}`)
      .join("\n") +
    "\n"
  )
}

/** The demo's app: <dir>/app, with the plugin installed in <dir>/plugin. */
export function demoApp(paths: DemoPaths): StoreApp {
  return { dir: paths.appDir, pluginDir: paths.pluginInstallDir }
}

export async function writeStoreApp(paths: DemoPaths, env: StoreEnv) {
  await writeAppFiles(demoApp(paths), {
    name: "ecpay-einvoice-demo-store",
    description: "Written by `npm run demo`: a Medusa store with medusa-plugin-ecpay-einvoice installed.",
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
    pluginDependency: "file:../plugin",
    medusaConfig: MEDUSA_CONFIG,
    srcReadme: "The store's own code (API routes, subscribers, …) would go here; the demo needs none.\n",
    extra: { ".env": dotenv(env as unknown as Record<string, string>) },
  })
}

/** The store's environment for medusa commands (the demo's CLI settings, NODE_PATH). */
export async function buildEnv(paths: DemoPaths, env: StoreEnv): Promise<NodeJS.ProcessEnv> {
  return storeProcessEnv(demoApp(paths), await medusaCliEnv(paths), env)
}

/**
 * `medusa db:migrate` unless this database was migrated with the same Medusa version and plugin
 * migrations (and still has the plugin's table), then the admin user unless it exists.
 */
export async function migrateStore(
  paths: DemoPaths,
  state: DemoState,
  env: StoreEnv,
  admin: { email: string; password: string },
  log: Log,
  options: {
    /** Where the installed plugin was built from, when not the repository itself. */
    pluginSourceRoot?: string
    /** The stamp the database was migrated to elsewhere (a copy of a migrated template). */
    migratedStamp?: string
  } = {}
): Promise<{ migrated: boolean; userCreated: boolean }> {
  const key = createHash("sha256").update(env.DATABASE_URL).digest("hex").slice(0, 16)
  const stamp = await migrationStamp(options.pluginSourceRoot)
  // The stamp is also kept on the database itself (its comment): a database kept in PostgreSQL is known
  // to be migrated by another checkout, or after the state folder was removed.
  const found = await withClient(env.DATABASE_URL, async (client) => {
    const { rows } = await client.query(
      `select to_regclass('public.ecpay_einvoice_setting') is not null as present, current_database() as name,
              shobj_description((select oid from pg_database where datname = current_database()), 'pg_database') as comment`
    )
    return { tableExists: rows[0].present as boolean, name: rows[0].name as string, comment: (rows[0].comment as string | null) ?? "" }
  })
  const runEnv = await buildEnv(paths, env)
  let migrated = false
  if (found.tableExists && (options.migratedStamp === stamp || found.comment === `${MIGRATED_COMMENT}${stamp}`)) {
    state.migrated = { ...(state.migrated ?? {}), [key]: stamp }
  }
  if (!(found.tableExists && state.migrated?.[key] === stamp)) {
    log("  medusa db:migrate …")
    await runMigrations(demoApp(paths), runEnv, path.join(paths.logDir, "db-migrate.log"))
    state.migrated = { ...(state.migrated ?? {}), [key]: stamp }
    migrated = true
    await withClient(env.DATABASE_URL, (client) =>
      client.query(`comment on database "${found.name.replace(/"/g, '""')}" is '${MIGRATED_COMMENT}${stamp}'`)
    ).catch(() => undefined) // not the owner: the state file alone remembers it
  }
  const userExists = await withClient(env.DATABASE_URL, async (client) => {
    const { rows } = await client.query(
      `select 1 from provider_identity where provider = 'emailpass' and entity_id = $1 and deleted_at is null limit 1`,
      [admin.email]
    )
    return rows.length > 0
  })
  if (!userExists) {
    await createAdminUser(demoApp(paths), runEnv, admin, path.join(paths.logDir, "db-user.log"))
  }
  return { migrated, userCreated: !userExists }
}

/** `medusa build` unless the admin bundle's inputs are unchanged. Returns whether it built. */
export async function buildStore(paths: DemoPaths, state: DemoState, env: StoreEnv, force: boolean, log: Log) {
  return buildStoreApp(demoApp(paths), {
    env: await buildEnv(paths, env),
    logFile: path.join(paths.logDir, "store-build.log"),
    force,
    log,
    stamp: {
      read: () => state.storeBuildHash,
      write: async (hash) => {
        state.storeBuildHash = hash
        if (hash === undefined) {
          await writeState(paths, state)
        }
      },
    },
  })
}

/**
 * `medusa start` from the build (production), in its own process group. `as.workerMode` (with REDIS_URL):
 * "server" or "worker" for the production layout, each process with its own port and log
 * (default: one "shared" process on env.PORT, log store.log).
 */
export async function startStore(
  paths: DemoPaths,
  env: StoreEnv,
  as: { workerMode?: WorkerMode; port?: number; logName?: string } = {}
): Promise<RunningStore> {
  await writeFile(path.join(paths.appDir, ".medusa/server/.env"), dotenv(env as unknown as Record<string, string>))
  const processEnv = {
    ...(await buildEnv(paths, env)),
    PORT: String(as.port ?? env.PORT),
    // Only the store's own setting counts (not a REDIS_URL left in the caller's shell).
    REDIS_URL: env.REDIS_URL ?? "",
    MEDUSA_WORKER_MODE: as.workerMode ?? "shared",
  }
  return startMedusa(demoApp(paths), "start", processEnv, path.join(paths.logDir, as.logName ?? "store.log"))
}
