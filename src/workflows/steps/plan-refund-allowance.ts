import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { AllowanceAgreement } from "../../lib/einvoice-types"
import { availableToAllow, isActiveAllowance } from "../../lib/einvoice-actions"
import { roundHalfUp } from "../../lib/invoice-amounts"
import { loadOrderInvoices } from "../utils/current-invoice"
import { loadOrderForInvoice } from "../utils/order-for-invoice"

/** ECPay's allowance reason for a refund (≤ 20 characters). */
export const REFUND_REASON = "退款折讓"

export interface RefundAllowancePlan {
  amount: number
  agreement: AllowanceAgreement
  reason: string
}

/**
 * How much of a refund still needs an allowance (折讓) when the store allows on refund (S7): everything
 * refunded so far, in whole TWD, less what earlier refund allowances already cover, capped at what is
 * still allowable. Nothing for a canceled order (cancelling voids or allows by itself).
 */
export const planRefundAllowanceStep = createStep(
  "ecpay-einvoice-plan-refund-allowance",
  async (input: { order_id: string }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const settings = await service.retrieveSettings()
    const nothing = new StepResponse<RefundAllowancePlan>({ amount: 0, agreement: "paper", reason: REFUND_REASON })
    if (!settings.enabled || !settings.auto_allowance_on_refund) {
      return nothing
    }
    const invoice = (await loadOrderInvoices(service, input.order_id)).find((candidate) => candidate.status === "issued")
    if (!invoice) {
      return nothing
    }
    const loaded = await loadOrderForInvoice(container, input.order_id)
    if (loaded.canceled) {
      return nothing
    }
    const covered = (invoice.allowances ?? [])
      .filter((allowance) => isActiveAllowance(allowance) && (allowance.metadata as { source?: string } | null)?.source === "refund")
      .reduce((sum, allowance) => sum + allowance.amount, 0)
    const amount = Math.min(roundHalfUp(loaded.refunded_total) - covered, availableToAllow(invoice, invoice.allowances))
    // Online agreement needs the buyer's e-mail and a callback URL; otherwise the paper agreement.
    const agreement: AllowanceAgreement =
      settings.allowance_agreement === "online" && invoice.buyer_email && service.allowanceCallbackUrl() ? "online" : "paper"
    return new StepResponse<RefundAllowancePlan>({ amount: Math.max(0, amount), agreement, reason: REFUND_REASON })
  }
)
