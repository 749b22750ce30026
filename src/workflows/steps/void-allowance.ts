import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { VoidAllowanceInput } from "../../modules/einvoice/operations/allowance-void"
import type { EinvoiceActionResult } from "../../lib/einvoice-results"

export type { VoidAllowanceInput }

/**
 * Voids an issued allowance, or cancels an online one the buyer has not answered, at ECPay (see
 * EinvoiceModuleService.voidAllowance). Either gives the amount back to the invoice.
 */
export const voidAllowanceStep = createStep(
  "ecpay-einvoice-void-allowance",
  async (input: VoidAllowanceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.voidAllowance(input))
  }
)
