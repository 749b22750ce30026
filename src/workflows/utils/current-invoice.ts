import { MedusaError } from "@medusajs/framework/utils"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { isActiveAllowance } from "../../lib/einvoice-actions"
import type { AllowedSoFar } from "../../lib/allowance-plan"

export type InvoiceWithAllowances = Awaited<ReturnType<typeof loadOrderInvoices>>[number]

/** The order's invoices with their allowances, newest first. */
export async function loadOrderInvoices(service: EinvoiceModuleService, orderId: string) {
  return await service.listEinvoices(
    { order_id: orderId },
    { relations: ["allowances"], order: { created_at: "DESC" } }
  )
}

/** The order's issued invoice (the one after-issue actions act on), or a 400 naming why there is none. */
export async function requireIssuedInvoice(service: EinvoiceModuleService, orderId: string): Promise<InvoiceWithAllowances> {
  const invoices = await loadOrderInvoices(service, orderId)
  const invoice = invoices.find((candidate) => candidate.status === "issued")
  if (!invoice) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "The order has no issued e-invoice to act on",
      "invoice_not_issued"
    )
  }
  return invoice
}

/** What the invoice's active allowances already took from its lines (recorded per allowance). */
export function allowedSoFar(invoice: InvoiceWithAllowances): AllowedSoFar[] {
  return (invoice.allowances ?? [])
    .filter(isActiveAllowance)
    .flatMap((allowance) => ((allowance.metadata as { lines?: AllowedSoFar[] } | null)?.lines ?? []))
}
