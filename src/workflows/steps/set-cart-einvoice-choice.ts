import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { toStoredChoice, type InvoiceChoice, type StoredChoice } from "../../lib/invoice-choice"
import { valuesToCheckOnline } from "../../lib/invoice-value-check"
import { checkInvoiceValue } from "./check-invoice-value"
import { authenticatedOwner } from "../../lib/customer-owner"

export interface SetCartChoiceResult {
  choice: StoredChoice | null
  /** Problems found by the online checks, for the route to word in the shopper's language. */
  errors: Array<{ field: string; rule: string; params?: Record<string, unknown> }>
  warnings: Array<{ field: string; rule: string }>
}

export interface CartForChoice {
  id: string
  completed_at?: Date | string | null
  customer_id?: string | null
}

/**
 * Stores the shopper's invoice choice for a cart after checking that the cart can still change, that
 * the store offers the type, and that ECPay knows the carrier / love code (fail-open: when the
 * government service is down, or the online checks are throttled, the choice is kept with a warning).
 */
export const setCartEinvoiceChoiceStep = createStep(
  "ecpay-einvoice-set-cart-choice",
  async (
    {
      cart_id,
      cart,
      choice,
      authenticated_customer_id,
      client,
    }: {
      cart_id: string
      cart: CartForChoice | undefined
      choice: InvoiceChoice
      authenticated_customer_id: string | null
      client?: string | null
    },
    { container }
  ) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    if (!cart) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found`)
    }
    if (cart.completed_at) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The cart is already completed; its invoice choice can no longer change")
    }
    const settings = await service.retrieveSettings()
    if (!settings.enabled) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This store does not issue e-invoices through ECPay")
    }
    const result: SetCartChoiceResult = { choice: null, errors: [], warnings: [] }
    if (!settings.enabled_types.includes(choice.type)) {
      result.errors.push({ field: "type", rule: "invalid_choice", params: { options: settings.enabled_types.join(", ") } })
      return new StepResponse(result)
    }
    const stored = toStoredChoice(choice)
    for (const { field, type, value } of valuesToCheckOnline(stored)) {
      const checked = await checkInvoiceValue(container, { type, value, client, cart_id: cart.id })
      if (!checked.valid) {
        result.errors.push({ field, rule: checked.rule === "not_found" ? "not_found" : "invalid_type" })
      } else if (checked.rule === "unchecked" || checked.rule === "throttled") {
        // Throttled or not: the shopper is never kept from paying by a check that could not run.
        result.warnings.push({ field, rule: "unchecked" })
      }
    }
    if (!result.errors.length) {
      // The cart's owner, when the owner made this choice: the order then remembers it for them.
      await service.storeCartChoice({
        cart_id: cart.id,
        customer_id: authenticatedOwner(cart.customer_id, authenticated_customer_id),
        choice: stored,
      })
      result.choice = stored
    }
    return new StepResponse(result)
  }
)
