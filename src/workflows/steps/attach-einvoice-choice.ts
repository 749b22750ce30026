import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { preferenceToChoice } from "../utils/resolve-choice"

/**
 * Copies the cart's invoice choice to its order (scope "order"), and remembers it as the customer's
 * choice for the next checkout. Idempotent: a second delivery of order.placed changes nothing.
 */
export const attachEinvoiceChoiceStep = createStep(
  "ecpay-einvoice-attach-choice",
  async ({ order_id }: { order_id: string }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: links } = await query.graph({
      entity: "order_cart",
      fields: ["cart_id", "order.customer_id"],
      filters: { order_id },
    })
    const link = links[0] as { cart_id?: string; order?: { customer_id?: string | null } } | undefined
    if (!link?.cart_id) {
      return new StepResponse({ attached: false })
    }
    const [cartChoice] = await service.listEinvoicePreferences({ scope: "cart", cart_id: link.cart_id })
    if (!cartChoice) {
      return new StepResponse({ attached: false })
    }
    const choice = preferenceToChoice(cartChoice)
    const [existing] = await service.listEinvoicePreferences({ scope: "order", order_id })
    if (!existing) {
      try {
        await service.createEinvoicePreferences({ scope: "order", order_id, cart_id: link.cart_id, ...choice })
      } catch (error) {
        // A concurrent delivery attached it first (unique per order).
        const [again] = await service.listEinvoicePreferences({ scope: "order", order_id })
        if (!again) {
          throw error
        }
      }
    }
    const customerId = link.order?.customer_id
    if (customerId) {
      const [remembered] = await service.listEinvoicePreferences({ scope: "customer", customer_id: customerId })
      if (remembered) {
        await service.updateEinvoicePreferences({ id: remembered.id, ...choice })
      } else {
        await service.createEinvoicePreferences({ scope: "customer", customer_id: customerId, ...choice })
      }
    }
    return new StepResponse({ attached: true })
  }
)
