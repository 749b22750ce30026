import { MedusaError } from "@medusajs/framework/utils"
import type EinvoiceModuleService from "../service"

export type InvoiceWithAllowances = Awaited<ReturnType<typeof listOrderInvoices>>[number]

/** The order's invoices with their allowances, newest first. */
export async function listOrderInvoices(service: EinvoiceModuleService, orderId: string) {
  return await service.listEinvoices({ order_id: orderId }, { relations: ["allowances"], order: { created_at: "DESC" } })
}

/** The order's issued invoice (the one after-issue actions act on), or a 400 naming why there is none. */
export async function requireIssuedInvoice(service: EinvoiceModuleService, orderId: string): Promise<InvoiceWithAllowances> {
  const invoice = (await listOrderInvoices(service, orderId)).find((candidate) => candidate.status === "issued")
  if (!invoice) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The order has no issued e-invoice to act on", "invoice_not_issued")
  }
  return invoice
}
