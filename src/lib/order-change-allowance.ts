import type { AllowanceLineRequest, AllowanceRequest, AllowedSoFar } from "./allowance-plan"
import { isActiveAllowance } from "./einvoice-actions"
import type { AllowanceAgreement } from "./einvoice-types"
import type { InvoiceLine } from "./invoice-amounts"
import { roundHalfUp } from "./invoice-amounts"

/**
 * What an issued invoice owes when the order changes after it (Medusa's returns, exchanges, claims and
 * order edits): an allowance (折讓) for the lines the shopper no longer keeps, or for the net an exchange
 * refunds. Pure: plain facts about the change in, a plan out; the caller decides whether the store allows
 * on order changes at all.
 *
 * Taiwanese practice followed here: goods returned (退貨) or taken off the order are allowed line by line;
 * an exchange (換貨) or a replacement claim is netted — same value, nothing; the new goods cost less, an
 * allowance for the difference; they cost more, the difference is a new sale that needs an invoice of its
 * own (not allowed here; the plan says so).
 */

/** Where an order-change allowance comes from (kept as its `source`). */
export type OrderChangeSource = "return" | "exchange" | "claim" | "edit"

export const ORDER_CHANGE_SOURCES: readonly OrderChangeSource[] = ["return", "exchange", "claim", "edit"]

/** ECPay's allowance reason per kind of change (≤ 20 characters). */
export const ORDER_CHANGE_REASONS: Record<OrderChangeSource, string> = {
  return: "退貨折讓",
  exchange: "換貨差額折讓",
  claim: "客訴退款折讓",
  edit: "訂單變更折讓",
}

/** A change of the order, as Medusa recorded it. */
export type OrderChangeFacts =
  | {
      kind: "return"
      return_id: string
      /** Order line items and how many of each came back (received, damaged included). */
      items: Array<{ item_id: string; quantity: number }>
    }
  | {
      kind: "exchange"
      exchange_id: string
      /** Order line items the shopper sent back, with how many of each arrived. */
      returned: Array<{ item_id: string; quantity: number }>
      /** What the goods sent in exchange cost, in the order's currency (their line totals). */
      new_items_total: number
      /** Their names, for an additional invoice's line. */
      new_item_names?: string[]
      /** What the shopper still owes on the order (Medusa's pending difference, its currency): > 0 not paid yet. */
      outstanding?: number
    }
  | {
      kind: "claim"
      claim_id: string
      /** "refund" (the shopper is paid back for the claimed items) or "replace" (new items are sent). */
      type: string
      items: Array<{ item_id: string; quantity: number }>
    }
  | {
      kind: "edit"
      /** What names the edit in the allowance's key (the order's version after it: `v<n>`). */
      change_id: string
      /**
       * Every line item of the order after the edit, with its quantity (and, for goods the edit added, its
       * name and line total in the order's currency), except those exchanges and claims sent.
       */
      items: Array<{ item_id: string; quantity: number; name?: string; total?: number }>
      /** What the shopper still owes on the order (Medusa's pending difference, its currency): > 0 not paid yet. */
      outstanding?: number
    }

export interface OrderChangeInvoice {
  id: string
  items: InvoiceLine[]
  /** Per invoice line: `item:<order line item id>` or `shipping:<id>` (recorded at issue). */
  line_sources: Array<string | null> | null
  remaining_allowance_amount?: number | null
  total?: number
  buyer_email?: string | null
}

export interface OrderChangeAllowanceRecord {
  status: string
  amount: number
  idempotency_key?: string
  metadata?: unknown
}

export type OrderChangePlan =
  | {
      kind: "allow"
      source: OrderChangeSource
      request: AllowanceRequest
      amount: number
      reason: string
      agreement: AllowanceAgreement
      idempotency_key: string
      /** For a return: the units received so far per order item, which this allowance brings the invoice to. */
      covers?: Record<string, number>
    }
  | {
      kind: "none"
      source: OrderChangeSource
      /** Why nothing is allowed, for the audit trail. */
      reason: string
    }

/** The line sources recorded on an invoice's metadata, or null for an invoice issued before they were. */
export function recordedLineSources(metadata: unknown): Array<string | null> | null {
  const value = (metadata as { line_sources?: unknown } | null | undefined)?.line_sources
  return Array.isArray(value) ? value.map((entry) => (typeof entry === "string" ? entry : null)) : null
}

