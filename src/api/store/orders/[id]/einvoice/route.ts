import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { StoreOrderEinvoiceResponse } from "../../../../types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../../modules/einvoice/service"
import { invoiceLookupUrl } from "../../../../../lib/invoice-lookup"
import { toShopperInvoice } from "../../../../utils/shopper-invoice"
import { authenticatedCustomerId } from "../../../../utils/authenticated-customer"
import { authenticatedOwner } from "../../../../../lib/customer-owner"

/**
 * The order's invoice as the shopper may see it. Like Medusa's own store order route, the order id
 * is the key; an order that belongs to a customer is not shown to another logged-in customer, and the
 * carrier number and tax ID of a registered customer's order go in full only to that customer logged in.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<StoreOrderEinvoiceResponse<Date>>) {
  const { data: orders } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: ["id", "customer_id", "customer.has_account"],
    filters: { id: req.params.id },
  })
  const order = orders[0] as { id: string; customer_id?: string | null; customer?: { has_account?: boolean } | null } | undefined
  const viewer = authenticatedCustomerId(req)
  if (!order || (viewer && order.customer_id && order.customer_id !== viewer)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.id} was not found`)
  }
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  const invoices = await service.listOrderInvoices(order.id)
  const additional = await service.listAdditionalInvoices(order.id)
  const current = invoices.find((invoice) => invoice.status !== "voided") ?? invoices[0]
  // A guest order's only key is its id; a registered customer's order has its owner's session as well.
  const masked = !!order.customer?.has_account && !authenticatedOwner(order.customer_id, viewer)
  res.json({
    einvoice: current ? toShopperInvoice(current, { maskIdentifiers: masked }) : null,
    // Those that reached ECPay (issued, later voided): not ones waiting for payment or that failed.
    additional_einvoices: additional
      .filter((invoice) => invoice.invoice_number)
      .map((invoice) => toShopperInvoice({ ...invoice, allowances: [] }, { maskIdentifiers: masked })),
    lookup_url: invoiceLookupUrl(),
    identifiers_masked: masked,
  })
}
