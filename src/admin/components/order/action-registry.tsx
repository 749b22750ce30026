import {
  ArrowPath,
  ArrowUturnLeft,
  CloudArrowDown,
  DocumentText,
  Envelope,
  PencilSquare,
  ReceiptPercent,
  Trash,
  Trophy,
  XCircle,
} from "@medusajs/icons"
import type { ComponentType, ReactNode } from "react"
import {
  createOrderAllowance,
  issueOrderEinvoice,
  printOrderEinvoice,
  reissueOrderEinvoice,
  resendOrderEinvoice,
  syncOrderEinvoice,
  voidOrderAllowance,
  voidOrderEinvoice,
} from "../../hooks/use-order-einvoice"
import type { AdminApiError } from "../../lib/admin-fetch"
import type {
  ActionResponse,
  AllowanceActionId,
  CreateAllowanceBody,
  EinvoiceAllowanceRecord,
  IssueEinvoiceBody,
  OrderEinvoiceActionId,
  OrderEinvoiceView,
  PrintEinvoiceBody,
  ReissueInvoiceBody,
  ResendBody,
  VoidInvoiceBody,
} from "../../lib/types"
import {
  notifyAllowanceCancelResult,
  notifyAllowanceResult,
  notifyAllowanceVoidResult,
  notifyIssueResult,
  notifyPrintResult,
  notifyReissueResult,
  notifyResendResult,
  notifySyncResult,
  notifyVoidResult,
} from "./action-notify"
import { AllowanceForm } from "./allowance-form"
import type { AllowanceSubmissionBody } from "./allowance-form-model"
import { AllowanceVoidConfirm, type AllowanceVoidInput } from "./allowance-void-confirm"
import { IssueConfirm } from "./issue-confirm"
import { PrintDialog } from "./print-dialog"
import type { Translate } from "./labels"
import { CorrectForm, ReissueForm } from "./reissue-form"
import { ResendConfirm } from "./resend-confirm"
import { VoidConfirm } from "./void-confirm"

export { notifyIssueResult }

/** What a confirmation component gets: the view it confirms against, and how to go on. */
export interface ActionConfirmProps {
  action: OrderEinvoiceActionId
  orderId: string
  view: OrderEinvoiceView
  /** The allowance a per-allowance action is about. */
  allowance?: EinvoiceAllowanceRecord
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Runs the action; `input` is passed to the action's `run` (e.g. a void reason). */
  onConfirm: (input?: unknown) => void
  isPending: boolean
  /** The server's refusal, when the action keeps its confirmation open to show it (`keepOpenOn`). */
  error: AdminApiError | null
  /** The server's answer, when the action goes on in its confirmation (`stayOpenOn`: the print page). */
  response: ActionResponse | null
}

/**
 * One invoice action of the order card. The server says which actions are allowed now (`actions`);
 * the card renders one button per id it finds here, in the server's order. Each has a label, an icon,
 * a confirmation (a Prompt with a reason, a Drawer with the allowance form…) and the request to make.
 */
export interface OrderEinvoiceActionDefinition {
  id: OrderEinvoiceActionId
  label: (t: Translate) => string
  icon: ReactNode
  variant: "primary" | "secondary" | "danger"
  /** None: the button runs the action at once (sync). */
  Confirm?: ComponentType<ActionConfirmProps>
  /** The request; it answers with `{ result, ...view }` (the card takes the view from it). */
  run: (orderId: string, input: unknown) => Promise<ActionResponse>
  /** The toast after the request answered 2xx. */
  notify: (t: Translate, response: ActionResponse) => void
  /**
   * Refusals the confirmation shows itself, beside the field they are about, and stays open for (the
   * merchant corrects the input). Any other refusal closes it with a toast, and the card reloads.
   */
  keepOpenOn?: (error: AdminApiError) => boolean
  /** Answers the confirmation goes on from (it gets them as `response`) instead of closing. */
  stayOpenOn?: (response: ActionResponse) => boolean
}

/** Field errors (a 400 that names fields) and the refusal codes that are about the input. */
const inputRefusal =
  (...codes: string[]) =>
  (error: AdminApiError) =>
    error.status === 400 && (error.errors.length > 0 || (!!error.code && codes.includes(error.code)))

/** What differs between the actions built by one of the factories below. */
type OwnPart = Pick<OrderEinvoiceActionDefinition, "id" | "label" | "icon">

/** Issuing and retrying: one confirmation (what will be sent to ECPay) and one request. */
const issueAction = (own: OwnPart): OrderEinvoiceActionDefinition => ({
  ...own,
  variant: "primary",
  Confirm: IssueConfirm,
  run: (orderId) => issueOrderEinvoice(orderId),
  notify: notifyIssueResult,
})

