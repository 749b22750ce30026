/**
 * Placing and paying orders through the HTTP API, the way a storefront and a merchant do it: cart
 * with items and a Taiwanese address → invoice choice (POST /store/carts/:id/einvoice) → shipping
 * method → payment collection + session (system provider: authorizes) → complete; then the merchant
 * captures the payment (admin API), which makes the plugin issue the invoice. After that, the merchant
 * may void the invoice (作廢) or make an allowance (折讓) through the admin API.
 */
import type { HttpTypes } from "@medusajs/framework/types"
import type { InvoiceChoiceInput } from "../../../examples/storefront-checkout/src/einvoice-api"
import type { StoreSetCartEinvoiceResponse, StoredChoice } from "../../../src/api/types"
import type { EinvoiceActionResult } from "../../../src/lib/einvoice-results"
import type { Requester } from "./medusa-http"
import { sleep } from "./processes"

export const TAIWAN_ADDRESS = {
  first_name: "小明",
  last_name: "王",
  address_1: "信義路五段7號",
  address_2: "89樓",
  city: "台北市",
  postal_code: "110",
  country_code: "tw",
  phone: "0912345678",
}

/** The six invoice types a Taiwanese B2C store offers (easycard / ipass are optional extras). */
export const DEMO_INVOICE_TYPES = ["member", "mobile_barcode", "citizen_certificate", "donation", "company", "paper"] as const
export type DemoInvoiceType = (typeof DEMO_INVOICE_TYPES)[number]

/** What POST /store/carts/:id/einvoice takes: the reference checkout's InvoiceChoiceInput, any type. */
export interface InvoiceChoice extends Omit<InvoiceChoiceInput, "type"> {
  type: string
  email?: string
  phone?: string
}

export interface CatalogRefs {
  regionId: string
  shippingOptionId: string
}

export interface PlacedOrder {
  cartId: string
  orderId: string
  displayId: number
  total: number
  /** What the store kept as the invoice choice (normalised). */
  einvoice: StoredChoice | null
  /** Fail-open warnings from the online checks, worded for the shopper. */
  warnings: Array<{ field: string; rule: string; message: string }>
}

export interface PlaceOrderInput {
  items: Array<{ variantId: string; quantity: number }>
  email: string
  /** None: the shopper chose nothing (the store falls back to its default). */
  choice?: InvoiceChoice
  address?: Partial<typeof TAIWAN_ADDRESS>
  metadata?: Record<string, unknown>
  onStep?: (step: string) => void
  /** Wraps the cart's completion alone (the bench times it). */
  aroundComplete?: <T>(complete: () => Promise<T>) => Promise<T>
}

export async function placeOrder(store: Requester, catalog: CatalogRefs, input: PlaceOrderInput): Promise<PlacedOrder> {
  const step = input.onStep ?? (() => undefined)
  const address = { ...TAIWAN_ADDRESS, ...(input.address ?? {}) }
  step("create cart")
  const { cart } = await store.post<HttpTypes.StoreCartResponse>(
    "/store/carts",
    {
      region_id: catalog.regionId,
      email: input.email,
      items: input.items.map((item) => ({ variant_id: item.variantId, quantity: item.quantity })),
      shipping_address: address,
      billing_address: address,
      ...(input.metadata ? { metadata: input.metadata } : {}),
    },
    "create cart"
  )
  step("invoice choice")
  const chosen = input.choice
    ? await store.post<StoreSetCartEinvoiceResponse>(`/store/carts/${cart.id}/einvoice`, input.choice, "set the invoice choice")
    : null
  step("shipping method")
  await store.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: catalog.shippingOptionId }, "add shipping method")
  step("payment session")
  const { payment_collection } = await store.post<HttpTypes.StorePaymentCollectionResponse>(
    "/store/payment-collections",
    { cart_id: cart.id },
    "create payment collection"
  )
  await store.post(
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    "create payment session"
  )
  step("complete")
  const around = input.aroundComplete ?? ((complete) => complete())
  const completed = await around(() =>
    store.post<HttpTypes.StoreCompleteCartResponse>(`/store/carts/${cart.id}/complete`, {}, "complete cart")
  )
  if (completed.type !== "order" || !completed.order?.id) {
    const error = "error" in completed ? completed.error : undefined
    throw new Error(`complete cart: no order (${JSON.stringify(error ?? completed).slice(0, 1000)})`)
  }
  return {
    cartId: cart.id,
    orderId: completed.order.id,
    displayId: completed.order.display_id!,
    total: completed.order.total,
    einvoice: chosen?.einvoice ?? null,
    warnings: chosen?.warnings ?? [],
  }
}

