import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/** The orders a payment belongs to (payment events carry only the payment's id). */
export async function ordersOfPayment(container: MedusaContainer, paymentId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["payment_collection_id"],
    filters: { id: paymentId },
  })
  const collectionId = (payments[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id
  if (!collectionId) {
    return []
  }
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  return (links as Array<{ order_id: string }>).map((link) => link.order_id)
}

/** The ids of a payment's refunds, oldest first (payment.refunded names only the payment). */
export async function refundsOfPayment(container: MedusaContainer, paymentId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["refunds.id", "refunds.created_at"],
    filters: { id: paymentId },
  })
  const refunds = (payments[0] as { refunds?: Array<{ id: string; created_at?: Date | string | null } | null> } | undefined)?.refunds ?? []
  return refunds
    .filter((refund): refund is { id: string; created_at?: Date | string | null } => !!refund)
    .sort((a, b) => String(a.created_at ?? "").localeCompare(String(b.created_at ?? "")) || a.id.localeCompare(b.id))
    .map((refund) => refund.id)
}

/**
 * Medusa's refunds made between `from` and `to`, newest first (at most `take`), each with the order it
 * belongs to (through its payment's collection).
 */
export async function refundsBetween(
  container: MedusaContainer,
  range: { from: Date; to: Date; take: number }
): Promise<Array<{ refund_id: string; order_id: string }>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: refunds } = await query.graph({
    entity: "refund",
    fields: ["id", "payment.payment_collection_id"],
    filters: { created_at: { $gte: range.from, $lte: range.to } },
    pagination: { take: range.take, order: { created_at: "DESC" } },
  })
  const withCollection = (refunds as Array<{ id: string; payment?: { payment_collection_id?: string | null } | null }>)
    .map((refund) => ({ refund_id: refund.id, collection: refund.payment?.payment_collection_id ?? null }))
    .filter((refund): refund is { refund_id: string; collection: string } => !!refund.collection)
  if (!withCollection.length) {
    return []
  }
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id", "payment_collection_id"],
    filters: { payment_collection_id: [...new Set(withCollection.map((refund) => refund.collection))] },
  })
  const orderOf = new Map(
    (links as Array<{ order_id: string; payment_collection_id: string }>).map((link) => [link.payment_collection_id, link.order_id])
  )
  return withCollection.flatMap((refund) => {
    const order_id = orderOf.get(refund.collection)
    return order_id ? [{ refund_id: refund.refund_id, order_id }] : []
  })
}
