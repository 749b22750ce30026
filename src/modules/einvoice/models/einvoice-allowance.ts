import { model } from "@medusajs/framework/utils"
import { Einvoice } from "./einvoice"
import { ALLOWANCE_AGREEMENTS, ALLOWANCE_STATUSES } from "../../../lib/einvoice-types"

/** An allowance (折讓) against an issued invoice: paper-agreed or online-agreed. */
export const EinvoiceAllowance = model
  .define(
    { name: "EinvoiceAllowance", tableName: "ecpay_einvoice_allowance" },
    {
      id: model.id({ prefix: "einvalw" }).primaryKey(),
      einvoice: model.belongsTo(() => Einvoice, { mappedBy: "allowances" }),
      status: model.enum([...ALLOWANCE_STATUSES]).default("pending"),
      agreement: model.enum([...ALLOWANCE_AGREEMENTS]).default("paper"),
      allowance_number: model.text().nullable(),
      /**
       * What makes the request for this allowance one request (unique): `refund:<invoice>:<refund>` for a
       * refund, `cancel:<order>:<invoice>` for a canceled order's settlement, `admin:<Idempotency-Key>` for
       * the admin's form. A failed allowance (nothing at ECPay) gives its key back (`…#failed:<id>`).
       */
      idempotency_key: model.text(),
      /** When the request left for ECPay; null while it never did (an interrupted workflow may then fail it safely). */
      submitted_at: model.dateTime().nullable(),
      /** Tax-inclusive allowance total in integer TWD. */
      amount: model.number(),
      tax_amount: model.number().nullable(),
      items: model.json().nullable(),
      reason: model.text().nullable(),
      notify_email: model.text().nullable(),
      notify_phone: model.text().nullable(),
      allowance_date: model.dateTime().nullable(),
      expires_at: model.dateTime().nullable(),
      remaining_after: model.number().nullable(),
      last_error_code: model.text().nullable(),
      last_error_message: model.text().nullable(),
      voided_at: model.dateTime().nullable(),
      void_reason: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    {
      name: "IDX_ecpay_einvoice_allowance_number",
      on: ["allowance_number"],
      unique: true,
      where: "allowance_number IS NOT NULL",
    },
    { name: "IDX_ecpay_einvoice_allowance_idempotency_key", on: ["idempotency_key"], unique: true },
    {
      // At most one allowance of an invoice in flight or of unknown outcome, enforced by PostgreSQL itself:
      // a second one waits until that one is settled (sync), whichever process asks.
      name: "IDX_ecpay_einvoice_allowance_one_pending",
      on: ["einvoice_id"],
      unique: true,
      where: "status = 'pending'",
    },
  ])
