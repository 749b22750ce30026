/**
 * What the bench does over the store's HTTP API, as a storefront and a merchant do it. Every timed
 * call is one HTTP request (sent and its JSON answer read), timed from this process.
 */
import type { HttpTypes } from "@medusajs/framework/types"
import type {
  AdminEinvoiceActionResponse,
  AdminEinvoiceListResponse,
  AdminEinvoiceSettingsResponse,
  AdminIssueEinvoiceResponse,
  AdminOrderEinvoiceResponse,
  StoreSetCartEinvoiceResponse,
  StoreValidateInvoiceValueResponse,
} from "../../../src/api/types"
import type { Catalog } from "../../demo/lib/seed"
import type { Requester } from "../../demo/lib/medusa-http"
import { capturePayment, placeOrder, TAIWAN_ADDRESS } from "../../demo/lib/orders"
import type { Recorder } from "./stats"

export interface Operation {
  key: string
  label: string
  kind: "medusa" | "plugin"
  /** Plugin operations: the Medusa operation its median is compared with. */
  baseline?: string
}

export const OPERATIONS: Operation[] = [
  { key: "create_cart", label: "POST /store/carts (create, 1 item)", kind: "medusa" },
  { key: "complete_cart", label: "POST /store/carts/:id/complete", kind: "medusa" },
  { key: "get_order", label: "GET /admin/orders/:id", kind: "medusa" },
  { key: "capture", label: "POST /admin/payments/:id/capture", kind: "medusa" },
  { key: "list_orders", label: "GET /admin/orders?limit=20", kind: "medusa" },
  { key: "cart_choice", label: "POST /store/carts/:id/einvoice (mobile barcode)", kind: "plugin", baseline: "create_cart" },
  { key: "validate_tax_id", label: "POST /store/einvoice/validate (tax id)", kind: "plugin", baseline: "create_cart" },
  { key: "order_einvoice", label: "GET /admin/orders/:id/einvoice", kind: "plugin", baseline: "get_order" },
  { key: "issue", label: "POST /admin/orders/:id/einvoice/issue (manual)", kind: "plugin", baseline: "capture" },
  { key: "allowance", label: "POST …/einvoice/allowances {amount} (paper)", kind: "plugin", baseline: "capture" },
  { key: "void", label: "POST /admin/orders/:id/einvoice/void", kind: "plugin", baseline: "capture" },
  { key: "list_einvoices", label: "GET /admin/einvoices?period=…", kind: "plugin", baseline: "list_orders" },
]

export const SHORT_NAMES: Record<string, string> = {
  create_cart: "create cart",
  complete_cart: "complete cart",
  get_order: "GET order",
  capture: "capture",
  list_orders: "list orders",
}

export interface Context {
  admin: Requester
  store: Requester
  catalog: Catalog
  /** The current bimonthly period, e.g. 2025-11/12 (from GET /admin/einvoices). */
  period: string
}

/** The settings the bench needs: e-invoicing on, issued by hand (so capture issues nothing), paper allowances. */
export async function configureManualIssuing(admin: Requester) {
  const { settings } = await admin.post<AdminEinvoiceSettingsResponse>(
    "/admin/ecpay-einvoice/settings",
    {
      enabled: true,
      enabled_types: ["member", "mobile_barcode", "citizen_certificate", "donation", "company", "paper"],
      charities: [{ code: "919", name: "動物保護協會（bench）" }],
      default_love_code: "919",
      issue_mode: "manual",
      issue_trigger: "payment_captured",
      issue_delay_days: 0,
      allowance_agreement: "paper",
    },
    "set manual issuing"
  )
  return settings
}

export async function currentPeriod(admin: Requester): Promise<string> {
  const { current_period } = await admin.get<AdminEinvoiceListResponse>("/admin/einvoices?limit=1", "list invoices")
  return current_period
}

function product(catalog: Catalog) {
  // The cheapest product keeps totals small; any works.
  return [...catalog.products].sort((a, b) => a.price - b.price)[0]
}

function expect(what: string, ok: unknown, detail: unknown): asserts ok {
  if (!ok) throw new Error(`${what}: unexpected answer ${JSON.stringify(detail).slice(0, 800)}`)
}

/**
 * One full round, each operation of the table timed once: a cart with an invoice choice, the tax ID
 * check, the order, the merchant's views, capture, issue, an allowance (voided again untimed, so that
 * the invoice can be voided), the void, and the two lists.
 */
