import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { PlanRefundAllowanceInput } from "../../modules/einvoice/operations/refund-allowance"
import type { RefundAllowancePlan } from "../../lib/refund-allowance"

export { REFUND_REASON } from "../../lib/refund-allowance"
export type { PlanRefundAllowanceInput, RefundAllowancePlan }

/**
 * How much of the order's refunds still needs an allowance (折讓) when the store allows on refund (see
 * EinvoiceModuleService.planRefundAllowance); the workflow loads the order first.
 */
export const planRefundAllowanceStep = createStep(
  "ecpay-einvoice-plan-refund-allowance",
  async (input: PlanRefundAllowanceInput, { container }): Promise<StepResponse<RefundAllowancePlan>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.planRefundAllowance(input))
  }
)
