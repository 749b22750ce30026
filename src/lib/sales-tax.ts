/**
 * 銷售額 / 稅額 / 總計 of a company invoice (統一編號): ECPay takes the tax-inclusive total and splits out the
 * 5 % business tax for B2B invoices only (B2C invoices report a tax of 0). The split is ECPay's: the sales
 * amount is the total divided by 1.05, rounded to the dollar, and the tax what is left. Zero-rated (TaxType
 * 2) and tax-free (3) invoices carry no tax. Once synced, ECPay's own tax amount (GetIssue's
 * IIS_Tax_Amount) is what the invoice says.
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

/** The tax ECPay splits out of a tax-inclusive total. */
export function includedTax(total: number, taxType: string): number {
  return taxType === "1" ? total - Math.round(total / (1 + BUSINESS_TAX_RATE)) : 0
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
}): SalesTaxSplit | null {
  if (!invoice.company_tax_id) {
    return null
  }
  const tax = invoice.tax_amount ?? includedTax(invoice.total, invoice.tax_type)
  return { sales_amount: invoice.total - tax, tax_amount: tax, total: invoice.total }
}
