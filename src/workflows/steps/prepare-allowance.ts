import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { PrepareAllowanceInput, PreparedAllowance } from "../../modules/einvoice/operations/allowance"

export type { PrepareAllowanceInput, PreparedAllowance }

/**
 * Checks an allowance request against the order's issued invoice and writes the allowance row, pending,
 * before ECPay is called (see EinvoiceModuleService.prepareAllowance). If the workflow fails after that,
 * the row is marked interrupted rather than left pending.
 */
export const prepareAllowanceStep = createStep(
  "ecpay-einvoice-prepare-allowance",
  async (input: PrepareAllowanceInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const prepared = await service.prepareAllowance(input)
    return new StepResponse<PreparedAllowance, string>(prepared, prepared.allowance_id)
  },
  async (allowanceId, { container }) => {
    if (!allowanceId) {
      return
    }
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    await service.markAllowanceInterrupted(allowanceId)
  }
)
