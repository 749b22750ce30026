import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { HELD_ERROR_CODES } from "../../../../lib/einvoice-attention"
import { invoicePeriodOf, periodRange } from "../../../../lib/invoice-period"
import type { AdminEinvoiceAttentionResponse, AttentionOrder } from "../../../types"
import { listInvoices } from "../list-invoices"

/** At most this many recent orders are looked at for a missing invoice (newest first). */
export const ORDERS_LOOKED_AT = 1000

/**
 * What needs the merchant: failed and pending invoices (any period: a failed invoice has no date), how
 * many of the pending are held (ECPay paused, credentials unreadable), and paid orders without an invoice.
 */
export async function listAttention(container: MedusaContainer, limit: number): Promise<AdminEinvoiceAttentionResponse<Date>> {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const since = await ordersSince(service)
  const [{ invoices, count }, failed, held, missing, pausedUntil] = await Promise.all([
    listInvoices(container, { status: ["failed", "pending"] }, { limit }),
    service.listAndCountEinvoices({ status: "failed" }, { select: ["id"], take: 1 }).then(([, n]) => n),
    service
      .listAndCountEinvoices({ status: "pending", last_error_code: [...HELD_ERROR_CODES] }, { select: ["id"], take: 1 })
      .then(([, n]) => n),
    paidOrdersWithoutInvoice(container, since),
    service.ecpayPausedUntil(),
  ])
  return {
    invoices,
    orders_without_invoice: missing.slice(0, limit),
    counts: {
      failed,
      pending: count - failed,
      held,
      without_invoice: missing.length,
      total: count + missing.length,
    },
    since,
    ecpay_paused_until: pausedUntil,
  }
}

/**
 * Orders are looked at from the start of the previous bimonthly period (the last one whose VAT filing may
 * still be open), and not before e-invoicing was set up in this store: older orders were never meant to
 * have an invoice from here.
 */
async function ordersSince(service: EinvoiceModuleService): Promise<Date> {
  const [settings] = await service.listEinvoiceSettings({}, { select: ["created_at"], take: 1 })
  const current = periodRange(invoicePeriodOf(new Date()))
  const previous = periodRange(invoicePeriodOf(new Date(current.from.getTime() - 1)))
  const setUp = settings?.created_at ? new Date(settings.created_at) : previous.from
  return setUp > previous.from ? setUp : previous.from
}

interface OrderRow {
  id: string
  display_id: number | null
  email: string | null
  currency_code: string
  created_at: Date | string
  status: string
  payment_collections?: Array<{ status: string; captured_amount?: unknown; refunded_amount?: unknown } | null> | null
}

/** Paid (captured, not wholly refunded), not canceled, since `ordersSince`, with no invoice row: newest first. */
async function paidOrdersWithoutInvoice(container: MedusaContainer, since: Date): Promise<AttentionOrder<Date>[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "display_id",
      "email",
      "currency_code",
      "created_at",
      "status",
      "payment_collections.status",
      "payment_collections.captured_amount",
      "payment_collections.refunded_amount",
    ],
    filters: { created_at: { $gte: since } },
    pagination: { take: ORDERS_LOOKED_AT, order: { created_at: "DESC" } },
  })
  const paid = (data as OrderRow[]).filter((order) => order.status !== "canceled" && isPaidCollection(order.payment_collections ?? []))
  if (!paid.length) {
    return []
  }
  const invoiced = new Set(
    (await service.listEinvoices({ order_id: paid.map((order) => order.id) }, { select: ["order_id"] })).map((row) => row.order_id)
  )
  return paid
    .filter((order) => !invoiced.has(order.id))
    .map((order) => ({
      order_id: order.id,
      display_id: order.display_id,
      email: order.email,
      currency_code: order.currency_code,
      created_at: new Date(order.created_at),
    }))
}

/**
 * Paid as issuing means it (isPaid: Medusa's payment status "captured" or "partially_refunded"), read from
 * the payment collections that status is derived from: every live collection wholly captured, and not all
 * of it refunded. A partly captured order is not listed: issuing would refuse it.
 */
function isPaidCollection(collections: NonNullable<OrderRow["payment_collections"]>): boolean {
  const live = collections.filter((collection) => collection && collection.status !== "canceled")
  if (!live.length || live.some((collection) => collection!.status !== "completed")) {
    return false
  }
  const captured = live.reduce((sum, collection) => sum + amount(collection!.captured_amount), 0)
  const refunded = live.reduce((sum, collection) => sum + amount(collection!.refunded_amount), 0)
  return captured > 0 && refunded < captured
}

/** A bigNumber field as Query returns it (a number, or an object with a numeric value). */
function amount(value: unknown): number {
  if (typeof value === "number") {
    return value
  }
  if (value && typeof value === "object" && "numeric" in value) {
    return Number((value as { numeric: unknown }).numeric) || 0
  }
  return Number(value) || 0
}
