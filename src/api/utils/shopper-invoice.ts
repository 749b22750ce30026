import type { ShopperAllowance, ShopperInvoice } from "../types"
import { maskIdentifier } from "../../lib/mask-identifier"
import { companyAmounts } from "../../lib/sales-tax"

/** What `toShopperInvoice` reads of an invoice (a stored one: dates are `Date`s). */
type ShopperInvoiceSource<D> = Omit<ShopperInvoice<D>, "voided_at" | "allowances" | "company_amounts"> & {
  tax_type: string
  tax_amount: number | null
  voided_at?: D | null
  allowances?: ShopperAllowance<D>[]
}

/**
 * The fields of an invoice a shopper may see: no attempts, errors, RelateNumber or line data; its allowances
 * (折讓). With `maskIdentifiers`, the carrier number and the tax ID are masked (`maskIdentifier`).
 */
export function toShopperInvoice<D>(invoice: ShopperInvoiceSource<D>, options: { maskIdentifiers?: boolean } = {}): ShopperInvoice<D> {
  const shown = options.maskIdentifiers ? maskIdentifier : (value: string | null) => value
  return {
    status: invoice.status,
    invoice_number: invoice.invoice_number,
    invoice_date: invoice.invoice_date,
    random_number: invoice.random_number,
    total: invoice.total,
    type: invoice.type,
    carrier_type: invoice.carrier_type,
    carrier_number: shown(invoice.carrier_number),
    donation: invoice.donation,
    love_code: invoice.love_code,
    company_tax_id: shown(invoice.company_tax_id),
    company_name: invoice.company_name,
    company_amounts: companyAmounts(invoice),
    print: invoice.print,
    voided_at: invoice.voided_at ?? null,
    // The allowances the shopper was (or is being) told about; not ones that never took effect.
    allowances: (invoice.allowances ?? [])
      .filter((allowance) => ["issued", "awaiting_agreement", "voided"].includes(allowance.status) && allowance.allowance_number)
      .map((allowance) => ({
        allowance_number: allowance.allowance_number,
        allowance_date: allowance.allowance_date,
        amount: allowance.amount,
        status: allowance.status,
      })),
  }
}
