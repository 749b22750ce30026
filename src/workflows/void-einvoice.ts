import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { voidEinvoiceStep, type VoidEinvoiceInput } from "./steps/void-einvoice"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"

export const EINVOICE_VOIDED_EVENT = "ecpay_einvoice.voided"

/** Voids the order's issued invoice at ECPay, under the order's invoice lock. */
export const voidEinvoiceWorkflow = createWorkflow("ecpay-einvoice-void", (input: VoidEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
  const result = voidEinvoiceStep(input)
  when("ecpay-einvoice-was-voided", { result }, ({ result }) => result.outcome === "voided").then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.invoice_id,
      order_id: result.order_id,
      invoice_number: result.invoice_number,
    }))
    emitEventStep({ eventName: EINVOICE_VOIDED_EVENT, data }).config({ name: "ecpay-einvoice-emit-voided" })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
