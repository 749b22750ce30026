// The settings page's form: what the merchant edits (strings for inputs, a "clear" flag per secret)
// and how it becomes the POST body. Pure functions, so the order widget and tests can reuse them.
import type { Charity, InvoiceType, PublicSettings } from "./types"
import { CORE_INVOICE_TYPES } from "./types"

export interface SettingsFormValues {
  enabled: boolean
  merchant_id: string
  /** A new HashKey typed by the merchant; "" keeps the saved one. */
  hash_key: string
  hash_iv: string
  clear_hash_key: boolean
  clear_hash_iv: boolean
  environment: PublicSettings["environment"]
  base_url: string
  tax_type: string
  clearance_mark: string
  zero_tax_rate_reason: string
  issue_mode: PublicSettings["issue_mode"]
  issue_trigger: PublicSettings["issue_trigger"]
  issue_delay_days: string
  enabled_types: InvoiceType[]
  charities: Charity[]
  default_love_code: string
  relate_number_prefix: string
  auto_void_on_cancel: boolean
  auto_allowance_on_refund: boolean
  auto_allowance_on_return: boolean
  auto_allowance_on_edit: boolean
  edit_correction: PublicSettings["edit_correction"]
  allowance_agreement: PublicSettings["allowance_agreement"]
  notify_by_medusa: boolean
  notification_template: string
  item_word: string
  invoice_remark: string
  /** TWD per unit of another currency, as typed (sent as a number). */
  currency_rates: Array<{ currency_code: string; rate: string }>
}

export type FieldErrors = Record<string, string>

export function toFormValues(settings: PublicSettings): SettingsFormValues {
  return {
    enabled: settings.enabled,
    merchant_id: settings.merchant_id ?? "",
    hash_key: "",
    hash_iv: "",
    clear_hash_key: false,
    clear_hash_iv: false,
    environment: settings.environment,
    base_url: settings.base_url ?? "",
    tax_type: settings.tax_type,
    clearance_mark: settings.clearance_mark ?? "",
    zero_tax_rate_reason: settings.zero_tax_rate_reason ?? "",
    issue_mode: settings.issue_mode,
    issue_trigger: settings.issue_trigger,
    issue_delay_days: String(settings.issue_delay_days),
    enabled_types: withCoreTypes(settings.enabled_types),
    charities: settings.charities.map((c) => ({ code: c.code, name: c.name })),
    default_love_code: settings.default_love_code ?? "",
    relate_number_prefix: settings.relate_number_prefix,
    auto_void_on_cancel: settings.auto_void_on_cancel,
    auto_allowance_on_refund: settings.auto_allowance_on_refund,
    auto_allowance_on_return: settings.auto_allowance_on_return,
    auto_allowance_on_edit: settings.auto_allowance_on_edit,
    edit_correction: settings.edit_correction,
    allowance_agreement: settings.allowance_agreement,
    notify_by_medusa: settings.notify_by_medusa,
    notification_template: settings.notification_template,
    item_word: settings.item_word,
    invoice_remark: settings.invoice_remark ?? "",
    currency_rates: (settings.currency_rates ?? []).map((entry) => ({
      currency_code: entry.currency_code.toUpperCase(),
      rate: String(entry.rate),
    })),
  }
}

export function withCoreTypes(types: InvoiceType[]): InvoiceType[] {
  return Array.from(new Set([...CORE_INVOICE_TYPES, ...types]))
}

const emptyToNull = (value: string) => (value.trim() === "" ? null : value.trim())

/**
 * The POST body: every field the admin may change. Fields pinned by the plugin options are left
 * out (the API refuses them); secrets are sent only when typed or cleared.
 */
export function toRequestBody(values: SettingsFormValues, pinned: string[]): Record<string, unknown> {
  const zeroRated = values.tax_type === "2"
  const delay = values.issue_delay_days.trim()
  const body: Record<string, unknown> = {
    enabled: values.enabled,
    merchant_id: emptyToNull(values.merchant_id),
    environment: values.environment,
    // Only the simulator takes an address here; stage and production use ECPay's own.
    base_url: values.environment === "simulator" ? emptyToNull(values.base_url) : null,
    tax_type: values.tax_type,
    clearance_mark: zeroRated ? emptyToNull(values.clearance_mark) : null,
    zero_tax_rate_reason: zeroRated ? emptyToNull(values.zero_tax_rate_reason) : null,
    issue_mode: values.issue_mode,
    issue_trigger: values.issue_trigger,
    issue_delay_days: /^\d+$/.test(delay) ? Number(delay) : delay,
    enabled_types: withCoreTypes(values.enabled_types),
    charities: values.charities.map((c) => ({ code: c.code.trim(), name: c.name.trim() })),
    default_love_code: emptyToNull(values.default_love_code),
    relate_number_prefix: values.relate_number_prefix.trim(),
    auto_void_on_cancel: values.auto_void_on_cancel,
    auto_allowance_on_refund: values.auto_allowance_on_refund,
    auto_allowance_on_return: values.auto_allowance_on_return,
    auto_allowance_on_edit: values.auto_allowance_on_edit,
    edit_correction: values.edit_correction,
    allowance_agreement: values.allowance_agreement,
    notify_by_medusa: values.notify_by_medusa,
    notification_template: values.notification_template.trim(),
    item_word: values.item_word.trim(),
    invoice_remark: values.invoice_remark === "" ? null : values.invoice_remark,
    // A number when it reads as one; otherwise as typed, for the server to name the field.
    currency_rates: values.currency_rates.map((entry) => {
      const rate = entry.rate.trim()
      return { currency_code: entry.currency_code.trim(), rate: /^\d+(\.\d+)?$/.test(rate) ? Number(rate) : rate }
    }),
  }
  if (values.clear_hash_key) {
    body.hash_key = null
  } else if (values.hash_key !== "") {
    body.hash_key = values.hash_key
  }
  if (values.clear_hash_iv) {
    body.hash_iv = null
  } else if (values.hash_iv !== "") {
    body.hash_iv = values.hash_iv
  }
  for (const field of pinned) {
    delete body[field]
  }
  return body
}

/** Checks the API cannot make because they depend on how the page is used. Keys are field paths. */
export function checkLocally(values: SettingsFormValues, pinned: string[]): Record<string, "base_url_required"> {
  const problems: Record<string, "base_url_required"> = {}
  if (values.environment === "simulator" && !pinned.includes("base_url") && values.base_url.trim() === "") {
    problems.base_url = "base_url_required"
  }
  return problems
}
