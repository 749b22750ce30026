import {
  EXPECT_WINDOW_MS,
  FAST_REFRESH_MS,
  PENDING_REFRESH_MS,
  SETTLE_MS,
  invoiceExpected,
  orderChangeKey,
  refreshInterval,
} from "../lib/card-refresh"
import type { OrderEinvoiceView } from "../lib/types"

const NOW = Date.parse("2026-12-07T04:00:00Z")

/** An order's view: paid, automatic issuing on capture, no invoice yet; `changes` override. */
function view(changes: Partial<OrderEinvoiceView> & { state?: Partial<OrderEinvoiceView["state"]> } = {}): OrderEinvoiceView {
  const { state, ...rest } = changes
  return {
    order_id: "order_1",
    payment_status: "captured",
    state: { enabled: true, issue_mode: "automatic", issue_trigger: "payment_captured", issue_delay_days: 0, canceled: false, ...state },
    invoice: null,
    invoices: [],
    allowances: [],
    after_issue: null,
    events: [],
    actions: [],
    preview: null,
    lookup_url: "https://www.einvoice.nat.gov.tw/",
    ecpay_paused_until: null,
    ...rest,
  } as OrderEinvoiceView
}

const invoice = (status: string, next_attempt_at: string | null = null) =>
  ({ id: "einv_1", status, next_attempt_at }) as unknown as NonNullable<OrderEinvoiceView["invoice"]>

describe("the order card's refresh", () => {
  it("the order change key moves on capture, refund, fulfillment and cancel, not on an identical order", () => {
    const order = {
      status: "pending",
      payment_status: "authorized",
      fulfillment_status: "not_fulfilled",
      updated_at: "2026-12-07T03:00:00.000Z",
      summary: { paid_total: 0, refunded_total: 0 },
    }
    const key = orderChangeKey(order)
    expect(orderChangeKey({ ...order, summary: { ...order.summary } })).toBe(key)
    expect(orderChangeKey({ ...order, updated_at: new Date(order.updated_at) as unknown as string })).toBe(key)
    const changed = [
      { ...order, payment_status: "captured", summary: { paid_total: 1400, refunded_total: 0 } },
      { ...order, summary: { paid_total: 1400, refunded_total: 100 } },
      { ...order, fulfillment_status: "fulfilled" },
      { ...order, status: "canceled" },
      { ...order, updated_at: "2026-12-07T03:00:01.000Z" },
    ].map(orderChangeKey)
    expect(new Set([key, ...changed]).size).toBe(6)
  })

  it("expects an invoice only when it comes by itself now: automatic, on capture, no delay, paid, not canceled", () => {
    expect(invoiceExpected(view(), NOW)).toBe(true)
    expect(invoiceExpected(view({ invoice: invoice("pending") }), NOW)).toBe(true)
    expect(invoiceExpected(view({ invoice: invoice("issued") }), NOW)).toBe(false)
    expect(invoiceExpected(view({ invoice: invoice("failed") }), NOW)).toBe(false)
    expect(invoiceExpected(view({ state: { issue_mode: "manual" } }), NOW)).toBe(false)
    expect(invoiceExpected(view({ state: { enabled: false } }), NOW)).toBe(false)
    expect(invoiceExpected(view({ state: { issue_trigger: "fulfillment" } }), NOW)).toBe(false)
    expect(invoiceExpected(view({ state: { issue_delay_days: 3 } }), NOW)).toBe(false)
    expect(invoiceExpected(view({ state: { canceled: true } }), NOW)).toBe(false)
    expect(invoiceExpected(view({ payment_status: "authorized" }), NOW)).toBe(false)
    // Scheduled for days later (a delay set when it was created): not coming now.
    expect(invoiceExpected(view({ invoice: invoice("pending", new Date(NOW + 86_400_000).toISOString()) }), NOW)).toBe(false)
  })

  it("polls fast after the order changes, whatever the view says, then stops when nothing is on its way", () => {
    const settled = view({ invoice: invoice("issued") })
    const opened = NOW - 5 * 60_000
    expect(refreshInterval(settled, { openedAt: opened, changedAt: NOW - 1_000 }, NOW)).toBe(FAST_REFRESH_MS)
    expect(refreshInterval(settled, { openedAt: opened, changedAt: NOW - SETTLE_MS }, NOW)).toBe(false)
    expect(refreshInterval(settled, { openedAt: NOW, changedAt: null }, NOW)).toBe(false)
  })

  it("waits for an expected invoice at the fast pace for a while after the card opens or the order changes, not forever", () => {
    const expecting = view()
    expect(refreshInterval(expecting, { openedAt: NOW - 1_000, changedAt: null }, NOW)).toBe(FAST_REFRESH_MS)
    expect(refreshInterval(expecting, { openedAt: NOW - EXPECT_WINDOW_MS - 1, changedAt: NOW - 30_000 }, NOW)).toBe(FAST_REFRESH_MS)
    expect(refreshInterval(expecting, { openedAt: NOW - EXPECT_WINDOW_MS - 1, changedAt: null }, NOW)).toBe(false)
    // Manual issuing: nothing comes by itself.
    expect(refreshInterval(view({ state: { issue_mode: "manual" } }), { openedAt: NOW, changedAt: null }, NOW)).toBe(false)
  })

  it("keeps following a pending invoice or allowance that is due, more slowly once the window is over", () => {
    const manualPending = view({ state: { issue_mode: "manual" }, invoice: invoice("pending") })
    expect(refreshInterval(manualPending, { openedAt: NOW, changedAt: null }, NOW)).toBe(FAST_REFRESH_MS)
    expect(refreshInterval(manualPending, { openedAt: NOW - EXPECT_WINDOW_MS, changedAt: null }, NOW)).toBe(PENDING_REFRESH_MS)
    const allowancePending = view({
      invoice: invoice("issued"),
      allowances: [{ id: "alw_1", status: "pending" }] as unknown as OrderEinvoiceView["allowances"],
    })
    expect(refreshInterval(allowancePending, { openedAt: NOW - EXPECT_WINDOW_MS, changedAt: null }, NOW)).toBe(PENDING_REFRESH_MS)
    const scheduled = view({ state: { issue_delay_days: 3 }, invoice: invoice("pending", new Date(NOW + 3 * 86_400_000).toISOString()) })
    expect(refreshInterval(scheduled, { openedAt: NOW - EXPECT_WINDOW_MS, changedAt: null }, NOW)).toBe(false)
  })
})
