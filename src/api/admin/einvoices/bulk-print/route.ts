import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { printEinvoiceWorkflow } from "../../../../workflows/print-einvoice"
import type { AdminBulkPrintResponse, AdminBulkPrintResult } from "../../../types"
import { perOrder } from "../../../utils/bulk"
import type { PostAdminBulkPrintType } from "../validators"

/** The printable pages of several orders' invoices, per order (none once ECPay is paused). */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminBulkPrintType>, res: MedusaResponse<AdminBulkPrintResponse>) {
  const actor = { type: "user" as const, id: req.auth_context.actor_id }
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const { results, paused_until } = await perOrder<AdminBulkPrintResult>(
    req.validatedBody.order_ids,
    async (orderId) => {
      const { result } = await printEinvoiceWorkflow(req.scope).run({ input: { order_id: orderId, style: req.validatedBody.style, actor } })
      const opened = result.outcome === "opened"
      return {
        order_id: orderId,
        ok: opened,
        outcome: result.outcome,
        invoice_id: result.invoice_id,
        invoice_number: result.invoice_number ?? null,
        print_url: result.print_url ?? null,
        error: opened ? null : { code: result.error_code ?? null, message: result.error_message ?? "" },
      }
    },
    (orderId, error) => ({ order_id: orderId, ok: false, outcome: null, invoice_id: null, invoice_number: null, print_url: null, error }),
    () => service.ecpayPausedUntil()
  )
  res.json({
    results,
    ecpay_paused_until: paused_until?.toISOString() ?? null,
    summary: { requested: results.length, sent: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length },
  })
}
