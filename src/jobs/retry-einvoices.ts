import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"
import { allowRefundedEinvoiceWorkflow } from "../workflows/allow-refunded-einvoice"
import { issueAdditionalEinvoicesWorkflow } from "../workflows/issue-additional-einvoices"
import { syncEinvoiceWorkflow } from "../workflows/sync-einvoice"
import { skipWhileCredentialsUnreadable, skipWhileEcpayPaused } from "../workflows/utils/ecpay-pause"
import { refundsBetween } from "../workflows/utils/orders-of-payment"
import { allowOrderChangeEinvoiceWorkflow } from "../workflows/allow-order-change-einvoice"
import { orderChangesBetween } from "../workflows/utils/order-change-facts"
import { loadRefundFactsOfOrders } from "../workflows/utils/order-for-invoice"
import { issueDueInvoices, RETRY_LOCK_TIMEOUT_SECONDS, STALLED_AFTER_MS, takeRunLease } from "../workflows/utils/due-invoices"

/** Invoices of each other kind of catch-up handled per run; the rest wait for the next minute. */
export const RETRY_BATCH_SIZE = 50
/**
 * The refunds the catch-up looks at: made in the last three days, but not in the last two minutes (their
 * payment.refunded is likely still being handled); the newest 500.
 */
export const REFUND_CATCH_UP = { sinceMs: 3 * 24 * 60 * 60 * 1000, graceMs: 2 * 60 * 1000, take: 500 }
/**
 * How long one run keeps issuing a backlog of due invoices before it turns to the other catch-ups (each a
 * bounded batch), so a backlog of hours never holds back refunds' and order changes' allowances.
 */
export const DRAIN_BUDGET_MS = 5 * 60 * 1000
const JOB_NAME = "ecpay-einvoice-retry"

/** What one run did: how many of each catch-up it handled, and why it stopped early. */
export interface RetryRunResult {
  /** Due invoices issued (or tried) and orders whose additional invoices were. */
  processed: number
  /** Invoices whose allowances of unknown outcome were synced (absent when the run did nothing). */
  reconciled?: number
  refunds_caught_up?: number
  changes_caught_up?: number
  /** The end of ECPay's store-wide pause, when the run stopped for it. */
  paused_until: Date | null
  /** Why the run did nothing: the credentials cannot be decrypted, or another run is under way. */
  held_by?: "credentials_unreadable" | "another_run"
}

/**
 * Issues the invoices that are due: pending after a transient failure (with backoff), scheduled N days
 * after payment / shipment, or interrupted mid-attempt, as many at once as `ecpayConcurrency` lets the
 * process call ECPay, until none is left or `DRAIN_BUDGET_MS` has passed (`issueDueInvoices`). Each goes
 * through the same issue workflow, which reconciles with ECPay before trying again. Then, drained or not, the additional
 * invoices that are due, then the invoices whose paper allowances have an unknown outcome are synced, then
 * the refunds of issued invoices that no allowance names are allowed (`REFUND_CATCH_UP`), then the order
 * changes (returns, exchanges, claims, edits) no allowance or recorded decision answers, over the same
 * window. Skipped while ECPay is paused store-wide (after a 403) or while the stored credentials cannot be
 * decrypted, and stops when a 403 starts the pause mid-run. One run at a time in the whole store: a run
 * that finds another under way (a backlog outlasting the minute) leaves the work to it.
 */
export default async function retryEinvoicesJob(container: MedusaContainer): Promise<RetryRunResult> {
  return runRetry(container, { drainBudgetMs: DRAIN_BUDGET_MS })
}

/** One run of the retry job, with the drain's budget given (a test gives one that has already run out). */
export async function runRetry(container: MedusaContainer, options: { drainBudgetMs: number }): Promise<RetryRunResult> {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  // The online-check counters of windows that ended (one small DELETE a minute keeps the table short).
  await service.pruneOnlineCheckWindows()
  const pausedUntil = await skipWhileEcpayPaused(container, JOB_NAME)
  if (pausedUntil) {
    return { processed: 0, paused_until: pausedUntil }
  }
  if (await skipWhileCredentialsUnreadable(container, JOB_NAME)) {
    return { processed: 0, paused_until: null, held_by: "credentials_unreadable" }
  }
  const lease = await takeRunLease(container, JOB_NAME)
  if (!lease) {
    return { processed: 0, paused_until: null, held_by: "another_run" }
  }
  try {
    return await catchUp(container, service, lease.renew, options.drainBudgetMs)
  } finally {
    await lease.release()
  }
}

