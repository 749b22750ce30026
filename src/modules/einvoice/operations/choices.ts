import { DEFAULT_CHOICE, type StoredChoice } from "../../../lib/invoice-choice"
import type EinvoiceModuleService from "../service"

type Preference = Awaited<ReturnType<EinvoiceModuleService["listEinvoicePreferences"]>>[number]

/** A stored preference row as the choice it holds. */
export function preferenceToChoice(preference: Preference): StoredChoice {
  return {
    type: preference.type,
    carrier_number: preference.carrier_number,
    carrier_number2: preference.carrier_number2,
    love_code: preference.love_code,
    company_tax_id: preference.company_tax_id,
    company_name: preference.company_name,
    buyer_name: preference.buyer_name,
    buyer_address: preference.buyer_address,
    buyer_email: preference.buyer_email,
    buyer_phone: preference.buyer_phone,
    print: preference.print,
  }
}

export type ChoiceSource = "order" | "cart" | "default"

/**
 * The invoice choice of an order: the one attached to the order, else its cart's (the order.placed
 * handler may not have copied it yet), else the member carrier of the order's e-mail.
 */
export async function resolveOrderChoice(
  service: EinvoiceModuleService,
  orderId: string,
  cartId: string | null
): Promise<{ choice: StoredChoice; source: ChoiceSource }> {
  const [forOrder] = await service.listEinvoicePreferences({ scope: "order", order_id: orderId })
  if (forOrder) {
    return { choice: preferenceToChoice(forOrder), source: "order" }
  }
  if (cartId) {
    const [forCart] = await service.listEinvoicePreferences({ scope: "cart", cart_id: cartId })
    if (forCart) {
      return { choice: preferenceToChoice(forCart), source: "cart" }
    }
  }
  return { choice: DEFAULT_CHOICE, source: "default" }
}

/**
 * Copies the cart's choice to its order and remembers it as the customer's choice for the next
 * checkout. Idempotent: a second delivery of order.placed changes nothing.
 */
export async function attachChoiceToOrder(
  service: EinvoiceModuleService,
  input: { order_id: string; cart_id: string | null; customer_id: string | null }
): Promise<{ attached: boolean }> {
  const { order_id, cart_id, customer_id } = input
  if (!cart_id) {
    return { attached: false }
  }
  const [cartChoice] = await service.listEinvoicePreferences({ scope: "cart", cart_id })
  if (!cartChoice) {
    return { attached: false }
  }
  const choice = preferenceToChoice(cartChoice)
  const [existing] = await service.listEinvoicePreferences({ scope: "order", order_id })
  if (!existing) {
    try {
      await service.createEinvoicePreferences({ scope: "order", order_id, cart_id, ...choice })
    } catch (error) {
      // A concurrent delivery attached it first (unique per order).
      const [again] = await service.listEinvoicePreferences({ scope: "order", order_id })
      if (!again) {
        throw error
      }
    }
  }
  // Remembered for the order's customer only when that customer, logged in, made the choice (the cart's
  // choice names them): a guest order under a registered customer's e-mail never changes their saved choice.
  if (customer_id && cartChoice.customer_id === customer_id) {
    await rememberCustomerChoice(service, customer_id, choice)
  }
  return { attached: true }
}

async function rememberCustomerChoice(service: EinvoiceModuleService, customerId: string, choice: StoredChoice) {
  await writePreference(service, { scope: "customer", customer_id: customerId }, choice)
}

/** Stores the shopper's (already checked) choice for a cart. */
export async function storeCartChoice(
  service: EinvoiceModuleService,
  input: { cart_id: string; customer_id: string | null; choice: StoredChoice }
): Promise<void> {
  await writePreference(service, { scope: "cart", cart_id: input.cart_id }, { customer_id: input.customer_id, ...input.choice })
}

/**
 * Updates the one preference of a cart, order or customer (unique per scope), or creates it. Two writers
 * at once (a double-submitted form, a repeated order.placed, two orders of one customer) both find none;
 * the one whose create loses on the unique index updates the winner's row instead of failing.
 */
async function writePreference(
  service: EinvoiceModuleService,
  key: { scope: "cart"; cart_id: string } | { scope: "order"; order_id: string } | { scope: "customer"; customer_id: string },
  fields: Partial<StoredChoice> & { customer_id?: string | null }
): Promise<void> {
  const [existing] = await service.listEinvoicePreferences(key)
  if (existing) {
    await service.updateEinvoicePreferences({ id: existing.id, ...fields })
    return
  }
  try {
    await service.createEinvoicePreferences({ ...key, ...fields })
  } catch (error) {
    const [again] = await service.listEinvoicePreferences(key)
    if (!again) {
      throw error
    }
    await service.updateEinvoicePreferences({ id: again.id, ...fields })
  }
}

/** Keeps a corrected choice as the order's, so a later re-issue or view starts from it. */
export async function storeOrderChoice(service: EinvoiceModuleService, orderId: string, choice: StoredChoice): Promise<void> {
  await writePreference(service, { scope: "order", order_id: orderId }, choice)
}
