import { cancelSettlementKey, cancelSettlementPlan, NO_CANCEL_SETTLEMENT, type CancelSettlementPlan } from "../../../lib/cancel-settlement"
import type EinvoiceModuleService from "../service"
import { listOrderInvoices } from "./order-invoices"

export interface PlanCancelSettlementInput {
  order_id: string
  /**
   * Whether the order is canceled (Medusa's Order Module, which this module cannot reach itself); asked
   * only when the store settles canceled orders and the order has an issued invoice.
   */
  orderCanceled: () => Promise<boolean>
}

/**
 * What a canceled order's issued invoice needs when the store voids on cancel: a void while its period is
 * open and it has no allowances; otherwise an allowance (折讓) for what is still allowable. Also right when
 * an invoice is issued (reconciled) after its order was canceled: the order is checked, not assumed.
 */
export async function planCancelSettlement(
  service: EinvoiceModuleService,
  input: PlanCancelSettlementInput
): Promise<CancelSettlementPlan> {
  const settings = await service.retrieveSettings()
  if (!settings.enabled || !settings.auto_void_on_cancel) {
    return { ...NO_CANCEL_SETTLEMENT }
  }
  const invoice = (await listOrderInvoices(service, input.order_id)).find((candidate) => candidate.status === "issued")
  if (!invoice || !(await input.orderCanceled())) {
    return { ...NO_CANCEL_SETTLEMENT }
  }
  // An allowance of the invoice is in flight or of unknown outcome: the settlement waits for sync to settle
  // it (the sync workflow then settles the order) instead of being refused.
  if ((invoice.allowances ?? []).some((allowance) => allowance.status === "pending")) {
    return { ...NO_CANCEL_SETTLEMENT }
  }
  const plan = cancelSettlementPlan(invoice, invoice.allowances)
  return plan.action === "allowance" ? { ...plan, idempotency_key: cancelSettlementKey(input.order_id, invoice.id) } : plan
}
