import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { ordersOfPayment } from "../workflows/utils/orders-of-payment"

/** A captured payment: issue the invoice of its order when automatic issuing is on capture. */
export default async function einvoicePaymentCaptured({ event, container }: SubscriberArgs<{ id: string }>) {
  for (const orderId of await ordersOfPayment(container, event.data.id)) {
    await issueEinvoiceWorkflow(container).run({
      input: { order_id: orderId, trigger: "payment_captured", actor: { type: "system" } },
    })
  }
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "ecpay-einvoice-payment-captured" },
}
