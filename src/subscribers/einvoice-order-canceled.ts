import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"

/**
 * A canceled order: an invoice that was only scheduled is dropped (skipped, with the reason); one
 * whose earlier attempt may have reached ECPay is reconciled, never issued anew.
 */
export default async function einvoiceOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.id, trigger: "retry", actor: { type: "system" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "ecpay-einvoice-order-canceled" },
}
