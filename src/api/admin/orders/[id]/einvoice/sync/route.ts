import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { syncEinvoiceWorkflow } from "../../../../../../workflows/sync-einvoice"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"

/** Refreshes the order's invoice and allowances from ECPay. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminEinvoiceActionResponse<Date>>) {
  const { result } = await syncEinvoiceWorkflow(req.scope).run({
    input: { order_id: req.params.id, actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
