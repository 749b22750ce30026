import { model } from "@medusajs/framework/utils"
import { EinvoiceAllowance } from "./einvoice-allowance"
import { EINVOICE_STATUSES, INVOICE_KINDS, INVOICE_TYPES } from "../../../lib/einvoice-types"

/**
 * One government uniform invoice (or one attempt at it) for an order. The row, with its
 * RelateNumber, is written before ECPay is called so that an unknown outcome can always be
 * reconciled by RelateNumber.
 */
export const Einvoice = model
  .define(
    { name: "Einvoice", tableName: "ecpay_einvoice" },
    {
      id: model.id({ prefix: "einv" }).primaryKey(),
      order_id: model.text(),
      /**
       * "original": the order's invoice (one valid per order). "additional": a further invoice for what an
       * order change added after issuing (an exchange for dearer goods, goods added by an edit).
       */
      kind: model.enum([...INVOICE_KINDS]).default("original"),
      /** For an additional invoice: the change it is for (`exchange:<id>`, `edit:v<n>`), unique, so it is made once. */
      source_key: model.text().nullable(),
      order_display_id: model.number().nullable(),
      status: model.enum([...EINVOICE_STATUSES]).default("pending"),
      /** Why the invoice is skipped / failed, in words a merchant understands. */
      status_reason: model.text().nullable(),
      relate_number: model.text().unique("IDX_ecpay_einvoice_relate_number"),
      invoice_number: model.text().nullable(),
      random_number: model.text().nullable(),
      invoice_date: model.dateTime().nullable(),
      currency_code: model.text().default("twd"),
      /** SalesAmount: the tax-inclusive total in integer TWD. */
      total: model.number().default(0),
      tax_amount: model.number().nullable(),
      remaining_allowance_amount: model.number().nullable(),
      tax_type: model.text().default("1"),
      type: model.enum([...INVOICE_TYPES]).default("member"),
      buyer_name: model.text().nullable(),
      buyer_email: model.text().nullable(),
      buyer_phone: model.text().nullable(),
      buyer_address: model.text().nullable(),
      carrier_type: model.text().nullable(),
      carrier_number: model.text().nullable(),
      carrier_number2: model.text().nullable(),
      donation: model.boolean().default(false),
      love_code: model.text().nullable(),
      company_tax_id: model.text().nullable(),
      company_name: model.text().nullable(),
      print: model.boolean().default(false),
      /** The Items array exactly as sent to ECPay. */
      items: model.json().nullable(),
      upload_status: model.text().nullable(),
      award_status: model.text().nullable(),
      /** When the merchant marked the paper proof printed (printed invoices, winning member-carrier ones), and who. */
      printed_at: model.dateTime().nullable(),
      printed_by: model.text().nullable(),
      attempts: model.number().default(0),
      next_attempt_at: model.dateTime().nullable(),
      last_error_code: model.text().nullable(),
      last_error_message: model.text().nullable(),
      issued_at: model.dateTime().nullable(),
      voided_at: model.dateTime().nullable(),
      void_reason: model.text().nullable(),
      synced_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
      allowances: model.hasMany(() => EinvoiceAllowance, { mappedBy: "einvoice" }),
    }
  )
  .indexes([
    {
      // At most one valid (not voided) original invoice per order, enforced by PostgreSQL itself.
      name: "IDX_ecpay_einvoice_one_valid_per_order",
      on: ["order_id"],
      unique: true,
      where: "status != 'voided' AND kind = 'original'",
    },
    {
      // One additional invoice per order change, whichever process asks.
      name: "IDX_ecpay_einvoice_source_key",
      on: ["source_key"],
      unique: true,
      where: "source_key IS NOT NULL",
    },
    { name: "IDX_ecpay_einvoice_order_id", on: ["order_id"] },
    { name: "IDX_ecpay_einvoice_status", on: ["status"] },
    // The invoice list (newest first) and its period filter stay flat as the table grows.
    { name: "IDX_ecpay_einvoice_created_at", on: ["created_at"] },
    { name: "IDX_ecpay_einvoice_invoice_date", on: ["invoice_date"] },
    // The hourly sync's two selections (never synced, then the stalest) read only what is due.
    { name: "IDX_ecpay_einvoice_sync_never", on: ["issued_at"], where: "status = 'issued' AND synced_at IS NULL" },
    { name: "IDX_ecpay_einvoice_sync_stale", on: ["synced_at"], where: "status = 'issued'" },
    {
      name: "IDX_ecpay_einvoice_invoice_number",
      on: ["invoice_number"],
      unique: true,
      where: "invoice_number IS NOT NULL",
    },
  ])
  .cascades({ delete: ["allowances"] })
