import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkInvoiceValueStep, type CheckInvoiceValueInput } from "./steps/check-invoice-value"

export const checkInvoiceValueWorkflow = createWorkflow("ecpay-einvoice-check-value", (input: CheckInvoiceValueInput) => {
  return new WorkflowResponse(checkInvoiceValueStep(input))
})
