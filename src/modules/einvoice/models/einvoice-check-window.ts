import { model } from "@medusajs/framework/utils"

/**
 * How many online checks (CheckBarcode, CheckLoveCode, GetCompanyNameByTaxID) one client, one cart or the
 * whole store has sent to ECPay in the current window. In the database so that every process (server,
 * worker, several servers) counts against the same limit, with one atomic upsert per call.
 */
export const EinvoiceCheckWindow = model
  .define(
    { name: "EinvoiceCheckWindow", tableName: "ecpay_einvoice_check_window" },
    {
      /** `client:<ip>`, `cart:<id>` or `store`. */
      id: model.text().primaryKey(),
      calls: model.number().default(0),
      window_ends_at: model.dateTime(),
    }
  )
  .indexes([{ name: "IDX_ecpay_einvoice_check_window_ends", on: ["window_ends_at"], where: "deleted_at IS NULL" }])
