import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { allowancesCsvParts, invoicesCsvParts } from "../../../../lib/invoice-csv"
import { periodAllowancePages, periodInvoicePages } from "../list-invoices"
import type { GetAdminEinvoicesExportType } from "../validators"

/**
 * A period as CSV for the bimonthly VAT filing: the invoices issued in it (issued and voided, with their
 * allowances), or with `kind=allowances` the allowances dated in it. Written a page at a time, so a large
 * period never sits in memory whole.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<string>) {
  const { period, kind } = req.validatedQuery as GetAdminEinvoicesExportType
  const filename = `${kind === "allowances" ? "allowances" : "einvoices"}-${period.replace("/", "-")}.csv`
  if (kind === "allowances") {
    await writeCsv(res, filename, allowancesCsvParts, periodAllowancePages(req.scope, period))
  } else {
    await writeCsv(res, filename, invoicesCsvParts, periodInvoicePages(req.scope, period))
  }
}

async function writeCsv<Row>(
  res: MedusaResponse<string>,
  filename: string,
  parts: { head: () => string; lines: (rows: Row[]) => string },
  pages: AsyncGenerator<Row[]>
) {
  // The first page is read before anything is sent: a failure then is still an error answer, not a cut file.
  const first = await pages.next()
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`)
  res.write(parts.head() + (first.done ? "" : parts.lines(first.value)))
  for await (const rows of pages) {
    res.write(parts.lines(rows))
  }
  res.end()
}