function sourceOf(allowance: { metadata?: unknown }): string | undefined {
  return (allowance.metadata as { source?: string } | null | undefined)?.source
}

/** An allowance made for an order change (return, exchange, claim, edit). */
export function isOrderChangeAllowance(allowance: { metadata?: unknown }): boolean {
  return (ORDER_CHANGE_SOURCES as readonly string[]).includes(sourceOf(allowance) ?? "")
}

/**
 * Asks for `quantity` units of an order line item against the invoice lines it became (one or two lines:
 * a line whose amount does not divide by its quantity is split), first line first, never more than a line
 * has left to allow. Returns the requests and how many units found no room (already allowed).
 */
export function linesForItem(
  invoice: Pick<OrderChangeInvoice, "items" | "line_sources">,
  allowed: AllowedSoFar[],
  itemId: string,
  quantity: number
): { lines: AllowanceLineRequest[]; unplaced: number } {
  const lines: AllowanceLineRequest[] = []
  let wanted = quantity
  invoice.items.forEach((line, index) => {
    if (wanted <= 0 || invoice.line_sources?.[index] !== `item:${itemId}`) {
      return
    }
    const seq = line.ItemSeq ?? index + 1
    const taken = allowed.filter((entry) => entry.seq === seq).reduce((sum, entry) => sum + entry.quantity, 0)
    const room = Math.max(0, line.ItemCount - taken)
    const quantityHere = Math.min(room, wanted)
    if (quantityHere > 0) {
      lines.push({ seq, quantity: quantityHere })
      wanted -= quantityHere
    }
  })
  return { lines, unplaced: wanted }
}

/** How many units of each order line item the invoice billed. */
function invoicedQuantities(invoice: Pick<OrderChangeInvoice, "items" | "line_sources">): Map<string, number> {
  const quantities = new Map<string, number>()
  invoice.items.forEach((line, index) => {
    const source = invoice.line_sources?.[index]
    if (source?.startsWith("item:")) {
      const id = source.slice("item:".length)
      quantities.set(id, (quantities.get(id) ?? 0) + line.ItemCount)
    }
  })
  return quantities
}

function lineValue(invoice: Pick<OrderChangeInvoice, "items">, lines: AllowanceLineRequest[]): number {
  return lines.reduce((sum, request) => {
    const line = invoice.items.find((candidate, index) => (candidate.ItemSeq ?? index + 1) === request.seq)
    return sum + (line ? Math.round(line.ItemPrice * request.quantity) : 0)
  }, 0)
}

/**
 * The allowance an order change calls for. Lines for returns, refund claims and edits that take units off;
 * the net for exchanges. `refunds` keeps it from doubling what refunds already allowed: the shopper gets
 * back at most the larger of what was refunded and what the changes are worth (a refund made before the
 * return it pays for is not allowed again when the goods arrive).
 */
