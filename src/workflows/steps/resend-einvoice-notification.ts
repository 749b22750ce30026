import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { ResendNotificationInput } from "../../modules/einvoice/operations/resend"

export type { ResendNotificationInput as ResendEinvoiceNotificationInput }

/** Has ECPay send the buyer the invoice's notification again (InvoiceNotify): the issue or the void notice. */
export const resendEinvoiceNotificationStep = createStep(
  "ecpay-einvoice-resend-notification",
  async (input: ResendNotificationInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.resendNotification(input))
  }
)
