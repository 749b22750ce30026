import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import type { InvoiceChoice } from "../lib/invoice-choice"
import { setCartEinvoiceChoiceStep, type CartForChoice } from "./steps/set-cart-einvoice-choice"

/**
 * The shopper's invoice choice for a cart, checked (cart open, type offered, carrier / love code known) and
 * stored. `authenticated_customer_id` is the customer the request is logged in as: only their own cart's choice is
 * later remembered as their saved choice. `client` (the IP address) counts against the online-check limits.
 */
export const setCartEinvoiceChoiceWorkflow = createWorkflow(
  "ecpay-einvoice-set-cart-choice",
  (input: { cart_id: string; choice: InvoiceChoice; authenticated_customer_id?: string | null; client?: string | null }) => {
    const { data: carts } = useQueryGraphStep({
      entity: "cart",
      fields: ["id", "completed_at", "customer_id"],
      filters: { id: input.cart_id },
    }).config({ name: "ecpay-einvoice-cart" })
    const stepInput = transform({ input, carts }, ({ input, carts }) => ({
      cart_id: input.cart_id,
      cart: carts[0] as CartForChoice | undefined,
      choice: input.choice,
      authenticated_customer_id: input.authenticated_customer_id ?? null,
      client: input.client ?? null,
    }))
    return new WorkflowResponse(setCartEinvoiceChoiceStep(stepInput))
  }
)