export function orderChangeAllowancePlan(args: {
  change: OrderChangeFacts
  invoice: OrderChangeInvoice
  allowances: Array<OrderChangeAllowanceRecord> | null | undefined
  /** What invoice lines the active allowances already took (see allowedSoFar). */
  allowed: AllowedSoFar[]
  /** What is still allowable on the invoice now (remaining, less pending allowances). */
  available: number
  /** TWD per unit of the order's currency (1 for a TWD order; the invoice's recorded rate otherwise). */
  rate: number
  /** Medusa's refunds of the order so far, in the order's currency. */
  refunded_total: number
  agreement: AllowanceAgreement
  callback_url: string | null
}): OrderChangePlan {
  const { change, invoice } = args
  const source: OrderChangeSource = change.kind
  const none = (reason: string): OrderChangePlan => ({ kind: "none", source, reason })
  if (!invoice.line_sources) {
    return none("The invoice was issued before the plugin recorded its lines' order items: allow the change by hand")
  }

  let request: AllowanceRequest
  let key: string
  let covers: Record<string, number> | undefined
  switch (change.kind) {
    case "return":
    case "claim": {
      if (change.kind === "claim" && change.type !== "refund") {
        return none(`A ${change.type} claim sends new goods for the claimed ones: nothing to allow`)
      }
      const base = change.kind === "return" ? `return:${invoice.id}:${change.return_id}` : `claim:${invoice.id}:${change.claim_id}`
      // A return may be received in several receipts: each allows what arrived since the last one.
      const covered = coveredByChange(args.allowances, base)
      const lines: AllowanceLineRequest[] = []
      for (const item of change.items) {
        const arrived = item.quantity - (covered.get(item.item_id) ?? 0)
        if (arrived > 0) {
          lines.push(
            ...linesForItem(invoice, [...args.allowed, ...lines.map((line) => ({ ...line, amount: 0 }))], item.item_id, arrived).lines
          )
        }
      }
      if (!lines.length) {
        return none("The returned goods are already allowed, or were not on the invoice")
      }
      request = { lines }
      covers = Object.fromEntries(change.items.map((item) => [item.item_id, item.quantity]))
      key = covered.size ? `${base}:${change.items.reduce((sum, item) => sum + item.quantity, 0)}` : base
      break
    }
    case "edit": {
      const now = new Map(change.items.map((item) => [item.item_id, item.quantity]))
      const editAllowed = args.allowances
        ? args.allowances.filter((allowance) => isActiveAllowance(allowance) && sourceOf(allowance) === "edit")
        : []
      const editTaken = new Map<number, number>()
      for (const allowance of editAllowed) {
        for (const line of (allowance.metadata as { lines?: AllowedSoFar[] } | null)?.lines ?? []) {
          editTaken.set(line.seq, (editTaken.get(line.seq) ?? 0) + line.quantity)
        }
      }
      const lines: AllowanceLineRequest[] = []
      for (const [itemId, invoiced] of invoicedQuantities(invoice)) {
        const alreadyByEdits = invoice.items.reduce(
          (sum, line, index) =>
            invoice.line_sources?.[index] === `item:${itemId}` ? sum + (editTaken.get(line.ItemSeq ?? index + 1) ?? 0) : sum,
          0
        )
        const decrease = invoiced - (now.get(itemId) ?? 0) - alreadyByEdits
        if (decrease > 0) {
          lines.push(...linesForItem(invoice, [...args.allowed, ...lines.map((line) => ({ ...line, amount: 0 }))], itemId, decrease).lines)
        }
      }
      if (!lines.length) {
        return none("The edit takes nothing off the invoiced goods (an increase is a new sale)")
      }
      request = { lines }
      key = `edit:${invoice.id}:${change.change_id}`
      break
    }
    case "exchange": {
      const difference = exchangeDifference(change, invoice, args.allowed, args.rate)
      if (difference > 0) {
        // The difference is a new sale: additionalInvoicePlan invoices it.
        return none(`The new goods cost ${difference} TWD more: that is a new sale, invoiced on its own`)
      }
      if (difference === 0) {
        return none("The exchange is of equal value: nothing to allow")
      }
      request = { amount: -difference }
      key = `exchange:${invoice.id}:${change.exchange_id}`
      break
    }
  }

  const wanted = request.lines ? lineValue(invoice, request.lines) : request.amount
  // Refunds already allowed beyond what earlier changes account for cover this change first.
  const allowances = (args.allowances ?? []).filter(isActiveAllowance)
  const byRefunds = allowances.filter((allowance) => sourceOf(allowance) === "refund").reduce((sum, a) => sum + a.amount, 0)
  const byChanges = allowances.filter(isOrderChangeAllowance).reduce((sum, a) => sum + a.amount, 0)
  const refunded = roundHalfUp(args.refunded_total * args.rate)
  const room = Math.max(refunded, byChanges + wanted) - byRefunds - byChanges
  const amount = Math.min(wanted, room, args.available)
  if (amount <= 0) {
    return none(
      args.available <= 0 ? "Nothing is left to allow on the invoice" : "Refund allowances already cover what the change is worth"
    )
  }
  const agreement: AllowanceAgreement = args.agreement === "online" && invoice.buyer_email && args.callback_url ? "online" : "paper"
  return {
    kind: "allow",
    source,
    // Less than the lines are worth (a refund covered part, or little is left): the amount, not the lines.
    request: amount < wanted ? { amount } : request,
    amount,
    reason: ORDER_CHANGE_REASONS[source],
    agreement,
    idempotency_key: key,
    ...(covers ? { covers } : {}),
  }
}

