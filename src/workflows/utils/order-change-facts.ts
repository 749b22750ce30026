import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { OrderChangeFacts } from "../../lib/order-change-allowance"
import { toNumber, type NumericLike } from "../../lib/order-for-invoice"

/** What Medusa's events name: a received return, a confirmed claim, a confirmed order edit. */
export type OrderChangeEvent =
  { kind: "return"; return_id: string } | { kind: "claim"; claim_id: string } | { kind: "edit"; order_id: string }

interface QueriedReturn {
  id: string
  exchange_id?: string | null
  claim_id?: string | null
  items?: Array<{ item_id: string; received_quantity?: NumericLike; damaged_quantity?: NumericLike } | null> | null
}

/**
 * Reads through Medusa's Query what an order change means for the invoice. A return that belongs to an
 * exchange is the exchange (netted by Medusa's `difference_due`); one that belongs to a claim is left to the
 * claim (allowed when the claim is confirmed): null.
 */
export async function loadOrderChangeFacts(container: MedusaContainer, event: OrderChangeEvent): Promise<OrderChangeFacts | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  switch (event.kind) {
    case "return": {
      const { data } = await query.graph({
        entity: "return",
        fields: ["id", "order_id", "exchange_id", "claim_id", "items.item_id", "items.received_quantity", "items.damaged_quantity"],
        filters: { id: event.return_id },
      })
      const found = data[0] as (QueriedReturn & { order_id: string }) | undefined
      if (!found || found.claim_id) {
        return null
      }
      const returned = await receivedUnits(container, found)
      if (!found.exchange_id) {
        return { kind: "return", return_id: found.id, items: returned }
      }
      const { data: exchanges } = await query.graph({
        entity: "order_exchange",
        fields: ["id", "additional_items.item_id", "additional_items.quantity"],
        filters: { id: found.exchange_id },
      })
      const exchange = exchanges[0] as
        { id: string; additional_items?: Array<{ item_id: string; quantity: NumericLike } | null> | null } | undefined
      if (!exchange) {
        return null
      }
      const order = await orderLines(container, found.order_id)
      // The new goods' worth: their order lines' totals (after discounts, with tax), for the exchanged quantity.
      let newItemsTotal = 0
      const names: string[] = []
      for (const added of exchange.additional_items ?? []) {
        const line = added ? order.items.find((candidate) => candidate.id === added.item_id) : undefined
        if (line && line.quantity > 0) {
          newItemsTotal += (line.total * toNumber(added!.quantity)) / line.quantity
          names.push(line.name)
        }
      }
      return {
        kind: "exchange",
        exchange_id: exchange.id,
        returned,
        new_items_total: newItemsTotal,
        new_item_names: names,
        outstanding: order.outstanding,
      }
    }
    case "claim": {
      const { data } = await query.graph({
        entity: "order_claim",
        fields: ["id", "type", "claim_items.item_id", "claim_items.quantity"],
        filters: { id: event.claim_id },
      })
      const claim = data[0] as
        { id: string; type: string; claim_items?: Array<{ item_id: string; quantity: NumericLike } | null> | null } | undefined
      return claim
        ? {
            kind: "claim",
            claim_id: claim.id,
            type: claim.type,
            items: (claim.claim_items ?? [])
              .filter((item): item is NonNullable<typeof item> => !!item)
              .map((item) => ({ item_id: item.item_id, quantity: toNumber(item.quantity) })),
          }
        : null
    }
    case "edit": {
      const order = await orderLines(container, event.order_id)
      // Goods that exchanges and claims sent are theirs to account for, not the edit's.
      const [{ data: exchanges }, { data: claims }] = await Promise.all([
        query.graph({ entity: "order_exchange", fields: ["additional_items.item_id"], filters: { order_id: event.order_id } }),
        query.graph({ entity: "order_claim", fields: ["additional_items.item_id"], filters: { order_id: event.order_id } }),
      ])
      const sentByChanges = new Set(
        [...exchanges, ...claims].flatMap((row) =>
          ((row as { additional_items?: Array<{ item_id: string } | null> | null }).additional_items ?? []).flatMap((item) =>
            item ? [item.item_id] : []
          )
        )
      )
      return {
        kind: "edit",
        // The order's version names the edit: each confirmed change makes a new one.
        change_id: `v${order.version}`,
        items: order.items
          .filter((item) => !sentByChanges.has(item.id))
          .map((item) => ({ item_id: item.id, quantity: item.quantity, name: item.name, total: item.total })),
        outstanding: order.outstanding,
      }
    }
  }
}

/**
 * The units of a return received so far (damaged ones included), per order item: the sum of its confirmed
 * receipts' actions. A return received in several receipts keeps only the first on its items'
 * `received_quantity` (Medusa 2.21), so that field alone would miss the later ones.
 */
async function receivedUnits(container: MedusaContainer, found: QueriedReturn): Promise<Array<{ item_id: string; quantity: number }>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_change",
    fields: ["id", "actions.action", "actions.details"],
    filters: { return_id: found.id, change_type: "return_receive", status: "confirmed" },
  })
  const units = new Map<string, number>()
  for (const change of data as Array<{
    actions?: Array<{ action: string; details?: { reference_id?: string; quantity?: NumericLike } | null } | null>
  }>) {
    for (const action of change.actions ?? []) {
      const itemId = action?.details?.reference_id
      if (itemId && (action.action === "RECEIVE_RETURN_ITEM" || action.action === "RECEIVE_DAMAGED_RETURN_ITEM")) {
        units.set(itemId, (units.get(itemId) ?? 0) + toNumber(action.details?.quantity))
      }
    }
  }
  if (!units.size) {
    // No receipt recorded as actions: the return's own counts.
    for (const item of found.items ?? []) {
      if (item) {
        units.set(item.item_id, toNumber(item.received_quantity) + toNumber(item.damaged_quantity))
      }
    }
  }
  return [...units].map(([item_id, quantity]) => ({ item_id, quantity })).filter((item) => item.quantity > 0)
}

