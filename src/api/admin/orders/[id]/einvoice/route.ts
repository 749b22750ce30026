import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminOrderEinvoiceResponse } from "../../../../types"
import { buildOrderEinvoiceView } from "../../../../utils/order-einvoice-view"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminOrderEinvoiceResponse<Date>>) {
  res.json(await buildOrderEinvoiceView(req.scope, req.params.id))
}
