import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Actor } from "../modules/einvoice/service"
import { testEcpayConnectionStep } from "./steps/test-ecpay-connection"

export const testEcpayConnectionWorkflow = createWorkflow("ecpay-einvoice-test-connection", (input: { actor: Actor }) => {
  return new WorkflowResponse(testEcpayConnectionStep(input))
})
