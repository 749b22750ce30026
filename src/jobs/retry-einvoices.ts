import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { syncEinvoiceWorkflow } from "../workflows/sync-einvoice"
import { skipWhileEcpayPaused } from "../workflows/utils/ecpay-pause"

/** Invoices handled per run; the rest wait for the next minute, to stay under ECPay's rate limit. */
export const RETRY_BATCH_SIZE = 50
/** Seconds the job waits for an order's lock before leaving that order to its next run. */
export const RETRY_LOCK_TIMEOUT_SECONDS = 5
/** An attempt that has not finished after this long is taken as interrupted. */
export const STALLED_AFTER_MS = 10 * 60 * 1000

/**
 * Issues the invoices that are due: pending after a transient failure (with backoff), scheduled
 * N days after payment / shipment, or interrupted mid-attempt. Each goes through the same issue workflow, which reconciles with
 * ECPay before trying again. Then the invoices whose paper allowances have an unknown outcome are synced. Skipped while ECPay is paused store-wide (after a 403), and stops when a
 * 403 starts the pause mid-run.
 */
export default async function retryEinvoicesJob(container: MedusaContainer) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const pausedUntil = await skipWhileEcpayPaused(container, "ecpay-einvoice-retry")
  if (pausedUntil) {
    return { processed: 0, paused_until: pausedUntil }
  }
  const now = new Date()
  const due = await service.listEinvoices(
    {
      status: "pending",
      $or: [
        { next_attempt_at: { $lte: now } },
        // Left pending without a retry time: the process stopped during an attempt.
        { next_attempt_at: null, updated_at: { $lte: new Date(now.getTime() - STALLED_AFTER_MS) } },
      ],
    },
    { take: RETRY_BATCH_SIZE, order: { next_attempt_at: "ASC" } }
  )
  let processed = 0
  for (const invoice of due) {
    if (processed > 0 && (await service.ecpayPausedUntil())) {
      break
    }
    await issueEinvoiceWorkflow(container).run({
      input: { order_id: invoice.order_id, trigger: "retry", actor: { type: "system" }, lock_timeout_seconds: RETRY_LOCK_TIMEOUT_SECONDS },
      throwOnError: false,
    })
    processed += 1
  }
  if (processed < due.length) {
    return { processed, reconciled: 0, paused_until: await service.ecpayPausedUntil() }
  }
  // Allowances sent without a recorded answer: their invoice's sync asks ECPay (GetAllowanceList), settles
  // them, then runs the refund allowance or cancel settlement that waited.
  const unknown = await service.invoicesWithUnknownAllowances(now)
  let reconciled = 0
  for (const invoice of unknown) {
    if ((processed > 0 || reconciled > 0) && (await service.ecpayPausedUntil())) {
      break
    }
    await syncEinvoiceWorkflow(container).run({
      input: { order_id: invoice.order_id, invoice_id: invoice.invoice_id, actor: { type: "system" } },
      throwOnError: false,
    })
    reconciled += 1
  }
  return { processed, reconciled, paused_until: reconciled < unknown.length ? await service.ecpayPausedUntil() : null }
}

export const config = {
  name: "ecpay-einvoice-retry",
  schedule: "* * * * *",
}
