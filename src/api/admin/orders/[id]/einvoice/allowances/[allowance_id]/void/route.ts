import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../../../types"
import { voidEinvoiceAllowanceWorkflow } from "../../../../../../../../workflows/void-einvoice-allowance"
import { buildOrderEinvoiceView } from "../../../../../../../utils/order-einvoice-view"
import type { PostAdminVoidAllowanceType } from "../../../validators"

/** Voids an allowance, or cancels an online one the buyer has not answered yet. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminVoidAllowanceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { result } = await voidEinvoiceAllowanceWorkflow(req.scope).run({
    input: {
      order_id: req.params.id,
      allowance_id: req.params.allowance_id,
      reason: req.validatedBody.reason,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
