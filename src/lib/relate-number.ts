import { createHash } from "node:crypto"

/**
 * The RelateNumber (ECPay's merchant-side unique key) of an order's invoice, derived from the order
 * so that every attempt for the same invoice uses the same one: prefix + display id + a 6-character
 * digest of the order id (so that two stores or databases sharing a MerchantID and prefix do not
 * collide on display ids) + "R<n>" for the n-th invoice after earlier ones were voided, or "A<n>" for the
 * order's n-th additional invoice (what an order change added after issuing).
 * Uppercase letters and digits only, at most 30 characters (ECPay compares them ignoring case).
 */
export function deriveRelateNumber(input: {
  prefix: string
  orderId: string
  displayId?: number | null
  sequence?: number
  additional?: number
}): string {
  const prefix = input.prefix
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 10)
  const digest = BigInt(`0x${createHash("sha256").update(input.orderId).digest("hex").slice(0, 12)}`)
    .toString(36)
    .toUpperCase()
    .padStart(6, "0")
    .slice(-6)
  const display = input.displayId ? String(input.displayId) : ""
  const sequence = input.additional ? `A${input.additional}` : input.sequence && input.sequence > 1 ? `R${input.sequence}` : ""
  const budget = 30 - prefix.length - digest.length - sequence.length
  return `${prefix}${display.slice(-budget)}${digest}${sequence}`
}

/**
 * The RelateNumber for an order's next invoice attempt: the one already stored on its current (not
 * voided) invoice, else a new one numbered after the voided invoices before it.
 */
export function relateNumberForOrder(input: {
  prefix: string
  order: { id: string; display_id?: number | null }
  invoices: Array<{ status: string; relate_number: string }>
}): string {
  const current = input.invoices.find((invoice) => invoice.status !== "voided")
  return (
    current?.relate_number ??
    deriveRelateNumber({
      prefix: input.prefix,
      orderId: input.order.id,
      displayId: input.order.display_id,
      sequence: input.invoices.length + 1,
    })
  )
}
