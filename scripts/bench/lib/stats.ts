/**
 * Timing samples and their summary (median, p95), and the resident memory of a process group read
 * from /proc (Linux).
 */
import { readdir, readFile } from "node:fs/promises"
import { sleep } from "../../demo/lib/processes"

export interface Summary {
  samples: number
  median_ms: number
  p95_ms: number
  min_ms: number
  max_ms: number
  mean_ms: number
}

/** Durations in ms, by operation key, in the order they were taken. */
export class Recorder {
  readonly samples = new Map<string, number[]>()
  /** When false, `time` runs the call without keeping its duration (warm-up). */
  recording = true

  async time<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const result = await fn()
    const elapsed = performance.now() - started
    if (this.recording) {
      const list = this.samples.get(key) ?? []
      list.push(elapsed)
      this.samples.set(key, list)
    }
    return result
  }
}

/** `value` rounded to `places` decimals (what the bench reports). */
export const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places

/** The median of an even count is the mean of the two middle values; p95 is the nearest rank. */
export function summarize(values: number[]): Summary | null {
  if (!values.length) {
    return null
  }
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  const p95 = sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]
  return {
    samples: n,
    median_ms: round(median),
    p95_ms: round(p95),
    min_ms: round(sorted[0]),
    max_ms: round(sorted[n - 1]),
    mean_ms: round(sorted.reduce((sum, value) => sum + value, 0) / n),
  }
}

export interface RssReading {
  /** The process group leader (the `medusa start` process). */
  pid: number
  /** VmRSS of the leader after a full garbage collection (when `gc` is true), MB. */
  rss_mb: number
  /** VmRSS of the leader just before that collection, MB. */
  rss_before_gc_mb: number
  /** Whether the server ran a full collection before `rss_mb` was read (scripts/bench/lib/gc-preload.js). */
  gc: boolean
  /** V8 heap in use after the collection, MB (null without one). */
  heap_used_mb: number | null
  /** All processes of the group (normally just the leader), pid → VmRSS MB. */
  group: Record<string, number>
  at: string
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100

/** CPU time (user + system) the process has used so far, in ms (10 ms steps), from /proc/<pid>/stat. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null)
  // After the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ")
  if (!fields || fields.length < 13) {
    throw new Error(`cannot read /proc/${pid}/stat: the server process is gone (or this is not Linux)`)
  }
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ
}

/**
 * The server's CPU time over `run` and what follows it (the events it emits are handled within the
 * `settleMs` after it ends), less the idle process's own CPU over the same time (measured just before).
 */
export async function cpuOver(pid: number, run: () => Promise<void>, settleMs: number): Promise<number> {
  await sleep(settleMs)
  const idleStart = await cpuMs(pid)
  await sleep(settleMs)
  const idle = (await cpuMs(pid)) - idleStart
  const start = await cpuMs(pid)
  const started = Date.now()
  await run()
  await sleep(settleMs)
  const elapsed = Date.now() - started
  return Math.max(0, (await cpuMs(pid)) - start - (idle * elapsed) / settleMs)
}

/** VmRSS in kB from /proc/<pid>/status, or null when the process is gone. */
export async function vmRssKb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => null)
  const match = status?.match(/^VmRSS:\s+(\d+)\s+kB/m)
  return match ? Number(match[1]) : null
}

/** The pids whose process group is `pgid` (from /proc/<pid>/stat: pgrp is the 3rd field after the name). */
async function groupMembers(pgid: number): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null)
    if (!stat) continue
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    if (Number(fields[2]) === pgid) {
      pids.push(Number(entry))
    }
  }
  return pids
}

const mb = (bytesOrKb: number, unit: "kB" | "B" = "kB") => round(bytesOrKb / (unit === "kB" ? 1024 : 1024 * 1024))

/**
 * Reads the server's VmRSS: asks it for a full garbage collection first (SIGUSR2, answered by
 * gc-preload.js through `reportFile`), waits for the answer and a moment for the freed pages to be
 * returned, then reads /proc. Without an answer within 10 s it reads the RSS as it is (gc: false).
 */
export class MemoryProbe {
  constructor(
    readonly pid: number,
    readonly reportFile: string | null
  ) {}

  private async report(): Promise<{ seq: number; heapUsed: number } | null> {
    if (!this.reportFile) return null
    const text = await readFile(this.reportFile, "utf8").catch(() => null)
    try {
      return text ? JSON.parse(text) : null
    } catch {
      return null
    }
  }

  async read(): Promise<RssReading> {
    const before = await vmRssKb(this.pid)
    if (before === null) {
      throw new Error(`cannot read /proc/${this.pid}/status: the server process is gone (or this is not Linux)`)
    }
    let collected: { seq: number; heapUsed: number } | null = null
    if (this.reportFile) {
      const lastSeq = (await this.report())?.seq ?? 0
      process.kill(this.pid, "SIGUSR2")
      const deadline = Date.now() + 10_000
      while (Date.now() < deadline) {
        const current = await this.report()
        if (current && current.seq > lastSeq) {
          collected = current
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    const after = await vmRssKb(this.pid)
    if (after === null) {
      throw new Error(`the server process ${this.pid} is gone`)
    }
    const group: Record<string, number> = {}
    for (const member of await groupMembers(this.pid)) {
      const kb = await vmRssKb(member)
      if (kb !== null) group[String(member)] = mb(kb)
    }
    return {
      pid: this.pid,
      rss_mb: mb(after),
      rss_before_gc_mb: mb(before),
      gc: collected !== null,
      heap_used_mb: collected ? mb(collected.heapUsed, "B") : null,
      group,
      at: new Date().toISOString(),
    }
  }
}
