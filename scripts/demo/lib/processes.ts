/**
 * Child processes for the demo: each long-running one in its own process group with its output in a
 * log file, so that `stopProcess` ends it and everything it started, and nothing is left behind.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process"
import { createWriteStream, readFileSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { createServer, Socket } from "node:net"
import path from "node:path"

/** Every process group started through `startLogged`, for the last-resort kill on exit. */
const started = new Set<ChildProcess>()

export interface StartOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  logFile: string
  uid?: number
  gid?: number
}

/** Starts a command in its own process group, stdout and stderr appended to `logFile`. */
export function startLogged(command: string, args: string[], options: StartOptions): ChildProcess {
  const out = createWriteStream(options.logFile, { flags: "a" })
  out.write(`\n--- ${new Date().toISOString()} ${path.basename(command)} ${args.join(" ")} (cwd ${options.cwd})\n`)
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  }
  if (options.uid !== undefined) spawnOptions.uid = options.uid
  if (options.gid !== undefined) spawnOptions.gid = options.gid
  const child = spawn(command, args, spawnOptions)
  child.stdout?.pipe(out, { end: false })
  child.stderr?.pipe(out, { end: false })
  started.add(child)
  child.once("exit", () => {
    started.delete(child)
    // Let the pipes drain before closing the log.
    setTimeout(() => out.end(), 100)
  })
  return child
}

