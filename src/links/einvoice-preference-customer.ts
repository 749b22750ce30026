import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import EinvoiceModule from "../modules/einvoice"

// einvoice_preference.customer: whose remembered choice it is.
export default defineLink(
  { linkable: EinvoiceModule.linkable.einvoicePreference, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
