import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { attachEinvoiceChoiceWorkflow } from "../workflows/attach-einvoice-choice"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { loadOrderStateForInvoice } from "../workflows/utils/order-for-invoice"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"
import { isPaid } from "../lib/einvoice-actions"

/**
 * A completed cart: attach the shopper's invoice choice to the order, then issue if the payment was
 * captured at checkout (no payment.captured event fires in that case).
 */
export default async function einvoiceOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  await attachEinvoiceChoiceWorkflow(container).run({ input: { order_id: event.data.id } })
  // Most orders are placed with their payment authorized, not captured: then the order's state (no lines,
  // no totals) is all this event reads, and payment.captured issues later.
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  if (!(await service.issuesAutomaticallyOn("order_placed"))) {
    return
  }
  if (!isPaid((await loadOrderStateForInvoice(container, event.data.id)).payment_status)) {
    return
  }
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.id, trigger: "order_placed", actor: { type: "system" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "ecpay-einvoice-order-placed" },
}
