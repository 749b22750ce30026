import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { issueAdditionalInvoicesStep } from "./steps/additional-invoices"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"

export interface IssueAdditionalEinvoicesInput {
  order_id: string
  /** How long to wait for the order's lock, in seconds (default 60; the retry job waits briefly). */
  lock_timeout_seconds?: number
}

/**
 * Issues the order's additional invoices (補開發票: what exchanges and edits added after the invoice) that
 * are due: once the shopper has paid the difference (a payment captured), or at their retry time.
 */
export const issueAdditionalEinvoicesWorkflow = createWorkflow(
  "ecpay-einvoice-issue-additional",
  (input: IssueAdditionalEinvoicesInput) => {
    const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
    const lockTimeout = transform({ input }, ({ input }) => input.lock_timeout_seconds ?? ORDER_LOCK.timeoutSeconds)
    acquireLockStep({ key: lockKey, timeout: lockTimeout, ttl: ORDER_LOCK.ttlSeconds })
    const order = loadEinvoiceOrderStep({ order_id: input.order_id })
    const results = issueAdditionalInvoicesStep({ order })
    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(results)
  }
)
