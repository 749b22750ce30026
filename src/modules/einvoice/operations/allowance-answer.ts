import { MedusaError } from "@medusajs/framework/utils"
import { parseAmount, parseEcpayDateOrNull, verifyCheckMacValue } from "../../../lib/ecpay"
import type EinvoiceModuleService from "../service"
import { EinvoiceOperation } from "./operation"

export interface AllowanceAnswerInput {
  /** The form ECPay posted to the ReturnURL, as strings. */
  fields: Record<string, string>
}

export interface AllowanceAnswerResult {
  outcome: "agreed" | "rejected" | "already_recorded"
  allowance_id: string
  order_id: string
  invoice_id: string
  allowance_number: string
}

/**
 * Records the buyer's answer to an online allowance, posted by ECPay to the ReturnURL. Authenticated:
 * the CheckMacValue must verify with the store's HashKey/HashIV (401) and a MerchantID, when sent, must
 * be the store's (401); without credentials nothing can be verified (400). An answer about no known
 * online allowance is a 404. Idempotent: a repeated post changes nothing ("already_recorded"). An
 * agreement about a request the sync rejected on its local expiry issues it after all: ECPay holds it as made.
 */
export async function recordAllowanceAnswer(service: EinvoiceModuleService, input: AllowanceAnswerInput): Promise<AllowanceAnswerResult> {
  const { fields } = input
  const credentials = await service.getCredentials()
  if (!credentials) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "ECPay credentials are not configured", "not_configured")
  }
  if (!fields.CheckMacValue || !verifyCheckMacValue(fields, credentials.hashKey, credentials.hashIV)) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "CheckMacValue does not verify", "check_mac_value")
  }
  if (fields.MerchantID !== undefined && fields.MerchantID !== credentials.merchantId) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "MerchantID is not this store's", "merchant_id")
  }

  const number = fields.IA_Allow_No ?? ""
  const invoiceNumber = fields.IA_Invoice_No ?? ""
  const allowance = await findAnsweredAllowance(service, number, invoiceNumber)
  if (!allowance || (invoiceNumber && allowance.einvoice.invoice_number !== invoiceNumber)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No online allowance ${number || "(none)"} for invoice ${invoiceNumber}`)
  }
  const invoice = allowance.einvoice
  const result = (outcome: AllowanceAnswerResult["outcome"]): AllowanceAnswerResult => ({
    outcome,
    allowance_id: allowance.id,
    order_id: invoice.order_id,
    invoice_id: invoice.id,
    allowance_number: number || allowance.allowance_number || "",
  })
  const agreed = fields.RtnCode === "1"
  // The hourly sync rejects a request the buyer left unanswered past its expiry by our clock; ECPay's
  // verified agreement arriving afterwards is the truth: the allowance was made, so it is issued.
  const lateAgreement = agreed && allowance.status === "rejected"
  if (allowance.status !== "awaiting_agreement" && allowance.status !== "pending" && !lateAgreement) {
    return result("already_recorded")
  }

  const op = new EinvoiceOperation(
    service,
    "allowance",
    { order_id: invoice.order_id, invoice_id: invoice.id, allowance_id: allowance.id },
    { type: "ecpay" }
  )
  const remaining = parseAmount(fields.IIS_Remain_Allowance_Amt)
  try {
    await op.transitionAllowance(agreed ? "issued" : "rejected", {
      allowance_number: number || allowance.allowance_number,
      ...(agreed ? { allowance_date: parseEcpayDateOrNull(fields.IA_Date) ?? new Date() } : {}),
      ...(remaining !== null ? { remaining_after: remaining } : {}),
      last_error_code: agreed ? null : (fields.RtnCode ?? null),
      last_error_message: agreed ? null : (fields.RtnMsg ?? null),
    })
  } catch (error) {
    // A concurrent post of the same answer got there first: then the row is already final.
    const now = await service.retrieveEinvoiceAllowance(allowance.id)
    if ((agreed ? ["issued", "voided"] : ["issued", "rejected", "voided"]).includes(now.status)) {
      return result("already_recorded")
    }
    throw error
  }
  if (remaining !== null) {
    await service.updateEinvoices({ id: invoice.id, remaining_allowance_amount: remaining })
  }
  await op.audit(agreed ? "allowance.agreed" : "allowance.rejected", {
    success: agreed,
    rtn_code: fields.RtnCode ?? null,
    rtn_msg: fields.RtnMsg ?? null,
    data: {
      allowance_number: number,
      remaining_allowance_amount: fields.IIS_Remain_Allowance_Amt,
      ...(lateAgreement ? { was: "rejected", after_local_expiry: true } : {}),
    },
  })
  return result(agreed ? "agreed" : "rejected")
}

/**
 * The allowance an answer is about: by its number, else — when the request's reply was lost, so the
 * number is not stored yet — the invoice's one open online request.
 */
async function findAnsweredAllowance(service: EinvoiceModuleService, number: string, invoiceNumber: string) {
  const [byNumber] = number ? await service.listEinvoiceAllowances({ allowance_number: number }, { relations: ["einvoice"] }) : []
  if (byNumber || !invoiceNumber) {
    return byNumber
  }
  const [invoice] = await service.listEinvoices({ invoice_number: invoiceNumber }, { relations: ["allowances"] })
  const open = (invoice?.allowances ?? []).filter(
    (candidate) => candidate.agreement === "online" && candidate.status === "pending" && !candidate.allowance_number
  )
  if (open.length !== 1) {
    return undefined
  }
  const [only] = await service.listEinvoiceAllowances({ id: open[0].id }, { relations: ["einvoice"] })
  return only
}
