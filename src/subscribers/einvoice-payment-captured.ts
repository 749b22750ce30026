import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"

/** A captured payment: issue the invoice of its order when automatic issuing is on capture. */
export default async function einvoicePaymentCaptured({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["payment_collection_id"],
    filters: { id: event.data.id },
  })
  const collectionId = (payments[0] as { payment_collection_id?: string } | undefined)?.payment_collection_id
  if (!collectionId) {
    return
  }
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: collectionId },
  })
  for (const link of links as Array<{ order_id: string }>) {
    await issueEinvoiceWorkflow(container).run({
      input: { order_id: link.order_id, trigger: "payment_captured", actor: { type: "system" } },
    })
  }
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "ecpay-einvoice-payment-captured" },
}
