import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { issueEinvoiceWorkflow } from "../../../../workflows/issue-einvoice"
import type { PostAdminBulkIssueType } from "../validators"

interface BulkIssueResult {
  order_id: string
  ok: boolean
  status: string | null
  invoice_number: string | null
  error: { code: string | null; message: string } | null
}

/**
 * Issues the invoices of several orders, one after the other (ECPay rate-limits bursts), and
 * answers per order: issued, failed with ECPay's code and message, or not issuable and why.
 */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminBulkIssueType>, res: MedusaResponse) {
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const results: BulkIssueResult[] = []
  for (const orderId of req.validatedBody.order_ids) {
    const { result, errors } = await issueEinvoiceWorkflow(req.scope).run({
      input: { order_id: orderId, trigger: "manual", actor: { type: "user", id: req.auth_context.actor_id } },
      throwOnError: false,
    })
    if (errors?.length) {
      const error = errors[0].error as { message?: string; type?: string }
      results.push({ order_id: orderId, ok: false, status: null, invoice_number: null, error: { code: error.type ?? "error", message: error.message ?? String(error) } })
      continue
    }
    const invoice = result.invoice_id ? await service.retrieveEinvoice(result.invoice_id) : null
    results.push({
      order_id: orderId,
      ok: invoice?.status === "issued",
      status: invoice?.status ?? null,
      invoice_number: invoice?.invoice_number ?? null,
      error:
        invoice && invoice.status !== "issued" && invoice.last_error_message
          ? { code: invoice.last_error_code, message: invoice.last_error_message }
          : null,
    })
  }
  res.json({
    results,
    summary: {
      requested: results.length,
      issued: results.filter((r) => r.status === "issued").length,
      failed: results.filter((r) => !r.ok).length,
    },
  })
}
