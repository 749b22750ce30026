import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { issueEinvoiceWorkflow } from "../workflows/issue-einvoice"
import { EINVOICE_MODULE } from "../modules/einvoice"
import type EinvoiceModuleService from "../modules/einvoice/service"

/** A shipment: issue when automatic issuing is on shipment. */
export default async function einvoiceShipmentCreated({ event, container }: SubscriberArgs<{ id: string }>) {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  if (!(await service.issuesAutomaticallyOn("shipment"))) {
    return
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({
    entity: "order_fulfillment",
    fields: ["order_id"],
    filters: { fulfillment_id: event.data.id },
  })
  for (const link of links as Array<{ order_id: string }>) {
    await issueEinvoiceWorkflow(container).run({
      input: { order_id: link.order_id, trigger: "shipment", actor: { type: "system" } },
    })
  }
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "ecpay-einvoice-shipment-created" },
}
