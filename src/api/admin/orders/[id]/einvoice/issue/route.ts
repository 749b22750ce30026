import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminIssueEinvoiceResponse } from "../../../../../types"
import { issueEinvoiceWorkflow } from "../../../../../../workflows/issue-einvoice"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import { toStoredChoice } from "../../../../../../lib/invoice-choice"
import type { PostAdminIssueEinvoiceType } from "../validators"

/**
 * Issues (or retries) the order's invoice now, with the corrected `choice` when one is sent. ECPay's
 * refusal is not an HTTP error: the answer is 200 with the invoice `failed` and ECPay's code and message
 * in `result`.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminIssueEinvoiceType>,
  res: MedusaResponse<AdminIssueEinvoiceResponse<Date>>
) {
  const { choice } = req.validatedBody
  const { result } = await issueEinvoiceWorkflow(req.scope).run({
    input: {
      order_id: req.params.id,
      trigger: "manual",
      actor: { type: "user", id: req.auth_context.actor_id },
      ...(choice ? { choice: toStoredChoice(choice) } : {}),
    },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
