import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"

/**
 * Sends the shopper a Medusa notification about the issued invoice when the store turned it on (ECPay
 * e-mails the shopper itself as well). A failure is recorded in the audit trail and does not undo the issue.
 */
export const notifyEinvoiceIssuedStep = createStep(
  "ecpay-einvoice-notify-issued",
  async ({ invoice_id }: { invoice_id: string }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const sent = await service.notifyInvoiceIssued({
      invoice_id,
      // Resolved only when there is something to send; a store without a notification provider records the failure.
      send: (notification) => container.resolve(Modules.NOTIFICATION).createNotifications(notification),
    })
    return new StepResponse(sent)
  }
)
