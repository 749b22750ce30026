import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceAttentionResponse } from "../../../types"
import type { GetAdminEinvoiceAttentionType } from "../validators"
import { listAttention } from "./list-attention"

/** Failed and pending invoices (any period) and paid orders without an invoice, with their counts. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminEinvoiceAttentionResponse<Date>>) {
  const { limit } = req.validatedQuery as GetAdminEinvoiceAttentionType
  res.json(await listAttention(req.scope, limit))
}