export async function timedRound(ctx: Context, rec: Recorder, i: number) {
  const { admin, store, catalog } = ctx
  const item = product(catalog)
  const { cart } = await rec.time("create_cart", () =>
    store.post<HttpTypes.StoreCartResponse>(
      "/store/carts",
      {
        region_id: catalog.regionId,
        email: `bench-${Date.now()}-${i}@example.com`,
        items: [{ variant_id: item.variantId, quantity: 1 }],
        shipping_address: TAIWAN_ADDRESS,
        billing_address: TAIWAN_ADDRESS,
      },
      "create cart"
    )
  )
  const chosen = await rec.time("cart_choice", () =>
    store.post<StoreSetCartEinvoiceResponse>(
      `/store/carts/${cart.id}/einvoice`,
      { type: "mobile_barcode", carrier_number: "/BENCH01" },
      "invoice choice"
    )
  )
  expect("invoice choice", chosen?.einvoice?.type === "mobile_barcode", chosen)
  const checked = await rec.time("validate_tax_id", () =>
    store.post<StoreValidateInvoiceValueResponse>("/store/einvoice/validate", { type: "tax_id", value: "22099131" }, "validate tax id")
  )
  expect("validate tax id", checked?.valid === true, checked)

  await store.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: catalog.shippingOptionId }, "shipping method")
  const { payment_collection } = await store.post<HttpTypes.StorePaymentCollectionResponse>(
    "/store/payment-collections",
    { cart_id: cart.id },
    "payment collection"
  )
  await store.post(
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    "payment session"
  )
  const completed = await rec.time("complete_cart", () =>
    store.post<HttpTypes.StoreCompleteCartResponse>(`/store/carts/${cart.id}/complete`, {}, "complete cart")
  )
  expect("complete cart", completed?.type === "order", completed)
  const orderId: string = completed.order.id

  await rec.time("get_order", () => admin.get(`/admin/orders/${orderId}`, "get order"))
  const { order } = await admin.get<HttpTypes.AdminOrderResponse>(
    `/admin/orders/${orderId}?fields=id,*payment_collections,*payment_collections.payments`,
    "order payments"
  )
  const payment = (order.payment_collections ?? []).flatMap((pc) => pc.payments ?? []).find((p) => !p.captured_at)
  expect("a payment to capture", payment, order)
  await rec.time("capture", () => admin.post(`/admin/payments/${payment.id}/capture`, {}, "capture"))

  const view = await rec.time("order_einvoice", () =>
    admin.get<AdminOrderEinvoiceResponse>(`/admin/orders/${orderId}/einvoice`, "order einvoice")
  )
  expect("order einvoice view (manual issuing: issue is offered)", view?.actions?.includes("issue"), view)
  const issued = await rec.time("issue", () =>
    admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${orderId}/einvoice/issue`, {}, "issue")
  )
  expect("issue", issued?.result?.status === "issued", issued?.result)

  const allowed = await rec.time("allowance", () =>
    admin.post<AdminEinvoiceActionResponse>(
      `/admin/orders/${orderId}/einvoice/allowances`,
      { amount: 100, agreement: "paper", reason: "bench" },
      "allowance"
    )
  )
  expect("allowance", allowed?.result?.outcome === "issued", allowed?.result)
  await admin.post(
    `/admin/orders/${orderId}/einvoice/allowances/${allowed.result.allowance_id}/void`,
    { reason: "bench" },
    "void the allowance"
  )
  const voided = await rec.time("void", () =>
    admin.post<AdminEinvoiceActionResponse>(`/admin/orders/${orderId}/einvoice/void`, { reason: "bench" }, "void")
  )
  expect("void", voided?.result?.outcome === "voided", voided?.result)

  await rec.time("list_orders", () => admin.get("/admin/orders?limit=20", "list orders"))
  const list = await rec.time("list_einvoices", () =>
    admin.get<AdminEinvoiceListResponse>(`/admin/einvoices?period=${encodeURIComponent(ctx.period)}`, "list invoices")
  )
  expect("list invoices", Array.isArray(list?.einvoices) && list.einvoices.length > 0, list)
}

/**
 * A plain order (no invoice choice), placed and left authorized: `capture` is timed on its own.
 * `aroundComplete` wraps the cart's completion alone.
 */
export async function plainOrder(ctx: Context, i: number, aroundComplete?: <T>(complete: () => Promise<T>) => Promise<T>): Promise<string> {
  const item = product(ctx.catalog)
  const placed = await placeOrder(ctx.store, ctx.catalog, {
    items: [{ variantId: item.variantId, quantity: 1 }],
    email: `bench-plain-${Date.now()}-${i}@example.com`,
    aroundComplete,
  })
  return placed.orderId
}

/** Captures a plain order's payment (Medusa's capture: the baseline of an issue's CPU time). */
export async function capture(ctx: Context, orderId: string, aroundCapture?: <T>(capture: () => Promise<T>) => Promise<T>) {
  await capturePayment(ctx.admin, orderId, aroundCapture)
}

export async function issue(ctx: Context, orderId: string) {
  const issued = await ctx.admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${orderId}/einvoice/issue`, {}, "issue")
  expect("issue", issued?.result?.status === "issued", issued?.result)
}
