import { exportFileName, recentPeriods } from "../../../lib/invoice-periods"
import {
  addResults,
  chunk,
  emptySummary,
  failedChunk,
  keepFailed,
  resendInChunks,
  uniqueOrderIds,
  type ChunkAnswer,
} from "../bulk-resend-model"

describe("the invoices page's periods", () => {
  it("lists the current bimonthly period (Taipei) and the five before it", () => {
    // 2026-01-01 03:00 Taipei is still 2025-12-31 in UTC.
    expect(recentPeriods(new Date("2025-12-31T19:00:00Z")).map((p) => p.label)).toEqual([
      "2026-01/02",
      "2025-11/12",
      "2025-09/10",
      "2025-07/08",
      "2025-05/06",
      "2025-03/04",
    ])
    expect(recentPeriods(new Date("2026-12-15T00:00:00Z"), 2).map((p) => [p.label, p.term])).toEqual([
      ["2026-11/12", 6],
      ["2026-09/10", 5],
    ])
    expect(exportFileName("2026-11/12")).toBe("einvoices-2026-11-12.csv")
  })
})

describe("bulk resend in chunks", () => {
  it("sends each order once, ten at a time, and adds up what came back", () => {
    const ids = uniqueOrderIds(["a", "b", "a", ...Array.from({ length: 20 }, (_, i) => `o${i}`)])
    expect(ids).toHaveLength(22)
    expect(chunk(ids).map((part) => part.length)).toEqual([10, 10, 2])

    let summary = emptySummary(3)
    summary = addResults(summary, [
      { order_id: "a", ok: true, outcome: "sent", invoice_number: "AB12345678", error: null },
      { order_id: "b", ok: false, outcome: "failed", invoice_number: "AB12345679", error: { code: "5070453", message: "拒絕" } },
    ])
    summary = addResults(summary, failedChunk(["c"], { code: null, message: "HTTP 500" }))
    expect(summary).toMatchObject({ total: 3, done: 3, sent: 1, failed: 2 })
    expect(summary.results.map((result) => result.order_id)).toEqual(["a", "b", "c"])
  })

  it("keeps selected what failed (to try again) and drops what went through, whatever the selection is keyed by", () => {
    let summary = emptySummary(3)
    summary = addResults(summary, [{ order_id: "a", ok: true, outcome: "issued", invoice_number: "AB12345678", error: null }])
    summary = addResults(summary, failedChunk(["b"], { code: null, message: "HTTP 500" }))
    const byInvoice = new Map([
      ["einv_1", { orderId: "a" }],
      ["einv_2", { orderId: "b" }],
      ["einv_3", { orderId: "b" }],
    ])
    expect([...keepFailed(byInvoice, summary).keys()]).toEqual(["einv_2", "einv_3"])
    const byOrder = new Map([
      ["a", { orderId: "a" }],
      ["b", { orderId: "b" }],
      ["c", { orderId: "c" }],
    ])
    // "c" was not in the run: nothing says it failed, so it is dropped with what went through.
    expect([...keepFailed(byOrder, summary).keys()]).toEqual(["b"])
  })

  const sent = (ids: string[]): ChunkAnswer["results"] =>
    ids.map((order_id) => ({ order_id, ok: true, outcome: "sent", invoice_number: null, error: null }))
  const notSent = (until: string) => ({ code: "ecpay_paused", message: `paused until ${until}` })

  it("sends every chunk in turn and reports the summary after each", async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `o${i}`)
    const requests: string[][] = []
    const progress: number[] = []
    const summary = await resendInChunks(
      ids,
      async (chunkIds) => {
        requests.push(chunkIds)
        return { results: sent(chunkIds), pausedUntil: null }
      },
      (current) => progress.push(current.done) > 0,
      notSent
    )
    expect(requests.map((part) => part.length)).toEqual([10, 10, 3])
    expect(progress).toEqual([10, 20, 23])
    expect(summary).toMatchObject({ total: 23, done: 23, sent: 23, failed: 0 })
  })

  it("stops once ECPay is paused: the orders left are not sent and say until when", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `o${i}`)
    const requests: string[][] = []
    const summary = await resendInChunks(
      ids,
      async (chunkIds) => {
        requests.push(chunkIds)
        // The second chunk met the 403: its last orders were not attempted by the server.
        return requests.length === 2
          ? {
              results: [...sent(chunkIds.slice(0, 4)), ...failedChunk(chunkIds.slice(4), notSent("2026-12-07T02:00:00.000Z"))],
              pausedUntil: "2026-12-07T02:00:00.000Z",
            }
          : { results: sent(chunkIds), pausedUntil: null }
      },
      () => true,
      notSent
    )
    expect(requests).toHaveLength(2)
    expect(summary).toMatchObject({ total: 25, done: 25, sent: 14, failed: 11 })
    expect(summary!.results.slice(14).every((result) => result.error?.code === "ecpay_paused")).toBe(true)
    expect(summary!.results.at(-1)).toMatchObject({
      order_id: "o24",
      ok: false,
      error: { message: "paused until 2026-12-07T02:00:00.000Z" },
    })
  })

  it("stops sending when the dialog is gone", async () => {
    let requests = 0
    const summary = await resendInChunks(
      Array.from({ length: 30 }, (_, i) => `o${i}`),
      async (chunkIds) => {
        requests++
        return { results: sent(chunkIds), pausedUntil: null }
      },
      () => false,
      notSent
    )
    expect(requests).toBe(1)
    expect(summary).toBeNull()
  })
})
