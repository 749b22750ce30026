import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { StoreEinvoiceConfigResponse } from "../../../types"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"

/** What a storefront needs to render the invoice choice at checkout. */
export async function GET(req: MedusaRequest, res: MedusaResponse<StoreEinvoiceConfigResponse>) {
  const settings = await req.scope.resolve<EinvoiceModuleService>(EINVOICE_MODULE).retrieveSettings()
  res.json({
    enabled: settings.enabled,
    types: settings.enabled ? settings.enabled_types : [],
    charities: settings.charities,
    default_love_code: settings.default_love_code ?? settings.charities[0]?.code ?? null,
  })
}
