import type { InvoicedOrder } from "../../../lib/order-for-invoice"
import { recordedConversion } from "../../../lib/order-invoice-payload"
import { NO_REFUND_ALLOWANCE, refundAllowancePlan, refundsNamedBy, type RefundAllowancePlan } from "../../../lib/refund-allowance"
import type EinvoiceModuleService from "../service"
import { listOrderInvoices } from "./order-invoices"

export interface PlanRefundAllowanceInput {
  order_id: string
  /** What invoicing knows of the order (loaded by the workflow): whether it is canceled, what was refunded. */
  order: Pick<InvoicedOrder, "canceled" | "refunded_total"> & Partial<Pick<InvoicedOrder, "refunds">>
  /** Only this refund (the payment.refunded subscriber names it); otherwise every refund not yet allowed. */
  refund_id?: string | null
}

/**
 * How much of the order's refunds still needs an allowance (折讓) when the store allows on refund (S7):
 * nothing when e-invoicing or allowing on refund is off, the order has no issued invoice, or the order
 * is canceled (cancelling voids or allows by itself); otherwise see `refundAllowancePlan`.
 */
export async function planRefundAllowance(service: EinvoiceModuleService, input: PlanRefundAllowanceInput): Promise<RefundAllowancePlan> {
  const settings = await service.retrieveSettings()
  if (!settings.enabled || !settings.auto_allowance_on_refund) {
    return { ...NO_REFUND_ALLOWANCE }
  }
  const invoice = (await listOrderInvoices(service, input.order_id)).find((candidate) => candidate.status === "issued")
  if (!invoice || input.order.canceled) {
    return { ...NO_REFUND_ALLOWANCE }
  }
  // An allowance of the invoice is in flight or of unknown outcome: the refund waits for sync to settle it
  // (the sync workflow then allows what is still due) instead of being refused.
  if ((invoice.allowances ?? []).some((allowance) => allowance.status === "pending")) {
    return { ...NO_REFUND_ALLOWANCE }
  }
  // Refunds are in the order's currency: an invoice converted to TWD allows them at the rate it was issued at.
  const rate = recordedConversion(invoice.metadata)?.rate ?? 1
  return refundAllowancePlan({
    refunded_total: input.order.refunded_total * rate,
    refunds: input.order.refunds?.map((refund) => ({ ...refund, amount: refund.amount * rate })) ?? null,
    refund_id: input.refund_id ?? null,
    invoice,
    allowances: invoice.allowances,
    agreement: settings.allowance_agreement,
    callback_url: service.allowanceCallbackUrl(),
  })
}

/**
 * Of Medusa's refunds (each with its order), the orders whose issued invoice still owes one of them an
 * allowance: no allowance of the invoice names the refund, something is left to allow, and no allowance of
 * the invoice is pending (sync settles that one first, then allows what is due). For the retry job's
 * catch-up of refunds whose `payment.refunded` handling never finished. Nothing when e-invoicing or
 * allowing on refund is off.
 */
export async function ordersOwingRefundAllowances(
  service: EinvoiceModuleService,
  refunds: ReadonlyArray<{ order_id: string; refund_id: string }>,
  /**
   * What the plan needs of the candidate orders (their state and all their refunds), read by the caller:
   * an order is owing only when its plan has an amount, so a refund that no allowance names but that an
   * order change's allowance already covers is left alone, instead of being tried again every run.
   */
  loadOrders: (orderIds: string[]) => Promise<Map<string, PlanRefundAllowanceInput["order"]>>
): Promise<string[]> {
  if (!refunds.length) {
    return []
  }
  const settings = await service.retrieveSettings()
  if (!settings.enabled || !settings.auto_allowance_on_refund) {
    return []
  }
  const orderIds = [...new Set(refunds.map((refund) => refund.order_id))]
  const invoices = await service.listEinvoices({ order_id: orderIds, status: "issued", kind: "original" }, { relations: ["allowances"] })
  // Per order with an invoice that can still take an allowance now: the refunds its allowances name.
  const namedByOrder = new Map<string, Set<string>>()
  for (const invoice of invoices) {
    const allowances = invoice.allowances ?? []
    if ((invoice.remaining_allowance_amount ?? invoice.total) > 0 && !allowances.some((a) => a.status === "pending")) {
      namedByOrder.set(invoice.order_id, refundsNamedBy(allowances))
    }
  }
  const owing = refunds.filter(({ order_id, refund_id }) => namedByOrder.get(order_id)?.has(refund_id) === false)
  const owingOrders = [...new Set(owing.map((refund) => refund.order_id))]
  if (!owingOrders.length) {
    return []
  }
  const orders = await loadOrders(owingOrders)
  const planned: string[] = []
  for (const orderId of owingOrders) {
    const order = orders.get(orderId)
    if (order && (await planRefundAllowance(service, { order_id: orderId, order })).amount > 0) {
      planned.push(orderId)
    }
  }
  return planned
}
