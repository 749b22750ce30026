import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { SyncInvoiceInput } from "../../modules/einvoice/operations/sync"

export type { SyncInvoiceInput as SyncEinvoiceInput }

/**
 * Refreshes an invoice from ECPay: a void or allowances made in ECPay's back office, the upload and award
 * status, the remaining allowable amount; settles allowances whose outcome was unknown and online
 * requests that expired unanswered.
 */
export const syncEinvoiceStep = createStep("ecpay-einvoice-sync", async (input: SyncInvoiceInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.syncInvoice(input))
})
