/**
 * Turns an order's lines into ECPay invoice lines in integer TWD that add up exactly to what the
 * shopper paid. Pure: it takes plain numbers, not Medusa objects.
 *
 * Rounding is explicit: the paid total is rounded half-up to whole dollars (SalesAmount), and each
 * line's exact amount is rounded so that the lines sum to it (largest remainder: the lines whose
 * fractions were cut most get the missing dollars first). A line whose whole-dollar amount does not
 * divide by its quantity is split in two lines of adjacent unit prices (e.g. 3 × 33.34 → 2 × 33 and
 * 1 × 34), so ItemPrice × ItemCount = ItemAmount holds in integers on every line. Lines are never merged,
 * so each invoice line keeps its order line's source and tax kind.
 */
import type { TaxKind } from "./line-tax"

export interface SourceLine {
  name: string
  quantity: number
  /** The unit price before discounts, as Medusa stores it (tax-inclusive or not by the price preference); not used for amounts. */
  unitPrice: number
  /** What the shopper paid for the whole line after discounts, tax-inclusive (Medusa's line total always includes tax). */
  total: number
  /** Shown as ItemWord. */
  unit: string
  /** Discount on the line, for the remark. */
  discount?: number
  /** What the line is in the order (e.g. the order item's id), carried to `InvoiceAmounts.sources`. */
  source?: string
  /** Its tax kind (line-tax), carried to each invoice line it becomes as ItemTaxType. */
  taxKind?: TaxKind
}

export interface InvoiceLine {
  ItemSeq: number
  ItemName: string
  ItemCount: number
  ItemWord: string
  ItemPrice: number
  ItemAmount: number
  /** Only on a mixed invoice (TaxType 9): 1 taxable, 2 zero-rated, 3 tax-free. */
  ItemTaxType?: TaxKind
  ItemRemark?: string
}

export interface InvoiceAmounts {
  salesAmount: number
  items: InvoiceLine[]
  /** Per invoice line (same order as `items`): the `source` of the order line it came from, or null. */
  sources: Array<string | null>
}

export const MAX_ITEM_NAME_LENGTH = 100
export const MAX_ITEM_WORD_LENGTH = 6
export const MAX_ITEM_REMARK_LENGTH = 40
export const MAX_ITEMS = 200

export function roundHalfUp(value: number): number {
  // Guard against binary noise such as 1.005 * 100 = 100.49999999999999.
  return Math.sign(value) * Math.round(Math.abs(value) + 1e-9)
}

/**
 * A paid total with cents (a percentage promotion on TWD prices: 15 % off 2,667 is 2,266.95): TWD invoices
 * are whole dollars, so the invoice carries the total rounded half up and the difference is recorded and
 * shown, never left silent. Null for a whole-dollar total.
 */
export interface TotalRounding {
  /** What the shopper paid (Medusa's order total). */
  paid_total: number
  /** SalesAmount: the paid total rounded half up to whole dollars. */
  invoiced_total: number
  /** invoiced − paid, to the cent (between −0.5 and +0.5). */
  difference: number
}

export function totalRounding(paidTotal: number): TotalRounding | null {
  const invoiced = roundHalfUp(paidTotal)
  const difference = Math.round((invoiced - paidTotal) * 100) / 100
  return difference === 0 ? null : { paid_total: paidTotal, invoiced_total: invoiced, difference }
}

/** The rounding recorded in an invoice's metadata (`total_rounding`), if any. */
export function recordedRounding(metadata: unknown): TotalRounding | null {
  const value = (metadata as { total_rounding?: TotalRounding } | null | undefined)?.total_rounding
  return value && typeof value.paid_total === "number" && typeof value.invoiced_total === "number" ? value : null
}

export function buildInvoiceAmounts(lines: SourceLine[], paidTotal: number): InvoiceAmounts {
  const salesAmount = roundHalfUp(paidTotal)
  const payable = lines.filter((line) => line.quantity > 0 && line.total > 0)
  const whole = allocateWholeAmounts(
    payable.map((line) => line.total),
    salesAmount
  )
  const items: InvoiceLine[] = []
  const sources: Array<string | null> = []
  payable.forEach((line, index) => {
    for (const part of splitByQuantity(whole[index], line.quantity)) {
      sources.push(line.source ?? null)
      items.push({
        ItemSeq: items.length + 1,
        ItemName: truncate(line.name.trim() || "商品", MAX_ITEM_NAME_LENGTH),
        ItemCount: part.count,
        ItemWord: truncate(line.unit || "件", MAX_ITEM_WORD_LENGTH),
        ItemPrice: part.price,
        ItemAmount: part.count * part.price,
        ...(line.taxKind ? { ItemTaxType: line.taxKind } : {}),
        ...(line.discount && line.discount > 0
          ? { ItemRemark: truncate(`折扣 ${formatAmount(line.discount)}`, MAX_ITEM_REMARK_LENGTH) }
          : {}),
      })
    }
  })
  return { salesAmount, items, sources }
}

/** Rounds each amount to whole dollars so that they sum exactly to `target`. */
export function allocateWholeAmounts(amounts: number[], target: number): number[] {
  if (!amounts.length) {
    return []
  }
  const exactTotal = amounts.reduce((sum, amount) => sum + amount, 0)
  // Scale first when the lines do not add up to the paid total (e.g. an order-level adjustment).
  const scale = exactTotal > 0 ? target / exactTotal : 0
  const scaled = amounts.map((amount) => amount * scale)
  const floors = scaled.map((amount) => Math.floor(amount + 1e-9))
  let missing = target - floors.reduce((sum, amount) => sum + amount, 0)
  const byRemainder = scaled
    .map((amount, index) => ({ index, remainder: amount - floors[index] }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  for (let i = 0; missing > 0; i = (i + 1) % byRemainder.length, missing--) {
    floors[byRemainder[i].index] += 1
  }
  return floors
}

function splitByQuantity(amount: number, quantity: number): Array<{ count: number; price: number }> {
  if (Number.isInteger(quantity) && quantity > 1 && amount % quantity !== 0) {
    const base = Math.floor(amount / quantity)
    const upper = amount - base * quantity
    return [
      { count: quantity - upper, price: base },
      { count: upper, price: base + 1 },
    ].filter((part) => part.count > 0)
  }
  if (!Number.isInteger(quantity)) {
    // Fractional quantities (by weight): one line priced at its total.
    return [{ count: 1, price: amount }]
  }
  return [{ count: quantity, price: amount / quantity }]
}

function truncate(value: string, max: number): string {
  const chars = Array.from(value)
  return chars.length <= max ? value : chars.slice(0, max).join("")
}

function formatAmount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}
