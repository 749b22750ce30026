import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { planRefundAllowanceStep } from "./steps/plan-refund-allowance"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import { submitPlannedAllowance } from "./utils/planned-allowance"
import type { InvoicedOrder } from "./utils/order-for-invoice"

export interface AllowRefundedEinvoiceInput {
  order_id: string
  /** The refund to allow (the payment.refunded subscriber's); without it, every refund not allowed yet. */
  refund_id?: string | null
  /** How long to wait for the order's lock, in seconds (default 60; the retry job's catch-up waits briefly). */
  lock_timeout_seconds?: number
  /**
   * The order as the caller loaded it under the order's lock (issuing has just loaded it): not loaded
   * again. A refund after that load has its own payment.refunded, handled once this lock is released.
   */
  order?: InvoicedOrder
}

/**
 * A refund on an invoiced order becomes an allowance (折讓) for the refunded amount, when the store says so.
 * Each refund is allowed once: the allowance's idempotency key names the invoice and the refund, so a
 * repeated event or a second process gets the first allowance back instead of a second one.
 */
export const allowRefundedEinvoiceWorkflow = createWorkflow("ecpay-einvoice-allow-refund", (input: AllowRefundedEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  const lockTimeout = transform({ input }, ({ input }) => input.lock_timeout_seconds ?? ORDER_LOCK.timeoutSeconds)
  acquireLockStep({ key: lockKey, timeout: lockTimeout, ttl: ORDER_LOCK.ttlSeconds })
  const loaded = when("ecpay-einvoice-refund-loads-order", { input }, ({ input }) => !input.order).then(() =>
    loadEinvoiceOrderStep({ order_id: input.order_id })
  )
  const planInput = transform({ input, loaded }, ({ input, loaded }) => ({
    order_id: input.order_id,
    order: (input.order ?? loaded)!,
    refund_id: input.refund_id ?? null,
  }))
  const plan = planRefundAllowanceStep(planInput)
  const allowance = transform({ input, plan }, ({ input, plan }) =>
    plan.amount > 0
      ? {
          order_id: input.order_id,
          request: { amount: plan.amount },
          agreement: plan.agreement,
          reason: plan.reason,
          source: "refund" as const,
          idempotency_key: plan.idempotency_key,
          refund_ids: plan.refund_ids,
          actor: { type: "system" as const },
        }
      : null
  )
  const result = submitPlannedAllowance("ecpay-einvoice-refund", input.order_id, allowance)
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ plan, result }, ({ plan, result }) => ({ amount: plan.amount, result: result ?? null })))
})
