import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { issueAdditionalInvoicesStep, recordAdditionalInvoiceStep } from "./steps/additional-invoices"
import { voidEinvoiceStep } from "./steps/void-einvoice"
import { issueEinvoiceWorkflow } from "./issue-einvoice"
import { planOrderChangeAllowanceStep } from "./steps/plan-order-change-allowance"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import type { OrderChangeEvent } from "./utils/order-change-facts"
import { submitPlannedAllowance } from "./utils/planned-allowance"

/** ECPay's void reason (≤ 20 characters) when an edit is corrected by void and re-issue. */
export const EDIT_REISSUE_REASON = "訂單變更重新開立"

export interface AllowOrderChangeEinvoiceInput {
  order_id: string
  /** The change Medusa's event names: a received return, a confirmed claim, a confirmed order edit. */
  change: OrderChangeEvent
  /** How long to wait for the order's lock, in seconds (default 60; the retry job's catch-up waits briefly). */
  lock_timeout_seconds?: number
}

/**
 * A return, an exchange, a refund claim or an order edit after the invoice was issued becomes an allowance
 * (折讓), when the store says so: the returned or removed lines, or the net an exchange refunds. Each change
 * is allowed once: the allowance's key names the invoice and the change (`return:`, `exchange:`, `claim:`,
 * `edit:`), so a redelivered event or a second process gets the first allowance back. A refund that pays for
 * the change later is covered by this allowance, not allowed again.
 */
export const allowOrderChangeEinvoiceWorkflow = createWorkflow(
  "ecpay-einvoice-allow-order-change",
  (input: AllowOrderChangeEinvoiceInput) => {
    const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
    const lockTimeout = transform({ input }, ({ input }) => input.lock_timeout_seconds ?? ORDER_LOCK.timeoutSeconds)
    acquireLockStep({ key: lockKey, timeout: lockTimeout, ttl: ORDER_LOCK.ttlSeconds })
    const order = loadEinvoiceOrderStep({ order_id: input.order_id })
    const plan = planOrderChangeAllowanceStep(
      transform({ input, order }, ({ input, order }) => ({ order_id: input.order_id, change: input.change, order }))
    )
    const allowance = transform({ input, plan }, ({ input, plan }) =>
      plan?.allowance.kind === "allow"
        ? {
            order_id: input.order_id,
            request: plan.allowance.request,
            agreement: plan.allowance.agreement,
            reason: plan.allowance.reason,
            source: plan.allowance.source,
            idempotency_key: plan.allowance.idempotency_key,
            change_items: plan.allowance.covers,
            actor: { type: "system" as const },
          }
        : null
    )
    const result = submitPlannedAllowance("ecpay-einvoice-order-change", input.order_id, allowance)
    // An edit corrected by void and re-issue: the invoice is voided and one issued for the edited order (now
    // when the order is paid; otherwise as automatic issuing or the merchant issues it).
    when("ecpay-einvoice-order-change-reissues", { plan }, ({ plan }) => !!plan?.reissue).then(() => {
      voidEinvoiceStep({ order_id: input.order_id, reason: EDIT_REISSUE_REASON, actor: { type: "system" as const }, automatic: true })
      issueEinvoiceWorkflow.runAsStep({
        input: { order_id: input.order_id, trigger: "retry" as const, actor: { type: "system" as const } },
      })
    })
    // What the change added: an additional invoice, issued once the shopper has paid for it.
    const additional = when("ecpay-einvoice-order-change-adds", { plan }, ({ plan }) => !!plan?.additional).then(() => {
      recordAdditionalInvoiceStep(transform({ order, plan }, ({ order, plan }) => ({ order, plan: plan!.additional! })))
      return issueAdditionalInvoicesStep({ order })
    })
    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(
      transform({ plan, result, additional }, ({ plan, result, additional }) => ({
        plan,
        result: result ?? null,
        additional: additional ?? [],
      }))
    )
  }
)
