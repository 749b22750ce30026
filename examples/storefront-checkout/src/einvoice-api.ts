/**
 * The plugin's store API as the invoice component needs it, behind a small interface so that the same
 * component works with a browser `@medusajs/js-sdk` client (`createEinvoiceApi`) or with server
 * actions (Next.js starter: see the README).
 *
 *   GET  /store/einvoice/config          enabled types, charities, default love code
 *   POST /store/einvoice/validate        one value, live: format, then ECPay's online check (fail-open)
 *   GET  /store/carts/:id/einvoice       the cart's choice (or the customer's last one)
 *   POST /store/carts/:id/einvoice       store the choice (400 with per-field messages when wrong)
 *   GET  /store/orders/:id/einvoice      the order's invoice as the shopper may see it
 */
import type Medusa from "@medusajs/js-sdk"

// The store API's types, copied from the plugin's src/api/types.ts so this example stands alone; the
// plugin's typecheck compares the two (examples/storefront-checkout/checks/store-api-types.ts).

export type InvoiceType = "member" | "mobile_barcode" | "citizen_certificate" | "donation" | "company" | "paper" | "easycard" | "ipass"
export type Locale = "zh-TW" | "en"

export interface Charity {
  code: string
  name: string
}

export interface EinvoiceConfig {
  enabled: boolean
  types: InvoiceType[]
  charities: Charity[]
  default_love_code: string | null
}

export type CheckedValueType = "mobile_barcode" | "love_code" | "tax_id" | "citizen_certificate"

export interface ValueCheck {
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

/** What the storefront sends (see the plugin's InvoiceChoiceSchema). */
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

/** What the store keeps (normalised, only the fields of its type). */
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

export interface ShopperMessage {
  field: string
  rule: string
  message: string
}

/** The answer of POST /store/carts/:id/einvoice (200). */
export interface SavedChoice {
  einvoice: StoredChoice
  warnings: ShopperMessage[]
}

/** The answer of GET /store/carts/:id/einvoice. */
export interface CartChoice {
  einvoice: StoredChoice | null
  source: "cart" | "customer" | null
}

export type SaveChoiceResult =
  | { ok: true; einvoice: StoredChoice; warnings: ShopperMessage[] }
  | { ok: false; status: number; message: string; errors: ShopperMessage[] }

export interface ShopperAllowance {
  allowance_number: string | null
  allowance_date: string | null
  amount: number
  status: "pending" | "awaiting_agreement" | "issued" | "rejected" | "failed" | "voided"
}

export interface ShopperInvoice {
  status: "pending" | "issued" | "failed" | "skipped" | "voided"
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
  print: boolean
  voided_at: string | null
  /** The allowances (折讓) the shopper was told about. */
  allowances: ShopperAllowance[]
}

/** The answer of GET /store/orders/:id/einvoice. */
export interface OrderInvoice {
  einvoice: ShopperInvoice | null
  lookup_url: string
  /** A registered customer's order seen without their login: carrier number and tax ID are masked. */
  identifiers_masked: boolean
}

export interface EinvoiceApi {
  getConfig(): Promise<EinvoiceConfig>
  validate(type: CheckedValueType, value: string): Promise<ValueCheck>
  getCartChoice(cartId: string): Promise<CartChoice>
  setCartChoice(cartId: string, choice: InvoiceChoiceInput): Promise<SaveChoiceResult>
  getOrderInvoice(orderId: string): Promise<OrderInvoice>
}

/**
 * The API over a browser js-sdk client (`new Medusa({ baseUrl, publishableKey })`). `locale` picks the
 * language of the server's messages (Accept-Language).
 *
 * The js-sdk turns a 4xx into a FetchError carrying only the message, so a refused choice comes back
 * with `errors: []` and the joined message; the component checks required fields itself and every
 * format through `validate` first, so this is rarely all the shopper sees.
 */
export function createEinvoiceApi(sdk: Medusa, locale: () => Locale = () => "zh-TW"): EinvoiceApi {
  const headers = () => ({ "accept-language": locale() === "zh-TW" ? "zh-TW,zh;q=0.9" : "en" })
  const fetch = <T>(path: string, init: { method?: string; body?: Record<string, unknown> } = {}) =>
    sdk.client.fetch<T>(path, { method: init.method ?? "GET", body: init.body, headers: headers() })
  return {
    getConfig: () => fetch<EinvoiceConfig>("/store/einvoice/config"),
    validate: async (type, value) => {
      try {
        return await fetch<ValueCheck>("/store/einvoice/validate", { method: "POST", body: { type, value } })
      } catch (error) {
        // 429: this shopper (or the store) asked ECPay too often; nothing was checked, and saving the
        // choice still works (the cart route accepts it unchecked).
        if ((error as { status?: number }).status === 429) {
          return { valid: true, value, checked_online: false, rule: "throttled", message: (error as Error).message }
        }
        throw error
      }
    },
    getCartChoice: (cartId) => fetch<CartChoice>(`/store/carts/${cartId}/einvoice`),
    setCartChoice: async (cartId, choice) => {
      try {
        const result = await fetch<SavedChoice>(`/store/carts/${cartId}/einvoice`, {
          method: "POST",
          body: { ...choice },
        })
        return { ok: true, einvoice: result.einvoice, warnings: result.warnings ?? [] }
      } catch (error) {
        const status = (error as { status?: number }).status
        if (typeof status === "number" && status >= 400 && status < 500) {
          return { ok: false, status, message: (error as Error).message, errors: [] }
        }
        throw error
      }
    },
    getOrderInvoice: (orderId) => fetch<OrderInvoice>(`/store/orders/${orderId}/einvoice`),
  }
}