/** The order's lines (quantity ordered, total after discounts with tax), its version and what the shopper still owes. */
async function orderLines(
  container: MedusaContainer,
  orderId: string
): Promise<{ version: number; outstanding: number; items: Array<{ id: string; name: string; quantity: number; total: number }> }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    // The order's total too: Medusa computes line quantities and totals only when an order total is asked for.
    fields: [
      "id",
      "version",
      "total",
      "summary.pending_difference",
      "items.id",
      "items.title",
      "items.product_title",
      "items.variant_title",
      "items.quantity",
      "items.total",
      "items.detail.return_received_quantity",
      "items.detail.return_dismissed_quantity",
    ],
    filters: { id: orderId },
  })
  const order = data[0] as
    | {
        version?: number | null
        summary?: { pending_difference?: NumericLike } | null
        items?: Array<{
          id: string
          title: string
          product_title?: string | null
          variant_title?: string | null
          quantity: NumericLike
          total: NumericLike
          detail?: { return_received_quantity?: NumericLike; return_dismissed_quantity?: NumericLike } | null
        } | null> | null
      }
    | undefined
  return {
    version: order?.version ?? 0,
    outstanding: toNumber(order?.summary?.pending_difference),
    items: (order?.items ?? [])
      .filter((item): item is NonNullable<typeof item> => !!item)
      .map((item) => {
        const quantity = toNumber(item.quantity)
        const kept = quantity - toNumber(item.detail?.return_received_quantity) - toNumber(item.detail?.return_dismissed_quantity)
        return {
          id: item.id,
          name: [item.product_title || item.title, item.variant_title].filter(Boolean).join(" "),
          quantity,
          // Medusa's line total is for the units kept (returned ones are left out): here, for the whole quantity.
          total: kept > 0 ? (toNumber(item.total) * quantity) / kept : 0,
        }
      }),
  }
}

/** A change the retry job's catch-up offers: the event it stands for, and what names it in an allowance's key. */
export interface OrderChangeCandidate {
  order_id: string
  change: OrderChangeEvent
  key_kind: "return" | "exchange" | "claim" | "edit"
  key_id: string
}

/**
 * Medusa's order changes confirmed between `from` and `to` that may owe an invoice an allowance: received
 * returns (an exchange's counting as the exchange; a claim's left to the claim), claims, edits. Newest first,
 * at most `take`.
 */
export async function orderChangesBetween(
  container: MedusaContainer,
  range: { from: Date; to: Date; take: number }
): Promise<OrderChangeCandidate[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order_change",
    fields: ["id", "order_id", "change_type", "return_id", "claim_id", "version"],
    filters: { status: "confirmed", change_type: ["return_receive", "claim", "edit"], confirmed_at: { $gte: range.from, $lte: range.to } },
    pagination: { take: range.take, order: { confirmed_at: "DESC" } },
  })
  const changes = data as Array<{
    order_id: string
    change_type: string
    return_id?: string | null
    claim_id?: string | null
    version?: number | null
  }>
  const returnIds = changes.flatMap((change) => (change.change_type === "return_receive" && change.return_id ? [change.return_id] : []))
  const returns = new Map<string, { exchange_id?: string | null; claim_id?: string | null }>()
  if (returnIds.length) {
    const { data: rows } = await query.graph({ entity: "return", fields: ["id", "exchange_id", "claim_id"], filters: { id: returnIds } })
    for (const row of rows as Array<{ id: string; exchange_id?: string | null; claim_id?: string | null }>) {
      returns.set(row.id, row)
    }
  }
  return changes.flatMap((change): OrderChangeCandidate[] => {
    if (change.change_type === "edit") {
      return [
        {
          order_id: change.order_id,
          change: { kind: "edit", order_id: change.order_id },
          key_kind: "edit",
          key_id: `v${change.version ?? 0}`,
        },
      ]
    }
    if (change.change_type === "claim" && change.claim_id) {
      return [
        { order_id: change.order_id, change: { kind: "claim", claim_id: change.claim_id }, key_kind: "claim", key_id: change.claim_id },
      ]
    }
    const found = change.return_id ? returns.get(change.return_id) : undefined
    if (!change.return_id || !found || found.claim_id) {
      return []
    }
    const change_: OrderChangeEvent = { kind: "return", return_id: change.return_id }
    return found.exchange_id
      ? [{ order_id: change.order_id, change: change_, key_kind: "exchange", key_id: found.exchange_id }]
      : [{ order_id: change.order_id, change: change_, key_kind: "return", key_id: change.return_id }]
  })
}

/** What the shopper still owes on the order (Medusa's pending difference, its currency): > 0 not paid yet. */
export async function orderOutstanding(container: MedusaContainer, orderId: string): Promise<number> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ["id", "summary.pending_difference"], filters: { id: orderId } })
  return toNumber((data[0] as { summary?: { pending_difference?: NumericLike } | null } | undefined)?.summary?.pending_difference)
}
