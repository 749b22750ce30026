import { availableToAllow, isActiveAllowance } from "./einvoice-actions"
import type { AllowanceAgreement } from "./einvoice-types"
import { roundHalfUp } from "./invoice-amounts"

/** ECPay's allowance reason for a refund (≤ 20 characters). */
export const REFUND_REASON = "退款折讓"

export interface RefundAllowancePlan {
  amount: number
  agreement: AllowanceAgreement
  reason: string
}

/** No allowance for the refund. */
export const NO_REFUND_ALLOWANCE: RefundAllowancePlan = { amount: 0, agreement: "paper", reason: REFUND_REASON }

/**
 * How much of a refund still needs an allowance (折讓): everything refunded so far, in whole TWD, less
 * what earlier refund allowances (not voided, rejected or failed) already cover, capped at what is still
 * allowable. Online agreement (the store's choice) needs the buyer's e-mail and a callback URL;
 * otherwise the paper agreement. Pure: whether the store allows on refund at all is the caller's call.
 */
export function refundAllowancePlan(args: {
  refunded_total: number
  invoice: { remaining_allowance_amount?: number | null; total?: number; buyer_email?: string | null }
  allowances: Array<{ status: string; amount: number; metadata?: unknown }> | null | undefined
  /** The store's allowance agreement setting. */
  agreement: AllowanceAgreement
  /** Where ECPay posts an online allowance's answer, or null when the store's URL is unknown. */
  callback_url: string | null
}): RefundAllowancePlan {
  const allowances = args.allowances ?? []
  const covered = allowances
    .filter(
      (allowance) => isActiveAllowance(allowance) && (allowance.metadata as { source?: string } | null | undefined)?.source === "refund"
    )
    .reduce((sum, allowance) => sum + allowance.amount, 0)
  const amount = Math.min(roundHalfUp(args.refunded_total) - covered, availableToAllow(args.invoice, allowances))
  const agreement: AllowanceAgreement = args.agreement === "online" && args.invoice.buyer_email && args.callback_url ? "online" : "paper"
  return { amount: Math.max(0, amount), agreement, reason: REFUND_REASON }
}
