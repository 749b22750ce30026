import { model } from "@medusajs/framework/utils"
import { ALLOWANCE_AGREEMENTS, ECPAY_ENVIRONMENTS, EDIT_CORRECTIONS, ISSUE_MODES, ISSUE_TRIGGERS } from "../../../lib/einvoice-types"

/**
 * The store's e-invoice settings, a singleton row (id "default"). HashKey and HashIV are held
 * only as AES-256-GCM ciphertext; see `secret-box`.
 */
export const EinvoiceSetting = model.define(
  { name: "EinvoiceSetting", tableName: "ecpay_einvoice_setting" },
  {
    id: model.id().primaryKey(),
    enabled: model.boolean().default(false),
    environment: model.enum([...ECPAY_ENVIRONMENTS]).default("stage"),
    merchant_id: model.text().nullable(),
    hash_key_encrypted: model.text().nullable(),
    hash_iv_encrypted: model.text().nullable(),
    base_url: model.text().nullable(),
    tax_type: model.text().default("1"),
    clearance_mark: model.text().nullable(),
    zero_tax_rate_reason: model.text().nullable(),
    issue_mode: model.enum([...ISSUE_MODES]).default("automatic"),
    issue_trigger: model.enum([...ISSUE_TRIGGERS]).default("payment_captured"),
    issue_delay_days: model.number().default(0),
    enabled_types: model.json().nullable(),
    charities: model.json().nullable(),
    default_love_code: model.text().nullable(),
    relate_number_prefix: model.text().default("MD"),
    auto_void_on_cancel: model.boolean().default(true),
    auto_allowance_on_refund: model.boolean().default(false),
    /** Returns, exchanges and refund claims after issuing become allowances. */
    auto_allowance_on_return: model.boolean().default(false),
    /** Order edits that take goods off an issued invoice become allowances. */
    auto_allowance_on_edit: model.boolean().default(false),
    edit_correction: model.enum([...EDIT_CORRECTIONS]).default("allowance"),
    allowance_agreement: model.enum([...ALLOWANCE_AGREEMENTS]).default("paper"),
    notify_by_medusa: model.boolean().default(false),
    notification_template: model.text().default("ecpay-einvoice-issued"),
    item_word: model.text().default("件"),
    invoice_remark: model.text().nullable(),
    /** CurrencyRate[]: orders in another currency are invoiced in TWD at these rates. */
    currency_rates: model.json().nullable(),
    /**
     * ECPay answered HTTP 403 (its rate limit): no process calls ECPay before this moment. Only ever moved
     * later, by one UPDATE (`pauseEcpay`); not a setting, never written by `updateSettings`.
     */
    ecpay_paused_until: model.dateTime().nullable(),
    /**
     * The retry job's lease (one run at a time across the store's processes): who holds it and until when.
     * Taken, renewed and given back by single UPDATEs (`takeRetryLease`); not a setting either.
     */
    retry_lease_owner: model.text().nullable(),
    retry_lease_until: model.dateTime().nullable(),
  }
)
