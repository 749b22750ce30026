import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { ReissueInvoiceInput } from "../../modules/einvoice/operations/reissue"

/** The reissue workflow's input: the step gets the order as well, from the workflow's load step. */
export type ReissueEinvoiceInput = Omit<ReissueInvoiceInput, "order">

/**
 * Corrects the buyer, carrier, donation or company data of an issued invoice by voiding and re-issuing it
 * under the same number and date (VoidWithReIssue); refused like a void once the period has locked or
 * while the invoice has allowances.
 */
export const reissueEinvoiceStep = createStep("ecpay-einvoice-reissue", async (input: ReissueInvoiceInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.reissueInvoice(input))
})
