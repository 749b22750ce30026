import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { PrepareAllowanceInput, PreparedAllowance } from "../../modules/einvoice/operations/allowance"

export type { PrepareAllowanceInput, PreparedAllowance }

/**
 * Checks an allowance request against the order's issued invoice and writes the allowance row, pending,
 * before ECPay is called (see EinvoiceModuleService.prepareAllowance). If the workflow fails after that,
 * the row is failed when its request never left, else left pending with an unknown outcome (its amount
 * reserved) for sync to settle: ECPay may have made it.
 */
export const prepareAllowanceStep = createStep(
  "ecpay-einvoice-prepare-allowance",
  async (input: PrepareAllowanceInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const prepared = await service.prepareAllowance(input)
    // A repeated request's allowance is the first request's: this workflow must never mark it.
    return new StepResponse<PreparedAllowance, string | null>(prepared, prepared.replayed ? null : prepared.allowance_id)
  },
  async (allowanceId, { container }) => {
    if (!allowanceId) {
      return
    }
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    await service.markAllowanceInterrupted(allowanceId)
  }
)
