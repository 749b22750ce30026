import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { StoreCartEinvoiceResponse, StoreInvalidDataResponse, StoreSetCartEinvoiceResponse } from "../../../../types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../../modules/einvoice/service"
import type { InvoiceChoice } from "../../../../../lib/invoice-choice"
import { localeFromAcceptLanguage, shopperMessage } from "../../../../../lib/invoice-choice-messages"
import { preferenceToChoice } from "../../../../../modules/einvoice/operations/choices"
import { setCartEinvoiceChoiceWorkflow } from "../../../../../workflows/set-cart-einvoice-choice"
import { authenticatedOwner } from "../../../../../lib/customer-owner"
import { authenticatedCustomerId } from "../../../../utils/authenticated-customer"

/**
 * The cart's invoice choice; when it has none yet, the customer's last choice (`source: "customer"`), to
 * offer it again, only to that customer logged in: a guest cart made with a registered customer's e-mail
 * shows nothing of theirs.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<StoreCartEinvoiceResponse>) {
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const { data: carts } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id", "customer_id"],
    filters: { id: req.params.id },
  })
  const cart = carts[0] as { id: string; customer_id?: string | null } | undefined
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${req.params.id} was not found`)
  }
  const [forCart] = await service.listEinvoicePreferences({ scope: "cart", cart_id: cart.id })
  if (forCart) {
    return res.json({ einvoice: preferenceToChoice(forCart), source: "cart" })
  }
  const customerId = authenticatedOwner(cart.customer_id, authenticatedCustomerId(req))
  if (customerId) {
    const [remembered] = await service.listEinvoicePreferences({ scope: "customer", customer_id: customerId })
    if (remembered) {
      return res.json({ einvoice: preferenceToChoice(remembered), source: "customer" })
    }
  }
  res.json({ einvoice: null, source: null })
}

export async function POST(
  req: AuthenticatedMedusaRequest<InvoiceChoice>,
  res: MedusaResponse<StoreSetCartEinvoiceResponse | StoreInvalidDataResponse>
) {
  const { result } = await setCartEinvoiceChoiceWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      choice: req.validatedBody,
      authenticated_customer_id: authenticatedCustomerId(req),
      client: req.ip ?? null,
    },
  })
  const locale = localeFromAcceptLanguage(req.get("accept-language"))
  const word = ({ field, rule, params }: { field: string; rule: string; params?: Record<string, unknown> }) => ({
    field,
    rule,
    message: shopperMessage(field, rule, locale, { type: req.validatedBody.type, ...params }),
  })
  // The choice is stored (and so answered) exactly when nothing was refused.
  if (result.errors.length || !result.choice) {
    const errors = result.errors.map(word)
    return res.status(400).json({ type: "invalid_data", message: errors.map((e) => e.message).join("; "), errors })
  }
  res.json({ einvoice: result.choice, warnings: result.warnings.map(word) })
}
