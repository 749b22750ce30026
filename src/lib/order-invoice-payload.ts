import { buildInvoiceAmounts, totalRounding, type InvoiceLine, type SourceLine, type TotalRounding } from "./invoice-amounts"
import { toIssueBuyerFields, type IssueBuyerFields, type StoredChoice } from "./invoice-choice"
import type { IssueData } from "./ecpay"
import type { CurrencyRate } from "./einvoice-types"
import { invoiceTaxPlan, lineTaxKind, type InvoiceTaxType, type LineTaxInput } from "./line-tax"

/**
 * Builds the Issue request for an order from plain order data, the shopper's choice and the store
 * settings. Decides, before anything is sent, whether the order can be invoiced at all.
 */

export interface OrderForInvoice {
  id: string
  display_id?: number | null
  currency_code: string
  email?: string | null
  total: number
  /** Each with its tax lines and its product's / categories' tax-kind marking (line-tax). */
  items: Array<
    {
      /** Medusa's order line item id: which invoice lines an order line became (returns, edits). */
      id?: string
      title: string
      product_title?: string | null
      variant_title?: string | null
      quantity: number
      unit_price: number
      total: number
      discount_total?: number | null
    } & LineTaxInput
  >
  shipping_methods: Array<
    { id?: string; name: string; amount: number; total: number; discount_total?: number | null } & Pick<LineTaxInput, "tax_lines">
  >
  shipping_address?: AddressLike | null
  billing_address?: AddressLike | null
}

export interface AddressLike {
  first_name?: string | null
  last_name?: string | null
  company?: string | null
  phone?: string | null
  address_1?: string | null
  address_2?: string | null
  city?: string | null
  province?: string | null
  postal_code?: string | null
}

export interface InvoiceSettingsForPayload {
  tax_type: string
  clearance_mark: string | null
  zero_tax_rate_reason: string | null
  item_word: string
  invoice_remark: string | null
  /** TWD rates for orders in other currencies (none: such orders are not invoiced). */
  currency_rates?: CurrencyRate[]
}

/** An order in another currency, invoiced in TWD: its currency, the rate used, and its total in its own currency. */
export interface CurrencyConversion {
  currency_code: string
  rate: number
  order_total: number
}

/** The conversion recorded in an invoice's metadata (`currency_conversion`), if any. */
export function recordedConversion(metadata: unknown): CurrencyConversion | null {
  const value = (metadata as { currency_conversion?: CurrencyConversion } | null | undefined)?.currency_conversion
  return value && typeof value.rate === "number" && value.rate > 0 && typeof value.currency_code === "string" ? value : null
}

export interface IssuePayload extends IssueBuyerFields {
  RelateNumber: string
  TaxType: IssueData["TaxType"]
  ClearanceMark?: IssueData["ClearanceMark"]
  ZeroTaxRateReason?: IssueData["ZeroTaxRateReason"]
  SalesAmount: number
  InvType: "07"
  vat: "1"
  InvoiceRemark?: string
  Items: InvoiceLine[]
}

export type PayloadDecision =
  | {
      kind: "issue"
      payload: IssuePayload
      rounding: TotalRounding | null
      conversion: CurrencyConversion | null
      /** Per invoice line (ItemSeq − 1): the order item (`item:<id>`) or shipping method (`shipping:<id>`) it is for. */
      line_sources: Array<string | null>
    }
  | { kind: "skip"; reason: string }

