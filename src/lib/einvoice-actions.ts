/**
 * Which invoice actions the admin may take on an order right now. The API returns this list and the
 * admin shows one button per entry, so new actions slot in without changing the widget.
 */
export type EinvoiceAction = "issue" | "retry"

export interface ActionContext {
  enabled: boolean
  paid: boolean
  canceled: boolean
  /** The order's current (not voided) invoice, if any. */
  invoice: { status: string } | null
}

export function allowedActions(context: ActionContext): EinvoiceAction[] {
  const actions: EinvoiceAction[] = []
  const { invoice } = context
  const issuable = context.enabled && context.paid && !context.canceled
  if (!invoice || invoice.status === "skipped") {
    if (issuable) {
      actions.push("issue")
    }
  } else if (invoice.status === "failed" || invoice.status === "pending") {
    if (issuable) {
      actions.push("retry")
    }
  }
  return actions
}

/** Payment states in which the order counts as paid for invoicing. */
export const PAID_PAYMENT_STATUSES = ["captured", "partially_refunded"] as const

export function isPaid(paymentStatus: string): boolean {
  return (PAID_PAYMENT_STATUSES as readonly string[]).includes(paymentStatus)
}
