/**
 * Which tax kind each invoice line is (ECPay's ItemTaxType: 1 taxable, 2 zero-rated, 3 tax-free) and so
 * which TaxType the invoice takes. Pure: it reads plain data that order-for-invoice takes from Medusa's
 * tax lines and product / category metadata.
 *
 * A line's kind, first match wins:
 * 1. the product's metadata `ecpay_tax_kind` ("taxable", "zero_rated", "tax_free");
 * 2. its categories' `ecpay_tax_kind`, when every category that has one says the same;
 * 3. a tax line whose rate is 0 and whose code names a kind (e.g. "TW-EXEMPT", "ZERO_RATED", "免稅");
 * 4. its tax lines' rates: above 0 is taxable; 0 is tax-free (zero-rated when the store's tax type is
 *    zero-rated), since a rate alone cannot tell the two apart;
 * 5. no tax lines at all (no tax region, or a line Medusa computed no tax for): the store's tax type.
 *
 * The marking comes first because it is the merchant's explicit word where Medusa's rates cannot say
 * it (a 0 % rate is both zero-rated and tax-free).
 */

/** ECPay's ItemTaxType: "1" taxable (5 %), "2" zero-rated, "3" tax-free. */
export type TaxKind = "1" | "2" | "3"

/** The product (or category) metadata key a merchant marks tax kinds with. */
export const TAX_KIND_METADATA_KEY = "ecpay_tax_kind"

export interface LineTaxInput {
  /** Medusa's tax lines of the order line or shipping method (rates in percent, as Medusa stores them). */
  tax_lines?: Array<{ rate: number; code?: string | null }> | null
  /** The product's `ecpay_tax_kind`, if any. */
  product_marking?: unknown
  /** Each category's `ecpay_tax_kind`, if any. */
  category_markings?: unknown[]
}

/** Where a line's kind came from (shown nowhere yet; tested, and useful when reading a payload). */
export type TaxKindBasis = "product" | "category" | "tax_code" | "tax_rate" | "store"

const MARKINGS: Record<string, TaxKind> = {
  taxable: "1",
  zerorated: "2",
  zero: "2",
  taxfree: "3",
  exempt: "3",
  taxexempt: "3",
  "1": "1",
  "2": "2",
  "3": "3",
  應稅: "1",
  零稅率: "2",
  免稅: "3",
}

const normalized = (value: string) => value.toLowerCase().replace(/[\s_\-.]+/g, "")

/** A marking as the merchant may write it ("tax_free", "Tax-Free", "免稅", "3"…); null when it names no kind. */
export function parseTaxKind(value: unknown): TaxKind | null {
  if (typeof value !== "string" && typeof value !== "number") {
    return null
  }
  return MARKINGS[normalized(String(value))] ?? null
}

/**
 * The kind a tax rate's code names: the whole code, or its last one or two words ("TW-EXEMPT",
 * "TW_ZERO_RATED", "tax-free"), never "taxable" (a code says nothing against a rate above 0).
 */
export function taxKindOfCode(code: string | null | undefined): Exclude<TaxKind, "1"> | null {
  if (!code) {
    return null
  }
  const words = code
    .toLowerCase()
    .split(/[\s_\-.:/]+/)
    .filter(Boolean)
  const candidates = [words.join(""), words.slice(-2).join(""), words[words.length - 1] ?? ""]
  for (const candidate of candidates) {
    const kind = parseTaxKind(candidate)
    if (kind === "2" || kind === "3") {
      return kind
    }
  }
  return null
}

/** The line's kind and where it came from; `storeTaxType` is the settings' tax_type ("1", "2" or "3"). */
export function lineTaxKind(line: LineTaxInput, storeTaxType: string): { kind: TaxKind; basis: TaxKindBasis } {
  const product = parseTaxKind(line.product_marking)
  if (product) {
    return { kind: product, basis: "product" }
  }
  const categories = new Set((line.category_markings ?? []).map(parseTaxKind).filter((kind): kind is TaxKind => kind !== null))
  if (categories.size === 1) {
    return { kind: [...categories][0], basis: "category" }
  }
  const taxLines = line.tax_lines ?? []
  const store = parseTaxKind(storeTaxType) ?? "1"
  if (!taxLines.length) {
    return { kind: store, basis: "store" }
  }
  const rate = taxLines.reduce((sum, taxLine) => sum + (Number(taxLine.rate) || 0), 0)
  if (rate > 0) {
    return { kind: "1", basis: "tax_rate" }
  }
  const coded = taxLines.map((taxLine) => taxKindOfCode(taxLine.code)).find((kind) => kind !== null)
  if (coded) {
    return { kind: coded, basis: "tax_code" }
  }
  return { kind: store === "2" ? "2" : "3", basis: "tax_rate" }
}

export type InvoiceTaxType = TaxKind | "9"

export type InvoiceTaxPlan = { ok: true; taxType: InvoiceTaxType; zeroRated: boolean } | { ok: false; reason: string }

/**
 * The invoice's TaxType from its lines' kinds: their one kind, or 9 (mixed, each line with its
 * ItemTaxType) when taxable lines meet zero-rated or tax-free ones. ECPay never takes zero-rated and
 * tax-free lines on one invoice: such an order is refused, naming the lines, before anything is sent.
 */
export function invoiceTaxPlan(lines: Array<{ kind: TaxKind; name: string }>): InvoiceTaxPlan {
  const kinds = new Set(lines.map((line) => line.kind))
  if (kinds.has("2") && kinds.has("3")) {
    const names = (kind: TaxKind) => [...new Set(lines.filter((line) => line.kind === kind).map((line) => line.name))].join("、")
    return {
      ok: false,
      reason:
        `Zero-rated lines (${names("2")}) and tax-free lines (${names("3")}) cannot be on one invoice (ECPay takes taxable with ` +
        `either, never both). Correct the products' ${TAX_KIND_METADATA_KEY} marking or tax rates and retry, or invoice this order outside the plugin`,
    }
  }
  const taxType: InvoiceTaxType = kinds.size === 1 ? [...kinds][0] : kinds.size === 0 ? "1" : "9"
  return { ok: true, taxType, zeroRated: kinds.has("2") }
}
