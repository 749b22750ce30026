// The toasts after an invoice action answered 2xx. A refusal by ECPay is a 200 with outcome "failed"
// (ECPay's code and message as ECPay wrote them); "unknown" means ECPay did not answer clearly.
import { toast } from "@medusajs/ui"
import type { ActionResponse, ActionResult } from "../../lib/types"
import { ecpayCodeText, isEcpayCode } from "./format"
import { refusalText, type Translate } from "./labels"

/** ECPay's reply as ECPay wrote it; otherwise the plugin's reason in words, or its sentence. */
export function failureText(t: Translate, code: string | null | undefined, message: string): string {
  if (code && isEcpayCode(code)) {
    return t("ecpayEinvoice.order.failure.ecpayReplied", { code: ecpayCodeText(code), message })
  }
  return refusalText(t, code, message) || code || ""
}

/** Toasts for the outcome of issue / retry. */
export function notifyIssueResult(t: Translate, response: ActionResponse) {
  const result: ActionResult = response.result
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

/** The after-issue actions, as their toasts are grouped under `ecpayEinvoice.order.toasts`. */
type AfterIssueToasts = "void" | "reissue" | "allowance" | "allowanceVoid" | "allowanceCancel" | "resend" | "sync" | "print"

/**
 * The toast of an after-issue action: `successes` by outcome; "failed" with ECPay's code and message;
 * "unknown" explains that the plugin checks again (and that Sync is there); anything else (e.g. the
 * server found nothing to do) says the server's reason.
 */
function notifyAfterIssue(t: Translate, kind: AfterIssueToasts, result: ActionResult, successes: Record<string, () => void>) {
  const success = successes[result.outcome]
  if (success) {
    success()
    return
  }
  switch (result.outcome) {
    case "failed":
      toast.error(
        t(`ecpayEinvoice.order.toasts.${kind}.failed`, {
          message: failureText(t, result.error_code, result.error_message ?? result.reason ?? ""),
        })
      )
      return
    case "unknown":
      toast.warning(t(`ecpayEinvoice.order.toasts.${kind}.unknown`))
      return
    default: {
      const message = refusalText(t, result.error_code, result.reason ?? result.error_message ?? "")
      if (message) {
        toast.info(message)
      }
    }
  }
}

export function notifyVoidResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "void", result, {
    voided: () =>
      toast.success(
        t("ecpayEinvoice.order.toasts.void.voided", { number: result.invoice_number ?? response.invoice?.invoice_number ?? "" })
      ),
  })
}

export function notifyReissueResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "reissue", result, {
    reissued: () =>
      toast.success(
        t("ecpayEinvoice.order.toasts.reissue.reissued", { number: result.invoice_number ?? response.invoice?.invoice_number ?? "" })
      ),
  })
}

export function notifyAllowanceResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "allowance", result, {
    issued: () => toast.success(t("ecpayEinvoice.order.toasts.allowance.issued", { number: result.allowance_number ?? "" })),
    awaiting_agreement: () => toast.info(t("ecpayEinvoice.order.toasts.allowance.awaitingAgreement")),
  })
}

export function notifyAllowanceVoidResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "allowanceVoid", result, {
    voided: () => toast.success(t("ecpayEinvoice.order.toasts.allowanceVoid.voided", { number: result.allowance_number ?? "" })),
  })
}

export function notifyAllowanceCancelResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "allowanceCancel", result, {
    voided: () => toast.success(t("ecpayEinvoice.order.toasts.allowanceCancel.voided", { number: result.allowance_number ?? "" })),
  })
}

export function notifyResendResult(t: Translate, response: ActionResponse) {
  notifyAfterIssue(t, "resend", response.result, {
    sent: () => toast.success(t("ecpayEinvoice.order.toasts.resend.sent")),
  })
}

export function notifySyncResult(t: Translate, response: ActionResponse) {
  const { result } = response
  notifyAfterIssue(t, "sync", result, {
    synced: () => {
      const changes = result.changes ?? []
      if (!changes.length) {
        toast.success(t("ecpayEinvoice.order.toasts.sync.unchanged"))
        return
      }
      const words = changes.map((change) => t(`ecpayEinvoice.order.syncChanges.${change}`, { defaultValue: change.replace(/_/g, " ") }))
      toast.success(t("ecpayEinvoice.order.toasts.sync.synced", { changes: words.join(t("ecpayEinvoice.order.listSeparator")) }))
    },
  })
}

/** The print page's link is shown in the dialog (it stays open): a toast only when there is none. */
export function notifyPrintResult(t: Translate, response: ActionResponse) {
  notifyAfterIssue(t, "print", response.result, { opened: () => undefined })
}
