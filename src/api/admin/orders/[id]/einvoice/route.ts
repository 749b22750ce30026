import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildOrderEinvoiceView } from "../../../../utils/order-einvoice-view"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await buildOrderEinvoiceView(req.scope, req.params.id))
}
