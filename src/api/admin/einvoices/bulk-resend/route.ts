import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { resendEinvoiceNotificationWorkflow } from "../../../../workflows/resend-einvoice-notification"
import type { AdminBulkResendResponse, AdminBulkResendResult } from "../../../types"
import { perOrder } from "../../../utils/bulk"
import type { PostAdminBulkResendType } from "../validators"

/** Has ECPay send the notifications of several orders' invoices again, and answers per order (none once ECPay is paused). */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminBulkResendType>, res: MedusaResponse<AdminBulkResendResponse>) {
  const actor = { type: "user" as const, id: req.auth_context.actor_id }
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const { results, paused_until } = await perOrder<AdminBulkResendResult>(
    req.validatedBody.order_ids,
    async (orderId) => {
      const { result } = await resendEinvoiceNotificationWorkflow(req.scope).run({ input: { order_id: orderId, actor } })
      const sent = result.outcome === "sent"
      return {
        order_id: orderId,
        ok: sent,
        outcome: result.outcome,
        invoice_number: result.invoice_number ?? null,
        error: sent ? null : { code: result.error_code ?? null, message: result.error_message ?? "" },
      }
    },
    (orderId, error) => ({ order_id: orderId, ok: false, outcome: null, invoice_number: null, error }),
    () => service.ecpayPausedUntil()
  )
  res.json({
    results,
    ecpay_paused_until: paused_until?.toISOString() ?? null,
    summary: { requested: results.length, sent: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length },
  })
}
