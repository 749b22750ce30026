import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ORDER_FIELDS, toInvoicedOrder, type InvoicedOrder, type QueriedOrder } from "../../lib/order-for-invoice"

export type { InvoicedOrder }

/** Reads what invoicing needs of an order through Medusa's Query. */
export async function loadOrderForInvoice(container: MedusaContainer, orderId: string): Promise<InvoicedOrder> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  const raw = data[0] as QueriedOrder | undefined
  if (!raw) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  const { data: links } = await query.graph({ entity: "order_cart", fields: ["cart_id"], filters: { order_id: orderId } })
  const payment_status = getLastPaymentStatus({
    currency_code: raw.currency_code,
    payment_collections: raw.payment_collections ?? [],
  } as Parameters<typeof getLastPaymentStatus>[0])
  return toInvoicedOrder(raw, { cart_id: (links[0] as { cart_id?: string } | undefined)?.cart_id ?? null, payment_status })
}
