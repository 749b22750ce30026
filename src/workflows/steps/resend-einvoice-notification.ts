import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { actionResult, type EinvoiceActionResult } from "../../lib/einvoice-results"
import { callEcpay, clientFor, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { loadOrderInvoices } from "../utils/current-invoice"

export interface ResendEinvoiceNotificationInput {
  order_id: string
  /** Another address; by default the buyer's e-mail on the invoice. */
  email?: string | null
  actor: Actor
}

/**
 * Asks ECPay to send the buyer the invoice's notification again (InvoiceNotify): the issue notice, or the
 * void notice for a voided invoice.
 */
export const resendEinvoiceNotificationStep = createStep(
  "ecpay-einvoice-resend-notification",
  async (input: ResendEinvoiceNotificationInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const invoices = await loadOrderInvoices(service, input.order_id)
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
    const tag = invoice.status === "voided" ? "II" : "I"
    const about = { invoice_id: invoice.id, invoice_number: invoice.invoice_number, status: invoice.status }
    const done = (outcome: string, rest: Partial<EinvoiceActionResult> = {}) =>
      new StepResponse(actionResult({ order_id: input.order_id, action: "resend", outcome }, { ...about, ...rest }))
    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({
        action,
        einvoice_id: invoice.id,
        order_id: input.order_id,
        actor: input.actor,
        ...extra,
        data: { email, invoice_tag: tag, ...((extra.data as object) ?? {}) },
      })

    const client = await clientFor(service)
    if (!client) {
      await audit("invoice.notification_failed", { success: false, rtn_code: "not_configured", rtn_msg: NOT_CONFIGURED_MESSAGE })
      return done("failed", { error_code: "not_configured", error_message: NOT_CONFIGURED_MESSAGE })
    }
    const call = await callEcpay(() =>
      client.invoiceNotify({ InvoiceNo: invoice.invoice_number!, NotifyMail: email, Notify: "E", InvoiceTag: tag, Notified: "C" })
    )
    if (call.kind === "ok") {
      await audit("invoice.notification_sent", { rtn_code: call.value.RtnCode, rtn_msg: call.value.RtnMsg })
      return done("sent")
    }
    await audit("invoice.notification_failed", { success: false, rtn_code: call.code, rtn_msg: call.message })
    return done(call.kind === "unknown" ? "unknown" : "failed", { error_code: call.code, error_message: call.message })
  }
)