export const ORDER_EINVOICE_ACTIONS: Record<string, OrderEinvoiceActionDefinition> = {
  issue: issueAction({ id: "issue", label: (t) => t("ecpayEinvoice.order.actions.issue"), icon: <ReceiptPercent /> }),
  // Same request: the server retries with the stored RelateNumber, reconciling with ECPay first.
  retry: issueAction({ id: "retry", label: (t) => t("ecpayEinvoice.order.actions.retry"), icon: <ArrowPath /> }),
  // The same request with the corrected choice (after ECPay refused the buyer data).
  correct: {
    id: "correct",
    label: (t) => t("ecpayEinvoice.order.actions.correct"),
    icon: <PencilSquare />,
    variant: "secondary",
    Confirm: CorrectForm,
    run: (orderId, input) => issueOrderEinvoice(orderId, input as IssueEinvoiceBody),
    notify: notifyIssueResult,
    keepOpenOn: inputRefusal("invalid_choice", "choice_locked"),
  },
  void: {
    id: "void",
    label: (t) => t("ecpayEinvoice.order.actions.void"),
    icon: <XCircle />,
    variant: "danger",
    Confirm: VoidConfirm,
    run: (orderId, input) => voidOrderEinvoice(orderId, input as VoidInvoiceBody),
    notify: notifyVoidResult,
    keepOpenOn: inputRefusal(),
  },
  reissue: {
    id: "reissue",
    label: (t) => t("ecpayEinvoice.order.actions.reissue"),
    icon: <PencilSquare />,
    variant: "secondary",
    Confirm: ReissueForm,
    run: (orderId, input) => reissueOrderEinvoice(orderId, input as ReissueInvoiceBody),
    notify: notifyReissueResult,
    // Field errors (`choice.tax_id`, `reason`) and ECPay-format refusals of the corrected data stay in
    // the form; the invoice's state (allowances, deadline) closes it with a toast.
    keepOpenOn: inputRefusal("invalid_choice"),
  },
  allowance: {
    id: "allowance",
    label: (t) => t("ecpayEinvoice.order.actions.allowance"),
    icon: <ArrowUturnLeft />,
    variant: "secondary",
    Confirm: AllowanceForm,
    run: (orderId, input) => {
      const { idempotency_key, ...body } = input as AllowanceSubmissionBody
      return createOrderAllowance(orderId, body as CreateAllowanceBody, idempotency_key)
    },
    notify: notifyAllowanceResult,
    keepOpenOn: inputRefusal(
      "allowance_exceeds_remaining",
      "allowance_line_exceeds",
      "allowance_line_unknown",
      "allowance_empty",
      "email_required",
      "callback_url_missing"
    ),
  },
  print: {
    id: "print",
    label: (t) => t("ecpayEinvoice.order.actions.print"),
    icon: <DocumentText />,
    variant: "secondary",
    Confirm: PrintDialog,
    run: (orderId, input) => printOrderEinvoice(orderId, (input ?? {}) as PrintEinvoiceBody),
    notify: notifyPrintResult,
    // The dialog shows the page's link and "Mark printed".
    stayOpenOn: (response) => response.result.outcome === "opened",
  },
  resend: {
    id: "resend",
    label: (t) => t("ecpayEinvoice.order.actions.resend"),
    icon: <Envelope />,
    variant: "secondary",
    Confirm: ResendConfirm,
    run: (orderId, input) => resendOrderEinvoice(orderId, (input ?? {}) as ResendBody),
    notify: notifyResendResult,
    keepOpenOn: inputRefusal("email_required"),
  },
  // The same request as resend, for the winning notice (InvoiceNotify tag AW).
  notify_award: {
    id: "notify_award",
    label: (t) => t("ecpayEinvoice.order.actions.notify_award"),
    icon: <Trophy />,
    variant: "secondary",
    Confirm: ResendConfirm,
    run: (orderId, input) => resendOrderEinvoice(orderId, { ...((input ?? {}) as ResendBody), notice: "award" }),
    notify: notifyResendResult,
    keepOpenOn: inputRefusal("email_required"),
  },
  sync: {
    id: "sync",
    label: (t) => t("ecpayEinvoice.order.actions.sync"),
    icon: <CloudArrowDown />,
    variant: "secondary",
    // Only reads from ECPay: no confirmation.
    run: (orderId) => syncOrderEinvoice(orderId),
    notify: notifySyncResult,
  },
}

/** Voiding and cancelling an allowance: one confirmation (with the reason) and one request. */
const allowanceVoidAction = (own: OwnPart & Pick<OrderEinvoiceActionDefinition, "notify">): OrderEinvoiceActionDefinition => ({
  ...own,
  variant: "secondary",
  Confirm: AllowanceVoidConfirm,
  run: (orderId, input) => {
    const { allowance_id, reason } = input as AllowanceVoidInput
    return voidOrderAllowance(orderId, allowance_id, { reason })
  },
  keepOpenOn: inputRefusal(),
})

/**
 * The actions of one allowance (its `actions`): void an issued one, cancel an online one still
 * awaiting the buyer's agreement. Same request; ids prefixed so they never clash with the invoice's.
 */
export const ALLOWANCE_ACTIONS: Record<AllowanceActionId, OrderEinvoiceActionDefinition> = {
  void: allowanceVoidAction({
    id: "allowance-void",
    label: (t) => t("ecpayEinvoice.order.actions.allowanceVoid"),
    icon: <Trash />,
    notify: notifyAllowanceVoidResult,
  }),
  cancel: allowanceVoidAction({
    id: "allowance-cancel",
    label: (t) => t("ecpayEinvoice.order.actions.allowanceCancel"),
    icon: <XCircle />,
    notify: notifyAllowanceCancelResult,
  }),
}

/** The server's allowed actions that this admin knows how to offer, in the server's order. */
export function knownActions(actions: OrderEinvoiceActionId[]): OrderEinvoiceActionDefinition[] {
  return actions
    .map((id) => ORDER_EINVOICE_ACTIONS[id])
    .filter((definition): definition is OrderEinvoiceActionDefinition => Boolean(definition))
}

/** The actions the server allows on one allowance now. */
export function knownAllowanceActions(allowance: EinvoiceAllowanceRecord): OrderEinvoiceActionDefinition[] {
  return (allowance.actions ?? [])
    .map((id) => ALLOWANCE_ACTIONS[id])
    .filter((definition): definition is OrderEinvoiceActionDefinition => Boolean(definition))
}
