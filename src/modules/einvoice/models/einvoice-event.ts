import { model } from "@medusajs/framework/utils"

/**
 * The audit trail: every action on an invoice, its allowances or the settings; who did it,
 * why, and ECPay's reply. Secrets are redacted before a row is written.
 */
export const EinvoiceEvent = model
  .define(
    { name: "EinvoiceEvent", tableName: "ecpay_einvoice_event" },
    {
      id: model.id({ prefix: "einvevt" }).primaryKey(),
      einvoice_id: model.text().nullable(),
      order_id: model.text().nullable(),
      allowance_id: model.text().nullable(),
      action: model.text(),
      success: model.boolean().default(true),
      actor_type: model.text().default("system"),
      actor_id: model.text().nullable(),
      reason: model.text().nullable(),
      rtn_code: model.text().nullable(),
      rtn_msg: model.text().nullable(),
      data: model.json().nullable(),
    }
  )
  .indexes([
    { name: "IDX_ecpay_einvoice_event_einvoice_id", on: ["einvoice_id"] },
    { name: "IDX_ecpay_einvoice_event_order_id", on: ["order_id"] },
  ])
