import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { availableToAllow, voidBlocker } from "../../lib/einvoice-actions"
import { loadOrderInvoices } from "../utils/current-invoice"
import { loadOrderForInvoice } from "../utils/order-for-invoice"

/** ECPay's void / allowance reason for a canceled order (≤ 20 characters). */
export const CANCELED_ORDER_REASON = "訂單取消"

export interface CancelSettlementPlan {
  action: "void" | "allowance" | "none"
  reason: string
  /** For an allowance: what is left to allow. */
  amount: number
}

/**
 * What a canceled order's issued invoice needs when the store voids on cancel (S7): a void while its
 * period is open and it has no allowances; otherwise an allowance (折讓) for what is still allowable.
 */
export const planCancelSettlementStep = createStep(
  "ecpay-einvoice-plan-cancel-settlement",
  async (input: { order_id: string }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const none = new StepResponse<CancelSettlementPlan>({ action: "none", reason: CANCELED_ORDER_REASON, amount: 0 })
    const settings = await service.retrieveSettings()
    if (!settings.enabled || !settings.auto_void_on_cancel) {
      return none
    }
    const invoice = (await loadOrderInvoices(service, input.order_id)).find((candidate) => candidate.status === "issued")
    // Also run when an invoice is issued (reconciled) after its order was canceled: check the order.
    if (!invoice || !(await loadOrderForInvoice(container, input.order_id)).canceled) {
      return none
    }
    const blocker = voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances: invoice.allowances })
    if (!blocker) {
      return new StepResponse<CancelSettlementPlan>({ action: "void", reason: CANCELED_ORDER_REASON, amount: 0 })
    }
    const amount = availableToAllow(invoice, invoice.allowances)
    return amount > 0
      ? new StepResponse<CancelSettlementPlan>({ action: "allowance", reason: CANCELED_ORDER_REASON, amount })
      : none
  }
)
