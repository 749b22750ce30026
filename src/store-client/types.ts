/**
 * The store API's request and answer shapes, as a storefront reads them. Declared here in full, not
 * imported: the plugin's own declarations (src/api/types.ts) reach into its validators and through them
 * into zod and `@medusajs/framework`, which a storefront does not have, so the shipped `.d.ts` of this
 * folder must stand alone. `__tests__/api-types.check.ts` keeps every type here equal to the plugin's
 * (`npm run typecheck` fails, naming the type, when one side changes).
 */

/** The invoice types a store can offer. */
export type InvoiceType = "member" | "mobile_barcode" | "citizen_certificate" | "donation" | "company" | "paper" | "easycard" | "ipass"

/** The language of the server's messages (sent as Accept-Language). */
export type Locale = "zh-TW" | "en"

export interface Charity {
  code: string
  name: string
}

/** One problem with one field, worded for the shopper in the request's language, with a stable `rule`. */
export interface ShopperFieldError {
  field: string
  rule: string
  message: string
}

/** GET /store/einvoice/config. */
export interface StoreEinvoiceConfigResponse {
  enabled: boolean
  /** The invoice types offered (none while e-invoicing is off). */
  types: InvoiceType[]
  charities: Charity[]
  default_love_code: string | null
}

/** The values POST /store/einvoice/validate checks. */
export type CheckedValueType = "mobile_barcode" | "love_code" | "tax_id" | "citizen_certificate"

/** POST /store/einvoice/validate. */
export interface StoreValidateInvoiceValueBody {
  type: CheckedValueType
  value: string
}

export interface StoreValidateInvoiceValueResponse {
  valid: boolean
  /** Normalised (e.g. the barcode upper-cased). */
  value: string
  /** false: ECPay / the government service could not be asked (format only, or fail-open). */
  checked_online: boolean
  /**
   * Why it is invalid, or "unchecked" when accepted without the online check ("throttled": past the
   * online-check limits, answered with HTTP 429).
   */
  rule?: string
  /** Worded for the shopper in the request's language. */
  message?: string
  /** For a tax ID: the company's registered name (統一編號 lookup). */
  company_name?: string
}

/** 429 from POST /store/einvoice/validate: past the online-check limits; nothing was sent to ECPay. */
export interface StoreTooManyChecksResponse {
  type: "too_many_requests"
  code: "throttled"
  rule: "throttled"
  /** Worded for the shopper in the request's language. */
  message: string
  /** Also in the Retry-After header. */
  retry_after_seconds: number
}

/** What the storefront sends: the type and only the fields that type takes (see the README's table). */
export interface InvoiceChoiceInput {
  type: InvoiceType
  carrier_number?: string
  /** EasyCard / iPASS: the card's visible code. */
  carrier_number2?: string
  love_code?: string
  tax_id?: string
  company_name?: string
  buyer_name?: string
  address?: string
  email?: string
  phone?: string
  print?: boolean
}

/** POST /store/carts/:id/einvoice. */
export type StoreSetCartEinvoiceBody = InvoiceChoiceInput

/** What the store keeps: normalised, only the fields of its type. */
export interface StoredChoice {
  type: InvoiceType
  carrier_number: string | null
  carrier_number2: string | null
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  buyer_name: string | null
  buyer_address: string | null
  buyer_email: string | null
  buyer_phone: string | null
  print: boolean
}

/** GET /store/carts/:id/einvoice: the cart's choice, else the logged-in customer's last one. */
export interface StoreCartEinvoiceResponse {
  einvoice: StoredChoice | null
  source: "cart" | "customer" | null
}

/** POST /store/carts/:id/einvoice: the choice as stored; warnings when an online check could not be made. */
export interface StoreSetCartEinvoiceResponse {
  einvoice: StoredChoice
  warnings: ShopperFieldError[]
}

/** 400 of a store route: one entry per field. */
export interface StoreInvalidDataResponse {
  type: "invalid_data"
  message: string
  errors: ShopperFieldError[]
}

export type AllowanceStatus = "pending" | "awaiting_agreement" | "issued" | "rejected" | "failed" | "voided"
export type EinvoiceStatus = "pending" | "issued" | "failed" | "skipped" | "voided"

/** An allowance (折讓) of the shopper's invoice. */
export interface ShopperAllowance {
  allowance_number: string | null
  allowance_date: string | null
  amount: number
  status: AllowanceStatus
}

/** The fields of an invoice a shopper may see. */
export interface ShopperInvoice {
  status: EinvoiceStatus
  invoice_number: string | null
  invoice_date: string | null
  random_number: string | null
  total: number
  type: InvoiceType
  carrier_type: string | null
  carrier_number: string | null
  donation: boolean
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  /** A company invoice's 銷售額 (without tax) / 稅額 / 總計, as ECPay splits them; null on other invoices. */
  company_amounts: { sales_amount: number; tax_amount: number; total: number } | null
  print: boolean
  voided_at: string | null
  allowances: ShopperAllowance[]
}

/** GET /store/orders/:id/einvoice. */
export interface StoreOrderEinvoiceResponse {
  /** null until an invoice exists (automatic issuing: once the payment is captured). */
  einvoice: ShopperInvoice | null
  /** Further invoices for what exchanges and edits added after the invoice was issued, oldest first. */
  additional_einvoices: ShopperInvoice[]
  /** The Ministry of Finance invoice lookup. */
  lookup_url: string
  /** A registered customer's order seen without their login: `carrier_number` and `company_tax_id` are masked. */
  identifiers_masked: boolean
}
