import { isPastVoidDeadline } from "./invoice-period"
import { isWinning, paperReason } from "./invoice-paper"

/**
 * Which invoice actions the admin may take on an order right now. The API returns this list and the
 * admin shows one button per entry, so new actions slot in without changing the widget.
 */
export type EinvoiceAction = "issue" | "retry" | "correct" | "void" | "reissue" | "allowance" | "print" | "resend" | "notify_award" | "sync"

export type AllowanceAction = "void" | "cancel"

export interface ActionContext {
  enabled: boolean
  paid: boolean
  canceled: boolean
  /** The order's current (not voided) invoice, else its latest, if any. */
  invoice: {
    status: string
    invoice_date?: Date | string | null
    remaining_allowance_amount?: number | null
    total?: number
    /** For printing and the winning notice (lib/invoice-paper); without them neither is offered. */
    print?: boolean
    donation?: boolean
    carrier_type?: string | null
    award_status?: string | null
  } | null
  /** Allowances of that invoice. */
  allowances?: Array<{ status: string; amount?: number }>
  now?: Date
}

/** Allowances that keep an invoice from being voided (ECPay: void them first). */
export const ACTIVE_ALLOWANCE_STATUSES = ["pending", "awaiting_agreement", "issued"] as const

export function isActiveAllowance(allowance: { status: string }): boolean {
  return (ACTIVE_ALLOWANCE_STATUSES as readonly string[]).includes(allowance.status)
}

/** Why an issued invoice cannot be voided now, or null when it can. */
export function voidBlocker(context: ActionContext): "status" | "allowances" | "deadline" | null {
  const { invoice } = context
  if (!invoice || invoice.status !== "issued" || !invoice.invoice_date) {
    return "status"
  }
  if ((context.allowances ?? []).some(isActiveAllowance)) {
    return "allowances"
  }
  if (isPastVoidDeadline(new Date(invoice.invoice_date), context.now)) {
    return "deadline"
  }
  return null
}

export function remainingAllowable(invoice: { remaining_allowance_amount?: number | null; total?: number }): number {
  return invoice.remaining_allowance_amount ?? invoice.total ?? 0
}

/**
 * What may still be allowed now: ECPay's remaining amount less allowances whose outcome is not known yet
 * (pending), which may already have taken their amount at ECPay.
 */
export function availableToAllow(
  invoice: { remaining_allowance_amount?: number | null; total?: number },
  allowances: Array<{ status: string; amount?: number }> = []
): number {
  const unsettled = allowances
    .filter((allowance) => allowance.status === "pending")
    .reduce((sum, allowance) => sum + (allowance.amount ?? 0), 0)
  return Math.max(0, remainingAllowable(invoice) - unsettled)
}

export function allowedActions(context: ActionContext): EinvoiceAction[] {
  const actions: EinvoiceAction[] = []
  const { invoice } = context
  const issuable = context.enabled && context.paid && !context.canceled
  if (!invoice || invoice.status === "skipped" || invoice.status === "voided") {
    if (issuable) {
      actions.push("issue")
    }
  } else if (invoice.status === "failed" || invoice.status === "pending") {
    if (issuable) {
      actions.push("retry")
      // Retrying with corrected buyer data: only once ECPay refused (a pending attempt keeps what it sent).
      if (invoice.status === "failed") {
        actions.push("correct")
      }
    }
  }
  if (!context.enabled || !invoice) {
    return actions
  }
  if (invoice.status === "issued") {
    if (!voidBlocker(context)) {
      // Void-and-reissue has the same preconditions as a void.
      actions.push("void", "reissue")
    }
    if (availableToAllow(invoice, context.allowances) > 0) {
      actions.push("allowance")
    }
    const paper = { print: false, donation: false, carrier_type: null, award_status: null, ...invoice }
    if (paperReason(paper)) {
      actions.push("print")
    }
    actions.push("resend")
    if (isWinning(invoice.award_status)) {
      actions.push("notify_award")
    }
    actions.push("sync")
  } else if (invoice.status === "voided") {
    actions.push("resend", "sync")
  }
  return actions
}

/** What may be done with one allowance: void an issued one (until its period locks), cancel a pending online one. */
export function allowanceActions(
  allowance: { status: string; allowance_date?: Date | string | null },
  context: { enabled: boolean; now?: Date }
): AllowanceAction[] {
  if (!context.enabled) {
    return []
  }
  if (allowance.status === "awaiting_agreement") {
    return ["cancel"]
  }
  if (allowance.status === "issued" && allowance.allowance_date && !isPastVoidDeadline(new Date(allowance.allowance_date), context.now)) {
    return ["void"]
  }
  return []
}

/** Payment states in which the order counts as paid for invoicing. */
export const PAID_PAYMENT_STATUSES = ["captured", "partially_refunded"] as const

export function isPaid(paymentStatus: string): boolean {
  return (PAID_PAYMENT_STATUSES as readonly string[]).includes(paymentStatus)
}
