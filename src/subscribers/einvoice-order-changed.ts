import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { allowOrderChangeEinvoiceWorkflow } from "../workflows/allow-order-change-einvoice"
import type { OrderChangeEvent } from "../workflows/utils/order-change-facts"

type OrderChangedData = {
  order_id: string
  return_id?: string
  claim_id?: string
  /** order-edit.confirmed: the edit's actions (Medusa's order change actions; their ids are the edit's own). */
  actions?: Array<{ id?: string | null; order_change_id?: string | null } | null>
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
    // The event carries the edit's actions, not always their order change: the first action names the edit.
    const first = data.actions?.find((action) => action?.order_change_id || action?.id)
    const changeId = first?.order_change_id || first?.id
    return changeId ? { kind: "edit", order_id: data.order_id, change_id: changeId } : null
  }
  return null
}

export const config: SubscriberConfig = {
  event: ["order.return_received", "order.claim_created", "order-edit.confirmed"],
  context: { subscriberId: "ecpay-einvoice-order-changed" },
}
