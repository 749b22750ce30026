import { model } from "@medusajs/framework/utils"
import { INVOICE_TYPES, PREFERENCE_SCOPES } from "../../../lib/einvoice-types"

/**
 * The shopper's invoice choice: one row per cart (scope "cart"), copied to the order when the cart
 * completes (scope "order"), and the last choice remembered per customer (scope "customer") to offer
 * it again on the next cart.
 */
export const EinvoicePreference = model
  .define(
    { name: "EinvoicePreference", tableName: "ecpay_einvoice_preference" },
    {
      id: model.id({ prefix: "einvpref" }).primaryKey(),
      scope: model.enum([...PREFERENCE_SCOPES]),
      cart_id: model.text().nullable(),
      order_id: model.text().nullable(),
      customer_id: model.text().nullable(),
      type: model.enum([...INVOICE_TYPES]),
      carrier_number: model.text().nullable(),
      carrier_number2: model.text().nullable(),
      love_code: model.text().nullable(),
      company_tax_id: model.text().nullable(),
      company_name: model.text().nullable(),
      buyer_name: model.text().nullable(),
      buyer_address: model.text().nullable(),
      buyer_email: model.text().nullable(),
      buyer_phone: model.text().nullable(),
      print: model.boolean().default(false),
    }
  )
  .indexes([
    {
      name: "IDX_ecpay_einvoice_preference_cart",
      on: ["cart_id"],
      unique: true,
      where: "scope = 'cart'",
    },
    {
      name: "IDX_ecpay_einvoice_preference_order",
      on: ["order_id"],
      unique: true,
      where: "scope = 'order'",
    },
    {
      name: "IDX_ecpay_einvoice_preference_customer",
      on: ["customer_id"],
      unique: true,
      where: "scope = 'customer'",
    },
  ])
