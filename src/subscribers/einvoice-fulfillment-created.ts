import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"

/** An order fulfillment: issue when automatic issuing is on fulfillment. */
export default async function einvoiceFulfillmentCreated({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string }>) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  if (!(await service.issuesAutomaticallyOn("fulfillment"))) {
    return
  }
  await issueEinvoiceWorkflow(container).run({
    input: { order_id: event.data.order_id, trigger: "fulfillment", actor: { type: "system" } },
  })
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "ecpay-einvoice-fulfillment-created" },
}
