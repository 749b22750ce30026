import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceListResponse } from "../../types"
import { invoicePeriodOf } from "../../../lib/invoice-period"
import { EINVOICE_MODULE } from "../../../modules/einvoice"
import type EinvoiceModuleService from "../../../modules/einvoice/service"
import { listInvoices } from "./list-invoices"
import type { GetAdminEinvoicesType } from "./validators"

/**
 * The store's invoices, filtered by status, bimonthly period, a number, winning or still to print; newest
 * first; and the ECPay pause, if on.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminEinvoiceListResponse<Date>>) {
  const { status, period, q, award, paper, limit, offset } = req.validatedQuery as GetAdminEinvoicesType
  const [{ invoices, count }, pausedUntil] = await Promise.all([
    listInvoices(req.scope, { status, period, q, award, paper }, { limit, offset }),
    req.scope.resolve<EinvoiceModuleService>(EINVOICE_MODULE).ecpayPausedUntil(),
  ])
  res.json({
    einvoices: invoices,
    count,
    limit,
    offset,
    current_period: invoicePeriodOf(new Date()).label,
    ecpay_paused_until: pausedUntil,
  })
}
