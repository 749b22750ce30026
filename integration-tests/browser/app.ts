/**
 * A throwaway Medusa store with this plugin installed, for the admin browser tests.
 *
 *   1. builds the plugin (`medusa plugin:build` → .medusa/server, admin bundle included);
 *   2. writes a store app under .cache/browser-app whose medusa-config installs the plugin by its
 *      absolute path, exactly as a store does (`plugins: [{ resolve, options }]`), admin enabled;
 *      its node_modules are symlinks to the plugin's, plus the plugin itself under its name (the
 *      admin bundler imports `<plugin name>/admin`);
 *   3. gives it a fresh PostgreSQL database, copied from a migrated template that is kept between
 *      runs while the migrations and the Medusa version stay the same;
 *   4. builds the store (`medusa build`, production admin bundle) and runs `medusa start` on a free
 *      port — or, with BROWSER_APP_MODE=develop, runs `medusa develop` (Vite dev server).
 *
 * Every process is started in its own process group and stopped by `stop()`.
 * Also a CLI: `npx ts-node --transpile-only integration-tests/browser/app.ts` starts the store and
 * keeps it running until Ctrl-C (handy for looking at the page by hand).
 */
import { execFile, spawn, type ChildProcess } from "node:child_process"
import { createHash } from "node:crypto"
import { createWriteStream, existsSync } from "node:fs"
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises"
import { createServer } from "node:net"
import path from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

export const PLUGIN_ROOT = path.resolve(__dirname, "../..")
export const CACHE_DIR = path.join(PLUGIN_ROOT, ".cache")
export const APP_DIR = path.join(CACHE_DIR, "browser-app")
export const LOG_DIR = path.join(CACHE_DIR, "browser-logs")

export const ADMIN_EMAIL = "admin@ecpay-browser.test"
export const ADMIN_PASSWORD = "browser-test-password"

export type AppMode = "production" | "develop"

export interface BrowserApp {
  baseUrl: string
  adminUrl: string
  port: number
  mode: AppMode
  database: string
  /** Seconds spent in each step. */
  timings: Record<string, number>
  logFile: string
  stop: () => Promise<void>
}

export interface StartOptions {
  mode?: AppMode
  /** Skip `medusa plugin:build` (use the .medusa/server already there). */
  skipPluginBuild?: boolean
  log?: (line: string) => void
}

const db = {
  host: process.env.DB_HOST || "localhost",
  port: process.env.DB_PORT || "5432",
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || "postgres",
}

const pgEnv = { ...process.env, PGPASSWORD: db.password }
const pgArgs = ["-h", db.host, "-p", db.port, "-U", db.user]

function databaseUrl(name: string) {
  return `postgres://${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${name}`
}

const medusaBin = path.join(PLUGIN_ROOT, "node_modules", ".bin", "medusa")

