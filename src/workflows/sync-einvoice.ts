import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { syncEinvoiceStep, type SyncEinvoiceInput } from "./steps/sync-einvoice"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import { allowRefundedEinvoiceWorkflow } from "./allow-refunded-einvoice"
import { settleCanceledOrderEinvoiceWorkflow } from "./settle-canceled-order-einvoice"

/**
 * Refreshes an invoice and its allowances from ECPay, under the order's invoice lock. Once ECPay's records
 * are in (an allowance of unknown outcome settled), what waited for that runs: a canceled order's
 * settlement and the refunds not allowed yet (each keyed, so nothing is allowed twice; both do nothing
 * when the store's settings say so, or when nothing is left to do).
 */
export const syncEinvoiceWorkflow = createWorkflow("ecpay-einvoice-sync", (input: SyncEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
  const result = syncEinvoiceStep(input)
  when("ecpay-einvoice-synced-catch-up", { result }, ({ result }) => result.outcome === "synced").then(() => {
    const order = transform({ input }, ({ input }) => ({ order_id: input.order_id }))
    settleCanceledOrderEinvoiceWorkflow.runAsStep({ input: order })
    allowRefundedEinvoiceWorkflow.runAsStep({ input: order })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(result)
})
