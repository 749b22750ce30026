import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import EinvoiceModule from "../modules/einvoice"

// einvoice.order: read-only, through the order_id the invoice already stores (no link table).
export default defineLink({ linkable: EinvoiceModule.linkable.einvoice, field: "order_id" }, OrderModule.linkable.order, { readOnly: true })
