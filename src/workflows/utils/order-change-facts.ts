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
        fields: ["id", "exchange_id", "claim_id", "items.item_id", "items.received_quantity", "items.damaged_quantity"],
        filters: { id: event.return_id },
      })
      const found = data[0] as QueriedReturn | undefined
      if (!found || found.claim_id) {
        return null
      }
      const returned = (found.items ?? [])
        .filter((item): item is NonNullable<typeof item> => !!item)
        .map((item) => ({ item_id: item.item_id, quantity: toNumber(item.received_quantity) + toNumber(item.damaged_quantity) }))
        .filter((item) => item.quantity > 0)
      if (found.exchange_id) {
        const { data: exchanges } = await query.graph({
          entity: "order_exchange",
          fields: ["id", "order_id", "additional_items.item_id", "additional_items.quantity"],
          filters: { id: found.exchange_id },
        })
        const exchange = exchanges[0] as
          { id: string; order_id: string; additional_items?: Array<{ item_id: string; quantity: NumericLike } | null> | null } | undefined
        if (!exchange) {
          return null
        }
        // The new goods' worth: their order lines' totals (after discounts, with tax), for the exchanged quantity.
        const { data: orders } = await query.graph({
          entity: "order",
          // The order's total too: Medusa computes line quantities and totals only when an order total is asked for.
          fields: ["id", "total", "items.id", "items.quantity", "items.total"],
          filters: { id: exchange.order_id },
        })
        const lines = (
          (orders[0] as { items?: Array<{ id: string; quantity: NumericLike; total: NumericLike } | null> } | undefined)?.items ?? []
        ).filter((item): item is NonNullable<typeof item> => !!item)
        const newItemsTotal = (exchange.additional_items ?? []).reduce((sum, added) => {
          const line = added ? lines.find((candidate) => candidate.id === added.item_id) : undefined
          const quantity = toNumber(line?.quantity)
          return line && quantity > 0 ? sum + (toNumber(line.total) * toNumber(added!.quantity)) / quantity : sum
        }, 0)
        return { kind: "exchange", exchange_id: exchange.id, returned, new_items_total: newItemsTotal }
      }
      return { kind: "return", return_id: found.id, items: returned }
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
      const { data } = await query.graph({
        entity: "order",
        fields: ["id", "version", "total", "items.id", "items.quantity"],
        filters: { id: event.order_id },
      })
      const order = data[0] as { version?: number | null; items?: Array<{ id: string; quantity: NumericLike } | null> | null } | undefined
      return order
        ? {
            kind: "edit",
            // The order's version names the edit: each confirmed change makes a new one.
            change_id: `v${order.version ?? 0}`,
            items: (order.items ?? [])
              .filter((item): item is NonNullable<typeof item> => !!item)
              .map((item) => ({ item_id: item.id, quantity: toNumber(item.quantity) })),
          }
        : null
    }
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
