import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceActionResponse } from "../../../../../types"
import { printEinvoiceWorkflow } from "../../../../../../workflows/print-einvoice"
import { buildOrderEinvoiceView } from "../../../../../utils/order-einvoice-view"
import type { PostAdminPrintEinvoiceType } from "../validators"

/** The printable page of the order's invoice proof (ECPay's InvoicePrint): `result.print_url`. */
export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminPrintEinvoiceType>,
  res: MedusaResponse<AdminEinvoiceActionResponse<Date>>
) {
  const { result } = await printEinvoiceWorkflow(req.scope).run({
    input: { order_id: req.params.id, style: req.validatedBody.style, actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json({ result, ...(await buildOrderEinvoiceView(req.scope, req.params.id)) })
}
