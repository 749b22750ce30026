import type { OnlineCheckLimits } from "./online-check-limits"

/** Invoice lifecycle. `voided` is final; see `INVOICE_TRANSITIONS`. */
export const EINVOICE_STATUSES = ["pending", "issued", "failed", "skipped", "voided"] as const
/** The order's invoice, or a further one for what an order change added after it was issued. */
export const INVOICE_KINDS = ["original", "additional"] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]
export type EinvoiceStatus = (typeof EINVOICE_STATUSES)[number]

/** What the shopper chose at checkout (and so what is sent to ECPay). */
export const INVOICE_TYPES = [
  "member",
  "citizen_certificate",
  "mobile_barcode",
  "donation",
  "company",
  "paper",
  "easycard",
  "ipass",
] as const
export type InvoiceType = (typeof INVOICE_TYPES)[number]

/** The invoice types the law requires a store to offer whenever e-invoicing is on. */
export const CORE_INVOICE_TYPES = [
  "member",
  "citizen_certificate",
  "mobile_barcode",
  "donation",
  "company",
] as const satisfies readonly InvoiceType[]

export const ALLOWANCE_STATUSES = ["pending", "awaiting_agreement", "issued", "rejected", "failed", "voided"] as const
export type AllowanceStatus = (typeof ALLOWANCE_STATUSES)[number]

export const ALLOWANCE_AGREEMENTS = ["paper", "online"] as const
/**
 * How an order edit after issuing corrects the invoice: "allowance" (an allowance for what it takes off, an
 * additional invoice for what it adds) or "reissue" (void the invoice and issue one for the edited order,
 * while it can still be voided; otherwise as "allowance").
 */
export const EDIT_CORRECTIONS = ["allowance", "reissue"] as const
export type EditCorrection = (typeof EDIT_CORRECTIONS)[number]
export type AllowanceAgreement = (typeof ALLOWANCE_AGREEMENTS)[number]

export const ECPAY_ENVIRONMENTS = ["simulator", "stage", "production"] as const
export type EcpayEnvironment = (typeof ECPAY_ENVIRONMENTS)[number]

export const ISSUE_MODES = ["manual", "automatic"] as const
export type IssueMode = (typeof ISSUE_MODES)[number]

export const ISSUE_TRIGGERS = ["payment_captured", "fulfillment", "shipment"] as const
export type IssueTrigger = (typeof ISSUE_TRIGGERS)[number]

export const PREFERENCE_SCOPES = ["cart", "order", "customer"] as const
export type PreferenceScope = (typeof PREFERENCE_SCOPES)[number]

/** The statuses an invoice may move to from each status; anything else is refused. */
export const INVOICE_TRANSITIONS: Record<EinvoiceStatus, readonly EinvoiceStatus[]> = {
  pending: ["pending", "issued", "failed", "skipped"],
  failed: ["pending", "issued", "failed", "skipped"],
  skipped: ["pending"],
  issued: ["issued", "voided"],
  voided: [],
}

export const ALLOWANCE_TRANSITIONS: Record<AllowanceStatus, readonly AllowanceStatus[]> = {
  // A pending online request whose reply was lost can still be answered (callback) or cancelled.
  pending: ["issued", "awaiting_agreement", "rejected", "failed", "voided"],
  failed: ["pending", "issued", "awaiting_agreement", "failed"],
  awaiting_agreement: ["issued", "rejected", "voided"],
  issued: ["voided"],
  // ECPay's word wins over a local expiry: a verified agreement that arrives late, or an allowance
  // ECPay lists as made, is issued after all.
  rejected: ["issued"],
  voided: [],
}

export interface Charity {
  code: string
  name: string
}

/**
 * How many TWD one unit of another currency is invoiced at (set by the merchant): an order in that currency
 * is issued in TWD at this rate, recorded on its invoice; without a rate such an order is not invoiced.
 */
export interface CurrencyRate {
  /** ISO 4217, lower case as Medusa writes it ("usd"); never "twd". */
  currency_code: string
  /** TWD per unit, e.g. 31.5. */
  rate: number
}

/** Options of the plugin entry in medusa-config; they win over the settings stored in the database. */
export interface EinvoicePluginOptions {
  merchantId?: string
  hashKey?: string
  hashIV?: string
  environment?: EcpayEnvironment
  /** Overrides the ECPay host (e.g. a simulator or a proxy). */
  baseUrl?: string
  /** Key material for encrypting HashKey/HashIV at rest; falls back to env EINVOICE_SECRET_KEY. */
  secretKey?: string
  /**
   * Earlier values of `secretKey`, still accepted for reading (key rotation): a value they open is sealed
   * again with `secretKey` on first use. Falls back to env EINVOICE_PREVIOUS_SECRET_KEYS (comma-separated).
   */
  previousSecretKeys?: string[]
  timeoutMs?: number
  /**
   * The store's public URL (e.g. https://shop.example.com), where ECPay posts the buyer's answer to an
   * online allowance; falls back to env MEDUSA_BACKEND_URL. Without it only paper allowances are offered.
   */
  backendUrl?: string
  /**
   * How long every call to ECPay pauses, store-wide, after ECPay answers HTTP 403 (its rate limit), in
   * minutes; default ECPay's 30 (`ECPAY_RATE_LIMIT_BACKOFF_MS`).
   */
  rateLimitPauseMinutes?: number
  /**
   * How many calls to ECPay about invoices and allowances each process sends at once (default 2): issues
   * of a backlog and of simultaneous events wait their turn. ECPay publishes no rate limit, but answers
   * HTTP 403 to a store calling too fast and expects 30 minutes of silence.
   */
  ecpayConcurrency?: number
  /**
   * Limits on the online checks shoppers' typing sends to ECPay (per client, per cart, store-wide,
   * concurrency, caching); see `OnlineCheckLimits` for each and its default.
   */
  onlineChecks?: Partial<OnlineCheckLimits>
}

/** Settings as any API may show them: secrets reduced to whether they are set, and by whom. */
export interface PublicSettings {
  id: string
  enabled: boolean
  environment: EcpayEnvironment
  merchant_id: string | null
  hash_key: SecretState
  hash_iv: SecretState
  base_url: string | null
  tax_type: string
  clearance_mark: string | null
  zero_tax_rate_reason: string | null
  issue_mode: IssueMode
  issue_trigger: IssueTrigger
  issue_delay_days: number
  enabled_types: InvoiceType[]
  charities: Charity[]
  default_love_code: string | null
  relate_number_prefix: string
  auto_void_on_cancel: boolean
  auto_allowance_on_refund: boolean
  /** A received return, an exchange that refunds a difference, or a refund claim becomes an allowance. */
  auto_allowance_on_return: boolean
  /** An order edit that takes goods off an issued invoice becomes an allowance. */
  auto_allowance_on_edit: boolean
  /** How an edit after issuing corrects the invoice (see EDIT_CORRECTIONS). */
  edit_correction: EditCorrection
  allowance_agreement: AllowanceAgreement
  notify_by_medusa: boolean
  notification_template: string
  item_word: string
  invoice_remark: string | null
  /** Orders in these currencies are invoiced in TWD at the given rate. */
  currency_rates: CurrencyRate[]
  /** Fields whose values come from the plugin options and cannot be edited in the admin. */
  configured_by_options: string[]
}

/** `unreadable`: stored, but no configured secret key decrypts it (the key changed): enter it again. */
export type SecretState = "set" | "not_set" | "set_by_configuration" | "unreadable"

export interface EcpayCredentials {
  merchantId: string
  hashKey: string
  hashIV: string
  environment: EcpayEnvironment
  baseUrl: string | null
}
