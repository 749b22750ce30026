import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { AllowanceAnswerInput, AllowanceAnswerResult } from "../../modules/einvoice/operations/allowance-answer"

export type { AllowanceAnswerInput, AllowanceAnswerResult }

/**
 * Records the buyer's answer to an online allowance, posted by ECPay to the ReturnURL, once its
 * CheckMacValue and MerchantID verify (see EinvoiceModuleService.recordAllowanceAnswer). Idempotent.
 */
export const recordAllowanceAnswerStep = createStep(
  "ecpay-einvoice-record-allowance-answer",
  async (input: AllowanceAnswerInput, { container }): Promise<StepResponse<AllowanceAnswerResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.recordAllowanceAnswer(input))
  }
)
