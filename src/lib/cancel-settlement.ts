import { availableToAllow, voidBlocker } from "./einvoice-actions"

/** ECPay's void / allowance reason for a canceled order (≤ 20 characters). */
export const CANCELED_ORDER_REASON = "訂單取消"

export interface CancelSettlementPlan {
  action: "void" | "allowance" | "none"
  reason: string
  /** For an allowance: what is left to allow. */
  amount: number
  /** For an allowance: its idempotency key (the order's cancellation of that invoice), see `cancelSettlementKey`. */
  idempotency_key?: string | null
}

/** The idempotency key of a canceled order's settlement allowance: one per cancellation and invoice. */
export function cancelSettlementKey(orderId: string, invoiceId: string): string {
  return `cancel:${orderId}:${invoiceId}`
}

/** Nothing to settle. */
export const NO_CANCEL_SETTLEMENT: CancelSettlementPlan = { action: "none", reason: CANCELED_ORDER_REASON, amount: 0 }

/**
 * What a canceled order's issued invoice needs: a void while its period is open and it has no allowances;
 * otherwise an allowance (折讓) for what is still allowable, if anything. Pure: whether the store settles
 * canceled orders at all, and whether the order is canceled, is the caller's call.
 */
export function cancelSettlementPlan(
  invoice: {
    status: string
    invoice_date: Date | string | null
    remaining_allowance_amount?: number | null
    total?: number
  },
  allowances: Array<{ status: string; amount: number }> | null | undefined
): CancelSettlementPlan {
  if (!voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances: allowances ?? [] })) {
    return { action: "void", reason: CANCELED_ORDER_REASON, amount: 0 }
  }
  const amount = availableToAllow(invoice, allowances ?? [])
  return amount > 0 ? { action: "allowance", reason: CANCELED_ORDER_REASON, amount } : { ...NO_CANCEL_SETTLEMENT }
}
