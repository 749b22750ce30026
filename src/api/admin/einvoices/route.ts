import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceListResponse } from "../../types"
import { invoicePeriodOf } from "../../../lib/invoice-period"
import { listInvoices } from "./list-invoices"
import type { GetAdminEinvoicesType } from "./validators"

/** The store's invoices, filtered by status, bimonthly period or a number; newest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminEinvoiceListResponse<Date>>) {
  const { status, period, q, limit, offset } = req.validatedQuery as GetAdminEinvoicesType
  const { invoices, count } = await listInvoices(req.scope, { status, period, q }, { limit, offset })
  res.json({ einvoices: invoices, count, limit, offset, current_period: invoicePeriodOf(new Date()).label })
}
