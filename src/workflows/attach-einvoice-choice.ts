import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { attachEinvoiceChoiceStep } from "./steps/attach-einvoice-choice"

/** The shopper's invoice choice follows the cart to its order (on order.placed). */
export const attachEinvoiceChoiceWorkflow = createWorkflow("ecpay-einvoice-attach-choice", (input: { order_id: string }) => {
  const { data: links } = useQueryGraphStep({
    entity: "order_cart",
    fields: ["cart_id", "order.customer_id"],
    filters: { order_id: input.order_id },
  }).config({ name: "ecpay-einvoice-order-cart" })
  const attachInput = transform({ input, links }, ({ input, links }) => {
    const link = links[0] as { cart_id?: string | null; order?: { customer_id?: string | null } } | undefined
    return { order_id: input.order_id, cart_id: link?.cart_id ?? null, customer_id: link?.order?.customer_id ?? null }
  })
  return new WorkflowResponse(attachEinvoiceChoiceStep(attachInput))
})
