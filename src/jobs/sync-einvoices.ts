import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"
import { syncEinvoiceWorkflow } from "../workflows/sync-einvoice"
import { skipWhileCredentialsUnreadable, skipWhileEcpayPaused } from "../workflows/utils/ecpay-pause"

/** Invoices refreshed per run, to stay well under ECPay's rate limit. */
export const SYNC_BATCH_SIZE = 20
/** An invoice is refreshed again after this long… */
export const SYNC_EVERY_MS = 12 * 60 * 60 * 1000
/** …while it is this recent: older periods have been uploaded and locked. */
export const SYNC_WINDOW_MS = 120 * 24 * 60 * 60 * 1000

/**
 * Picks up what happened at ECPay outside the store: voids and allowances made in ECPay's back office,
 * the Ministry of Finance upload and lottery status, online allowances that expired unanswered.
 * Least recently synced first; each invoice goes through the same sync workflow as the admin's button.
 * Skipped while ECPay is paused store-wide (after a 403), and stops when a 403 starts the pause mid-run.
 */
export default async function syncEinvoicesJob(container: MedusaContainer) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const pausedUntil = await skipWhileEcpayPaused(container, "ecpay-einvoice-sync")
  if (pausedUntil) {
    return { processed: 0, paused_until: pausedUntil }
  }
  if (await skipWhileCredentialsUnreadable(container, "ecpay-einvoice-sync")) {
    return { processed: 0, paused_until: null, held_by: "credentials_unreadable" }
  }
  const now = Date.now()
  const recent = { status: "issued" as const, issued_at: { $gte: new Date(now - SYNC_WINDOW_MS) } }
  // Never-synced first (PostgreSQL sorts NULL last), then the stalest.
  const never = await service.listEinvoices({ ...recent, synced_at: null }, { take: SYNC_BATCH_SIZE, order: { issued_at: "ASC" } })
  const stale =
    never.length >= SYNC_BATCH_SIZE
      ? []
      : await service.listEinvoices(
          { ...recent, synced_at: { $lte: new Date(now - SYNC_EVERY_MS) } },
          { take: SYNC_BATCH_SIZE - never.length, order: { synced_at: "ASC" } }
        )
  const due = [...never, ...stale]
  let processed = 0
  for (const invoice of due) {
    if (processed > 0 && (await service.ecpayPausedUntil())) {
      break
    }
    await syncEinvoiceWorkflow(container).run({
      input: { order_id: invoice.order_id, invoice_id: invoice.id, actor: { type: "system" } },
      throwOnError: false,
    })
    processed += 1
  }
  return { processed, paused_until: processed < due.length ? await service.ecpayPausedUntil() : null }
}

export const config = {
  name: "ecpay-einvoice-sync",
  schedule: "17 * * * *",
}