async function catchUp(
  container: MedusaContainer,
  service: EinvoiceModuleService,
  renewLease: () => Promise<void>,
  drainBudgetMs: number
): Promise<RetryRunResult> {
  const now = new Date()
  const drained = await issueDueInvoices(container, { now, deadline: now.getTime() + drainBudgetMs, onHandled: renewLease })
  const result = { processed: drained.processed, reconciled: 0, refunds_caught_up: 0, changes_caught_up: 0, paused_until: null }
  const stoppedByPause = async (): Promise<RetryRunResult> => ({ ...result, paused_until: await service.ecpayPausedUntil() })
  if (drained.paused) {
    return stoppedByPause()
  }
  let handled = drained.processed
  /**
   * Runs `each` on the items in order, renewing the lease, until a 403 met meanwhile pauses ECPay
   * store-wide (checked once this run has handled anything). How many ran, and whether the pause stopped it.
   */
  const untilPaused = async <T>(items: readonly T[], each: (item: T) => Promise<unknown>) => {
    let done = 0
    for (const item of items) {
      if (handled > 0 && (await service.ecpayPausedUntil())) {
        return { done, paused: true }
      }
      await each(item)
      done += 1
      handled += 1
      await renewLease()
    }
    return { done, paused: false }
  }
  const window = {
    from: new Date(now.getTime() - REFUND_CATCH_UP.sinceMs),
    to: new Date(now.getTime() - REFUND_CATCH_UP.graceMs),
    take: REFUND_CATCH_UP.take,
  }

  // Additional invoices (what exchanges and edits added) waiting for their retry, or recently recorded and
  // waiting for a payment whose payment.captured may have been lost: their order's workflow issues what is due.
  const additionalDue = await service.listEinvoices(
    {
      status: "pending",
      kind: "additional",
      $or: [
        { attempts: { $gt: 0 }, next_attempt_at: { $lte: now } },
        { attempts: { $gt: 0 }, next_attempt_at: null, updated_at: { $lte: new Date(now.getTime() - STALLED_AFTER_MS) } },
        { attempts: 0, created_at: { $gte: window.from, $lte: window.to } },
      ],
    },
    { take: RETRY_BATCH_SIZE, select: ["order_id"] }
  )
  const additional = await untilPaused([...new Set(additionalDue.map((invoice) => invoice.order_id))], (orderId) =>
    issueAdditionalEinvoicesWorkflow(container).run({
      input: { order_id: orderId, lock_timeout_seconds: RETRY_LOCK_TIMEOUT_SECONDS },
      throwOnError: false,
    })
  )
  result.processed += additional.done
  if (additional.paused) {
    return stoppedByPause()
  }

  // Allowances sent without a recorded answer: their invoice's sync asks ECPay (GetAllowanceList), settles
  // them, then runs the refund allowance or cancel settlement that waited.
  const synced = await untilPaused(await service.invoicesWithUnknownAllowances(now), (invoice) =>
    syncEinvoiceWorkflow(container).run({
      input: { order_id: invoice.order_id, invoice_id: invoice.invoice_id, actor: { type: "system" } },
      throwOnError: false,
    })
  )
  result.reconciled = synced.done
  if (synced.paused) {
    return stoppedByPause()
  }

  // Refunds whose allowance never started: their payment.refunded was lost with a process, or its handler
  // gave up waiting for the order's lock. Allowed here, each under its refund's key (never twice).
  const owing = await service.ordersOwingRefundAllowances(await refundsBetween(container, window), (orderIds) =>
    loadRefundFactsOfOrders(container, orderIds)
  )
  const refunds = await untilPaused(owing, (orderId) =>
    allowRefundedEinvoiceWorkflow(container).run({
      input: { order_id: orderId, lock_timeout_seconds: RETRY_LOCK_TIMEOUT_SECONDS },
      throwOnError: false,
    })
  )
  result.refunds_caught_up = refunds.done
  if (refunds.paused) {
    return stoppedByPause()
  }

  // Returns, exchanges, claims and edits whose allowance never started, the same way (each under its change's key).
  const changes = await untilPaused(await service.orderChangesOwingAllowances(await orderChangesBetween(container, window)), (candidate) =>
    allowOrderChangeEinvoiceWorkflow(container).run({
      input: { order_id: candidate.order_id, change: candidate.change, lock_timeout_seconds: RETRY_LOCK_TIMEOUT_SECONDS },
      throwOnError: false,
    })
  )
  result.changes_caught_up = changes.done
  return changes.paused ? stoppedByPause() : result
}

export const config = {
  name: JOB_NAME,
  schedule: "* * * * *",
}
