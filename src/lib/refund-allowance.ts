import { availableToAllow, isActiveAllowance } from "./einvoice-actions"
import type { AllowanceAgreement } from "./einvoice-types"
import { roundHalfUp } from "./invoice-amounts"
import { isOrderChangeAllowance } from "./order-change-allowance"

/** ECPay's allowance reason for a refund (≤ 20 characters). */
export const REFUND_REASON = "退款折讓"

export interface RefundAllowancePlan {
  amount: number
  agreement: AllowanceAgreement
  reason: string
  /** The refunds (Medusa's refund ids) the allowance covers; empty when the refunds are not known one by one. */
  refund_ids: string[]
  /** The allowance's idempotency key (derived from the invoice and the refunds), null when nothing is to be allowed. */
  idempotency_key: string | null
}

/** One of Medusa's refunds of the order. */
export interface RefundRecord {
  id: string
  amount: number
  created_at?: Date | string | null
}

/** No allowance for the refund. */
export const NO_REFUND_ALLOWANCE: RefundAllowancePlan = {
  amount: 0,
  agreement: "paper",
  reason: REFUND_REASON,
  refund_ids: [],
  idempotency_key: null,
}

/** The refunds an allowance was made for (kept in its metadata). */
export function refundIdsOf(allowance: { metadata?: unknown }): string[] {
  const ids = (allowance.metadata as { refund_ids?: unknown } | null | undefined)?.refund_ids
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : []
}

/**
 * The refunds an invoice's allowances already cover by name: those named by any of its refund allowances
 * but a failed one (a voided or rejected one was the merchant's or the buyer's decision).
 */
export function refundsNamedBy(allowances: ReadonlyArray<{ status: string; metadata?: unknown }>): Set<string> {
  return new Set(allowances.filter((allowance) => isRefundAllowance(allowance) && allowance.status !== "failed").flatMap(refundIdsOf))
}

function isRefundAllowance(allowance: { metadata?: unknown }): boolean {
  return (allowance.metadata as { source?: string } | null | undefined)?.source === "refund"
}

/**
 * Which refunds still need an allowance (折讓), and for how much. With Medusa's refunds known one by one
 * (`refunds`), each refund is allowed once: a refund is covered by the allowance that names it (any status
 * but failed: a voided or rejected one was the merchant's or the buyer's decision), and allowances made
 * before refunds were named, and allowances made for order changes (returns, exchanges, claims, edits), cover
 * the oldest refunds by their amount. `refund_id` restricts the plan to
 * that refund (the payment.refunded subscriber); without it every refund not yet covered is taken, in one
 * allowance. The key names the invoice and the refunds, so the same refund is never allowed twice, whichever
 * process asks. Without `refunds`: everything refunded so far, in whole TWD, less what active refund
 * allowances already cover. Both are capped at what is still allowable. Online agreement (the store's
 * choice) needs the buyer's e-mail and a callback URL; otherwise the paper agreement. Pure: whether the
 * store allows on refund at all is the caller's call.
 */
export function refundAllowancePlan(args: {
  refunded_total: number
  /** Medusa's refunds of the order, when known. */
  refunds?: RefundRecord[] | null
  /** Only this refund (the one the event is about). */
  refund_id?: string | null
  invoice: { id?: string; remaining_allowance_amount?: number | null; total?: number; buyer_email?: string | null }
  allowances: Array<{ status: string; amount: number; metadata?: unknown }> | null | undefined
  /** The store's allowance agreement setting. */
  agreement: AllowanceAgreement
  /** Where ECPay posts an online allowance's answer, or null when the store's URL is unknown. */
  callback_url: string | null
}): RefundAllowancePlan {
  const allowances = args.allowances ?? []
  const refundAllowances = allowances.filter(isRefundAllowance)
  const agreement: AllowanceAgreement = args.agreement === "online" && args.invoice.buyer_email && args.callback_url ? "online" : "paper"
  const available = availableToAllow(args.invoice, allowances)
  const invoiceKey = args.invoice.id ?? "invoice"

  // Allowances made for returns, exchanges, claims and edits already gave the shopper's money back on the
  // invoice: the refunds that pay for them are covered by them (oldest refunds first), not allowed again.
  const byChanges = allowances
    .filter((allowance) => isActiveAllowance(allowance) && isOrderChangeAllowance(allowance))
    .reduce((sum, allowance) => sum + allowance.amount, 0)
  if (!args.refunds?.length) {
    const covered = byChanges + refundAllowances.filter(isActiveAllowance).reduce((sum, allowance) => sum + allowance.amount, 0)
    const refunded = roundHalfUp(args.refunded_total)
    const amount = Math.max(0, Math.min(refunded - covered, available))
    return amount > 0
      ? { amount, agreement, reason: REFUND_REASON, refund_ids: [], idempotency_key: `refund:${invoiceKey}:total:${refunded}` }
      : { ...NO_REFUND_ALLOWANCE, agreement }
  }

  const named = refundsNamedBy(refundAllowances)
  let unnamed =
    byChanges +
    refundAllowances
      .filter((allowance) => isActiveAllowance(allowance) && refundIdsOf(allowance).length === 0)
      .reduce((sum, allowance) => sum + allowance.amount, 0)
  const outstanding: Array<{ id: string; amount: number }> = []
  const oldestFirst = [...args.refunds].sort(
    (a, b) => String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")) || a.id.localeCompare(b.id)
  )
  for (const refund of oldestFirst) {
    if (named.has(refund.id)) {
      continue
    }
    const amount = roundHalfUp(refund.amount)
    const taken = Math.min(unnamed, amount)
    unnamed -= taken
    if (amount - taken > 0) {
      outstanding.push({ id: refund.id, amount: amount - taken })
    }
  }
  const targets = args.refund_id ? outstanding.filter((refund) => refund.id === args.refund_id) : outstanding
  const amount = Math.min(
    targets.reduce((sum, refund) => sum + refund.amount, 0),
    available
  )
  if (amount <= 0) {
    return { ...NO_REFUND_ALLOWANCE, agreement }
  }
  const refund_ids = targets.map((refund) => refund.id)
  return { amount, agreement, reason: REFUND_REASON, refund_ids, idempotency_key: `refund:${invoiceKey}:${refund_ids.join("+")}` }
}