export async function startBrowserApp(options: StartOptions = {}): Promise<BrowserApp> {
  const mode: AppMode = options.mode ?? (process.env.BROWSER_APP_MODE as AppMode) ?? "production"
  const log = options.log ?? ((line: string) => process.stdout.write(`[browser-app] ${line}\n`))
  const timings: Record<string, number> = {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    try {
      return await fn()
    } finally {
      timings[name] = (Date.now() - started) / 1000
      log(`${name}: ${timings[name].toFixed(1)} s`)
    }
  }

  await mkdir(LOG_DIR, { recursive: true })

  if (!options.skipPluginBuild && process.env.BROWSER_SKIP_PLUGIN_BUILD !== "1") {
    await timed("plugin build", () => runLogged(medusaBin, ["plugin:build"], PLUGIN_ROOT, "plugin-build"))
  }
  const adminBundle = path.join(PLUGIN_ROOT, ".medusa/server/src/admin/index.mjs")
  if (!existsSync(adminBundle)) {
    throw new Error(`The plugin is not built: ${adminBundle} is missing (run npx medusa plugin:build)`)
  }

  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const secretKey = "browser-test-einvoice-secret-key-0123456789"
  await timed("write app", () => writeApp())

  const database = `medusa-ecpay-browser-${process.pid}`
  await timed("database", () => prepareDatabase(database))

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The admin bundler finds each plugin's admin files for Tailwind with require.resolve from its
    // own folder, which is the plugin's node_modules here; NODE_PATH lets it find the plugin too
    // (without it, classes used only by the plugin would be missing from the store's CSS).
    NODE_PATH: [path.join(APP_DIR, "node_modules"), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
    DATABASE_URL: databaseUrl(database),
    EINVOICE_BROWSER_SECRET_KEY: secretKey,
    JWT_SECRET: "browser-test-jwt-secret",
    COOKIE_SECRET: "browser-test-cookie-secret",
    STORE_CORS: baseUrl,
    ADMIN_CORS: baseUrl,
    AUTH_CORS: baseUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    PORT: String(port),
  }

  let server: ChildProcess
  const logFile = path.join(LOG_DIR, `server-${mode}.log`)
  if (mode === "production") {
    await timed("medusa build", () => buildApp(env))
    const serverDir = path.join(APP_DIR, ".medusa/server")
    server = startLogged(medusaBin, ["start"], serverDir, { ...env, NODE_ENV: "production" }, logFile)
  } else {
    server = startLogged(medusaBin, ["develop"], APP_DIR, { ...env, NODE_ENV: "development" }, logFile)
  }

  const stop = async () => {
    await stopProcess(server)
    await run("dropdb", [...pgArgs, "--if-exists", "--force", database], { env: pgEnv }).catch(() => undefined)
  }

  try {
    await timed("server ready", () => waitForHealth(baseUrl, server, logFile, 180_000))
    // The first request for the admin page in develop mode makes Vite optimize dependencies.
    await timed("admin page ready", () => waitForAdmin(`${baseUrl}/app`, 240_000))
  } catch (error) {
    await stop()
    throw error
  }

  return { baseUrl, adminUrl: `${baseUrl}/app`, port, mode, database, timings, logFile, stop }

  async function writeApp() {
    await mkdir(path.join(APP_DIR, "src"), { recursive: true })
    await linkNodeModules()
    const pkg = JSON.parse(await readFile(path.join(PLUGIN_ROOT, "package.json"), "utf8"))
    const files: Record<string, string> = {
      "package.json": JSON.stringify(
        {
          private: true,
          description: "Generated by integration-tests/browser/app.ts: a store app for the admin browser tests.",
          // The medusa CLI only runs its project commands where these are dependencies; node_modules
          // is linked to the plugin's, so nothing is installed here.
          dependencies: {
            "@medusajs/medusa": pkg.devDependencies["@medusajs/medusa"],
            "@medusajs/framework": pkg.devDependencies["@medusajs/framework"],
            "@medusajs/cli": pkg.devDependencies["@medusajs/cli"],
            [pkg.name]: `file:${PLUGIN_ROOT}`,
          },
        },
        null,
        2
      ),
      "tsconfig.json": JSON.stringify(
        {
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
        },
        null,
        2
      ),
      "src/README.md": "The store's own code would go here; the browser tests need none.\n",
      "medusa-config.ts": `import { defineConfig } from "@medusajs/framework/utils"

// Generated by integration-tests/browser/app.ts. The plugin is installed the way a store installs it.
export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET!,
      cookieSecret: process.env.COOKIE_SECRET!,
    },
    // The tests talk plain http to localhost: a production session cookie is Secure by default
    // and would never be set.
    cookieOptions: { secure: false, sameSite: "lax" },
  },
  admin: {
    disable: false,
    // node_modules are symlinks into the plugin's folder: let the Vite dev server (develop mode)
    // serve files from there, such as the dashboard's fonts.
    vite: () => ({ server: { fs: { allow: [${JSON.stringify(PLUGIN_ROOT)}] } } }),
  },
  plugins: [
    {
      resolve: ${JSON.stringify(PLUGIN_ROOT)},
      options: { secretKey: process.env.EINVOICE_BROWSER_SECRET_KEY },
    },
  ],
})
`,
    }
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(APP_DIR, name)
      const current = await readFile(file, "utf8").catch(() => null)
      if (current !== content) {
        await writeFile(file, content)
      }
    }
  }

  async function buildApp(buildEnv: NodeJS.ProcessEnv) {
    // The store build only bundles the admin (the plugin's server code is loaded from the plugin at
    // start), so it can be reused while the plugin's admin bundle and the app files are unchanged.
    const stampFile = path.join(APP_DIR, ".medusa/build-stamp")
    const stamp = await hashFiles([
      adminBundle,
      path.join(APP_DIR, "medusa-config.ts"),
      path.join(APP_DIR, "tsconfig.json"),
      __filename,
    ])
    const index = path.join(APP_DIR, ".medusa/server/public/admin/index.html")
    if (existsSync(index) && (await readFile(stampFile, "utf8").catch(() => "")) === stamp) {
      log("medusa build: reusing the previous build (admin bundle unchanged)")
      return
    }
    await runLogged(medusaBin, ["build"], APP_DIR, "app-build", { ...buildEnv, NODE_ENV: "production" })
    const serverModules = path.join(APP_DIR, ".medusa/server/node_modules")
    await rm(serverModules, { force: true, recursive: true })
    await symlink(path.join(APP_DIR, "node_modules"), serverModules, "dir")
    await writeFile(stampFile, stamp)
  }
}

/**
 * node_modules for the app: a folder of symlinks to the plugin's packages (so there is one copy of
 * React, the dashboard and @medusajs/*), plus the plugin itself under its package name.
 */
async function linkNodeModules() {
  const target = path.join(APP_DIR, "node_modules")
  const source = path.join(PLUGIN_ROOT, "node_modules")
  const pkg = JSON.parse(await readFile(path.join(PLUGIN_ROOT, "package.json"), "utf8"))
  await mkdir(target, { recursive: true })
  const wanted = new Map<string, string>()
  for (const entry of await readdir(source)) {
    wanted.set(entry, path.join(source, entry))
  }
  wanted.set(pkg.name, PLUGIN_ROOT)
  const present = new Set(await readdir(target))
  for (const [name, to] of wanted) {
    if (!present.has(name)) {
      await symlink(to, path.join(target, name), "dir")
    }
  }
}

