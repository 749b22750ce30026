import type { InvoiceLine } from "./invoice-amounts"
import { isActiveAllowance } from "./einvoice-actions"

/**
 * Turns a merchant's allowance (折讓) request — some of the invoice's lines, or an amount — into the
 * Items ECPay takes, checking it against what is still allowable. Pure: plain data in, plain data out.
 *
 * Invoice lines hold integer TWD with ItemPrice × ItemCount = ItemAmount (see invoice-amounts), so an
 * allowance of q units of a line is exactly ItemPrice × q.
 */

export interface AllowanceLineRequest {
  /** ItemSeq of the invoice line. */
  seq: number
  quantity: number
}

export type AllowanceRequest = { lines: AllowanceLineRequest[]; amount?: undefined } | { amount: number; lines?: undefined }

/** What earlier allowances (not voided, rejected or failed) already took from each line. */
export interface AllowedSoFar {
  seq: number
  quantity: number
  amount: number
}

/** An allowance line: an invoice line's fields, without the remark. */
export type AllowanceItem = Omit<InvoiceLine, "ItemRemark">

export interface AllowancePlan {
  amount: number
  items: AllowanceItem[]
  /** Which invoice lines the allowance takes, to count them for later allowances. */
  lines: AllowedSoFar[]
}

export type AllowanceRefusalCode = "allowance_empty" | "allowance_line_unknown" | "allowance_line_exceeds" | "allowance_exceeds_remaining"

export interface AllowanceRefusal {
  code: AllowanceRefusalCode
  field: string
  message: string
}

export interface InvoiceLineState {
  seq: number
  name: string
  word: string
  quantity: number
  price: number
  amount: number
  allowed_quantity: number
  allowed_amount: number
  /** The line's ItemTaxType on a mixed (TaxType 9) invoice; the allowance line carries it. */
  tax_type?: InvoiceLine["ItemTaxType"]
}

/** The invoice's lines with how much of each is already allowed. */
export function invoiceLineStates(items: InvoiceLine[], allowed: AllowedSoFar[]): InvoiceLineState[] {
  return items.map((item, index) => {
    const seq = item.ItemSeq ?? index + 1
    const taken = allowed.filter((entry) => entry.seq === seq)
    return {
      seq,
      name: item.ItemName,
      word: item.ItemWord,
      quantity: item.ItemCount,
      price: item.ItemPrice,
      amount: item.ItemAmount,
      allowed_quantity: taken.reduce((sum, entry) => sum + entry.quantity, 0),
      allowed_amount: taken.reduce((sum, entry) => sum + entry.amount, 0),
      ...(item.ItemTaxType ? { tax_type: item.ItemTaxType } : {}),
    }
  })
}

export function planAllowance(args: {
  request: AllowanceRequest
  items: InvoiceLine[]
  allowed: AllowedSoFar[]
  remaining: number
  /** ItemName of an allowance by amount, e.g. "折讓". */
  amountItemName: string
  itemWord: string
}): { ok: true; plan: AllowancePlan } | { ok: false; refusal: AllowanceRefusal } {
  const refuse = (code: AllowanceRefusalCode, field: string, message: string) => ({ ok: false, refusal: { code, field, message } }) as const
  const { request, remaining } = args

  let plan: AllowancePlan
  if (request.lines) {
    const states = invoiceLineStates(args.items, args.allowed)
    const wanted = request.lines.filter((line) => line.quantity > 0)
    if (!wanted.length) {
      return refuse("allowance_empty", "lines", "choose at least one line and a quantity above 0")
    }
    const items: AllowanceItem[] = []
    const lines: AllowedSoFar[] = []
    for (const [index, line] of wanted.entries()) {
      const state = states.find((candidate) => candidate.seq === line.seq)
      if (!state) {
        return refuse("allowance_line_unknown", `lines.${index}.seq`, `the invoice has no line ${line.seq}`)
      }
      if (lines.some((taken) => taken.seq === line.seq)) {
        return refuse("allowance_line_unknown", `lines.${index}.seq`, `line ${line.seq} is listed twice`)
      }
      const left = state.quantity - state.allowed_quantity
      if (line.quantity > left) {
        return refuse(
          "allowance_line_exceeds",
          `lines.${index}.quantity`,
          `line ${line.seq} (${state.name}) has ${left} of ${state.quantity} left to allow, not ${line.quantity}`
        )
      }
      // Allowing the rest of a line takes what is left of its amount, so the line never over- or under-runs.
      const amount = line.quantity === left ? state.amount - state.allowed_amount : Math.round(state.price * line.quantity)
      items.push({
        ItemSeq: items.length + 1,
        ItemName: state.name,
        ItemCount: line.quantity,
        ItemWord: state.word,
        ItemPrice: line.quantity === left ? roundTo(amount / line.quantity, 7) : state.price,
        ItemAmount: amount,
        ...(state.tax_type ? { ItemTaxType: state.tax_type } : {}),
      })
      lines.push({ seq: line.seq, quantity: line.quantity, amount })
    }
    plan = { amount: items.reduce((sum, item) => sum + item.ItemAmount, 0), items, lines }
  } else {
    const amount = request.amount
    if (!Number.isInteger(amount) || amount <= 0) {
      return refuse("allowance_empty", "amount", "must be a whole number of TWD above 0")
    }
    plan = {
      amount,
      items: [{ ItemSeq: 1, ItemName: args.amountItemName, ItemCount: 1, ItemWord: args.itemWord, ItemPrice: amount, ItemAmount: amount }],
      lines: [],
    }
  }
  if (plan.amount <= 0) {
    return refuse("allowance_empty", request.lines ? "lines" : "amount", "the allowance comes to 0 TWD")
  }
  if (plan.amount > remaining) {
    return refuse(
      "allowance_exceeds_remaining",
      request.lines ? "lines" : "amount",
      `${plan.amount} TWD is more than the ${remaining} TWD still allowable on this invoice`
    )
  }
  return { ok: true, plan }
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/** What an invoice's active allowances already took from its lines (recorded per allowance when it was made). */
export function allowedSoFar(allowances: Array<{ status: string; metadata?: unknown }> | null | undefined): AllowedSoFar[] {
  return (allowances ?? [])
    .filter(isActiveAllowance)
    .flatMap((allowance) => (allowance.metadata as { lines?: AllowedSoFar[] } | null | undefined)?.lines ?? [])
}

/** The parts of an allowance request that make it the same request (its idempotency fingerprint). */
export interface AllowanceRequestIdentity {
  order_id: string
  request: AllowanceRequest
  agreement?: string | null
  reason?: string | null
  notify_email?: string | null
}

/**
 * A stable text of what was asked, to tell a retry of the same request (same Idempotency-Key, same body)
 * from a different request reusing a key. Line order does not matter; absent and null are the same.
 */
export function allowanceRequestFingerprint(identity: AllowanceRequestIdentity): string {
  const request = identity.request.lines
    ? { lines: [...identity.request.lines].sort((a, b) => a.seq - b.seq).map(({ seq, quantity }) => [seq, quantity]) }
    : { amount: identity.request.amount }
  return JSON.stringify([
    identity.order_id,
    request,
    identity.agreement ?? null,
    identity.reason ?? null,
    (identity.notify_email ?? "").trim() || null,
  ])
}
