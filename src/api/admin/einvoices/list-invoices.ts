import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../../modules/einvoice"
import type EinvoiceModuleService from "../../../modules/einvoice/service"
import { invoicePeriodOf, parsePeriodLabel, periodRange } from "../../../lib/invoice-period"
import { TO_PRINT_WHERE, WINNING_WHERE } from "../../../lib/invoice-paper"
import type { EinvoiceListItem } from "../../types"
import { derivedInvoiceFields } from "../../utils/order-einvoice-view"

export interface InvoiceListFilter {
  /** One status, or any of several. */
  status?: string | string[]
  period?: string
  q?: string
  /** Only invoices that won the lottery. */
  award?: "winning"
  /** Only invoices still to be printed (whatever their period). */
  paper?: "to_print"
}

/** Two letters and eight digits: an invoice number as ECPay gives it. */
const WHOLE_INVOICE_NUMBER = /^[A-Za-z]{2}\d{8}$/

/** The invoices matching the filter, newest first, each with what its issued allowances took. */
export async function listInvoices(
  container: MedusaContainer,
  filter: InvoiceListFilter,
  page: { limit?: number; offset?: number; oldestFirst?: boolean } = {}
) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const where: Record<string, unknown> = {}
  if (filter.status) {
    where.status = filter.status
  }
  if (filter.period) {
    const { from, to } = periodRange(parsePeriodLabel(filter.period)!)
    where.invoice_date = { $gte: from, $lt: to }
  }
  // Each as a condition of its own, so that none replaces another's key (`status`, `$or`).
  const conditions: Record<string, unknown>[] = []
  if (filter.award === "winning") {
    conditions.push(WINNING_WHERE)
  }
  if (filter.paper === "to_print") {
    conditions.push(TO_PRINT_WHERE)
  }
  if (conditions.length) {
    where.$and = conditions
  }
  if (filter.q) {
    const text = filter.q.replace(/^#/, "")
    // A whole invoice number is looked up by its index; anything else is matched inside the numbers.
    where.$or = WHOLE_INVOICE_NUMBER.test(text)
      ? [{ invoice_number: text.toUpperCase() }, { relate_number: text.toUpperCase() }]
      : [
          { invoice_number: { $ilike: `%${text}%` } },
          { relate_number: { $ilike: `%${text}%` } },
          { order_id: text },
          ...(/^\d{1,9}$/.test(text) ? [{ order_display_id: Number(text) }] : []),
        ]
  }
  const [rows, count] = await service.listAndCountEinvoices(where, {
    relations: ["allowances"],
    // Oldest first by invoice date: the period filter's own index gives them in order.
    order: page.oldestFirst ? { invoice_date: "ASC", id: "ASC" } : { created_at: "DESC" },
    ...(page.limit !== undefined ? { take: page.limit, skip: page.offset ?? 0 } : {}),
  })
  const invoices = rows.map(({ allowances, ...invoice }): EinvoiceListItem<Date> => ({
    ...invoice,
    ...derivedInvoiceFields(invoice),
    period: invoice.invoice_date ? invoicePeriodOf(new Date(invoice.invoice_date)).label : null,
    allowance_total: (allowances ?? [])
      .filter((allowance) => allowance.status === "issued")
      .reduce((sum, allowance) => sum + allowance.amount, 0),
    allowance_count: (allowances ?? []).filter((allowance) => allowance.status === "issued").length,
  }))
  return { invoices, count }
}

/** Rows a page of the period's export reads at a time: the export's memory does not grow with the period. */
export const EXPORT_PAGE_SIZE = 500

/**
 * The numbered invoices of a period, oldest first, a page at a time (an invoice made meanwhile comes last,
 * so none is read twice or missed).
 */
export async function* periodInvoicePages(container: MedusaContainer, period: string) {
  for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
    const { invoices } = await listInvoices(container, { period }, { limit: EXPORT_PAGE_SIZE, offset, oldestFirst: true })
    yield invoices.filter((invoice) => invoice.invoice_number)
    if (invoices.length < EXPORT_PAGE_SIZE) {
      return
    }
  }
}

/** The allowances dated in a period (issued, or issued then voided), oldest first, with their invoice, a page at a time. */
export async function* periodAllowancePages(container: MedusaContainer, period: string) {
  for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
    const rows = await listPeriodAllowances(container, period, { limit: EXPORT_PAGE_SIZE, offset })
    yield rows
    if (rows.length < EXPORT_PAGE_SIZE) {
      return
    }
  }
}

/** The allowances dated in a period (issued, or issued then voided), oldest first, with their invoice. */
export async function listPeriodAllowances(container: MedusaContainer, period: string, page: { limit?: number; offset?: number } = {}) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const { from, to } = periodRange(parsePeriodLabel(period)!)
  const rows = await service.listEinvoiceAllowances(
    { allowance_date: { $gte: from, $lt: to }, status: ["issued", "voided"] },
    {
      relations: ["einvoice"],
      order: { allowance_date: "ASC", id: "ASC" },
      ...(page.limit !== undefined ? { take: page.limit, skip: page.offset ?? 0 } : {}),
    }
  )
  return rows.map((allowance) => ({
    allowance_number: allowance.allowance_number,
    allowance_date: allowance.allowance_date,
    invoice_number: allowance.einvoice.invoice_number,
    invoice_date: allowance.einvoice.invoice_date,
    order_display_id: allowance.einvoice.order_display_id,
    order_id: allowance.einvoice.order_id,
    status: allowance.status,
    agreement: allowance.agreement,
    amount: allowance.amount,
    reason: allowance.reason,
    voided_at: allowance.voided_at,
    void_reason: allowance.void_reason,
  }))
}
