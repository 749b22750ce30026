import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { prepareAllowanceStep, type PrepareAllowanceInput } from "./steps/prepare-allowance"
import { submitAllowanceStep } from "./steps/submit-allowance"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"

export const EINVOICE_ALLOWANCE_CREATED_EVENT = "ecpay_einvoice.allowance_created"

export type CreateEinvoiceAllowanceInput = PrepareAllowanceInput

/**
 * Issues an allowance (折讓) against the order's invoice: by lines or by amount, agreed on paper
 * (issued at once) or online (ECPay asks the buyer by e-mail; see the allowance callback). The same
 * `idempotency_key` with the same request answers the first allowance (nothing sent, no event).
 */
export const createEinvoiceAllowanceWorkflow = createWorkflow("ecpay-einvoice-create-allowance", (input: CreateEinvoiceAllowanceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
  const prepared = prepareAllowanceStep(input)
  const result = submitAllowanceStep({ order_id: input.order_id, prepared, actor: input.actor })
  when(
    "ecpay-einvoice-allowance-made",
    { result },
    ({ result }) => !result.replayed && (result.outcome === "issued" || result.outcome === "awaiting_agreement")
  ).then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.allowance_id,
      invoice_id: result.invoice_id,
      order_id: result.order_id,
      allowance_number: result.allowance_number,
      status: result.status,
    }))
    emitEventStep({ eventName: EINVOICE_ALLOWANCE_CREATED_EVENT, data }).config({ name: "ecpay-einvoice-emit-allowance" })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
