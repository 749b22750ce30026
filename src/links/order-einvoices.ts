import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import EinvoiceModule from "../modules/einvoice"

// order.einvoices: every invoice of an order (a voided one and its replacement included).
export default defineLink(
  { linkable: OrderModule.linkable.order, field: "id" },
  { ...EinvoiceModule.linkable.einvoice.id, primaryKey: "order_id" },
  { readOnly: true, isList: true }
)
