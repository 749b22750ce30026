import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { reissueEinvoiceStep, type ReissueEinvoiceInput } from "./steps/reissue-einvoice"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"

export const EINVOICE_REISSUED_EVENT = "ecpay_einvoice.reissued"

/** Corrects an issued invoice's buyer data by void-and-reissue (same number), under the order's invoice lock. */
export const reissueEinvoiceWorkflow = createWorkflow("ecpay-einvoice-reissue", (input: ReissueEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
  const order = loadEinvoiceOrderStep({ order_id: input.order_id })
  const reissueInput = transform({ input, order }, ({ input, order }) => ({ ...input, order }))
  const result = reissueEinvoiceStep(reissueInput)
  when("ecpay-einvoice-was-reissued", { result }, ({ result }) => result.outcome === "reissued").then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result.invoice_id,
      order_id: result.order_id,
      invoice_number: result.invoice_number,
    }))
    emitEventStep({ eventName: EINVOICE_REISSUED_EVENT, data }).config({ name: "ecpay-einvoice-emit-reissued" })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
