/**
 * CPU shares for what the suite runs side by side. Linux shares the CPU evenly between sessions
 * ("autogroups"), whatever the niceness of their processes, and every command here runs in a session of
 * its own (started detached): what is not on the suite's critical path — the template database and the
 * backend build beside the admin bundle's Vite build, the checkout demo's start while the admin specs
 * run, the stores of the admin specs that run later while they boot — gets a lower share by writing a
 * nice value to /proc/<pid>/autogroup. Only a hint: nothing happens where that file does not exist.
 */
import { readdirSync, readlinkSync, writeFileSync } from "node:fs"

export const BACKGROUND_NICE = 10

/**
 * Sets the nice value of `pid`'s session: BACKGROUND_NICE lowers its CPU share, 0 gives it back (which
 * needs CAP_SYS_NICE, as root has; otherwise it stays low).
 */
export function setSessionNice(pid: number | undefined, nice = BACKGROUND_NICE): boolean {
  if (!pid) {
    return false
  }
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice))
    return true
  } catch {
    return false
  }
}

/**
 * Until `stop()`, lowers the share of every process that works in `dir` (its working directory there),
 * as it appears: the commands a program started elsewhere runs.
 */
export function keepLowPriority(dir: string, intervalMs = 250): { stop: () => void } {
  const done = new Set<number>()
  const scan = () => {
    let entries: string[]
    try {
      entries = readdirSync("/proc")
    } catch {
      return
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry) || done.has(Number(entry))) {
        continue
      }
      try {
        if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir) && setSessionNice(Number(entry))) {
          done.add(Number(entry))
        }
      } catch {
        // gone, or not ours to read
      }
    }
  }
  scan()
  const timer = setInterval(scan, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
