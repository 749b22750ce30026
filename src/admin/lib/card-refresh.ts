import { isPaid } from "../../lib/einvoice-actions"
import type { OrderEinvoiceView } from "./types"

/**
 * When the order page's e-invoice card asks the server again. Issuing, allowances on refund and voids on
 * cancel run in the background after the order changes (a subscriber, a job), so the card cannot wait for
 * an answer of its own: it refreshes when the dashboard's order changes, then polls briefly while
 * something is on its way.
 */

/** The order as the dashboard's order page holds it (the widget's `data`): what can change the invoice. */
export interface WatchedOrder {
  status?: string | null
  payment_status?: string | null
  fulfillment_status?: string | null
  updated_at?: string | Date | null
  summary?: { paid_total?: unknown; refunded_total?: unknown } | null
}

/** A key that changes whenever the order changes in a way that can start e-invoice work (capture, refund, fulfillment, cancel). */
export function orderChangeKey(order: WatchedOrder): string {
  return JSON.stringify([
    order.status ?? null,
    order.payment_status ?? null,
    order.fulfillment_status ?? null,
    order.updated_at ? new Date(order.updated_at).toISOString() : null,
    order.summary?.paid_total ?? null,
    order.summary?.refunded_total ?? null,
  ])
}

/** While something is expected: every 2 s. */
export const FAST_REFRESH_MS = 2_000
/** A pending invoice or allowance that the server retries within a minute: every 15 s. */
export const PENDING_REFRESH_MS = 15_000
/** After an order change, whatever it set off (an invoice, an allowance, a void) has this long to appear. */
export const SETTLE_MS = 10_000
/** How long after an order change, or after the card opened, an invoice that should come by itself is waited for at the fast pace. */
export const EXPECT_WINDOW_MS = 90_000

/** When the card opened and when the order last changed while it was open (epoch ms). */
export interface CardWatch {
  openedAt: number
  changedAt: number | null
}

/**
 * An invoice is on its way by itself: automatic issuing on payment capture, at once, is on; the order is
 * paid and not canceled; and it has no invoice yet, or one due now. (Issuing on fulfillment or shipment
 * follows an order change, which the card refreshes for anyway; a delayed invoice is scheduled, not due.)
 */
export function invoiceExpected(view: OrderEinvoiceView, now: number): boolean {
  const { state } = view
  if (
    !state.enabled ||
    state.issue_mode !== "automatic" ||
    state.issue_trigger !== "payment_captured" ||
    state.issue_delay_days > 0 ||
    state.canceled ||
    !isPaid(view.payment_status)
  ) {
    return false
  }
  return !view.invoice || dueSoon(view.invoice, now)
}

/** Pending and due within a minute (not scheduled for a later day, nor backing off for long). */
function dueSoon(record: { status: string; next_attempt_at?: string | Date | null }, now: number): boolean {
  if (record.status !== "pending") {
    return false
  }
  return !record.next_attempt_at || new Date(record.next_attempt_at).getTime() - now < 60_000
}

function somethingDue(view: OrderEinvoiceView, now: number): boolean {
  return (view.invoice ? dueSoon(view.invoice, now) : false) || view.allowances.some((allowance) => dueSoon(allowance, now))
}

/** The next refresh in ms, or false for none (react-query's refetchInterval). */
export function refreshInterval(view: OrderEinvoiceView, watch: CardWatch, now: number): number | false {
  if (watch.changedAt !== null && now - watch.changedAt < SETTLE_MS) {
    return FAST_REFRESH_MS
  }
  const fresh = now - Math.max(watch.openedAt, watch.changedAt ?? 0) < EXPECT_WINDOW_MS
  if (invoiceExpected(view, now) && fresh) {
    return FAST_REFRESH_MS
  }
  if (somethingDue(view, now)) {
    return fresh ? FAST_REFRESH_MS : PENDING_REFRESH_MS
  }
  return false
}
