import { DEFAULT_CHOICE, type StoredChoice } from "../../lib/invoice-choice"
import type EinvoiceModuleService from "../../modules/einvoice/service"

type Preference = Awaited<ReturnType<EinvoiceModuleService["listEinvoicePreferences"]>>[number]

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

/**
 * The invoice choice of an order: the one attached to the order, else its cart's (the order.placed
 * handler may not have copied it yet), else the member carrier of the order's e-mail.
 */
export async function resolveOrderChoice(
  service: EinvoiceModuleService,
  orderId: string,
  cartId: string | null
): Promise<{ choice: StoredChoice; source: "order" | "cart" | "default" }> {
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
