import { exportFileName, recentPeriods } from "../../../lib/invoice-periods"
import { addResults, chunk, emptySummary, failedChunk, uniqueOrderIds } from "../bulk-resend-model"

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
})
