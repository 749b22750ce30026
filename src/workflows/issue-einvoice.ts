import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import type { Actor } from "../modules/einvoice/service"
import { loadEinvoiceOrderStep } from "./steps/load-einvoice-order"
import { prepareEinvoiceStep, type IssueTrigger } from "./steps/prepare-einvoice"
import { submitEinvoiceStep } from "./steps/submit-einvoice"
import { notifyEinvoiceIssuedStep } from "./steps/notify-einvoice-issued"
import { settleCanceledOrderEinvoiceWorkflow } from "./settle-canceled-order-einvoice"
import { allowRefundedEinvoiceWorkflow } from "./allow-refunded-einvoice"
import { ORDER_LOCK, orderLockKey } from "./utils/order-lock"
import type { IssueEinvoiceResult } from "../lib/einvoice-results"
import type { StoredChoice } from "../lib/invoice-choice"

export type { IssueEinvoiceResult }

export const EINVOICE_ISSUED_EVENT = "ecpay_einvoice.issued"
export const EINVOICE_FAILED_EVENT = "ecpay_einvoice.failed"

export interface IssueEinvoiceInput {
  order_id: string
  trigger: IssueTrigger
  actor: Actor
  /**
   * How long to wait for the order's lock, in seconds (default 60). The retry job waits briefly: an order
   * another process holds, or held when it died (its lock lasts until the ttl), is tried on the next run
   * rather than holding up the rest of the batch.
   */
  lock_timeout_seconds?: number
  /** A manual retry's corrected buyer, carrier, donation or company data (stored as the order's choice). */
  choice?: StoredChoice
}

/**
 * Issues the order's invoice at ECPay, exactly once: under a per-order lock, with the RelateNumber
 * stored before the call, and reconciliation by RelateNumber when the outcome is unknown.
 * Once issued, what happened to the order before still applies: an order canceled meanwhile is
 * settled (voided or allowed) and a refund made before issuing becomes an allowance, each when the
 * store's settings say so (the sub-workflows do nothing otherwise, and run under this lock); an order
 * with neither runs neither.
 */
export const issueEinvoiceWorkflow = createWorkflow("ecpay-einvoice-issue", (input: IssueEinvoiceInput) => {
  const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
  const lockTimeout = transform({ input }, ({ input }) => input.lock_timeout_seconds ?? ORDER_LOCK.timeoutSeconds)
  acquireLockStep({ key: lockKey, timeout: lockTimeout, ttl: ORDER_LOCK.ttlSeconds })

  const order = loadEinvoiceOrderStep({ order_id: input.order_id })
  const prepared = prepareEinvoiceStep({ order, trigger: input.trigger, actor: input.actor, choice: input.choice })

  const submitted = when("ecpay-einvoice-should-submit", { prepared }, ({ prepared }) => prepared.outcome === "submit").then(() => {
    const submitInput = transform({ prepared, input }, ({ prepared, input }) => ({
      invoice_id: (prepared as Extract<typeof prepared, { outcome: "submit" }>).invoice_id,
      payload: (prepared as Extract<typeof prepared, { outcome: "submit" }>).payload,
      actor: input.actor,
      withdraw: (prepared as Extract<typeof prepared, { outcome: "submit" }>).withdraw,
    }))
    return submitEinvoiceStep(submitInput)
  })

  when("ecpay-einvoice-was-issued", { submitted }, ({ submitted }) => submitted?.status === "issued").then(() => {
    const eventData = transform({ submitted }, ({ submitted }) => ({
      id: submitted!.invoice_id,
      order_id: submitted!.order_id,
      invoice_number: submitted!.invoice_number,
    }))
    emitEventStep({ eventName: EINVOICE_ISSUED_EVENT, data: eventData })
  })
  // Only when the store notifies shoppers through Medusa (the settings prepare read).
  when("ecpay-einvoice-notify-issued", { submitted, prepared }, ({ submitted, prepared }) => {
    return submitted?.status === "issued" && prepared.outcome === "submit" && prepared.notify
  }).then(() => {
    const notifyInput = transform({ submitted }, ({ submitted }) => ({ invoice_id: submitted!.invoice_id! }))
    notifyEinvoiceIssuedStep(notifyInput)
  })

  // What happened to the order before it was invoiced, as loaded above under this lock (a cancel or a
  // refund after that load has its own event, handled once the lock is released). Most orders have
  // neither, and skip both.
  when("ecpay-einvoice-issued-canceled-order", { submitted, order }, ({ submitted, order }) => {
    return submitted?.status === "issued" && order.canceled
  }).then(() => {
    const settleInput = transform({ input }, ({ input }) => ({ order_id: input.order_id, canceled: true }))
    settleCanceledOrderEinvoiceWorkflow.runAsStep({ input: settleInput })
  })
  when("ecpay-einvoice-issued-refunded-order", { submitted, order }, ({ submitted, order }) => {
    return submitted?.status === "issued" && (order.refunded_total > 0 || order.refunds.length > 0)
  }).then(() => {
    const refundInput = transform({ input, order }, ({ input, order }) => ({ order_id: input.order_id, order }))
    allowRefundedEinvoiceWorkflow.runAsStep({ input: refundInput })
  })

  when("ecpay-einvoice-has-failed", { submitted }, ({ submitted }) => submitted?.status === "failed").then(() => {
    const eventData = transform({ submitted }, ({ submitted }) => ({
      id: submitted!.invoice_id,
      order_id: submitted!.order_id,
      error_code: submitted!.error_code,
      error_message: submitted!.error_message,
    }))
    emitEventStep({ eventName: EINVOICE_FAILED_EVENT, data: eventData }).config({ name: "ecpay-einvoice-emit-failed" })
  })

  releaseLockStep({ key: lockKey })

  const result = transform({ input, prepared, submitted }, ({ input, prepared, submitted }): IssueEinvoiceResult => ({
    order_id: input.order_id,
    outcome: submitted ? submitted.outcome : prepared.outcome,
    invoice_id: submitted?.invoice_id ?? ("invoice_id" in prepared ? prepared.invoice_id : null),
    status: submitted?.status ?? null,
    invoice_number: submitted?.invoice_number ?? null,
    error_code: submitted?.error_code ?? null,
    error_message: submitted?.error_message ?? null,
    reason: "reason" in prepared ? prepared.reason : null,
  }))
  return new WorkflowResponse(result)
})
