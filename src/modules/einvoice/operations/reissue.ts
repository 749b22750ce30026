import { MedusaError } from "@medusajs/framework/utils"
import { findRequestIssues, formatTaipeiDate, type GetIssueResponse, type VoidWithReIssueData } from "../../../lib/ecpay"
import { voidBlocker } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { toIssueBuyerFields, toStoredChoice, type InvoiceChoice, type IssueBuyerFields } from "../../../lib/invoice-choice"
import { invoicePeriodOf, lastVoidableMoment } from "../../../lib/invoice-period"
import type { InvoicedOrder } from "../../../lib/order-for-invoice"
import { orderContact, taxFields } from "../../../lib/order-invoice-payload"
import { includedTax } from "../../../lib/sales-tax"
import type { InvoiceLine } from "../../../lib/invoice-amounts"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { storeOrderChoice } from "./choices"
import { findByRelateNumber } from "./ecpay-lookups"
import { buyerColumns } from "./issue"
import { EinvoiceOperation } from "./operation"
import { requireIssuedInvoice, type InvoiceWithAllowances } from "./order-invoices"

export interface ReissueInvoiceInput {
  order_id: string
  /** ECPay's VoidReason (≤ 20 characters). */
  reason: string
  /** The corrected buyer, carrier, donation or company data, as a shopper would give it at checkout. */
  choice: InvoiceChoice
  actor: Actor
  /** The order (its e-mail, phone and name fill what the corrected choice leaves out). */
  order: InvoicedOrder
}

/**
 * Corrects the buyer, carrier, donation or company data of an issued invoice by voiding and re-issuing it
 * under the same number and date (VoidWithReIssue). The lines and amounts stay as issued. Refused, like a
 * void, once the period has locked or while the invoice has allowances. An unknown outcome is reconciled
 * with GetIssue: the correction took effect if ECPay's invoice carries every corrected field.
 */
export async function reissueInvoice(service: EinvoiceModuleService, input: ReissueInvoiceInput): Promise<EinvoiceActionResult> {
  const invoice = await requireIssuedInvoice(service, input.order_id)
  assertCorrectable(invoice)

  const settings = await service.retrieveSettings()
  const stored = toStoredChoice(input.choice)
  const buyer = toIssueBuyerFields(stored, { ...orderContact(input.order.order), address: invoice.buyer_address })
  // The lines as issued, with their ItemTaxType on a mixed invoice (TaxType 9).
  const items = (invoice.items ?? []) as unknown as InvoiceLine[]
  const data = {
    VoidModel: { InvoiceNo: invoice.invoice_number!, VoidReason: input.reason },
    IssueModel: {
      RelateNumber: invoice.relate_number,
      ...buyer,
      ...taxFields(invoice.tax_type, settings, items),
      SalesAmount: invoice.total,
      InvType: "07",
      vat: "1",
      ...(settings.invoice_remark ? { InvoiceRemark: settings.invoice_remark } : {}),
      Items: invoice.items,
      InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!), true),
    },
  } as unknown as VoidWithReIssueData
  // The corrected data is the admin's input: its problems are a 400 naming the field, not ECPay's refusal.
  const issues = findRequestIssues("VoidWithReIssue", data)
  if (issues.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      issues.map((issue) => `${choiceField(issue.field)}: ${issue.message}`).join("; "),
      "invalid_choice"
    )
  }

  const op = new EinvoiceOperation(
    service,
    "reissue",
    { order_id: input.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number },
    input.actor,
    input.reason
  )
  const unavailable = await op.unavailable()
  if (unavailable) {
    return await op.failed("invoice.reissue_failed", unavailable, { status: invoice.status })
  }
  const before = describeBuyer(invoice)
  const adopt = async (random: string | null, via: string, rtn: { code?: number; msg?: string } = {}) => {
    const updated = await op.transitionInvoice("issued", {
      type: stored.type,
      ...buyerColumns(buyer),
      love_code: buyer.LoveCode || null,
      company_tax_id: buyer.CustomerIdentifier || null,
      company_name: stored.type === "company" ? stored.company_name : null,
      // Same total: a company invoice's tax as ECPay splits it, none once it is no longer one.
      tax_amount: buyer.CustomerIdentifier ? includedTax(invoice.total, invoice.tax_type, items) : null,
      ...(random ? { random_number: random } : {}),
    })
    await storeOrderChoice(service, input.order_id, stored)
    await op.audit("invoice.reissued", {
      rtn_code: rtn.code ?? 1,
      rtn_msg: rtn.msg ?? null,
      data: { invoice_number: invoice.invoice_number, before, after: describeBuyer(updated), via },
    })
    return op.result("reissued", { status: updated.status })
  }

  await op.audit("invoice.reissue_requested", { data: { invoice_number: invoice.invoice_number, before, type: stored.type } })
  const call = await op.call((client) => client.voidWithReIssue(data))
  if (call.kind === "applied") {
    return await adopt(call.value.RandomNumber || null, "void_with_reissue", { code: call.value.RtnCode, msg: call.value.RtnMsg })
  }
  if (call.kind === "unknown") {
    const found = await findByRelateNumber(op, invoice.relate_number)
    if (found.kind === "found" && found.issue.IIS_Invalid_Status !== "1" && matchesBuyer(found.issue, buyer)) {
      return await adopt(found.issue.IIS_Random_Number || null, "reconciled after unknown outcome")
    }
  }
  return await op.failed("invoice.reissue_failed", call, { status: invoice.status })
}

