/**
 * 銷售額 / 稅額 / 總計 of a company invoice (統一編號): ECPay takes the tax-inclusive total and splits out the
 * 5 % business tax for B2B invoices only (B2C invoices report a tax of 0). The split is ECPay's: the sales
 * amount is the total divided by 1.05, rounded to the dollar, and the tax what is left. Zero-rated (TaxType
 * 2) and tax-free (3) invoices carry no tax; a mixed one (9) only on its taxable lines (ItemTaxType 1),
 * split the same way from their sum. Once synced, ECPay's own tax amount (GetIssue's IIS_Tax_Amount) is
 * what the invoice says.
 */

/** The rate of TaxType 1 (應稅). */
export const BUSINESS_TAX_RATE = 0.05

export interface SalesTaxSplit {
  /** 銷售額: without the tax. */
  sales_amount: number
  /** 稅額 */
  tax_amount: number
  /** 總計: what the buyer paid. */
  total: number
}

/** An invoice line as stored (the Items sent to ECPay): its amount and, on a mixed invoice, its kind. */
export interface TaxedLine {
  ItemAmount: number
  ItemTaxType?: string
}

/**
 * The tax ECPay splits out of a tax-inclusive total; for a mixed invoice (TaxType 9), out of the sum of
 * its taxable lines.
 */
export function includedTax(total: number, taxType: string, items?: readonly TaxedLine[] | null): number {
  if (taxType === "9") {
    const taxable = (items ?? []).filter((item) => item.ItemTaxType === "1").reduce((sum, item) => sum + item.ItemAmount, 0)
    return taxOf(Math.round(taxable))
  }
  return taxType === "1" ? taxOf(total) : 0
}

function taxOf(taxInclusive: number): number {
  return taxInclusive - Math.round(taxInclusive / (1 + BUSINESS_TAX_RATE))
}

/**
 * The split a company invoice shows, from its stored tax (ECPay's, once synced or computed at issue) or
 * computed as ECPay does; null for an invoice without a tax ID (no split on B2C invoices).
 */
export function companyAmounts(invoice: {
  company_tax_id: string | null
  total: number
  tax_type: string
  tax_amount: number | null
  /** The Items as stored (a JSON column); needed for a mixed invoice. */
  items?: unknown
}): SalesTaxSplit | null {
  if (!invoice.company_tax_id) {
    return null
  }
  const items = Array.isArray(invoice.items) ? (invoice.items as TaxedLine[]) : null
  const tax = invoice.tax_amount ?? includedTax(invoice.total, invoice.tax_type, items)
  return { sales_amount: invoice.total - tax, tax_amount: tax, total: invoice.total }
}
