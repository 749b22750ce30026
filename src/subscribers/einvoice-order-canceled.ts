import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { settleCanceledOrderEinvoiceWorkflow } from "../workflows/settle-canceled-order-einvoice"

/**
 * A canceled order: an invoice that was only scheduled is dropped (skipped, with the reason); one whose
 * earlier attempt may have reached ECPay is reconciled, never issued anew; an issued one is voided (or
 * allowed past the deadline) when the store voids on cancel, and so are its additional invoices.
 */
export default async function einvoiceOrderCanceled({ event, container }: SubscriberArgs<{ id: string }>) {
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.id, trigger: "retry", actor: { type: "system" } },
  })
  await settleCanceledOrderEinvoiceWorkflow(container).run({ input: { order_id: event.data.id, with_additional: true } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "ecpay-einvoice-order-canceled" },
}
