import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { InvoiceChoice } from "../lib/invoice-choice"
import { setCartEinvoiceChoiceStep } from "./steps/set-cart-einvoice-choice"

export const setCartEinvoiceChoiceWorkflow = createWorkflow(
  "ecpay-einvoice-set-cart-choice",
  (input: { cart_id: string; choice: InvoiceChoice }) => {
    return new WorkflowResponse(setCartEinvoiceChoiceStep(input))
  }
)
