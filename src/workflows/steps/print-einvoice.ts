import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { MarkPrintedInput, OpenPrintPageInput } from "../../modules/einvoice/operations/print"

export type { MarkPrintedInput, OpenPrintPageInput }

/** Asks ECPay for the printable page of the order's invoice proof (InvoicePrint). */
export const openEinvoicePrintPageStep = createStep("ecpay-einvoice-open-print-page", async (input: OpenPrintPageInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.openPrintPage(input))
})

/** Records that the invoices' paper proofs were printed (who and when). */
export const markEinvoicesPrintedStep = createStep("ecpay-einvoice-mark-printed", async (input: MarkPrintedInput, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.markPrinted(input))
})
