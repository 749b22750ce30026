/**
 * Bounded concurrency without Medusa: a gate that lets `size` tasks run at once (the rest wait in
 * arrival order), and lanes that work through a queue refilled page by page.
 */

/** At most `size` tasks run at once; the others wait, first come first served. */
export class ConcurrencyGate {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`ConcurrencyGate: size must be a whole number ≥ 1, not ${size}`)
    }
  }

  /** Tasks running now. */
  get active(): number {
    return this.running
  }

  /** Tasks waiting for a place. */
  get queued(): number {
    return this.waiting.length
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.size) {
      this.running += 1
    } else {
      // The place is handed over by the task that ends (`running` stays the same).
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) {
        next()
      } else {
        this.running -= 1
      }
    }
  }
}

export interface LanesOptions<T> {
  /** How many items are handled at once. */
  lanes: number
  /**
   * The next page of items, never one returned before (`seen` holds every item taken so far); an empty
   * page ends the run.
   */
  fetch: (seen: ReadonlySet<string>) => Promise<T[]>
  /** An item's identity, for `seen`. */
  key: (item: T) => string
  /** Handles one item. An error stops the run: the items under way finish, then `runLanes` rejects with it. */
  handle: (item: T) => Promise<void>
  /** Checked before each item: true stops taking new ones (those under way finish). */
  stop?: () => boolean
}

/**
 * Handles items `lanes` at a time, fetching the next page while the last items of the current one are
 * still under way, so no lane waits for a page boundary. Resolves with how many items were handled.
 */
export async function runLanes<T>(options: LanesOptions<T>): Promise<number> {
  const { lanes, fetch, key, handle, stop = () => false } = options
  if (!Number.isInteger(lanes) || lanes < 1) {
    throw new RangeError(`runLanes: lanes must be a whole number ≥ 1, not ${lanes}`)
  }
  const buffer: T[] = []
  const seen = new Set<string>()
  let exhausted = false
  let refilling: Promise<void> | null = null
  let handled = 0
  let failure: { error: unknown } | null = null

  const refill = () => {
    refilling ??= fetch(seen)
      .then((items) => {
        const fresh = items.filter((item) => !seen.has(key(item)))
        if (!fresh.length) {
          exhausted = true
        }
        for (const item of fresh) {
          seen.add(key(item))
          buffer.push(item)
        }
      })
      .finally(() => {
        refilling = null
      })
    return refilling
  }
  const take = async (): Promise<T | undefined> => {
    while (!buffer.length && !exhausted) {
      await refill()
    }
    return buffer.shift()
  }
  const lane = async () => {
    try {
      for (;;) {
        if (failure || stop()) return
        const item = await take()
        if (item === undefined) return
        if (buffer.length < lanes && !exhausted) {
          // The next page, fetched while this item is handled (a failure is met again by `take`).
          void refill().catch(() => undefined)
        }
        await handle(item)
        handled += 1
      }
    } catch (error) {
      failure ??= { error }
    }
  }
  await Promise.all(Array.from({ length: lanes }, lane))
  if (failure) {
    throw (failure as { error: unknown }).error
  }
  return handled
}

/**
 * Calls to ECPay about invoices that one process sends at once, unless the plugin option says otherwise.
 * Low on purpose: ECPay publishes no rate limit and answers a store that calls too fast with HTTP 403 and 30
 * minutes of silence. Two at ECPay's usual few hundred ms still issue thousands of invoices an hour.
 */
export const DEFAULT_ECPAY_CONCURRENCY = 2

/** The plugin option `ecpayConcurrency` over its default; anything but a whole number ≥ 1 is refused by name. */
export function ecpayConcurrency(option: unknown): number {
  if (option === undefined || option === null) {
    return DEFAULT_ECPAY_CONCURRENCY
  }
  if (typeof option !== "number" || !Number.isInteger(option) || option < 1) {
    throw new Error(`Plugin option ecpayConcurrency must be a whole number ≥ 1, not ${JSON.stringify(option)}`)
  }
  return option
}
