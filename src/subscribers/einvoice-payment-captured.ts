import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"
import { issueAdditionalEinvoicesWorkflow } from "../workflows/issue-additional-einvoices"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { ordersOfPayment } from "../workflows/utils/orders-of-payment"

/**
 * A captured payment: issue the invoice of its order when automatic issuing is on capture; and, when the
 * payment is the shopper's for what an exchange or edit added, the additional invoice waiting for it.
 */
export default async function einvoicePaymentCaptured({ event, container }: SubscriberArgs<{ id: string }>) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  const issues = await service.issuesAutomaticallyOn("payment_captured")
  for (const orderId of await ordersOfPayment(container, event.data.id)) {
    if (issues) {
      await issueEinvoiceWorkflow(container).run({
        input: { order_id: orderId, trigger: "payment_captured", actor: { type: "system" } },
      })
    }
    if ((await service.listAdditionalInvoices(orderId)).some((invoice) => invoice.status === "pending")) {
      await issueAdditionalEinvoicesWorkflow(container).run({ input: { order_id: orderId } })
    }
  }
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "ecpay-einvoice-payment-captured" },
}
