import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { PreparedIssue, PrepareIssueInput } from "../../modules/einvoice/operations/issue"

export type { IssueTrigger } from "../../modules/einvoice/operations/issue"

/** Writes (or reuses) the order's pending invoice and its payload, or says why it is not issued now. */
export const prepareEinvoiceStep = createStep(
  "ecpay-einvoice-prepare",
  async (input: PrepareIssueInput, { container }): Promise<StepResponse<PreparedIssue>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.prepareIssue(input))
  }
)
