import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import type { AllowanceByCollegiateData } from "../../lib/ecpay"
import { actionResult, type EinvoiceActionResult } from "../../lib/einvoice-results"
import { callEcpay, clientFor, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { findNewAllowance, safeDate } from "../utils/ecpay-allowances"
import type { PreparedAllowance } from "./prepare-allowance"

export interface SubmitAllowanceInput {
  order_id: string
  prepared: PreparedAllowance
  actor: Actor
}

/**
 * Sends the allowance to ECPay: Allowance (paper agreement: issued at once) or AllowanceByCollegiate
 * (online: ECPay e-mails the buyer, the allowance waits for the answer). A paper allowance whose outcome is
 * unknown is looked up among the invoice's allowances; what cannot be settled stays pending, still
 * counted against the invoice, until "sync" settles it. ECPay's refusal is recorded, not thrown.
 */
export const submitAllowanceStep = createStep(
  "ecpay-einvoice-submit-allowance",
  async (input: SubmitAllowanceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const { prepared } = input
    const invoice = await service.retrieveEinvoice(prepared.invoice_id)
    const about = {
      invoice_id: invoice.id,
      invoice_number: invoice.invoice_number,
      allowance_id: prepared.allowance_id,
    }
    const done = (outcome: string, rest: Partial<EinvoiceActionResult> = {}) =>
      new StepResponse(actionResult({ order_id: input.order_id, action: "allowance", outcome }, { ...about, ...rest }))
    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({
        action,
        einvoice_id: invoice.id,
        order_id: input.order_id,
        allowance_id: prepared.allowance_id,
        actor: input.actor,
        ...extra,
      })
    const fail = async (code: string, message: string) => {
      await service.transitionAllowance(prepared.allowance_id, "failed", { last_error_code: code, last_error_message: message })
      await audit("allowance.failed", { success: false, rtn_code: code, rtn_msg: message })
      return done("failed", { status: "failed", error_code: code, error_message: message })
    }

    const client = await clientFor(service)
    if (!client) {
      return await fail("not_configured", NOT_CONFIGURED_MESSAGE)
    }

    if (prepared.agreement === "online") {
      const call = await callEcpay(() => client.allowanceByCollegiate(prepared.payload as AllowanceByCollegiateData))
      if (call.kind === "ok") {
        const reply = call.value
        const allowance = await service.transitionAllowance(prepared.allowance_id, "awaiting_agreement", {
          allowance_number: reply.IA_Allow_No,
          expires_at: safeDate(reply.IA_TempExpireDate),
          remaining_after: Number(reply.IA_Remain_Allowance_Amt),
        })
        await service.updateEinvoices({ id: invoice.id, remaining_allowance_amount: Number(reply.IA_Remain_Allowance_Amt) })
        await audit("allowance.awaiting_agreement", {
          rtn_code: reply.RtnCode,
          rtn_msg: reply.RtnMsg,
          data: { allowance_number: reply.IA_Allow_No, notify_email: prepared.payload.NotifyMail, expires_at: reply.IA_TempExpireDate },
        })
        return done("awaiting_agreement", { status: allowance.status, allowance_number: allowance.allowance_number })
      }
      if (call.kind === "refused") {
        return await fail(call.code, call.message)
      }
      // Requests awaiting agreement are not listed by ECPay: the buyer's answer (the callback) will tell.
      return await stayPending(call.code, call.message)
    }

    const call = await callEcpay(() => client.allowance(prepared.payload))
    if (call.kind === "ok") {
      return await adopt(call.value.IA_Allow_No, call.value.IA_Date, Number(call.value.IA_Remain_Allowance_Amt), "allowance", call.value)
    }
    if (call.kind === "refused") {
      return await fail(call.code, call.message)
    }
    const found = await findNewAllowance(client, service, invoice, prepared.payload.AllowanceAmount)
    if (found) {
      return await adopt(found.number, found.date, null, "reconciled after unknown outcome")
    }
    return await stayPending(call.code, call.message)

    async function adopt(
      number: string,
      date: string,
      remaining: number | null,
      via: string,
      reply?: { RtnCode: number; RtnMsg: string }
    ) {
      const left = remaining ?? Math.max(0, (invoice.remaining_allowance_amount ?? invoice.total) - prepared.payload.AllowanceAmount)
      const allowance = await service.transitionAllowance(prepared.allowance_id, "issued", {
        allowance_number: number,
        allowance_date: safeDate(date) ?? new Date(),
        remaining_after: left,
        last_error_code: null,
        last_error_message: null,
      })
      await service.updateEinvoices({ id: invoice.id, remaining_allowance_amount: left })
      await audit("allowance.issued", {
        rtn_code: reply?.RtnCode ?? 1,
        rtn_msg: reply?.RtnMsg ?? null,
        data: { allowance_number: number, amount: prepared.payload.AllowanceAmount, via },
      })
      return done("issued", { status: allowance.status, allowance_number: number })
    }

    async function stayPending(code: string, message: string) {
      const text = `ECPay did not answer (${message}); whether the allowance was made is not known yet. Sync with ECPay before trying again.`
      await service.updateEinvoiceAllowances({ id: prepared.allowance_id, last_error_code: code, last_error_message: text })
      await audit("allowance.unknown", { success: false, rtn_code: code, rtn_msg: message })
      return done("unknown", { status: "pending", error_code: code, error_message: text })
    }
  }
)