/** Runs a command to completion (output in `logFile`); throws with the log's tail when it fails. */
export async function runLogged(command: string, args: string[], options: StartOptions): Promise<void> {
  const child = startLogged(command, args, options)
  const code: number | null = await new Promise((resolve, reject) => {
    child.once("error", reject)
    child.once("exit", (exitCode, signal) => resolve(signal ? 128 : exitCode))
  })
  if (code !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(" ")} failed with exit code ${code} (log: ${options.logFile})\n${await tail(options.logFile, 30)}`
    )
  }
}

export async function tail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "")
  return text.split("\n").slice(-lines).join("\n")
}

/** Stops a process started by `startLogged` and its whole process group (SIGTERM, then SIGKILL). */
export async function stopProcess(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = "SIGTERM") {
  if (!child.pid) {
    return
  }
  const running = child.exitCode === null && child.signalCode === null
  const exited = running ? new Promise<void>((resolve) => child.once("exit", () => resolve())) : Promise.resolve()
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig)
    } catch {
      // the group is gone
    }
  }
  if (running) {
    send(signal)
    const timer = setTimeout(() => send("SIGKILL"), graceMs)
    await exited
    clearTimeout(timer)
  }
  // Members of the group that outlived their leader; return once the group is gone.
  send("SIGKILL")
  for (let i = 0; i < 50 && groupAlive(child.pid); i++) {
    await sleep(100)
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Stops every process group started here and still running (but `except`). */
export async function stopAllStarted(options: { except?: ChildProcess | null } = {}) {
  await Promise.all([...started].filter((child) => child !== options.except).map((child) => stopProcess(child, 5_000)))
}

/** Last resort on process exit: SIGKILL every group still running (synchronous, for the "exit" event). */
export function killAllStartedSync() {
  for (const child of started) {
    try {
      process.kill(-child.pid!, "SIGKILL")
    } catch {
      // gone
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Whether something accepts TCP connections on host:port. */
export function isListening(port: number, host = "localhost", timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    let settled = false
    const done = (result: boolean) => {
      if (settled) {
        return
      }
      settled = true
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(timeoutMs)
    socket.once("connect", () => done(true))
    // Timers run before I/O: after the event loop was blocked (a synchronous child process elsewhere in
    // this process), the timeout fires before the lookup and connection made meanwhile are read. A short
    // grace lets them finish; a port that answers nothing still fails.
    socket.once("timeout", () => setTimeout(() => done(false), 100))
    socket.once("error", () => done(false))
    socket.connect(port, host)
  })
}

/** Whether `port` can be bound on the loopback interface (and on all interfaces, as Medusa binds). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once("error", () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

/**
 * The first port the kernel hands out to outgoing connections (ip_local_port_range), 32768 by default.
 * A port in that range can be free when checked and taken a moment later as the local end of someone
 * else's connection (a test suite's PostgreSQL pool): a server started on it then fails to listen, and
 * `medusa start` logs the EADDRINUSE and keeps running without answering.
 */
function firstEphemeralPort(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0])
    return Number.isInteger(low) && low > 1024 ? low : 32768
  } catch {
    return 32768
  }
}

/**
 * A free port below the ephemeral range (so that no outgoing connection takes it before the server
 * that asked for it listens), or `count` consecutive free ports, returning the first.
 */
export async function freePort(count = 1): Promise<number> {
  const high = firstEphemeralPort() - count
  const low = Math.min(10_000, high - 1000)
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    let free = true
    for (let next = port; free && next < port + count; next++) {
      free = await isPortFree(next)
    }
    if (free) {
      return port
    }
  }
  throw new Error(`no ${count} free port${count > 1 ? "s in a row" : ""} between ${low} and ${high + count}`)
}

/** `preferred` when it is free, otherwise any free port. */
export async function portOr(preferred: number | undefined): Promise<number> {
  if (preferred && preferred < 65536 && (await isPortFree(preferred))) {
    return preferred
  }
  return freePort()
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  options: { timeoutMs: number; intervalMs?: number; onTick?: () => Promise<void> | void }
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    await options.onTick?.()
    try {
      const result = await probe()
      if (result) {
        return result
      }
    } catch (error) {
      if (error instanceof FatalError) {
        throw error
      }
      lastError = error
    }
    await sleep(options.intervalMs ?? 250)
  }
  throw new Error(`${what}: not ready within ${options.timeoutMs / 1000} s${lastError ? ` (last error: ${String(lastError)})` : ""}`)
}

/** Thrown by a `waitFor` probe to stop waiting at once (e.g. the process died). */
export class FatalError extends Error {}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** An error as a command prints it: the message (which carries a log's tail), or the stack with `<debugVar>=1`. */
export function describeError(error: unknown, debugVar: string): string {
  if (error instanceof Error) {
    return process.env[debugVar] === "1" ? (error.stack ?? error.message) : error.message
  }
  return String(error)
}

/** Runs a command's `main`; if it throws, prints why, stops every process it started and exits 1. */
export function runMain(command: string, debugVar: string, main: () => Promise<void>) {
  main().catch((error) => {
    console.error(`${command}: ${describeError(error, debugVar)}`)
    killAllStartedSync()
    process.exit(1)
  })
}

export interface StopControl {
  /** Stops for another reason (e.g. the store died), exiting with `code`. */
  shutdown: (reason: string, code: number) => void
  /** Set when the command stops by itself: a signal then only hurries it. */
  markExiting: () => void
  readonly exiting: boolean
}

/**
 * Ctrl-C, SIGTERM and SIGHUP run `stop` and exit (with `exitCodes[signal]`); a second signal kills at once;
 * whatever is still running when the process exits is killed.
 */
export function stopOnSignals(options: {
  what: string
  stop: () => Promise<void>
  log: (line: string) => void
  exitCodes: Record<"SIGINT" | "SIGTERM" | "SIGHUP", number>
  stoppedLine?: string
}): StopControl {
  let exiting = false
  const shutdown = (reason: string, code: number) => {
    if (exiting) {
      // A second Ctrl-C: do not wait any longer.
      killAllStartedSync()
      process.exit(130)
    }
    exiting = true
    options.log(`\n${reason}: stopping the ${options.what} …`)
    options.stop().then(
      () => {
        if (options.stoppedLine) {
          options.log(options.stoppedLine)
        }
        process.exit(code)
      },
      (error) => {
        console.error(error)
        killAllStartedSync()
        process.exit(1)
      }
    )
  }
  process.on("SIGINT", () => shutdown("Ctrl-C", options.exitCodes.SIGINT))
  process.on("SIGTERM", () => shutdown("SIGTERM", options.exitCodes.SIGTERM))
  process.on("SIGHUP", () => shutdown("SIGHUP", options.exitCodes.SIGHUP))
  process.on("exit", () => killAllStartedSync())
  return {
    shutdown,
    markExiting: () => {
      exiting = true
    },
    get exiting() {
      return exiting
    },
  }
}
