import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { syncEinvoiceStep, type SyncEinvoiceInput } from "./steps/sync-einvoice"
import { orderLockKey } from "./utils/order-lock"

/** Refreshes an invoice and its allowances from ECPay, under the order's invoice lock. */
export const syncEinvoiceWorkflow = createWorkflow("ecpay-einvoice-sync", (input: SyncEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: 60, ttl: 120 })
  const result = syncEinvoiceStep(input)
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
