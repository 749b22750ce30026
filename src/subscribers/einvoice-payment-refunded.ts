import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allowRefundedEinvoiceWorkflow } from "../workflows/allow-refunded-einvoice"
import { ordersOfPayment } from "../workflows/utils/orders-of-payment"

/** A refund: an allowance for the refunded amount, when the store allows on refund. */
export default async function einvoicePaymentRefunded({ event, container }: SubscriberArgs<{ id: string }>) {
  for (const orderId of await ordersOfPayment(container, event.data.id)) {
    await allowRefundedEinvoiceWorkflow(container).run({ input: { order_id: orderId } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "ecpay-einvoice-payment-refunded" },
}
