import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"

/** An order fulfillment: issue when automatic issuing is on fulfillment. */
export default async function einvoiceFulfillmentCreated({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.order_id, trigger: "fulfillment", actor: { type: "system" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "ecpay-einvoice-fulfillment-created" },
}
