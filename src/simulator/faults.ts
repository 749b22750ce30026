/**
 * Fault injection. Each fault matches one operation (or any, when `operation` is omitted) and is
 * consumed by the matching protocol requests, `times` of them (default 1; -1 = until cleared).
 */
export const FAULT_TYPES = [
  "latency",
  "drop_after_commit",
  "http_500",
  "http_403",
  "trans_code_error",
  "garbage",
  "gov_down",
  "refuse",
] as const

export type FaultType = (typeof FAULT_TYPES)[number]

export interface Fault {
  /** e.g. "Issue"; omitted = any operation */
  operation?: string
  type: FaultType
  /** latency: how long to wait before handling */
  ms?: number
  /** how many matching requests it affects; default 1, -1 = until cleared */
  times?: number
  /**
   * the chance (0 < p ≤ 1) that it affects a matching request; default 1. A request it passes over does
   * not consume it: `{ probability: 0.1, times: -1 }` affects about one request in ten until cleared.
   */
  probability?: number
  /** refuse: the RtnCode / RtnMsg to answer with */
  rtnCode?: number
  rtnMsg?: string
}

/** Operations that proxy the MOF platform; only these are affected by `gov_down`. */
export const GOV_OPERATIONS = new Set(["CheckBarcode", "CheckLoveCode", "GetCompanyNameByTaxID"])

export class FaultError extends Error {}

/** Validates a fault coming from the control API or in-process callers. */
export function parseFault(input: unknown, knownOperations: readonly string[]): Fault {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new FaultError("fault must be an object")
  const raw = input as Record<string, unknown>
  if (!FAULT_TYPES.includes(raw.type as FaultType)) throw new FaultError(`type must be one of ${FAULT_TYPES.join(", ")}`)
  const fault: Fault = { type: raw.type as FaultType }
  if (raw.operation !== undefined && raw.operation !== null) {
    if (typeof raw.operation !== "string" || !knownOperations.includes(raw.operation)) {
      throw new FaultError(`operation must be one of ${knownOperations.join(", ")}`)
    }
    fault.operation = raw.operation
  }
  if (raw.times !== undefined) {
    if (!Number.isInteger(raw.times) || ((raw.times as number) < 1 && raw.times !== -1)) {
      throw new FaultError("times must be a positive integer, or -1 for until cleared")
    }
    fault.times = raw.times as number
  }
  if (raw.probability !== undefined) {
    if (typeof raw.probability !== "number" || !(raw.probability > 0 && raw.probability <= 1)) {
      throw new FaultError("probability must be a number in (0, 1]")
    }
    fault.probability = raw.probability
  }
  if (fault.type === "latency") {
    if (!Number.isFinite(raw.ms) || (raw.ms as number) < 0) throw new FaultError("latency needs ms ≥ 0")
    fault.ms = raw.ms as number
  }
  if (fault.type === "refuse") {
    if (raw.rtnCode !== undefined && !Number.isInteger(raw.rtnCode)) throw new FaultError("rtnCode must be an integer")
    if (raw.rtnCode === 1) throw new FaultError("rtnCode 1 would be a success; refuse needs a failure code")
    if (raw.rtnMsg !== undefined && typeof raw.rtnMsg !== "string") throw new FaultError("rtnMsg must be a string")
    fault.rtnCode = raw.rtnCode as number | undefined
    fault.rtnMsg = raw.rtnMsg as string | undefined
  }
  return fault
}

interface ActiveFault {
  fault: Fault
  remaining: number
}

/** Faults picked for one request: an optional delay plus at most one behaviour-changing fault. */
export interface FaultSelection {
  latency?: Fault
  action?: Fault
}

export class FaultBook {
  private active: ActiveFault[] = []

  /** `random()` decides probabilistic faults (tests may pass a seeded one). */
  constructor(private readonly random: () => number = Math.random) {}

  add(fault: Fault): void {
    this.active.push({ fault, remaining: fault.times ?? 1 })
  }

  clear(): void {
    this.active = []
  }

  list(): (Fault & { remaining: number })[] {
    return this.active.map(({ fault, remaining }) => ({ ...fault, remaining }))
  }

  /** Picks and consumes the faults that apply to one request of `operation`, in the order they were added. */
  take(operation: string): FaultSelection {
    const selection: FaultSelection = {}
    for (const entry of this.active) {
      const { fault } = entry
      if (fault.operation !== undefined && fault.operation !== operation) continue
      if (fault.type === "gov_down" && !GOV_OPERATIONS.has(operation)) continue
      const slot: keyof FaultSelection = fault.type === "latency" ? "latency" : "action"
      if (selection[slot]) continue
      if (fault.probability !== undefined && fault.probability < 1 && this.random() >= fault.probability) continue
      selection[slot] = fault
      if (entry.remaining > 0) entry.remaining -= 1
    }
    this.active = this.active.filter((entry) => entry.remaining !== 0)
    return selection
  }
}
