import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { attachEinvoiceChoiceWorkflow } from "../workflows/attach-einvoice-choice"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"

/**
 * A completed cart: attach the shopper's invoice choice to the order, then issue if the payment was
 * captured at checkout (no payment.captured event fires in that case).
 */
export default async function einvoiceOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  await attachEinvoiceChoiceWorkflow(container).run({ input: { order_id: event.data.id } })
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.id, trigger: "order_placed", actor: { type: "system" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "ecpay-einvoice-order-placed" },
}
