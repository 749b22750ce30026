import { MedusaError } from "@medusajs/framework/utils"
import { formatTaipeiDate } from "../../../lib/ecpay"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { paperReason, type PrintStyle } from "../../../lib/invoice-paper"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { EinvoiceOperation } from "./operation"
import { requireIssuedInvoice } from "./order-invoices"

export interface OpenPrintPageInput {
  order_id: string
  /** ECPay's PrintStyle: 1 single-sided A4 (default), 2 double-sided A4, 3 thermal. */
  style?: PrintStyle
  actor: Actor
}

/**
 * Asks ECPay for the printable page of the order's invoice proof (電子發票證明聯, InvoicePrint) and answers
 * its address (`print_url`). Only for invoices that need paper (lib/invoice-paper): a carrier or donated
 * invoice is never printed unless it won on a member carrier. A second print is sent as a reprint.
 */
export async function openPrintPage(service: EinvoiceModuleService, input: OpenPrintPageInput): Promise<EinvoiceActionResult> {
  const invoice = await requireIssuedInvoice(service, input.order_id)
  const reason = paperReason(invoice)
  if (!reason) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      invoice.remaining_allowance_amount === 0
        ? "The invoice is fully reduced by allowances: ECPay prints no proof for it"
        : "The invoice is in a carrier or donated: its proof is printed only for a printed invoice or a winning member-carrier invoice",
      "invoice_not_printable"
    )
  }
  const op = new EinvoiceOperation(
    service,
    "print",
    { order_id: input.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number },
    input.actor
  )
  const style = input.style ?? 1
  const about = { status: invoice.status }
  const asked = { data: { print_style: style, paper_reason: reason, reprint: !!invoice.printed_at } }

  const unavailable = await op.unavailable()
  if (unavailable) {
    return await op.failed("invoice.print_failed", unavailable, about, asked)
  }
  const call = await op.call((client) =>
    client.invoicePrint({
      InvoiceNo: invoice.invoice_number!,
      InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
      PrintStyle: style,
      IsShowingDetail: 1,
      ...(invoice.printed_at ? { IsReprintInvoice: "Y" as const } : {}),
    })
  )
  if (call.kind !== "applied") {
    return await op.failed("invoice.print_failed", call, about, asked)
  }
  // The page's address is a short-lived capability: answered to the merchant, not kept in the audit trail.
  await op.audit("invoice.print_opened", { rtn_code: call.value.RtnCode, rtn_msg: call.value.RtnMsg, ...asked })
  return op.result("opened", { ...about, print_url: call.value.InvoiceHtml })
}

export interface MarkPrintedInput {
  invoice_ids: readonly string[]
  actor: Actor
}

export interface MarkPrintedResult {
  invoice_id: string
  order_id: string | null
  invoice_number: string | null
  /** marked | already_printed | not_printable | not_found */
  outcome: "marked" | "already_printed" | "not_printable" | "not_found"
  printed_at: Date | null
  printed_by: string | null
}

/**
 * Records that the paper proofs of these invoices were printed (who and when, in the row and the audit
 * trail), so they leave the "To print" list. Nothing is sent to ECPay. Already marked invoices keep their
 * first mark; invoices that need no paper are refused one by one.
 */
export async function markPrinted(service: EinvoiceModuleService, input: MarkPrintedInput): Promise<MarkPrintedResult[]> {
  const rows = await service.listEinvoices({ id: [...input.invoice_ids] })
  const byId = new Map(rows.map((row) => [row.id, row]))
  const results: MarkPrintedResult[] = []
  for (const id of input.invoice_ids) {
    const invoice = byId.get(id)
    if (!invoice) {
      results.push({ invoice_id: id, order_id: null, invoice_number: null, outcome: "not_found", printed_at: null, printed_by: null })
      continue
    }
    const base = { invoice_id: id, order_id: invoice.order_id, invoice_number: invoice.invoice_number }
    if (invoice.printed_at) {
      results.push({ ...base, outcome: "already_printed", printed_at: invoice.printed_at, printed_by: invoice.printed_by })
      continue
    }
    const reason = paperReason(invoice)
    if (!reason) {
      results.push({ ...base, outcome: "not_printable", printed_at: null, printed_by: null })
      continue
    }
    const printedAt = new Date()
    const printedBy = input.actor.id ?? input.actor.type
    // Only the first mark counts: a second process marking the same invoice at once updates nothing.
    const marked = await service.markPrintedOnce(id, printedAt, printedBy)
    if (!marked) {
      const [after] = await service.listEinvoices({ id })
      results.push({ ...base, outcome: "already_printed", printed_at: after?.printed_at ?? null, printed_by: after?.printed_by ?? null })
      continue
    }
    const op = new EinvoiceOperation(
      service,
      "print",
      { order_id: invoice.order_id, invoice_id: id, invoice_number: invoice.invoice_number },
      input.actor
    )
    await op.audit("invoice.printed", { data: { paper_reason: reason } })
    results.push({ ...base, outcome: "marked", printed_at: printedAt, printed_by: printedBy })
  }
  return results
}
