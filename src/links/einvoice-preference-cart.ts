import { defineLink } from "@medusajs/framework/utils"
import CartModule from "@medusajs/medusa/cart"
import EinvoiceModule from "../modules/einvoice"

// einvoice_preference.cart: the cart a checkout choice belongs to.
export default defineLink({ linkable: EinvoiceModule.linkable.einvoicePreference, field: "cart_id" }, CartModule.linkable.cart, {
  readOnly: true,
})
