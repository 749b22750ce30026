import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allowRefundedEinvoiceWorkflow } from "../workflows/allow-refunded-einvoice"
import { ordersOfPayment, refundsOfPayment } from "../workflows/utils/orders-of-payment"

/**
 * A refund: an allowance for the refunded amount, when the store allows on refund. Medusa's event names
 * only the payment, so each of its refunds is offered in turn, by its id: one already allowed (this
 * event delivered twice, or handled by another process) is recognised by its key and not allowed again.
 */
export default async function einvoicePaymentRefunded({ event, container }: SubscriberArgs<{ id: string }>) {
  const refundIds = await refundsOfPayment(container, event.data.id)
  for (const orderId of await ordersOfPayment(container, event.data.id)) {
    for (const refundId of refundIds.length ? refundIds : [null]) {
      await allowRefundedEinvoiceWorkflow(container).run({ input: { order_id: orderId, refund_id: refundId } })
    }
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "ecpay-einvoice-payment-refunded" },
}
