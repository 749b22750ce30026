import { MedusaError } from "@medusajs/framework/utils"
import { parseAmount } from "../../../lib/ecpay"
import { allowanceActions } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { invoicePeriodOf, lastVoidableMoment } from "../../../lib/invoice-period"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { findByRelateNumber, listInvoiceAllowances } from "./ecpay-lookups"
import { EinvoiceOperation } from "./operation"

export interface VoidAllowanceInput {
  order_id: string
  allowance_id: string
  reason: string
  actor: Actor
}

/**
 * Voids an issued allowance (AllowanceInvalid, until its period locks) or cancels an online one the buyer
 * has not answered (AllowanceInvalidByCollegiate). Either gives the amount back to the invoice. An
 * allowance that is not the order's is a 404; one that cannot be voided now, a 400 that says why.
 * A void ECPay refused, or whose outcome is unknown, is looked up in the invoice's allowances: it may
 * already be voided (e.g. in ECPay's back office).
 */
export async function voidAllowance(service: EinvoiceModuleService, input: VoidAllowanceInput): Promise<EinvoiceActionResult> {
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
  const op = new EinvoiceOperation(
    service,
    "allowance_void",
    {
      order_id: input.order_id,
      invoice_id: invoice.id,
      invoice_number: invoice.invoice_number,
      allowance_id: allowance.id,
      allowance_number: allowance.allowance_number,
    },
    input.actor,
    input.reason
  )
  const unavailable = await op.unavailable()
  if (unavailable) {
    return await op.failed("allowance.void_failed", unavailable, { status: allowance.status })
  }

  const markVoided = async (via: string, rtn: { code?: number; msg?: string } = {}) => {
    const voided = await op.transitionAllowance("voided", { voided_at: new Date(), void_reason: input.reason })
    // ECPay's own figure when it answers (an earlier sync may already have counted this void back in).
    const found = await findByRelateNumber(op, invoice.relate_number)
    const remote = found.kind === "found" ? parseAmount(found.issue.IIS_Remain_Allowance_Amt) : null
    const current = await service.retrieveEinvoice(invoice.id)
    await service.updateEinvoices({
      id: invoice.id,
      remaining_allowance_amount:
        remote ?? Math.min(current.total, (current.remaining_allowance_amount ?? current.total) + allowance.amount),
    })
    await op.audit(cancelOnline ? "allowance.canceled" : "allowance.voided", {
      rtn_code: rtn.code ?? 1,
      rtn_msg: rtn.msg ?? null,
      data: { allowance_number: allowance.allowance_number, amount: allowance.amount, via },
    })
    return op.result("voided", { status: voided.status })
  }

  const data = { InvoiceNo: invoice.invoice_number!, AllowanceNo: allowance.allowance_number!, Reason: input.reason }
  const call = await op.call((client) => (cancelOnline ? client.allowanceInvalidByCollegiate(data) : client.allowanceInvalid(data)))
  if (call.kind === "applied") {
    return await markVoided(cancelOnline ? "allowance_invalid_by_collegiate" : "allowance_invalid", {
      code: call.value.RtnCode,
      msg: call.value.RtnMsg,
    })
  }
  if (!cancelOnline) {
    // Refused because it is already voided (back office), or an unknown outcome that went through: ask ECPay.
    const listed = await listInvoiceAllowances(op, invoice)
    if (listed?.some((entry) => entry.number === allowance.allowance_number && entry.voided)) {
      return await markVoided(call.kind === "unknown" ? "reconciled after unknown outcome" : "reconciled after refusal")
    }
  }
  return await op.failed("allowance.void_failed", call, { status: allowance.status })
}
