import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allowOrderChangeEinvoiceWorkflow } from "../workflows/allow-order-change-einvoice"
import type { OrderChangeEvent } from "../workflows/utils/order-change-facts"

type OrderChangedData = {
  order_id: string
  return_id?: string
  claim_id?: string
}

/**
 * Medusa's order changes after issuing: a received return (an exchange's return included), a confirmed
 * claim, a confirmed order edit. Each may owe the invoice an allowance, when the store allows on them.
 */
export default async function einvoiceOrderChanged({ event, container }: SubscriberArgs<OrderChangedData>) {
  const change = changeOf(event.name, event.data)
  if (change) {
    await allowOrderChangeEinvoiceWorkflow(container).run({ input: { order_id: event.data.order_id, change } })
  }
}

function changeOf(name: string, data: OrderChangedData): OrderChangeEvent | null {
  if (name === "order.return_received" && data.return_id) {
    return { kind: "return", return_id: data.return_id }
  }
  if (name === "order.claim_created" && data.claim_id) {
    return { kind: "claim", claim_id: data.claim_id }
  }
  if (name === "order-edit.confirmed") {
    return { kind: "edit", order_id: data.order_id }
  }
  return null
}

export const config: SubscriberConfig = {
  event: ["order.return_received", "order.claim_created", "order-edit.confirmed"],
  context: { subscriberId: "ecpay-einvoice-order-changed" },
}
