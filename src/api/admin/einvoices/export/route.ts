import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { allowancesCsv, invoicesCsv } from "../../../../lib/invoice-csv"
import { listInvoices, listPeriodAllowances } from "../list-invoices"
import type { GetAdminEinvoicesExportType } from "../validators"

/**
 * A period as CSV for the bimonthly VAT filing: the invoices issued in it (issued and voided, with their
 * allowances), or with `kind=allowances` the allowances dated in it.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<string>) {
  const { period, kind } = req.validatedQuery as GetAdminEinvoicesExportType
  const csv =
    kind === "allowances"
      ? allowancesCsv(await listPeriodAllowances(req.scope, period))
      : invoicesCsv((await listInvoices(req.scope, { period })).invoices.filter((invoice) => invoice.invoice_number))
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader(
    "Content-Disposition",
    `attachment; filename="${kind === "allowances" ? "allowances" : "einvoices"}-${period.replace("/", "-")}.csv"`
  )
  res.send(csv)
}
