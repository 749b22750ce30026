import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { markEinvoicesPrintedWorkflow } from "../../../../workflows/print-einvoice"
import type { AdminMarkPrintedResponse } from "../../../types"
import type { PostAdminMarkPrintedType } from "../validators"

/** Marks invoices' paper proofs printed (who and when), per invoice; an invoice needing no paper is refused. */
export async function POST(req: AuthenticatedMedusaRequest<PostAdminMarkPrintedType>, res: MedusaResponse<AdminMarkPrintedResponse<Date>>) {
  const { result } = await markEinvoicesPrintedWorkflow(req.scope).run({
    input: { invoice_ids: req.validatedBody.invoice_ids, actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json({
    results: result,
    summary: {
      requested: result.length,
      marked: result.filter((r) => r.outcome === "marked").length,
      already_printed: result.filter((r) => r.outcome === "already_printed").length,
      refused: result.filter((r) => r.outcome === "not_printable" || r.outcome === "not_found").length,
    },
  })
}
