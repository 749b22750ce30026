import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { issueEinvoiceWorkflow } from "../../../../workflows/issue-einvoice"
import type { AdminBulkIssueResponse, AdminBulkIssueResult } from "../../../types"
import { perOrder } from "../../../utils/bulk"
import type { PostAdminBulkIssueType } from "../validators"

/**
 * Issues the invoices of several orders and answers per order: issued, failed with ECPay's code and message,
 * or why not; once ECPay is paused (a 403) the orders left are "not attempted".
 */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminBulkIssueType>, res: MedusaResponse<AdminBulkIssueResponse>) {
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const actor = { type: "user" as const, id: req.auth_context.actor_id }
  const { results, paused_until } = await perOrder<AdminBulkIssueResult>(
    req.validatedBody.order_ids,
    async (orderId) => {
      const { result } = await issueEinvoiceWorkflow(req.scope).run({ input: { order_id: orderId, trigger: "manual", actor } })
      const invoice = result.invoice_id ? await service.retrieveEinvoice(result.invoice_id) : null
      const issued = invoice?.status === "issued"
      return {
        order_id: orderId,
        ok: issued,
        status: invoice?.status ?? null,
        invoice_number: invoice?.invoice_number ?? null,
        error:
          invoice && !issued && invoice.last_error_message ? { code: invoice.last_error_code, message: invoice.last_error_message } : null,
      }
    },
    (orderId, error) => ({ order_id: orderId, ok: false, status: null, invoice_number: null, error }),
    () => service.ecpayPausedUntil()
  )
  res.json({
    results,
    ecpay_paused_until: paused_until?.toISOString() ?? null,
    summary: { requested: results.length, issued: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length },
  })
}