async function prepareDatabase(name: string) {
  // What db:migrate creates: the plugin's migrations and links (plus Medusa's own, by version).
  const migrations = await hashDir(path.join(PLUGIN_ROOT, "src"), /^(modules\/[^/]+\/migrations|links)\/.*\.ts$/)
  const medusaVersion = JSON.parse(
    await readFile(path.join(PLUGIN_ROOT, "node_modules/@medusajs/medusa/package.json"), "utf8")
  ).version
  const template = `medusa-ecpay-browser-tpl-${createHash("sha256")
    .update(`${medusaVersion}\n${migrations}\n${ADMIN_EMAIL}\n${ADMIN_PASSWORD}`)
    .digest("hex")
    .slice(0, 12)}`
  const { stdout } = await run("psql", [...pgArgs, "-d", "postgres", "-Atc", `select datname from pg_database where datname like 'medusa-ecpay-browser-tpl-%'`], { env: pgEnv })
  const templates = stdout.split("\n").filter(Boolean)
  if (!templates.includes(template)) {
    for (const old of templates) {
      await run("dropdb", [...pgArgs, "--if-exists", "--force", old], { env: pgEnv })
    }
    await run("createdb", [...pgArgs, template], { env: pgEnv })
    const env = { ...process.env, DATABASE_URL: databaseUrl(template), MEDUSA_DISABLE_TELEMETRY: "true" }
    try {
      await mkdir(path.join(APP_DIR, "src"), { recursive: true })
      await runLogged(medusaBin, ["db:migrate"], APP_DIR, "db-migrate", env)
      await runLogged(medusaBin, ["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], APP_DIR, "db-user", env)
    } catch (error) {
      await run("dropdb", [...pgArgs, "--if-exists", "--force", template], { env: pgEnv })
      throw error
    }
  }
  await run("dropdb", [...pgArgs, "--if-exists", "--force", name], { env: pgEnv })
  await run("createdb", [...pgArgs, "-T", template, name], { env: pgEnv })
}

async function hashFiles(files: string[]) {
  const hash = createHash("sha256")
  for (const file of files) {
    hash.update(file).update(await readFile(file))
  }
  return hash.digest("hex")
}

async function hashDir(dir: string, pattern: RegExp) {
  const hash = createHash("sha256")
  const walk = async (current: string): Promise<void> => {
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        await walk(full)
      } else if (pattern.test(path.relative(dir, full))) {
        hash.update(full).update(await readFile(full))
      }
    }
  }
  if (existsSync(dir)) {
    await walk(dir)
  }
  return hash.digest("hex")
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Runs a command to completion; its output goes to .cache/browser-logs/<name>.log. */
async function runLogged(command: string, args: string[], cwd: string, name: string, env: NodeJS.ProcessEnv = process.env) {
  const logFile = path.join(LOG_DIR, `${name}.log`)
  const child = startLogged(command, args, cwd, env, logFile)
  const code: number | null = await new Promise((resolve, reject) => {
    child.on("error", reject)
    child.on("exit", (exitCode) => resolve(exitCode))
  })
  if (code !== 0) {
    const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-30).join("\n")
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed with exit code ${code} (log: ${logFile})\n${tail}`)
  }
}

/** Starts a command in its own process group, its output appended to a log file. */
function startLogged(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = createWriteStream(logFile)
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  return child
}

/** Stops a process started by `startLogged` and everything it started (its process group). */
export async function stopProcess(child: ChildProcess, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
    return
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig)
    } catch {
      // already gone
    }
  }
  signal("SIGTERM")
  const timer = setTimeout(() => signal("SIGKILL"), graceMs)
  await exited
  clearTimeout(timer)
  // Children of the group that ignored SIGTERM.
  signal("SIGKILL")
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-40).join("\n")
      throw new Error(`The store exited with code ${child.exitCode} before it was ready (log: ${logFile})\n${tail}`)
    }
    try {
      const response = await fetch(`${baseUrl}/health`)
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`The store did not answer ${baseUrl}/health within ${timeoutMs / 1000} s (log: ${logFile})`)
}

async function waitForAdmin(adminUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let last = ""
  while (Date.now() < deadline) {
    try {
      const response = await fetch(adminUrl)
      last = `HTTP ${response.status}`
      if (response.ok && (await response.text()).includes("<div id=\"medusa\"")) {
        return
      }
    } catch (error) {
      last = String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`The admin at ${adminUrl} was not served within ${timeoutMs / 1000} s (last: ${last})`)
}

if (require.main === module) {
  const started = Date.now()
  startBrowserApp()
    .then((app) => {
      console.log(`\nAdmin: ${app.adminUrl}  (${ADMIN_EMAIL} / ${ADMIN_PASSWORD}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      console.log(`Server log: ${app.logFile}. Ctrl-C stops the store and drops its database.`)
      const shutdown = () => {
        app.stop().then(() => process.exit(0))
      }
      process.on("SIGINT", shutdown)
      process.on("SIGTERM", shutdown)
    })
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
