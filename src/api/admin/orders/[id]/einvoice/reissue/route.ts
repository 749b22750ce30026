import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { reissueEinvoiceWorkflow } from "../../../../../../workflows/reissue-einvoice"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminReissueEinvoiceType } from "../validators"

/** Corrects the invoice's buyer, carrier, donation or company data: void and re-issue under the same number. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminReissueEinvoiceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { result } = await reissueEinvoiceWorkflow(req.scope).run({
    input: {
      order_id: req.params.id,
      reason: req.validatedBody.reason,
      choice: req.validatedBody.choice,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
