import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { recordAllowanceAnswerStep, type AllowanceAnswerInput } from "./steps/record-allowance-answer"

export const EINVOICE_ALLOWANCE_AGREED_EVENT = "ecpay_einvoice.allowance_agreed"
export const EINVOICE_ALLOWANCE_REJECTED_EVENT = "ecpay_einvoice.allowance_rejected"

/** Records the buyer's answer to an online allowance (ECPay's ReturnURL callback). */
export const recordAllowanceAnswerWorkflow = createWorkflow("ecpay-einvoice-record-allowance-answer", (input: AllowanceAnswerInput) => {
  const result = recordAllowanceAnswerStep(input)
  when("ecpay-einvoice-allowance-answered", { result }, ({ result }) => result.outcome !== "already_recorded").then(() => {
    const eventName = transform({ result }, ({ result }) =>
      result.outcome === "agreed" ? EINVOICE_ALLOWANCE_AGREED_EVENT : EINVOICE_ALLOWANCE_REJECTED_EVENT
    )
    const data = transform({ result }, ({ result }) => ({
      id: result.allowance_id,
      invoice_id: result.invoice_id,
      order_id: result.order_id,
      allowance_number: result.allowance_number,
    }))
    emitEventStep({ eventName, data }).config({ name: "ecpay-einvoice-emit-allowance-answer" })
  })
  return new WorkflowResponse(result)
})
