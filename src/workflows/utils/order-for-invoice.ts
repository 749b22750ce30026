import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  isOrderCanceled,
  ORDER_FIELDS,
  ORDER_REFUND_FIELDS,
  ORDER_STATE_FIELDS,
  toInvoicedOrder,
  toRefundFacts,
  type InvoicedOrder,
  type QueriedOrder,
} from "../../lib/order-for-invoice"

export type { InvoicedOrder }

/** Reads what invoicing needs of an order through Medusa's Query. */
export async function loadOrderForInvoice(container: MedusaContainer, orderId: string): Promise<InvoicedOrder> {
  const { raw, cart_id, payment_status } = await queryOrder(container, orderId, ORDER_FIELDS)
  return toInvoicedOrder(raw, { cart_id, payment_status })
}

/** The order's state alone (see ORDER_STATE_FIELDS): much less work than the whole order and its totals. */
export async function loadOrderStateForInvoice(
  container: MedusaContainer,
  orderId: string
): Promise<Pick<InvoicedOrder, "canceled" | "cart_id" | "payment_status">> {
  const { raw, cart_id, payment_status } = await queryOrder(container, orderId, ORDER_STATE_FIELDS)
  return { canceled: isOrderCanceled(raw), cart_id, payment_status }
}

async function queryOrder(container: MedusaContainer, orderId: string, fields: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields, filters: { id: orderId } })
  const raw = data[0] as QueriedOrder | undefined
  if (!raw) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: orderId } })
  const payment_status = getLastPaymentStatus({
    currency_code: raw.currency_code,
    payment_collections: raw.payment_collections ?? [],
  } as Parameters<typeof getLastPaymentStatus>[0])
  return { raw, cart_id: (links[0] as { cart_id?: string } | undefined)?.cart_id ?? null, payment_status }
}

/** Each order's state and refunds (all of them, whenever made), for refund allowance plans. */
export async function loadRefundFactsOfOrders(
  container: MedusaContainer,
  orderIds: string[]
): Promise<Map<string, ReturnType<typeof toRefundFacts>>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_REFUND_FIELDS, filters: { id: orderIds } })
  return new Map((data as QueriedOrder[]).map((raw) => [raw.id, toRefundFacts(raw)]))
}