/** What earlier allowances of a change (key `base` or `base:<n>`, any status but failed) covered, per order item. */
function coveredByChange(allowances: ReadonlyArray<OrderChangeAllowanceRecord> | null | undefined, base: string): Map<string, number> {
  const covered = new Map<string, number>()
  for (const allowance of allowances ?? []) {
    const key = allowance.idempotency_key ?? ""
    if (allowance.status === "failed" || (key !== base && !key.startsWith(`${base}:`))) {
      continue
    }
    const items = (allowance.metadata as { change_items?: Record<string, number> } | null | undefined)?.change_items ?? {}
    for (const [itemId, quantity] of Object.entries(items)) {
      covered.set(itemId, Math.max(covered.get(itemId) ?? 0, quantity))
    }
  }
  return covered
}

/**
 * What the new goods of an exchange cost (TWD) less what the invoice charged for the returned ones: > 0 the
 * shopper pays more, < 0 the store pays back.
 */
export function exchangeDifference(
  change: Extract<OrderChangeFacts, { kind: "exchange" }>,
  invoice: Pick<OrderChangeInvoice, "items" | "line_sources">,
  allowed: AllowedSoFar[],
  rate: number
): number {
  const returnedLines: AllowanceLineRequest[] = []
  for (const item of change.returned) {
    returnedLines.push(
      ...linesForItem(invoice, [...allowed, ...returnedLines.map((line) => ({ ...line, amount: 0 }))], item.item_id, item.quantity).lines
    )
  }
  return roundHalfUp(change.new_items_total * rate) - lineValue(invoice, returnedLines)
}

/** A line of an additional invoice: what the change added, in TWD. */
export interface AdditionalLine {
  name: string
  quantity: number
  /** The line's total, tax-inclusive, TWD. */
  total: number
  /** The order line item it is for (`item:<id>`), or null for an exchange's difference. */
  source: string | null
}

/** A further invoice for what an order change added after the invoice was issued (補開發票). */
export interface AdditionalInvoicePlan {
  source: Extract<OrderChangeSource, "exchange" | "edit">
  /** Names the change, unique: the additional invoice is made once. */
  source_key: string
  lines: AdditionalLine[]
  /** Sum of the lines, TWD. */
  amount: number
}

/** ItemName of an exchange's difference (the new goods' names follow). */
export const EXCHANGE_DIFFERENCE_NAME = "換貨差額"

/**
 * The additional invoice an order change calls for, or null: an exchange whose new goods cost more (one
 * line, the difference, named after the new goods); an edit that adds goods or units (a line per item,
 * for the units no invoice of the order bills yet). `additional` are the order's additional invoices so far
 * (failed and voided ones bill nothing).
 */
export function additionalInvoicePlan(args: {
  change: OrderChangeFacts
  invoice: OrderChangeInvoice
  additional: ReadonlyArray<{ status: string; items: InvoiceLine[]; line_sources: Array<string | null> | null }>
  allowed: AllowedSoFar[]
  rate: number
}): AdditionalInvoicePlan | null {
  const { change, invoice } = args
  if (!invoice.line_sources) {
    return null
  }
  if (change.kind === "exchange") {
    const difference = exchangeDifference(change, invoice, args.allowed, args.rate)
    if (difference <= 0) {
      return null
    }
    const names = (change.new_item_names ?? []).join("、")
    return {
      source: "exchange",
      source_key: `exchange:${invoice.id}:${change.exchange_id}`,
      lines: [
        { name: names ? `${EXCHANGE_DIFFERENCE_NAME} ${names}` : EXCHANGE_DIFFERENCE_NAME, quantity: 1, total: difference, source: null },
      ],
      amount: difference,
    }
  }
  if (change.kind !== "edit") {
    return null
  }
  const billed = invoicedQuantities(invoice)
  for (const other of args.additional) {
    if (other.status === "failed" || other.status === "voided" || other.status === "skipped") {
      continue
    }
    for (const [itemId, quantity] of invoicedQuantities(other)) {
      billed.set(itemId, (billed.get(itemId) ?? 0) + quantity)
    }
  }
  const lines: AdditionalLine[] = []
  for (const item of change.items) {
    const added = item.quantity - (billed.get(item.item_id) ?? 0)
    if (added > 0 && item.total && item.quantity > 0) {
      lines.push({
        name: item.name ?? "商品",
        quantity: added,
        total: (item.total * args.rate * added) / item.quantity,
        source: `item:${item.item_id}`,
      })
    }
  }
  const amount = roundHalfUp(lines.reduce((sum, line) => sum + line.total, 0))
  return amount > 0 ? { source: "edit", source_key: `edit:${invoice.id}:${change.change_id}`, lines, amount } : null
}