export function buildIssuePayload(input: {
  order: OrderForInvoice
  choice: StoredChoice
  settings: InvoiceSettingsForPayload
  relateNumber: string
}): PayloadDecision {
  const { order, choice, settings } = input
  const currency = order.currency_code.toLowerCase()
  let conversion: CurrencyConversion | null = null
  if (currency !== "twd") {
    const rate = settings.currency_rates?.find((entry) => entry.currency_code === currency)?.rate
    if (!rate) {
      // Not an error to put in front of the merchant again and again: such orders are not invoiced here.
      return {
        kind: "skip",
        reason: `Currency ${currency.toUpperCase()}: not invoiced (Taiwanese e-invoices are in TWD; set a TWD rate for ${currency.toUpperCase()} in the settings to invoice such orders)`,
      }
    }
    conversion = { currency_code: currency, rate, order_total: order.total }
  }
  // Every amount in TWD: the order's own, or converted at the merchant's rate.
  const twd = (amount: number) => (conversion ? amount * conversion.rate : amount)
  const lines: SourceLine[] = [
    ...order.items.map((item) => ({
      name: itemName(item),
      quantity: item.quantity,
      unitPrice: twd(item.unit_price),
      total: twd(item.total),
      unit: settings.item_word,
      discount: twd(item.discount_total ?? 0),
      ...(item.id ? { source: `item:${item.id}` } : {}),
      taxKind: lineTaxKind(item, settings.tax_type).kind,
    })),
    ...order.shipping_methods.map((method) => ({
      name: `運費 ${method.name}`.trim(),
      quantity: 1,
      unitPrice: twd(method.amount),
      total: twd(method.total),
      unit: "式",
      discount: twd(method.discount_total ?? 0),
      ...(method.id ? { source: `shipping:${method.id}` } : {}),
      taxKind: lineTaxKind(method, settings.tax_type).kind,
    })),
  ]
  const amounts = buildInvoiceAmounts(lines, twd(order.total))
  const { salesAmount, sources } = amounts
  if (salesAmount <= 0 || !amounts.items.length) {
    return { kind: "skip", reason: "The order total is zero: no invoice is needed" }
  }
  // From the lines invoiced (a free line does not make an invoice mixed); ItemTaxType only when mixed.
  const taxType = invoiceTaxTypeOf(amounts.items)
  const items: InvoiceLine[] = taxType === "9" ? amounts.items : amounts.items.map(({ ItemTaxType: _kind, ...line }) => line)
  const address = order.billing_address ?? order.shipping_address
  const buyer = toIssueBuyerFields(choice, { ...orderContact(order), address: formatAddress(address) })
  return {
    kind: "issue",
    // A converted total has cents by nature: the conversion record says how it was reached.
    rounding: conversion ? null : totalRounding(order.total),
    conversion,
    line_sources: sources,
    payload: {
      RelateNumber: input.relateNumber,
      ...buyer,
      ...taxFields(taxType, settings, items),
      SalesAmount: salesAmount,
      InvType: "07",
      vat: "1",
      ...(settings.invoice_remark ? { InvoiceRemark: settings.invoice_remark } : {}),
      Items: items,
    },
  }
}

/**
 * The TaxType of invoice lines as built (each with its ItemTaxType): their one kind, else 9. Lines that
 * mix zero-rated and tax-free are 9 too: `taxKindConflict` refuses such a payload before it is sent.
 */
export function invoiceTaxTypeOf(items: Array<Pick<InvoiceLine, "ItemName" | "ItemTaxType">>): InvoiceTaxType {
  const plan = invoiceTaxPlan(items.map((item) => ({ kind: item.ItemTaxType ?? "1", name: item.ItemName })))
  return plan.ok ? plan.taxType : "9"
}

/**
 * Why ECPay would refuse a payload's tax kinds, in the merchant's terms (zero-rated and tax-free lines on
 * one invoice, naming them); null when it may be sent.
 */
export function taxKindConflict(payload: Pick<IssuePayload, "TaxType" | "Items">): string | null {
  if (payload.TaxType !== "9") {
    return null
  }
  const plan = invoiceTaxPlan(payload.Items.map((item) => ({ kind: item.ItemTaxType ?? "1", name: item.ItemName })))
  return plan.ok ? null : plan.reason
}

/**
 * TaxType, and for a zero-rated invoice (TaxType 2, or 9 with a zero-rated line) the customs clearance
 * mark and the zero-tax-rate reason ECPay requires with it (the store's settings, else "1" non-customs and
 * "71" export).
 */
export function taxFields(
  taxType: string,
  settings: Pick<InvoiceSettingsForPayload, "clearance_mark" | "zero_tax_rate_reason">,
  items: ReadonlyArray<Pick<InvoiceLine, "ItemTaxType">> = []
): Pick<IssuePayload, "TaxType" | "ClearanceMark" | "ZeroTaxRateReason"> {
  const zeroRated = taxType === "2" || (taxType === "9" && items.some((item) => item.ItemTaxType === "2"))
  return {
    TaxType: taxType as IssueData["TaxType"],
    ...(zeroRated
      ? {
          ClearanceMark: (settings.clearance_mark ?? "1") as IssueData["ClearanceMark"],
          ZeroTaxRateReason: (settings.zero_tax_rate_reason ?? "71") as IssueData["ZeroTaxRateReason"],
        }
      : {}),
  }
}

/** The order's e-mail, phone and name (billing address, else shipping): what fills the buyer fields a choice leaves out. */
export function orderContact(order: Pick<OrderForInvoice, "email" | "billing_address" | "shipping_address">): {
  email: string | null | undefined
  phone: string | null | undefined
  name: string | null
} {
  const address = order.billing_address ?? order.shipping_address
  return {
    email: order.email,
    phone: address?.phone,
    name: [address?.last_name, address?.first_name].filter(Boolean).join("") || null,
  }
}

function itemName(item: OrderForInvoice["items"][number]): string {
  const base = item.product_title || item.title
  return item.variant_title && item.variant_title !== base && !base.includes(item.variant_title) ? `${base} ${item.variant_title}` : base
}

/** Taiwanese address order: postal code, city, district/province, street. */
function formatAddress(address?: AddressLike | null): string | null {
  if (!address) {
    return null
  }
  const text = [address.postal_code, address.city, address.province, address.address_1, address.address_2].filter(Boolean).join("")
  return text || null
}
