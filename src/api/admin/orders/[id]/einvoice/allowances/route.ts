import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { createEinvoiceAllowanceWorkflow } from "../../../../../../workflows/create-einvoice-allowance"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminCreateAllowanceType } from "../validators"

/** Issues an allowance (折讓) by lines or by amount, agreed on paper or online. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminCreateAllowanceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { lines, amount, agreement, reason, notify_email } = req.validatedBody
  const { result } = await createEinvoiceAllowanceWorkflow(req.scope).run({
    input: {
      order_id: req.params.id,
      request: lines ? { lines } : { amount: amount! },
      agreement,
      reason: reason ?? null,
      notify_email: notify_email ?? null,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
