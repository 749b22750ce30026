import { ArrowPath, ReceiptPercent } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import type { ComponentType, ReactNode } from "react"
import { issueOrderEinvoice } from "../../hooks/use-order-einvoice"
import type { IssueResponse, IssueResult, OrderEinvoiceActionId, OrderEinvoiceView } from "../../lib/types"
import { ecpayCodeText, isEcpayCode } from "./format"
import { IssueConfirm } from "./issue-confirm"
import type { Translate } from "./labels"

/** What a confirmation component gets: the view it confirms against, and how to go on. */
export interface ActionConfirmProps {
  action: OrderEinvoiceActionId
  orderId: string
  view: OrderEinvoiceView
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Runs the action; `input` is passed to the action's `run` (e.g. a void reason). */
  onConfirm: (input?: unknown) => void
  isPending: boolean
}

/**
 * One invoice action of the order card. The server says which actions are allowed now (`actions`);
 * the card renders one button per id it finds here, in the server's order. Void, allowance,
 * void-and-reissue and resend slot in as new entries: a label, an icon, a confirmation (a Prompt with a
 * reason, a FocusModal with an allowance form…) and the request to make.
 */
export interface OrderEinvoiceActionDefinition {
  id: OrderEinvoiceActionId
  label: (t: Translate) => string
  icon: ReactNode
  variant: "primary" | "secondary" | "danger"
  Confirm: ComponentType<ActionConfirmProps>
  /** The request; it answers with `{ result, ...view }` (the card takes the view from it). */
  run: (orderId: string, input: unknown) => Promise<IssueResponse>
  /** The toast after the request answered 2xx. */
  notify: (t: Translate, response: IssueResponse) => void
}

/** Toasts for the outcome of issue / retry (a refusal by ECPay is a 200 with outcome "failed"). */
export function notifyIssueResult(t: Translate, response: IssueResponse) {
  const result: IssueResult = response.result
  const invoice = response.invoice
  switch (result.outcome) {
    case "issued":
      toast.success(t("ecpayEinvoice.order.toasts.issued", { number: result.invoice_number ?? invoice?.invoice_number ?? "" }))
      return
    case "already_issued":
      toast.info(t("ecpayEinvoice.order.toasts.alreadyIssued"))
      return
    case "pending":
      toast.warning(t("ecpayEinvoice.order.toasts.pending"))
      return
    case "scheduled":
      toast.info(t("ecpayEinvoice.order.toasts.scheduled"))
      return
    case "skipped":
      toast.info(t("ecpayEinvoice.order.toasts.skipped", { reason: invoice?.status_reason ?? result.reason ?? "" }))
      return
    case "failed": {
      const code = result.error_code ?? invoice?.last_error_code ?? null
      const message = result.error_message ?? invoice?.last_error_message ?? invoice?.status_reason ?? ""
      // ECPay's reply as ECPay wrote it; otherwise the server's sentence (the card gives the advice).
      const detail =
        code && isEcpayCode(code) ? t("ecpayEinvoice.order.failure.ecpayReplied", { code: ecpayCodeText(code), message }) : message
      toast.error(t("ecpayEinvoice.order.toasts.failed", { message: detail }))
      return
    }
    default:
      if (result.reason) {
        toast.info(result.reason)
      }
  }
}

export const ORDER_EINVOICE_ACTIONS: Record<string, OrderEinvoiceActionDefinition> = {
  issue: {
    id: "issue",
    label: (t) => t("ecpayEinvoice.order.actions.issue"),
    icon: <ReceiptPercent />,
    variant: "primary",
    Confirm: IssueConfirm,
    run: (orderId) => issueOrderEinvoice(orderId),
    notify: notifyIssueResult,
  },
  retry: {
    id: "retry",
    label: (t) => t("ecpayEinvoice.order.actions.retry"),
    icon: <ArrowPath />,
    variant: "primary",
    Confirm: IssueConfirm,
    // Same request: the server retries with the stored RelateNumber, reconciling with ECPay first.
    run: (orderId) => issueOrderEinvoice(orderId),
    notify: notifyIssueResult,
  },
}

/** The server's allowed actions that this admin knows how to offer, in the server's order. */
export function knownActions(actions: OrderEinvoiceActionId[]): OrderEinvoiceActionDefinition[] {
  return actions
    .map((id) => ORDER_EINVOICE_ACTIONS[id])
    .filter((definition): definition is OrderEinvoiceActionDefinition => Boolean(definition))
}
