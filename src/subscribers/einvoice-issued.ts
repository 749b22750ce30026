import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { EINVOICE_ISSUED_EVENT } from "../workflows/issue-einvoice"
import { allowRefundedEinvoiceWorkflow } from "../workflows/allow-refunded-einvoice"
import { settleCanceledOrderEinvoiceWorkflow } from "../workflows/settle-canceled-order-einvoice"

/**
 * An invoice was issued: what happened to its order before that still applies. A refund made before
 * issuing becomes an allowance (when the store allows on refund); an order canceled while its invoice
 * was being reconciled is voided (when the store voids on cancel). Both workflows do nothing otherwise.
 */
export default async function einvoiceIssued({ event, container }: SubscriberArgs<{ id: string; order_id: string }>) {
  await settleCanceledOrderEinvoiceWorkflow(container).run({ input: { order_id: event.data.order_id } })
  await allowRefundedEinvoiceWorkflow(container).run({ input: { order_id: event.data.order_id } })
}

export const config: SubscriberConfig = {
  event: EINVOICE_ISSUED_EVENT,
  context: { subscriberId: "ecpay-einvoice-issued-settle" },
}
