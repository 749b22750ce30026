import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { SubmitIssueInput } from "../../modules/einvoice/operations/issue"

/** Issues the prepared invoice at ECPay exactly once; the result's status is the invoice's. */
export const submitEinvoiceStep = createStep("ecpay-einvoice-submit", async (input: SubmitIssueInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.submitIssue(input))
})
