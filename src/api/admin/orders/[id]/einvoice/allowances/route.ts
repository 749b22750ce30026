import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { createEinvoiceAllowanceWorkflow } from "../../../../../../workflows/create-einvoice-allowance"
import { answerConflict, idempotencyKeyOf } from "../../../../../utils/conflict"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminCreateAllowanceType } from "../validators"

/**
 * Issues an allowance (折讓) by lines or by amount, agreed on paper or online. An `Idempotency-Key` header
 * makes a retry safe: the same key with the same body answers the first allowance (nothing sent again),
 * with another body a 409 naming the key. A 409 also while an allowance of the invoice has an unknown outcome.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminCreateAllowanceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { lines, amount, agreement, reason, notify_email } = req.validatedBody
  const idempotencyKey = idempotencyKeyOf(req.headers["idempotency-key"])
  try {
    const { result } = await createEinvoiceAllowanceWorkflow(req.scope).run({
      input: {
        order_id: req.params.id,
        request: lines ? { lines } : { amount: amount! },
        agreement,
        reason: reason ?? null,
        notify_email: notify_email ?? null,
        idempotency_key: idempotencyKey,
        actor: { type: "user", id: req.auth_context.actor_id },
      },
    })
    res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
  } catch (error) {
    if (!answerConflict(res, error)) {
      throw error
    }
  }
}
