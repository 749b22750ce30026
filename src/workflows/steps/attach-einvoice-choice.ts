import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"

export interface AttachEinvoiceChoiceInput {
  order_id: string
  cart_id: string | null
  customer_id: string | null
}

/**
 * Copies the cart's invoice choice to its order (scope "order") and remembers it as the customer's
 * choice for the next checkout. Idempotent: a second delivery of order.placed changes nothing.
 */
export const attachEinvoiceChoiceStep = createStep(
  "ecpay-einvoice-attach-choice",
  async (input: AttachEinvoiceChoiceInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.attachChoiceToOrder(input))
  }
)
