import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { formatTaipeiDate } from "../../lib/ecpay"
import { voidBlocker } from "../../lib/einvoice-actions"
import { invoicePeriodOf, lastVoidableMoment } from "../../lib/invoice-period"
import { actionResult, type EinvoiceActionResult } from "../../lib/einvoice-results"
import { callEcpay, clientFor, findByRelateNumber, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { requireIssuedInvoice } from "../utils/current-invoice"

export interface VoidEinvoiceInput {
  order_id: string
  /** Sent to ECPay as the void reason (≤ 20 characters). */
  reason: string
  actor: Actor
  /** An automatic void (order canceled) answers "not_applicable" instead of refusing with a 400. */
  automatic?: boolean
}

/**
 * Voids the order's issued invoice at ECPay (Invalid). Refused before any call when the invoice has
 * allowances (ECPay wants them voided first) or its period's void deadline has passed (an allowance is
 * the way then). An unknown outcome is reconciled by GetIssue; ECPay's refusal is recorded, not thrown.
 */
export const voidEinvoiceStep = createStep(
  "ecpay-einvoice-void",
  async (input: VoidEinvoiceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const base = { order_id: input.order_id, action: "void" as const }
    const done = (outcome: string, rest: Partial<EinvoiceActionResult> = {}) =>
      new StepResponse(actionResult({ ...base, outcome }, rest))
    const refuse = (message: string, code: string) => {
      if (input.automatic) {
        return done("not_applicable", { error_code: code, reason: message })
      }
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, message, code)
    }

    let invoice
    try {
      invoice = await requireIssuedInvoice(service, input.order_id)
    } catch (error) {
      if (input.automatic) {
        return done("not_applicable", { error_code: "invoice_not_issued" })
      }
      throw error
    }
    const blocker = voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances: invoice.allowances })
    if (blocker === "allowances") {
      return refuse(
        "This invoice has allowances (折讓): void them first, then void the invoice",
        "invoice_has_allowances"
      )
    }
    if (blocker === "deadline") {
      const date = new Date(invoice.invoice_date!)
      return refuse(
        `Invoices of period ${invoicePeriodOf(date).label} could be voided until ${lastVoidableMoment(date)} (Taipei); issue an allowance (折讓) instead`,
        "void_past_deadline"
      )
    }
    const about = { invoice_id: invoice.id, invoice_number: invoice.invoice_number }
    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({ action, einvoice_id: invoice.id, order_id: input.order_id, actor: input.actor, reason: input.reason, ...extra })

    const client = await clientFor(service)
    if (!client) {
      await audit("invoice.void_failed", { success: false, rtn_code: "not_configured", rtn_msg: NOT_CONFIGURED_MESSAGE })
      return done("failed", { ...about, status: invoice.status, error_code: "not_configured", error_message: NOT_CONFIGURED_MESSAGE })
    }

    const markVoided = async (via: string, rtn: { code?: string | number; msg?: string } = {}) => {
      const voided = await service.transitionInvoice(invoice.id, "voided", { voided_at: new Date(), void_reason: input.reason })
      await audit("invoice.voided", { rtn_code: rtn.code ?? 1, rtn_msg: rtn.msg ?? null, data: { invoice_number: invoice.invoice_number, via } })
      return done("voided", { ...about, status: voided.status })
    }

    await audit("invoice.void_requested", { data: { invoice_number: invoice.invoice_number } })
    const call = await callEcpay(() =>
      client.invalid({
        InvoiceNo: invoice.invoice_number!,
        InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
        Reason: input.reason,
      })
    )
    if (call.kind === "ok") {
      return await markVoided("invalid", { code: call.value.RtnCode, msg: call.value.RtnMsg })
    }
    // A refusal may mean it is already voided (e.g. in ECPay's back office), and an unknown outcome
    // may have voided it: ask ECPay.
    const found = await findByRelateNumber(client, invoice.relate_number)
    if (found.kind === "found" && found.issue.IIS_Invalid_Status === "1") {
      return await markVoided(call.kind === "unknown" ? "reconciled after unknown outcome" : "reconciled after refusal")
    }
    await audit("invoice.void_failed", { success: false, rtn_code: call.code, rtn_msg: call.message })
    return done(call.kind === "unknown" ? "unknown" : "failed", {
      ...about,
      status: invoice.status,
      error_code: call.code,
      error_message: call.message,
    })
  }
)
