/**
 * The plugin's store API for a storefront: `medusa-plugin-ecpay-einvoice/store`.
 *
 *   import Medusa from "@medusajs/js-sdk"
 *   import { createEinvoiceStoreClient } from "medusa-plugin-ecpay-einvoice/store"
 *
 *   const sdk = new Medusa({ baseUrl, publishableKey })
 *   const einvoice = createEinvoiceStoreClient({ sdk, backendUrl: baseUrl, publishableKey, locale: "zh-TW" })
 *   await einvoice.setCartChoice(cart.id, { type: "mobile_barcode", carrier_number: "/ABC1234" })
 *
 *   GET  /store/einvoice/config          getConfig()         enabled types, charities, default love code
 *   POST /store/einvoice/validate        validate()          one value, live: format, then ECPay's online check
 *   GET  /store/carts/:id/einvoice       getCartChoice()     the cart's choice (or the customer's last one)
 *   POST /store/carts/:id/einvoice       setCartChoice()     store the choice; a refusal keeps its per-field errors
 *   GET  /store/orders/:id/einvoice      getOrderInvoice()   the order's invoice as the shopper may see it
 *
 * Runs in a browser, in Node (a Next.js server action) or at the edge: it imports nothing (no js-sdk, no
 * Node module, no server code of the plugin). The js-sdk is any object with its `client.fetch`; the
 * store's URL and publishable key are the caller's, never read from the environment.
 */
import type {
  CheckedValueType,
  InvoiceChoiceInput,
  Locale,
  ShopperFieldError,
  StoreCartEinvoiceResponse,
  StoreEinvoiceConfigResponse,
  StoredChoice,
  StoreOrderEinvoiceResponse,
  StoreSetCartEinvoiceResponse,
  StoreValidateInvoiceValueResponse,
} from "./types"

export type {
  AllowanceStatus,
  Charity,
  CheckedValueType,
  EinvoiceStatus,
  InvoiceChoiceInput,
  InvoiceType,
  Locale,
  ShopperAllowance,
  ShopperFieldError,
  ShopperInvoice,
  StoreCartEinvoiceResponse,
  StoredChoice,
  StoreEinvoiceConfigResponse,
  StoreInvalidDataResponse,
  StoreOrderEinvoiceResponse,
  StoreSetCartEinvoiceBody,
  StoreSetCartEinvoiceResponse,
  StoreTooManyChecksResponse,
  StoreValidateInvoiceValueBody,
  StoreValidateInvoiceValueResponse,
} from "./types"

/** The part of a `@medusajs/js-sdk` instance the client uses: `sdk.client.fetch` (and `getToken`, when there). */
export interface MedusaSdkLike {
  client: {
    fetch<T>(input: string, init?: { method?: string; body?: Record<string, unknown>; headers?: Record<string, string> }): Promise<T>
    /** The js-sdk's stored JWT, sent with the requests the client makes without the sdk. */
    getToken?(): Promise<string | null | undefined>
  }
}

/** The part of the platform's `fetch` the client uses (the global one by default). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; credentials?: "omit" | "same-origin" | "include" }
) => Promise<{ status: number; json(): Promise<unknown> }>

export interface EinvoiceStoreClientOptions {
  /**
   * A `@medusajs/js-sdk` instance (`new Medusa({ baseUrl, publishableKey })`), or any object with its
   * `client.fetch`: every request but the choice's POST goes through it (all of them without
   * `backendUrl`).
   */
  sdk?: MedusaSdkLike
  /**
   * The store's backend URL, as the caller configured its js-sdk. The choice's POST is sent here with
   * `fetch`, because the js-sdk keeps only the message of a 400, not its per-field errors; without an
   * `sdk`, every request is. Needs `publishableKey`.
   */
  backendUrl?: string
  /** The store's publishable API key (x-publishable-api-key), for the requests made without the js-sdk. */
  publishableKey?: string
  /** Headers for every request, e.g. the logged-in customer's `authorization`; may be async (cookies in a server action). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>
  /** The language of the server's messages; a function to follow the page. Default "zh-TW". */
  locale?: Locale | (() => Locale)
  /** For the requests made without the js-sdk: default the global `fetch`. */
  fetch?: FetchLike
  /** For the requests made without the js-sdk: "include" to send a session cookie to another origin (js-sdk `auth.type: "session"`). */
  credentials?: "omit" | "same-origin" | "include"
}

/** What saving the choice came to: stored, or refused with the server's reasons. */
export type SaveChoiceResult =
  | { ok: true; einvoice: StoredChoice; warnings: ShopperFieldError[] }
  /** 4xx: nothing was stored. `errors` names each field (empty when the answer came through the js-sdk, which drops them). */
  | { ok: false; status: number; message: string; errors: ShopperFieldError[] }

/** The plugin's store API. `createEinvoiceStoreClient` makes one; a storefront may implement it otherwise (server actions). */
export interface EinvoiceStoreApi {
  getConfig(): Promise<StoreEinvoiceConfigResponse>
  /** Past the online-check limits (429), the value counts as valid, unchecked: `rule: "throttled"` and the server's message. */
  validate(type: CheckedValueType, value: string): Promise<StoreValidateInvoiceValueResponse>
  getCartChoice(cartId: string): Promise<StoreCartEinvoiceResponse>
  /** A refusal (4xx) is a result, not an error: `ok: false` with the server's per-field errors. */
  setCartChoice(cartId: string, choice: InvoiceChoiceInput): Promise<SaveChoiceResult>
  getOrderInvoice(orderId: string): Promise<StoreOrderEinvoiceResponse>
}

