import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { checkInvoiceValueStep, type CheckedValueType } from "./steps/check-invoice-value"

export const checkInvoiceValueWorkflow = createWorkflow(
  "ecpay-einvoice-check-value",
  (input: { type: CheckedValueType; value: string }) => {
    return new WorkflowResponse(checkInvoiceValueStep(input))
  }
)
