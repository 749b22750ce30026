import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { voidAllowanceStep, type VoidAllowanceInput } from "./steps/void-allowance"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"

export const EINVOICE_ALLOWANCE_VOIDED_EVENT = "ecpay_einvoice.allowance_voided"

/** Voids an allowance, or cancels an online one still awaiting the buyer, under the order's invoice lock. */
export const voidEinvoiceAllowanceWorkflow = createWorkflow("ecpay-einvoice-void-allowance", (input: VoidAllowanceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
  const result = voidAllowanceStep(input)
  when("ecpay-einvoice-allowance-was-voided", { result }, ({ result }) => result.outcome === "voided").then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.allowance_id,
      invoice_id: result.invoice_id,
      order_id: result.order_id,
      allowance_number: result.allowance_number,
    }))
    emitEventStep({ eventName: EINVOICE_ALLOWANCE_VOIDED_EVENT, data }).config({ name: "ecpay-einvoice-emit-allowance-voided" })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
