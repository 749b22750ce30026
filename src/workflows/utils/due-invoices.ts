import type { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "node:crypto"
import { runLanes } from "../../lib/concurrency"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { issueEinvoiceWorkflow } from "../issue-einvoice"

/** Seconds the job waits for an order's lock before leaving that order to its next run. */
export const RETRY_LOCK_TIMEOUT_SECONDS = 5
/** An attempt that has not finished after this long is taken as interrupted. */
export const STALLED_AFTER_MS = 10 * 60 * 1000
/** Due invoices read at a time. */
const PAGE_SIZE = 50

/**
 * Issues the original invoices that are due (pending after a transient failure, scheduled N days after
 * payment or shipment, or interrupted mid-attempt), oldest first, each through the issue workflow (its
 * order's lock, reconciliation by RelateNumber before any new attempt). Twice as many run at once as the
 * process may call ECPay at once (`ecpayConcurrency`): while some wait for ECPay, the others read their
 * order and record their answer, and ECPay's places never stand empty. Stops taking new ones at
 * `deadline` (epoch ms) or when ECPay is paused store-wide (a 403 met meanwhile).
 */
export async function issueDueInvoices(
  container: MedusaContainer,
  args: { now: Date; deadline: number; onHandled?: () => Promise<void> }
): Promise<{ processed: number; paused: boolean }> {
  const service = container.resolve<EinvoiceModuleService>(EINVOICE_MODULE)
  const { now } = args
  let paused = false
  const processed = await runLanes<{ id: string; order_id: string }>({
    lanes: 2 * service.ecpayCalls.size,
    key: (invoice) => invoice.id,
    fetch: (seen) =>
      service.listEinvoices(
        {
          status: "pending",
          kind: "original",
          ...(seen.size ? { id: { $nin: [...seen] } } : {}),
          $or: [
            { next_attempt_at: { $lte: now } },
            // Left pending without a retry time: the process stopped during an attempt.
            { next_attempt_at: null, updated_at: { $lte: new Date(now.getTime() - STALLED_AFTER_MS) } },
          ],
        },
        { take: PAGE_SIZE, order: { next_attempt_at: "ASC" }, select: ["id", "order_id"] }
      ),
    stop: () => paused || Date.now() >= args.deadline,
    handle: async (invoice) => {
      const { result } = await issueEinvoiceWorkflow(container).run({
        input: {
          order_id: invoice.order_id,
          trigger: "retry",
          actor: { type: "system" },
          lock_timeout_seconds: RETRY_LOCK_TIMEOUT_SECONDS,
        },
        throwOnError: false,
      })
      // Not issued: perhaps a 403 (this one's or another process's) paused ECPay store-wide; then take no more.
      if (result?.status !== "issued" && !paused) {
        paused = !!(await service.ecpayPausedUntil())
      }
      await args.onHandled?.()
    },
  })
  return { processed, paused }
}

/** How long a run's lease lasts without renewal: a process that dies mid-run frees it after this. */
const LEASE_SECONDS = 120

/**
 * The retry job's lease: one run at a time across the store's processes (a long drain outlasts the
 * minute between runs; the next run finds the lease held and leaves the work to it). Held on the settings
 * row (`service.takeRetryLease`), so it needs nothing of the locking provider and outlives no process by
 * more than `LEASE_SECONDS`. Null when another run holds it. `renew` extends it (at most every 30 s).
 */
export async function takeRunLease(
  container: MedusaContainer,
  job: string
): Promise<{ renew: () => Promise<void>; release: () => Promise<void> } | null> {
  const service = container.resolve<EinvoiceModuleService>(EINVOICE_MODULE)
  const owner = `${job}:${randomUUID()}`
  if (!(await service.takeRetryLease(owner, LEASE_SECONDS))) {
    return null
  }
  let renewedAt = Date.now()
  return {
    renew: async () => {
      if (Date.now() - renewedAt < 30_000) return
      renewedAt = Date.now()
      await service.takeRetryLease(owner, LEASE_SECONDS)
    },
    release: () => service.releaseRetryLease(owner),
  }
}
