import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { allowanceActions } from "../../lib/einvoice-actions"
import { invoicePeriodOf, lastVoidableMoment } from "../../lib/invoice-period"
import { actionResult, type EinvoiceActionResult } from "../../lib/einvoice-results"
import { callEcpay, clientFor, findByRelateNumber, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { listInvoiceAllowances, parseAmount } from "../utils/ecpay-allowances"

export interface VoidAllowanceInput {
  order_id: string
  allowance_id: string
  reason: string
  actor: Actor
}

/**
 * Voids an issued allowance (AllowanceInvalid, until its period locks) or cancels an online one the buyer
 * has not answered (AllowanceInvalidByCollegiate). Either gives the amount back to the invoice.
 */
export const voidAllowanceStep = createStep(
  "ecpay-einvoice-void-allowance",
  async (input: VoidAllowanceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const [allowance] = await service.listEinvoiceAllowances({ id: input.allowance_id }, { relations: ["einvoice"] })
    if (!allowance || allowance.einvoice?.order_id !== input.order_id) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `The order has no allowance ${input.allowance_id}`)
    }
    const invoice = allowance.einvoice
    const actions = allowanceActions(allowance, { enabled: true })
    if (!actions.length) {
      const pastDeadline = allowance.status === "issued" && allowance.allowance_date
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        pastDeadline
          ? `Allowances of period ${invoicePeriodOf(new Date(allowance.allowance_date!)).label} could be voided until ${lastVoidableMoment(new Date(allowance.allowance_date!))} (Taipei)`
          : `This allowance is ${allowance.status.replace(/_/g, " ")} and cannot be voided`,
        pastDeadline ? "void_past_deadline" : "allowance_not_voidable"
      )
    }
    const cancelOnline = actions.includes("cancel")
    const about = {
      invoice_id: invoice.id,
      invoice_number: invoice.invoice_number,
      allowance_id: allowance.id,
      allowance_number: allowance.allowance_number,
    }
    const done = (outcome: string, rest: Partial<EinvoiceActionResult> = {}) =>
      new StepResponse(actionResult({ order_id: input.order_id, action: "allowance_void", outcome }, { ...about, ...rest }))
    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({
        action,
        einvoice_id: invoice.id,
        order_id: input.order_id,
        allowance_id: allowance.id,
        actor: input.actor,
        reason: input.reason,
        ...extra,
      })

    const client = await clientFor(service)
    if (!client) {
      await audit("allowance.void_failed", { success: false, rtn_code: "not_configured", rtn_msg: NOT_CONFIGURED_MESSAGE })
      return done("failed", { status: allowance.status, error_code: "not_configured", error_message: NOT_CONFIGURED_MESSAGE })
    }
    const data = { InvoiceNo: invoice.invoice_number!, AllowanceNo: allowance.allowance_number!, Reason: input.reason }
    const call = await callEcpay(() =>
      cancelOnline ? client.allowanceInvalidByCollegiate(data) : client.allowanceInvalid(data)
    )
    const markVoided = async (via: string, rtn: { code?: number; msg?: string } = {}) => {
      const voided = await service.transitionAllowance(allowance.id, "voided", { voided_at: new Date(), void_reason: input.reason })
      // ECPay's own figure when it answers (an earlier sync may already have counted this void back in).
      const found = await findByRelateNumber(client, invoice.relate_number)
      const remote = found.kind === "found" ? parseAmount(found.issue.IIS_Remain_Allowance_Amt) : null
      const current = await service.retrieveEinvoice(invoice.id)
      await service.updateEinvoices({
        id: invoice.id,
        remaining_allowance_amount:
          remote ?? Math.min(current.total, (current.remaining_allowance_amount ?? current.total) + allowance.amount),
      })
      await audit(cancelOnline ? "allowance.canceled" : "allowance.voided", {
        rtn_code: rtn.code ?? 1,
        rtn_msg: rtn.msg ?? null,
        data: { allowance_number: allowance.allowance_number, amount: allowance.amount, via },
      })
      return done("voided", { status: voided.status })
    }
    if (call.kind === "ok") {
      return await markVoided(cancelOnline ? "allowance_invalid_by_collegiate" : "allowance_invalid", {
        code: call.value.RtnCode,
        msg: call.value.RtnMsg,
      })
    }
    if (!cancelOnline) {
      // Refused because it is already voided (back office), or an unknown outcome that went through: ask ECPay.
      const listed = await listInvoiceAllowances(client, invoice)
      if (listed?.some((entry) => entry.number === allowance.allowance_number && entry.voided)) {
        return await markVoided(call.kind === "unknown" ? "reconciled after unknown outcome" : "reconciled after refusal")
      }
    }
    await audit("allowance.void_failed", { success: false, rtn_code: call.code, rtn_msg: call.message })
    return done(call.kind === "unknown" ? "unknown" : "failed", {
      status: allowance.status,
      error_code: call.code,
      error_message: call.message,
    })
  }
)
