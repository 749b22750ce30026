import { ConcurrencyGate, DEFAULT_ECPAY_CONCURRENCY, ecpayConcurrency, runLanes } from "../concurrency"

/** A promise and its resolve, to let a task end when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((ok) => (resolve = ok))
  return { promise, resolve }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe("the gate on calls to ECPay", () => {
  it("runs at most `size` tasks at once and starts the waiting ones in arrival order", async () => {
    const gate = new ConcurrencyGate(2)
    const releases = Array.from({ length: 5 }, () => deferred())
    const started: number[] = []
    const runs = releases.map((release, i) =>
      gate.run(async () => {
        started.push(i)
        await release.promise
        return i
      })
    )
    await tick()
    expect(started).toEqual([0, 1])
    expect([gate.active, gate.queued]).toEqual([2, 3])
    releases[1].resolve()
    await tick()
    expect(started).toEqual([0, 1, 2])
    releases[0].resolve()
    releases[2].resolve()
    await tick()
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect([gate.active, gate.queued]).toEqual([2, 0])
    releases[3].resolve()
    releases[4].resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4])
    expect([gate.active, gate.queued]).toEqual([0, 0])
  })

  it("frees the place of a task that throws", async () => {
    const gate = new ConcurrencyGate(1)
    await expect(gate.run(async () => Promise.reject(new Error("ECPay down")))).rejects.toThrow("ECPay down")
    expect(gate.active).toBe(0)
    await expect(gate.run(async () => "next")).resolves.toBe("next")
  })

  it("takes the plugin option ecpayConcurrency, a whole number ≥ 1, or its default", () => {
    expect(ecpayConcurrency(undefined)).toBe(DEFAULT_ECPAY_CONCURRENCY)
    expect(ecpayConcurrency(null)).toBe(DEFAULT_ECPAY_CONCURRENCY)
    expect(ecpayConcurrency(1)).toBe(1)
    expect(ecpayConcurrency(12)).toBe(12)
    for (const invalid of [0, -2, 1.5, "4", Number.NaN]) {
      expect(() => ecpayConcurrency(invalid)).toThrow(/Plugin option ecpayConcurrency must be a whole number ≥ 1/)
    }
    expect(() => new ConcurrencyGate(0)).toThrow(RangeError)
  })
})

describe("lanes through a paged queue", () => {
  /** A table of due items, read `page` at a time, never returning one `seen` already holds. */
  function pagedTable(ids: string[], page: number) {
    const fetches: number[] = []
    return {
      fetches,
      fetch: async (seen: ReadonlySet<string>) => {
        fetches.push(seen.size)
        await tick()
        return ids.filter((id) => !seen.has(id)).slice(0, page)
      },
    }
  }

  it("handles every item once, `lanes` at a time, and reads the next page before the current one runs out", async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `inv_${i}`)
    const handled: string[] = []
    const table = pagedTable(ids, 5)
    /** At each page read: how many items were taken, and how many of them handled. */
    const reads: Array<[number, number]> = []
    const fetch = (seen: ReadonlySet<string>) => {
      reads.push([seen.size, handled.length])
      return table.fetch(seen)
    }
    let running = 0
    let most = 0
    const count = await runLanes({
      lanes: 3,
      key: (id: string) => id,
      fetch,
      handle: async (id) => {
        running += 1
        most = Math.max(most, running)
        await tick()
        await tick()
        handled.push(id)
        running -= 1
      },
    })
    expect(count).toBe(23)
    expect([...handled].sort()).toEqual([...ids].sort())
    expect(most).toBe(3)
    // Every page after the first is read while items taken before are still being handled or waiting.
    expect(reads.length).toBeGreaterThanOrEqual(6)
    expect(reads.slice(1).filter(([taken, done]) => done >= taken)).toEqual([])
  })

  it("takes no new item once told to stop, and ends on an empty page", async () => {
    const table = pagedTable(
      Array.from({ length: 40 }, (_, i) => `inv_${i}`),
      10
    )
    let handled = 0
    const count = await runLanes({
      lanes: 2,
      key: (id: string) => id,
      fetch: table.fetch,
      stop: () => handled >= 7,
      handle: async () => {
        await tick()
        handled += 1
      },
    })
    // The two lanes each finish the item they hold when the seventh ends.
    expect(count).toBeGreaterThanOrEqual(7)
    expect(count).toBeLessThanOrEqual(8)
    expect(await runLanes({ lanes: 4, key: (id: string) => id, fetch: async () => [], handle: async () => undefined })).toBe(0)
  })

  it("stops at an item that throws: those under way finish, then it rejects with that error", async () => {
    const table = pagedTable(
      Array.from({ length: 10 }, (_, i) => `inv_${i}`),
      10
    )
    const finished: string[] = []
    const run = runLanes({
      lanes: 2,
      key: (id: string) => id,
      fetch: table.fetch,
      handle: async (id) => {
        await tick()
        if (id === "inv_2") throw new Error("database gone")
        finished.push(id)
      },
    })
    await expect(run).rejects.toThrow("database gone")
    expect(finished.length).toBeLessThan(10)
    expect(finished).toContain("inv_3")
  })
})