/** A correction voids the invoice first: refused (400) when a void would be. */
function assertCorrectable(invoice: InvoiceWithAllowances): void {
  const blocker = voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances: invoice.allowances })
  if (blocker === "allowances") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This invoice has allowances (折讓): void them first, then correct the invoice",
      "invoice_has_allowances"
    )
  }
  if (blocker === "deadline") {
    const date = new Date(invoice.invoice_date!)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Invoices of period ${invoicePeriodOf(date).label} could be corrected until ${lastVoidableMoment(date)} (Taipei); issue an allowance (折讓) and a new invoice instead`,
      "void_past_deadline"
    )
  }
}

function describeBuyer(invoice: {
  type: string
  carrier_type: string | null
  carrier_number: string | null
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  print: boolean
}) {
  return {
    type: invoice.type,
    carrier_type: invoice.carrier_type,
    carrier_number: invoice.carrier_number,
    love_code: invoice.love_code,
    company_tax_id: invoice.company_tax_id,
    company_name: invoice.company_name,
    print: invoice.print,
  }
}

/**
 * Whether ECPay's invoice already carries every corrected field (carrier, donation, company, name, e-mail,
 * print): only then did a re-issue whose answer was lost take effect.
 */
function matchesBuyer(issue: GetIssueResponse, buyer: IssueBuyerFields): boolean {
  const same = (remote: unknown, ours: string) => String(remote ?? "").trim() === ours.trim()
  const identifier = issue.IIS_Identifier === "0000000000" ? "" : issue.IIS_Identifier
  return (
    same(issue.IIS_Carrier_Type, buyer.CarrierType) &&
    (buyer.CarrierType === "1" || same(issue.IIS_Carrier_Num, buyer.CarrierNum)) &&
    same(issue.IIS_Love_Code, buyer.LoveCode) &&
    same(identifier, buyer.CustomerIdentifier) &&
    same(issue.IIS_Customer_Name, buyer.CustomerName) &&
    same(issue.IIS_Customer_Email, buyer.CustomerEmail) &&
    same(issue.IIS_Print_Flag, buyer.Print)
  )
}

/** The admin's field for an ECPay IssueModel field, so a refusal names what the merchant typed. */
const CHOICE_FIELDS: Record<string, string> = {
  CarrierNum: "choice.carrier_number",
  CarrierNum2: "choice.carrier_number2",
  LoveCode: "choice.love_code",
  CustomerIdentifier: "choice.tax_id",
  CustomerName: "choice.company_name",
  CustomerAddr: "choice.address",
  CustomerEmail: "choice.email",
  CustomerPhone: "choice.phone",
  VoidReason: "reason",
}

function choiceField(field: string): string {
  const name = field.replace(/^(IssueModel|VoidModel)\./, "")
  return CHOICE_FIELDS[name] ?? field
}
