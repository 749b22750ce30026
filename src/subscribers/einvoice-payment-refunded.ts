import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { allowRefundedEinvoiceWorkflow } from "../workflows/allow-refunded-einvoice"

/** A refund: an allowance for the refunded amount, when the store allows on refund. */
export default async function einvoicePaymentRefunded({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection.order.id"],
    filters: { id: event.data.id },
  })
  const orderId = (data[0] as { payment_collection?: { order?: { id?: string } } } | undefined)?.payment_collection?.order?.id
  if (orderId) {
    await allowRefundedEinvoiceWorkflow(container).run({ input: { order_id: orderId } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "ecpay-einvoice-payment-refunded" },
}
