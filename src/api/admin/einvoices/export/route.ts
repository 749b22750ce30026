import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { invoicesCsv } from "../../../../lib/invoice-csv"
import { listInvoices } from "../list-invoices"
import type { GetAdminEinvoicesExportType } from "../validators"

/** A period's invoices as CSV (issued and voided, with allowances), for the bimonthly VAT filing. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { period } = req.validatedQuery as GetAdminEinvoicesExportType
  const { invoices } = await listInvoices(req.scope, { period })
  const csv = invoicesCsv(invoices.filter((invoice) => invoice.invoice_number))
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="einvoices-${period.replace("/", "-")}.csv"`)
  res.send(csv)
}
