import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { planCancelSettlementStep } from "./steps/plan-cancel-settlement"
import { settleCanceledAdditionalInvoicesStep } from "./steps/additional-invoices"
import { CANCELED_ORDER_REASON } from "../lib/cancel-settlement"
import { voidEinvoiceStep } from "./steps/void-einvoice"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import { submitPlannedAllowance } from "./utils/planned-allowance"
import { EINVOICE_VOIDED_EVENT } from "./void-einvoice"

const SYSTEM = { type: "system" as const }

/**
 * A canceled order's issued invoice, when the store voids on cancel: voided, or — past the period's void
 * deadline or with allowances already made — allowed (paper agreement) for what is left.
 */
export interface SettleCanceledOrderEinvoiceInput {
  order_id: string
  /**
   * Also the order's additional invoices (the order.canceled subscriber). Not when issuing runs this for
   * an order canceled meanwhile: an order whose invoice is only now issued has no additional invoice yet.
   */
  with_additional?: boolean
  /**
   * Whether the order is canceled, as the caller read it under the order's lock (issuing has just loaded
   * the order): not read again. A cancel after that read has its own order.canceled, handled once this
   * lock is released.
   */
  canceled?: boolean
}

export const settleCanceledOrderEinvoiceWorkflow = createWorkflow(
  "ecpay-einvoice-settle-canceled-order",
  (input: SettleCanceledOrderEinvoiceInput) => {
    const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
    acquireLockStep({ key: lockKey, timeout: ORDER_LOCK.timeoutSeconds, ttl: ORDER_LOCK.ttlSeconds })
    const plan = planCancelSettlementStep(input)

    const voided = when("ecpay-einvoice-cancel-voids", { plan }, ({ plan }) => plan.action === "void").then(() => {
      const voidInput = transform({ input, plan }, ({ input, plan }) => ({
        order_id: input.order_id,
        reason: plan.reason,
        actor: SYSTEM,
        automatic: true,
      }))
      return voidEinvoiceStep(voidInput)
    })
    // Not nested in the "when" above: the workflow composer does not support a "when" inside another.
    when("ecpay-einvoice-cancel-voided", { voided }, ({ voided }) => voided?.outcome === "voided").then(() => {
      const data = transform({ voided }, ({ voided }) => ({
        id: voided!.invoice_id,
        order_id: voided!.order_id,
        invoice_number: voided!.invoice_number,
      }))
      emitEventStep({ eventName: EINVOICE_VOIDED_EVENT, data }).config({ name: "ecpay-einvoice-cancel-emit-voided" })
    })

    const allowance = transform({ input, plan }, ({ input, plan }) =>
      plan.action === "allowance"
        ? {
            order_id: input.order_id,
            request: { amount: plan.amount },
            agreement: "paper" as const,
            reason: plan.reason,
            source: "order_canceled" as const,
            idempotency_key: plan.idempotency_key ?? null,
            actor: SYSTEM,
          }
        : null
    )
    const allowed = submitPlannedAllowance("ecpay-einvoice-cancel", input.order_id, allowance)

    // What order changes added (additional invoices) goes with the order too.
    const additional = when("ecpay-einvoice-cancel-settles-additional", { input }, ({ input }) => !!input.with_additional).then(() =>
      settleCanceledAdditionalInvoicesStep({ order_id: input.order_id, reason: CANCELED_ORDER_REASON })
    )

    releaseLockStep({ key: lockKey })
    const result = transform({ plan, voided, allowed, additional }, ({ plan, voided, allowed, additional }) => ({
      action: plan.action,
      result: voided ?? allowed ?? null,
      additional: additional ?? [],
    }))
    return new WorkflowResponse(result)
  }
)
