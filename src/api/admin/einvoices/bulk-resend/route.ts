import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resendEinvoiceNotificationWorkflow } from "../../../../workflows/resend-einvoice-notification"
import type { PostAdminBulkResendType } from "../validators"

/** Has ECPay send the notifications of several orders' invoices again, one after the other. */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminBulkResendType>, res: MedusaResponse) {
  const results: Array<{
    order_id: string
    ok: boolean
    outcome: string | null
    invoice_number: string | null
    error: { code: string | null; message: string } | null
  }> = []
  for (const orderId of req.validatedBody.order_ids) {
    const { result, errors } = await resendEinvoiceNotificationWorkflow(req.scope).run({
      input: { order_id: orderId, actor: { type: "user", id: req.auth_context.actor_id } },
      throwOnError: false,
    })
    if (errors?.length) {
      const error = errors[0].error as { message?: string; code?: string; type?: string }
      results.push({
        order_id: orderId,
        ok: false,
        outcome: null,
        invoice_number: null,
        error: { code: error.code ?? error.type ?? "error", message: error.message ?? String(error) },
      })
      continue
    }
    results.push({
      order_id: orderId,
      ok: result.outcome === "sent",
      outcome: result.outcome,
      invoice_number: result.invoice_number,
      error: result.outcome === "sent" ? null : { code: result.error_code, message: result.error_message ?? "" },
    })
  }
  res.json({
    results,
    summary: { requested: results.length, sent: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length },
  })
}
