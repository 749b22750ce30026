import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { resendEinvoiceNotificationWorkflow } from "../../../../../../workflows/resend-einvoice-notification"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminResendEinvoiceType } from "../validators"

/** Has ECPay send the invoice notification (or, with `notice: "award"`, the winning notice) again, to the buyer or to the given address. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminResendEinvoiceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { result } = await resendEinvoiceNotificationWorkflow(req.scope).run({
    input: {
      order_id: req.params.id,
      email: req.validatedBody.email ?? null,
      notice: req.validatedBody.notice,
      actor: { type: "user", id: req.auth_context.actor_id },
    },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
