import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { VoidInvoiceInput } from "../../modules/einvoice/operations/void"

export type { VoidInvoiceInput as VoidEinvoiceInput }

/** Voids the order's issued invoice at ECPay (refused before any call when allowances or the deadline forbid it). */
export const voidEinvoiceStep = createStep("ecpay-einvoice-void", async (input: VoidInvoiceInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.voidInvoice(input))
})
