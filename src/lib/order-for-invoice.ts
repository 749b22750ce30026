import { TAX_KIND_METADATA_KEY } from "./line-tax"
import type { AddressLike, OrderForInvoice } from "./order-invoice-payload"

/**
 * The one place where order data enters the plugin: what Medusa's Query returns for `ORDER_FIELDS`,
 * typed, and its conversion into the plain order that invoicing works with.
 */

/** Medusa returns amounts as numbers, numeric strings or BigNumber objects (which convert with valueOf). */
export type NumericLike = number | string | { valueOf(): number | string } | null | undefined

export interface QueriedOrderItem {
  id: string
  created_at?: Date | string | null
  title: string
  product_title?: string | null
  variant_title?: string | null
  quantity: NumericLike
  unit_price: NumericLike
  total: NumericLike
  discount_total?: NumericLike
  /** Units returned so far: Medusa's line totals leave them out (received and dismissed returns). */
  detail?: { return_received_quantity?: NumericLike; return_dismissed_quantity?: NumericLike } | null
  tax_lines?: Array<QueriedTaxLine | null> | null
  /** Null when the product was deleted since. */
  product?: {
    metadata?: Record<string, unknown> | null
    categories?: Array<{ metadata?: Record<string, unknown> | null } | null> | null
  } | null
}

/** Medusa's tax line of an order line or shipping method: its rate in percent and its tax rate's code. */
export interface QueriedTaxLine {
  rate: NumericLike
  code?: string | null
}

export interface QueriedShippingMethod {
  id?: string
  name: string
  amount: NumericLike
  total: NumericLike
  discount_total?: NumericLike
  tax_lines?: Array<QueriedTaxLine | null> | null
}

export interface QueriedRefund {
  id: string
  amount: NumericLike
  created_at?: Date | string | null
}

export interface QueriedPaymentCollection {
  amount?: NumericLike
  captured_amount?: NumericLike
  refunded_amount?: NumericLike
  status?: string | null
  payments?: Array<{ refunds?: Array<QueriedRefund | null> | null } | null> | null
}

export interface QueriedOrder {
  id: string
  display_id?: number | null
  status?: string | null
  canceled_at?: Date | string | null
  currency_code: string
  email?: string | null
  customer_id?: string | null
  total: NumericLike
  items?: Array<QueriedOrderItem | null> | null
  shipping_methods?: Array<QueriedShippingMethod | null> | null
  shipping_address?: AddressLike | null
  billing_address?: AddressLike | null
  payment_collections?: Array<QueriedPaymentCollection | null> | null
}

/** The Query fields that fill a `QueriedOrder`. */
export const ORDER_FIELDS = [
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
  "items.detail.return_received_quantity",
  "items.detail.return_dismissed_quantity",
  "items.unit_price",
  "items.total",
  "items.discount_total",
  // Each line's tax kind (line-tax): the tax lines Medusa computed, and the merchant's marking.
  "items.tax_lines.rate",
  "items.tax_lines.code",
  "items.product.metadata",
  "items.product.categories.metadata",
  "shipping_methods.id",
  "shipping_methods.name",
  "shipping_methods.amount",
  "shipping_methods.total",
  "shipping_methods.discount_total",
  "shipping_methods.tax_lines.rate",
  "shipping_methods.tax_lines.code",
  "shipping_address.*",
  "billing_address.*",
  "payment_collections.amount",
  "payment_collections.captured_amount",
  "payment_collections.refunded_amount",
  "payment_collections.status",
  "payment_collections.payments.refunds.id",
  "payment_collections.payments.refunds.amount",
  "payment_collections.payments.refunds.created_at",
]

/**
 * The Query fields of an order's state alone (canceled, what was paid), without its lines and totals:
 * what the admin's invoice card needs once nothing is left to issue.
 */
export const ORDER_STATE_FIELDS = [
  "id",
  "status",
  "canceled_at",
  "currency_code",
  "payment_collections.amount",
  "payment_collections.captured_amount",
  "payment_collections.refunded_amount",
  "payment_collections.status",
]

/** Whether Medusa has canceled the order. */
export function isOrderCanceled(raw: Pick<QueriedOrder, "status" | "canceled_at">): boolean {
  return raw.status === "canceled" || !!raw.canceled_at
}