/** Captures the order's authorized payment through the admin API (what "Capture" does in the admin). */
export async function capturePayment(
  admin: Requester,
  orderId: string,
  /** Wraps the capture request alone (the bench times it). */
  aroundCapture: <T>(capture: () => Promise<T>) => Promise<T> = (capture) => capture()
): Promise<string> {
  const { order } = await admin.get<HttpTypes.AdminOrderResponse>(
    `/admin/orders/${orderId}?fields=id,payment_status,*payment_collections,*payment_collections.payments`,
    "get order payments"
  )
  const payments = (order.payment_collections ?? []).flatMap((pc) => pc.payments ?? [])
  const payment = payments.find((p) => !p.captured_at && !p.canceled_at)
  if (!payment) {
    throw new Error(`order ${orderId} has no payment to capture (payment_status ${order.payment_status})`)
  }
  await aroundCapture(() => admin.post(`/admin/payments/${payment.id}/capture`, {}, "capture payment"))
  return payment.id
}

export interface AdminAllowance {
  id: string
  status: string
  agreement: string
  allowance_number: string | null
  amount: number
  remaining_after: number | null
  reason: string | null
}

export interface AdminInvoiceView {
  invoice: {
    id: string
    status: string
    invoice_number: string | null
    type: string
    total: number
    last_error_code?: string | null
    last_error_message?: string | null
  } | null
  /** Every invoice of the order, newest first (a voided one stays listed). */
  invoices?: Array<{ id: string; status: string; invoice_number: string | null }>
  /** The allowances (折讓) of all the order's invoices. */
  allowances?: AdminAllowance[]
  /** For an issued or voided invoice: what is still allowable, and whether it can be voided. */
  after_issue?: { remaining_allowance_amount: number; voidable: boolean; void_deadline: string } | null
  actions: string[]
  payment_status: string
}

/** What an after-issue admin route did (`result`), next to the refreshed view. */
export interface AdminActionResponse extends AdminInvoiceView {
  result: EinvoiceActionResult
}

/** 作廢: voids the order's issued invoice (POST /admin/orders/:id/einvoice/void; reason ≤ 20 characters). */
export function voidInvoice(admin: Requester, orderId: string, reason: string): Promise<AdminActionResponse> {
  return admin.post<AdminActionResponse>(`/admin/orders/${orderId}/einvoice/void`, { reason }, "void the invoice")
}

export interface AllowanceRequest {
  /** Default: the store's setting. Online needs the store's public URL (plugin option backendUrl). */
  agreement?: "paper" | "online"
  reason?: string
  notify_email?: string
  /** By lines: ItemSeq (1-based index into the invoice's items) and quantity. Or by `amount` (TWD). */
  lines?: Array<{ seq: number; quantity: number }>
  amount?: number
}

/** 折讓: an allowance against the order's issued invoice (POST /admin/orders/:id/einvoice/allowances). */
export function createAllowance(admin: Requester, orderId: string, body: AllowanceRequest): Promise<AdminActionResponse> {
  return admin.post<AdminActionResponse>(`/admin/orders/${orderId}/einvoice/allowances`, body, "make an allowance")
}

/** Polls GET /admin/orders/:id/einvoice until the invoice has one of `statuses`. */
export async function waitForInvoice(
  admin: Requester,
  orderId: string,
  statuses: string[] = ["issued", "failed"],
  timeoutMs = 30_000
): Promise<AdminInvoiceView> {
  const deadline = Date.now() + timeoutMs
  let view: AdminInvoiceView | null = null
  while (Date.now() < deadline) {
    view = await admin.get<AdminInvoiceView>(`/admin/orders/${orderId}/einvoice`, "get the order's invoice")
    if (view.invoice && statuses.includes(view.invoice.status)) {
      return view
    }
    await sleep(400)
  }
  throw new Error(
    `order ${orderId}: the invoice did not become ${statuses.join(" or ")} within ${timeoutMs / 1000} s (now: ${view?.invoice?.status ?? "no invoice"})`
  )
}
