import { transform, when, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import type { EinvoiceActionResult } from "../../lib/einvoice-results"
import { prepareAllowanceStep, type PrepareAllowanceInput } from "../steps/prepare-allowance"
import { submitAllowanceStep } from "../steps/submit-allowance"
import { EINVOICE_ALLOWANCE_CREATED_EVENT } from "../create-einvoice-allowance"

/**
 * The tail of a workflow that allows automatically (a refund, an order change): when its plan asks for an
 * allowance, write it, send it to ECPay and, if ECPay made it (or asked the buyer) and it is not a replay of
 * an earlier request under the same key, emit `ecpay_einvoice.allowance_created`. `name` prefixes the
 * branches, which must be unique in their workflow.
 */
export function submitPlannedAllowance(
  name: string,
  orderId: string | WorkflowData<string>,
  allowance: WorkflowData<PrepareAllowanceInput | null>
): WorkflowData<EinvoiceActionResult | undefined> {
  const result = when(`${name}-needs-allowance`, { allowance }, ({ allowance }) => !!allowance).then(() => {
    // Named after the workflow's tail: two such tails run as sub-workflows of one issue workflow.
    const prepared = prepareAllowanceStep(allowance as WorkflowData<PrepareAllowanceInput>).config({ name: `${name}-prepare-allowance` })
    return submitAllowanceStep({ order_id: orderId, prepared, actor: { type: "system" as const } }).config({
      name: `${name}-submit-allowance`,
    })
  })
  // Not nested in the "when" above: the workflow composer does not support a "when" inside another.
  when(
    `${name}-allowed`,
    { result },
    ({ result }) => !result?.replayed && (result?.outcome === "issued" || result?.outcome === "awaiting_agreement")
  ).then(() => {
    const data = transform({ result }, ({ result }) => ({
      id: result!.allowance_id,
      invoice_id: result!.invoice_id,
      order_id: result!.order_id,
      allowance_number: result!.allowance_number,
      status: result!.status,
    }))
    emitEventStep({ eventName: EINVOICE_ALLOWANCE_CREATED_EVENT, data }).config({ name: `${name}-emit-allowance` })
  })
  return result as WorkflowData<EinvoiceActionResult | undefined>
}
