import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { SubmitAllowanceInput } from "../../modules/einvoice/operations/allowance"
import type { EinvoiceActionResult } from "../../lib/einvoice-results"

export type { SubmitAllowanceInput }

/**
 * Sends the prepared allowance to ECPay (paper: Allowance; online: AllowanceByCollegiate) and records
 * the outcome (see EinvoiceModuleService.submitAllowance). ECPay's refusal is data, not an error.
 */
export const submitAllowanceStep = createStep(
  "ecpay-einvoice-submit-allowance",
  async (input: SubmitAllowanceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.submitAllowance(input))
  }
)
