import { MedusaError } from "@medusajs/framework/utils"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { isWinning } from "../../../lib/invoice-paper"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { EinvoiceOperation } from "./operation"
import { listOrderInvoices } from "./order-invoices"

export interface ResendNotificationInput {
  order_id: string
  /** Another address; by default the buyer's e-mail on the invoice. */
  email?: string | null
  /** "award": the winning notice (中獎通知) of a winning invoice; by default the issue or void notice. */
  notice?: "default" | "award"
  actor: Actor
}

/**
 * Asks ECPay to send the buyer the invoice's notification again (InvoiceNotify): the issue notice, or the
 * void notice for a voided invoice; or, asked for, the winning notice of an invoice that won.
 */
export async function resendNotification(service: EinvoiceModuleService, input: ResendNotificationInput): Promise<EinvoiceActionResult> {
  const invoices = await listOrderInvoices(service, input.order_id)
  const invoice =
    invoices.find((candidate) => candidate.status === "issued") ??
    invoices.find((candidate) => candidate.status === "voided" && candidate.invoice_number)
  if (!invoice) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The order has no issued e-invoice to notify about", "invoice_not_issued")
  }
  const email = (input.email ?? invoice.buyer_email ?? "").trim()
  if (!email) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "email: the invoice has no buyer e-mail; give the address to send the notification to",
      "email_required"
    )
  }
  const award = input.notice === "award"
  if (award && (invoice.status !== "issued" || !isWinning(invoice.award_status))) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "The invoice has not won (as far as the last sync from ECPay knows): there is no winning notice to send",
      "invoice_not_winning"
    )
  }
  const tag = award ? "AW" : invoice.status === "voided" ? "II" : "I"
  const op = new EinvoiceOperation(
    service,
    "resend",
    { order_id: input.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number },
    input.actor
  )
  const about = { status: invoice.status }
  const sentTo = { data: { email, invoice_tag: tag } }

  const unavailable = await op.unavailable()
  if (unavailable) {
    return await op.failed("invoice.notification_failed", unavailable, about, sentTo)
  }
  const call = await op.call((client) =>
    client.invoiceNotify({ InvoiceNo: invoice.invoice_number!, NotifyMail: email, Notify: "E", InvoiceTag: tag, Notified: "C" })
  )
  if (call.kind !== "applied") {
    return await op.failed("invoice.notification_failed", call, about, sentTo)
  }
  await op.audit("invoice.notification_sent", { rtn_code: call.value.RtnCode, rtn_msg: call.value.RtnMsg, ...sentTo })
  return op.result("sent", about)
}
