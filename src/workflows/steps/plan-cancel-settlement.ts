import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { loadOrderStateForInvoice } from "../utils/order-for-invoice"

export { CANCELED_ORDER_REASON, type CancelSettlementPlan } from "../../lib/cancel-settlement"

/**
 * What a canceled order's issued invoice needs when the store voids on cancel (S7): a void while its
 * period is open and it has no allowances; otherwise an allowance (折讓) for what is still allowable.
 */
export const planCancelSettlementStep = createStep(
  "ecpay-einvoice-plan-cancel-settlement",
  async (input: { order_id: string; canceled?: boolean }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const plan = await service.planCancelSettlement({
      order_id: input.order_id,
      // Also run when an invoice is issued (reconciled) after its order was canceled: check the order's
      // state (not its lines), unless the caller has just read it.
      orderCanceled: async () => input.canceled ?? (await loadOrderStateForInvoice(container, input.order_id)).canceled,
    })
    return new StepResponse(plan)
  }
)
