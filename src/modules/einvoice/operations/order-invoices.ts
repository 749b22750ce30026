import { MedusaError } from "@medusajs/framework/utils"
import type EinvoiceModuleService from "../service"

export type InvoiceWithAllowances = Awaited<ReturnType<typeof listOrderInvoices>>[number]

/** The order's invoices (the original and its voided predecessors, not additional invoices) with their allowances, newest first. */
export async function listOrderInvoices(service: EinvoiceModuleService, orderId: string) {
  return await service.listEinvoices({ order_id: orderId, kind: "original" }, { relations: ["allowances"], order: { created_at: "DESC" } })
}

/** The additional invoices of the order (what order changes added after issuing), oldest first. */
export async function listAdditionalInvoices(service: EinvoiceModuleService, orderId: string) {
  return await service.listEinvoices({ order_id: orderId, kind: "additional" }, { order: { created_at: "ASC" } })
}

/** The order's issued invoice (the one after-issue actions act on), or a 400 naming why there is none. */
export async function requireIssuedInvoice(service: EinvoiceModuleService, orderId: string): Promise<InvoiceWithAllowances> {
  const invoice = (await listOrderInvoices(service, orderId)).find((candidate) => candidate.status === "issued")
  if (!invoice) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The order has no issued e-invoice to act on", "invoice_not_issued")
  }
  return invoice
}
