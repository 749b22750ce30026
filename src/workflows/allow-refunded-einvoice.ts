import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { planRefundAllowanceStep } from "./steps/plan-refund-allowance"
import { prepareAllowanceStep } from "./steps/prepare-allowance"
import { submitAllowanceStep } from "./steps/submit-allowance"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import { EINVOICE_ALLOWANCE_CREATED_EVENT } from "./create-einvoice-allowance"

const SYSTEM = { type: "system" as const }

export interface AllowRefundedEinvoiceInput {
  order_id: string
  /** The refund to allow (the payment.refunded subscriber's); without it, every refund not allowed yet. */
  refund_id?: string | null
  /** How long to wait for the order's lock, in seconds (default 60; the retry job's catch-up waits briefly). */
  lock_timeout_seconds?: number
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
  const order = loadEinvoiceOrderStep({ order_id: input.order_id })
  const planInput = transform({ input, order }, ({ input, order }) => ({
    order_id: input.order_id,
    order,
    refund_id: input.refund_id ?? null,
  }))
  const plan = planRefundAllowanceStep(planInput)
  const result = when("ecpay-einvoice-refund-needs-allowance", { plan }, ({ plan }) => plan.amount > 0).then(() => {
    const allowanceInput = transform({ input, plan }, ({ input, plan }) => ({
      order_id: input.order_id,
      request: { amount: plan.amount },
      agreement: plan.agreement,
      reason: plan.reason,
      source: "refund" as const,
      idempotency_key: plan.idempotency_key,
      refund_ids: plan.refund_ids,
      actor: SYSTEM,
    }))
    const prepared = prepareAllowanceStep(allowanceInput)
    return submitAllowanceStep({ order_id: input.order_id, prepared, actor: SYSTEM })
  })
  // Not nested in the "when" above: the workflow composer does not support a "when" inside another.
  when(
    "ecpay-einvoice-refund-allowed",
    { result },
    ({ result }) => !result?.replayed && (result?.outcome === "issued" || result?.outcome === "awaiting_agreement")
  ).then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result!.allowance_id,
      invoice_id: result!.invoice_id,
      order_id: result!.order_id,
      allowance_number: result!.allowance_number,
      status: result!.status,
    }))
    emitEventStep({ eventName: EINVOICE_ALLOWANCE_CREATED_EVENT, data }).config({ name: "ecpay-einvoice-refund-emit-allowance" })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ plan, result }, ({ plan, result }) => ({ amount: plan.amount, result: result ?? null })))
})
