import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resendEinvoiceNotificationStep, type ResendEinvoiceNotificationInput } from "./steps/resend-einvoice-notification"

/** Sends the buyer the invoice's notification again, through ECPay. */
export const resendEinvoiceNotificationWorkflow = createWorkflow(
  "ecpay-einvoice-resend-notification",
  (input: ResendEinvoiceNotificationInput) => new WorkflowResponse(resendEinvoiceNotificationStep(input))
)