/** What invoicing knows of an order. */
export interface InvoicedOrder {
  order: OrderForInvoice
  customer_id: string | null
  cart_id: string | null
  /** Medusa's payment status of the order (captured, partially_refunded, authorized…). */
  payment_status: string
  canceled: boolean
  /** What has been refunded to the shopper so far. */
  refunded_total: number
  /** Medusa's refunds, one by one (each becomes at most one allowance). */
  refunds: Array<{ id: string; amount: number; created_at: string | null }>
}

export function toNumber(value: NumericLike): number {
  return Number(value ?? 0)
}

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined
}

function taxLines(lines: QueriedTaxLine[] | Array<QueriedTaxLine | null> | null | undefined) {
  return (lines ?? []).filter(present).map((line) => ({ rate: toNumber(line.rate), code: line.code ?? null }))
}

/** Converts a queried order; `paymentStatus` is Medusa's own reading of its payment collections. */
export function toInvoicedOrder(raw: QueriedOrder, context: { cart_id: string | null; payment_status: string }): InvoicedOrder {
  const items = (raw.items ?? []).filter(present)
  return {
    order: {
      id: raw.id,
      display_id: raw.display_id ?? null,
      currency_code: raw.currency_code,
      email: raw.email ?? null,
      total: toNumber(raw.total),
      // Stable line order on the invoice: as the items were added to the cart.
      items: [...items]
        .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id.localeCompare(b.id))
        .map((item) => ({
          id: item.id,
          title: item.title,
          product_title: item.product_title,
          variant_title: item.variant_title,
          // What the shopper keeps: Medusa's line total is for these units (returned ones are left out).
          quantity:
            toNumber(item.quantity) - toNumber(item.detail?.return_received_quantity) - toNumber(item.detail?.return_dismissed_quantity),
          unit_price: toNumber(item.unit_price),
          total: toNumber(item.total),
          discount_total: toNumber(item.discount_total),
          tax_lines: taxLines(item.tax_lines),
          product_marking: item.product?.metadata?.[TAX_KIND_METADATA_KEY],
          category_markings: (item.product?.categories ?? []).map((category) => category?.metadata?.[TAX_KIND_METADATA_KEY]),
        })),
      shipping_methods: (raw.shipping_methods ?? []).filter(present).map((method) => ({
        ...(method.id ? { id: method.id } : {}),
        name: method.name,
        amount: toNumber(method.amount),
        total: toNumber(method.total),
        discount_total: toNumber(method.discount_total),
        tax_lines: taxLines(method.tax_lines),
      })),
      shipping_address: raw.shipping_address ?? null,
      billing_address: raw.billing_address ?? null,
    },
    customer_id: raw.customer_id ?? null,
    cart_id: context.cart_id,
    payment_status: context.payment_status,
    ...toRefundFacts(raw),
  }
}

/** The Query fields of an order's refunds, with its state (see `toRefundFacts`). */
export const ORDER_REFUND_FIELDS = [
  "id",
  "status",
  "canceled_at",
  "payment_collections.refunded_amount",
  "payment_collections.payments.refunds.id",
  "payment_collections.payments.refunds.amount",
  "payment_collections.payments.refunds.created_at",
]

/** Whether the order is canceled, and what was refunded: all a refund allowance's plan needs of it. */
export function toRefundFacts(
  raw: Pick<QueriedOrder, "status" | "canceled_at" | "payment_collections">
): Pick<InvoicedOrder, "canceled" | "refunded_total" | "refunds"> {
  const payments = (raw.payment_collections ?? []).filter(present)
  return {
    canceled: isOrderCanceled(raw),
    refunded_total: payments.reduce((sum, collection) => sum + toNumber(collection.refunded_amount), 0),
    refunds: payments.flatMap((collection) =>
      (collection.payments ?? []).flatMap((payment) =>
        (payment?.refunds ?? []).filter(present).map((refund) => ({
          id: refund.id,
          amount: toNumber(refund.amount),
          created_at: refund.created_at ? new Date(refund.created_at).toISOString() : null,
        }))
      )
    ),
  }
}
