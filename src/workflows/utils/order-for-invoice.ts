import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { getLastPaymentStatus } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { OrderForInvoice } from "../../lib/order-invoice-payload"

export interface LoadedOrder {
  order: OrderForInvoice
  customer_id: string | null
  cart_id: string | null
  payment_status: string
  canceled: boolean
  /** What has been refunded to the shopper so far. */
  refunded_total: number
}

const ORDER_FIELDS = [
  "id",
  "display_id",
  "status",
  "canceled_at",
  "currency_code",
  "email",
  "customer_id",
  "total",
  "items.id",
  "items.created_at",
  "items.title",
  "items.product_title",
  "items.variant_title",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "items.discount_total",
  "shipping_methods.name",
  "shipping_methods.amount",
  "shipping_methods.total",
  "shipping_methods.discount_total",
  "shipping_address.*",
  "billing_address.*",
  "payment_collections.amount",
  "payment_collections.captured_amount",
  "payment_collections.refunded_amount",
  "payment_collections.status",
]

const num = (value: unknown): number => Number(value ?? 0)

/** Reads what invoicing needs of an order, with amounts as plain numbers. */
export async function loadOrderForInvoice(
  container: MedusaContainer,
  orderId: string
): Promise<LoadedOrder> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: orderId } })
  const raw = data[0] as any
  if (!raw) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} was not found`)
  }
  const { data: links } = await query.graph({
    entity: "order_cart",
    fields: ["cart_id"],
    filters: { order_id: orderId },
  })
  return {
    order: {
      id: raw.id,
      display_id: raw.display_id ?? null,
      currency_code: raw.currency_code,
      email: raw.email ?? null,
      total: num(raw.total),
      // Stable line order on the invoice: as the items were added to the cart.
      items: [...(raw.items ?? [])]
        .sort((a: any, b: any) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id)))
        .map((item: any) => ({
        title: item.title,
        product_title: item.product_title,
        variant_title: item.variant_title,
        quantity: num(item.quantity),
        unit_price: num(item.unit_price),
        total: num(item.total),
        discount_total: num(item.discount_total),
      })),
      shipping_methods: (raw.shipping_methods ?? []).map((method: any) => ({
        name: method.name,
        amount: num(method.amount),
        total: num(method.total),
        discount_total: num(method.discount_total),
      })),
      shipping_address: raw.shipping_address ?? null,
      billing_address: raw.billing_address ?? null,
    },
    customer_id: raw.customer_id ?? null,
    cart_id: (links[0] as any)?.cart_id ?? null,
    payment_status: getLastPaymentStatus({
      currency_code: raw.currency_code,
      payment_collections: raw.payment_collections ?? [],
    } as any),
    canceled: raw.status === "canceled" || !!raw.canceled_at,
    refunded_total: (raw.payment_collections ?? []).reduce((sum: number, collection: any) => sum + num(collection.refunded_amount), 0),
  }
}
