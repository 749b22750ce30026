import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateEinvoiceSettingsStep, type UpdateEinvoiceSettingsStepInput } from "./steps/update-einvoice-settings"

export const updateEinvoiceSettingsWorkflow = createWorkflow("ecpay-einvoice-update-settings", (input: UpdateEinvoiceSettingsStepInput) => {
  return new WorkflowResponse(updateEinvoiceSettingsStep(input))
})
