import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { voidEinvoiceWorkflow } from "../../../../../../workflows/void-einvoice"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminVoidEinvoiceType } from "../validators"

/** Voids the order's invoice at ECPay. ECPay's refusal is a 200 with outcome "failed" and its code and message. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminVoidEinvoiceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { result } = await voidEinvoiceWorkflow(req.scope).run({
    input: { order_id: req.params.id, reason: req.validatedBody.reason, actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