/** A request the store answered with an error (other than those the methods answer as results). */
export class EinvoiceStoreError extends Error {
  readonly status: number
  /** The store's per-field errors, when its answer had them. */
  readonly errors: ShopperFieldError[]

  constructor(status: number, message: string, errors: ShopperFieldError[] = []) {
    super(message)
    this.name = "EinvoiceStoreError"
    this.status = status
    this.errors = errors
  }
}

/** The Accept-Language the client sends for a locale (the server answers zh-TW when Chinese comes first). */
export function acceptLanguage(locale: Locale): string {
  return locale === "zh-TW" ? "zh-TW,zh;q=0.9" : "en"
}

interface Answer {
  status: number
  body: Record<string, unknown>
}

type Send = (path: string, method: "GET" | "POST", body?: Record<string, unknown>) => Promise<Answer>

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const fieldErrors = (body: Record<string, unknown>): ShopperFieldError[] =>
  Array.isArray(body.errors)
    ? body.errors.filter(
        (e): e is ShopperFieldError =>
          isRecord(e) && typeof e.field === "string" && typeof e.rule === "string" && typeof e.message === "string"
      )
    : []

const messageOf = (answer: Answer) => (typeof answer.body.message === "string" && answer.body.message) || `HTTP ${answer.status}`

const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300

/** The answer's body, or an EinvoiceStoreError. */
function expectOk<T>(answer: Answer): T {
  if (!ok(answer)) {
    throw new EinvoiceStoreError(answer.status, messageOf(answer), fieldErrors(answer.body))
  }
  return answer.body as T
}

export function createEinvoiceStoreClient(options: EinvoiceStoreClientOptions): EinvoiceStoreApi {
  const { sdk, backendUrl, publishableKey } = options
  if (!sdk && !backendUrl) {
    throw new TypeError("createEinvoiceStoreClient: give a js-sdk instance (sdk), the store's backendUrl and publishableKey, or both")
  }
  if (backendUrl && !publishableKey) {
    throw new TypeError("createEinvoiceStoreClient: backendUrl needs the store's publishableKey")
  }
  const locale = (): Locale => (typeof options.locale === "function" ? options.locale() : (options.locale ?? "zh-TW"))
  const headers = async (): Promise<Record<string, string>> => ({
    "accept-language": acceptLanguage(locale()),
    ...(options.headers ? await options.headers() : {}),
  })

  /** Through the js-sdk: an HTTP error arrives as its FetchError (status and message only). */
  const viaSdk = (client: MedusaSdkLike["client"]): Send => {
    return async (path, method, body) => {
      try {
        const answer = await client.fetch<unknown>(path, { method, headers: await headers(), ...(body ? { body } : {}) })
        return { status: 200, body: isRecord(answer) ? answer : {} }
      } catch (error) {
        const status = (error as { status?: unknown } | null)?.status
        if (typeof status === "number" && status >= 300) {
          return { status, body: { message: (error as Error).message } }
        }
        throw error
      }
    }
  }

  /** With fetch: the whole answer, per-field errors included. */
  const viaFetch = (base: string, key: string): Send => {
    const root = base.replace(/\/+$/, "")
    return async (path, method, body) => {
      const doFetch = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch
      if (!doFetch) {
        throw new TypeError("createEinvoiceStoreClient: no fetch here; pass options.fetch")
      }
      const sent: Record<string, string> = { accept: "application/json", "x-publishable-api-key": key }
      if (body) sent["content-type"] = "application/json"
      Object.assign(sent, await headers())
      if (!Object.keys(sent).some((name) => name.toLowerCase() === "authorization") && sdk?.client.getToken) {
        // What the js-sdk would send: its stored JWT (none on a server, or with session auth).
        const token = await sdk.client.getToken().catch(() => null)
        if (token) sent.authorization = `Bearer ${token}`
      }
      const response = await doFetch(`${root}${path}`, {
        method,
        headers: sent,
        ...(body ? { body: JSON.stringify(body) } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      })
      const parsed = await response.json().catch(() => null)
      return { status: response.status, body: isRecord(parsed) ? parsed : {} }
    }
  }

  const plain = backendUrl && publishableKey ? viaFetch(backendUrl, publishableKey) : null
  const send: Send = sdk ? viaSdk(sdk.client) : plain!
  const sendChoice: Send = plain ?? send
  const id = (value: string) => encodeURIComponent(value)

  return {
    getConfig: async () => expectOk(await send("/store/einvoice/config", "GET")),

    validate: async (type, value) => {
      const answer = await send("/store/einvoice/validate", "POST", { type, value })
      if (answer.status === 429) {
        // Past the online-check limits: nothing was checked, and saving the choice still works (the cart
        // route accepts it unchecked, with a warning).
        return { valid: true, value, checked_online: false, rule: "throttled", message: messageOf(answer) }
      }
      return expectOk(answer)
    },

    getCartChoice: async (cartId) => expectOk(await send(`/store/carts/${id(cartId)}/einvoice`, "GET")),

    setCartChoice: async (cartId, choice) => {
      const answer = await sendChoice(`/store/carts/${id(cartId)}/einvoice`, "POST", { ...choice })
      if (ok(answer)) {
        const saved = answer.body as unknown as StoreSetCartEinvoiceResponse
        return { ok: true, einvoice: saved.einvoice, warnings: saved.warnings ?? [] }
      }
      if (answer.status >= 400 && answer.status < 500) {
        return { ok: false, status: answer.status, message: messageOf(answer), errors: fieldErrors(answer.body) }
      }
      throw new EinvoiceStoreError(answer.status, messageOf(answer), fieldErrors(answer.body))
    },

    getOrderInvoice: async (orderId) => expectOk(await send(`/store/orders/${id(orderId)}/einvoice`, "GET")),
  }
}
