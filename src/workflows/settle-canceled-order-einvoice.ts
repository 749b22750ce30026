import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { planCancelSettlementStep } from "./steps/plan-cancel-settlement"
import { voidEinvoiceStep } from "./steps/void-einvoice"
import { prepareAllowanceStep } from "./steps/prepare-allowance"
import { submitAllowanceStep } from "./steps/submit-allowance"
import { orderLockKey } from "./utils/order-lock"
import { EINVOICE_VOIDED_EVENT } from "./void-einvoice"
import { EINVOICE_ALLOWANCE_CREATED_EVENT } from "./create-einvoice-allowance"

const SYSTEM = { type: "system" as const }

/**
 * A canceled order's issued invoice, when the store voids on cancel: voided, or — past the period's void
 * deadline or with allowances already made — allowed (paper agreement) for what is left.
 */
export const settleCanceledOrderEinvoiceWorkflow = createWorkflow(
  "ecpay-einvoice-settle-canceled-order",
  (input: { order_id: string }) => {
    const lockKey = transform({ input }, ({ input }) => orderLockKey(input.order_id))
    acquireLockStep({ key: lockKey, timeout: 60, ttl: 120 })
    const plan = planCancelSettlementStep(input)

    const voided = when("ecpay-einvoice-cancel-voids", { plan }, ({ plan }) => plan.action === "void").then(() => {
      const voidInput = transform({ input, plan }, ({ input, plan }) => ({
        order_id: input.order_id,
        reason: plan.reason,
        actor: SYSTEM,
        automatic: true,
      }))
      const result = voidEinvoiceStep(voidInput)
      when("ecpay-einvoice-cancel-voided", { result }, ({ result }) => result.outcome === "voided").then(() => {
        const data = transform({ result }, ({ result }) => ({ id: result.invoice_id, order_id: result.order_id, invoice_number: result.invoice_number }))
        emitEventStep({ eventName: EINVOICE_VOIDED_EVENT, data }).config({ name: "ecpay-einvoice-cancel-emit-voided" })
      })
      return result
    })

    const allowed = when("ecpay-einvoice-cancel-allows", { plan }, ({ plan }) => plan.action === "allowance").then(() => {
      const allowanceInput = transform({ input, plan }, ({ input, plan }) => ({
        order_id: input.order_id,
        request: { amount: plan.amount },
        agreement: "paper" as const,
        reason: plan.reason,
        actor: SYSTEM,
      }))
      const prepared = prepareAllowanceStep(allowanceInput).config({ name: "ecpay-einvoice-cancel-prepare-allowance" })
      const result = submitAllowanceStep({ order_id: input.order_id, prepared, actor: SYSTEM }).config({
        name: "ecpay-einvoice-cancel-submit-allowance",
      })
      when("ecpay-einvoice-cancel-allowed", { result }, ({ result }) => result.outcome === "issued").then(() => {
        const data = transform({ result }, ({ result }) => ({
          id: result.allowance_id,
          invoice_id: result.invoice_id,
          order_id: result.order_id,
          allowance_number: result.allowance_number,
          status: result.status,
        }))
        emitEventStep({ eventName: EINVOICE_ALLOWANCE_CREATED_EVENT, data }).config({ name: "ecpay-einvoice-cancel-emit-allowance" })
      })
      return result
    })

    releaseLockStep({ key: lockKey })
    const result = transform({ plan, voided, allowed }, ({ plan, voided, allowed }) => ({
      action: plan.action,
      result: voided ?? allowed ?? null,
    }))
    return new WorkflowResponse(result)
  }
)
