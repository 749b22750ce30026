import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { attachEinvoiceChoiceStep } from "./steps/attach-einvoice-choice"

export const attachEinvoiceChoiceWorkflow = createWorkflow(
  "ecpay-einvoice-attach-choice",
  (input: { order_id: string }) => {
    return new WorkflowResponse(attachEinvoiceChoiceStep(input))
  }
)
