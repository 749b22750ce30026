import { MedusaError } from "@medusajs/framework/utils"
import { formatTaipeiDate } from "../../../lib/ecpay"
import { voidBlocker } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { invoicePeriodOf, lastVoidableMoment } from "../../../lib/invoice-period"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { findByRelateNumber } from "./ecpay-lookups"
import { EinvoiceOperation } from "./operation"
import { requireIssuedInvoice } from "./order-invoices"

export interface VoidInvoiceInput {
  order_id: string
  /** Sent to ECPay as the void reason (≤ 20 characters). */
  reason: string
  actor: Actor
  /** An automatic void (order canceled) answers "not_applicable" instead of refusing with a 400. */
  automatic?: boolean
  /** This invoice of the order (an additional invoice) rather than the order's issued original. */
  invoice_id?: string
}

/**
 * Voids the order's issued invoice at ECPay (Invalid). Refused before any call when the invoice has
 * allowances (ECPay wants them voided first) or its period's void deadline has passed (an allowance is
 * the way then). An unknown outcome or a refusal is checked with GetIssue: ECPay may have voided it.
 */
export async function voidInvoice(service: EinvoiceModuleService, input: VoidInvoiceInput): Promise<EinvoiceActionResult> {
  const unsubjected = new EinvoiceOperation(service, "void", { order_id: input.order_id, invoice_id: null }, input.actor)
  const refuse = (message: string, code: string) => {
    if (input.automatic) {
      return unsubjected.result("not_applicable", { error_code: code, reason: message })
    }
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, message, code)
  }
  let invoice
  try {
    invoice = input.invoice_id
      ? await requireIssuedInvoiceById(service, input.order_id, input.invoice_id)
      : await requireIssuedInvoice(service, input.order_id)
  } catch (error) {
    if (input.automatic) {
      return unsubjected.result("not_applicable", { error_code: "invoice_not_issued" })
    }
    throw error
  }
  const blocker = voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances: invoice.allowances })
  if (blocker === "allowances") {
    return refuse("This invoice has allowances (折讓): void them first, then void the invoice", "invoice_has_allowances")
  }
  if (blocker === "deadline") {
    const date = new Date(invoice.invoice_date!)
    return refuse(
      `Invoices of period ${invoicePeriodOf(date).label} could be voided until ${lastVoidableMoment(date)} (Taipei); issue an allowance (折讓) instead`,
      "void_past_deadline"
    )
  }

  const op = new EinvoiceOperation(
    service,
    "void",
    { order_id: input.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number },
    input.actor,
    input.reason
  )
  const unavailable = await op.unavailable()
  if (unavailable) {
    return await op.failed("invoice.void_failed", unavailable, { status: invoice.status })
  }
  const markVoided = async (via: string, rtn: { code?: string | number; msg?: string } = {}) => {
    // Another request (another process) may have voided it meanwhile: its void is this one's, recorded once.
    const voidedElsewhere = async () => (await service.retrieveEinvoice(invoice.id)).status === "voided"
    if (await voidedElsewhere()) {
      return op.result("voided", { status: "voided" })
    }
    let voided
    try {
      voided = await op.transitionInvoice("voided", { voided_at: new Date(), void_reason: input.reason })
    } catch (error) {
      if (await voidedElsewhere()) {
        return op.result("voided", { status: "voided" })
      }
      throw error
    }
    await op.audit("invoice.voided", {
      rtn_code: rtn.code ?? 1,
      rtn_msg: rtn.msg ?? null,
      data: { invoice_number: invoice.invoice_number, via },
    })
    return op.result("voided", { status: voided.status })
  }

  await op.audit("invoice.void_requested", { data: { invoice_number: invoice.invoice_number } })
  const call = await op.call((client) =>
    client.invalid({
      InvoiceNo: invoice.invoice_number!,
      InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
      Reason: input.reason,
    })
  )
  if (call.kind === "applied") {
    return await markVoided("invalid", { code: call.value.RtnCode, msg: call.value.RtnMsg })
  }
  // A refusal may mean it is already voided (e.g. in ECPay's back office), and an unknown outcome
  // may have voided it: ask ECPay.
  const found = await findByRelateNumber(op, invoice.relate_number)
  if (found.kind === "found" && found.issue.IIS_Invalid_Status === "1") {
    return await markVoided(call.kind === "unknown" ? "reconciled after unknown outcome" : "reconciled after refusal")
  }
  return await op.failed("invoice.void_failed", call, { status: invoice.status })
}

/** One issued invoice of the order by its id (an additional invoice), or the 400 `invoice_not_issued`. */
async function requireIssuedInvoiceById(service: EinvoiceModuleService, orderId: string, invoiceId: string) {
  const [invoice] = await service.listEinvoices({ id: invoiceId, order_id: orderId }, { relations: ["allowances"] })
  if (invoice?.status !== "issued") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The invoice is not an issued invoice of this order", "invoice_not_issued")
  }
  return invoice
}
