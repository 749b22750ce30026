/**
 * Order changes after the invoice is issued, through Medusa's admin API as a merchant makes them: fulfil the
 * order, then a return (退貨) or an exchange (換貨) whose returned goods arrive; or, before shipping, an order
 * edit that adds goods. The plugin answers a received return with an allowance (折讓) when the store's
 * setting auto_allowance_on_return is on; an exchange allows the difference when the new goods cost less,
 * records an additional invoice (補開發票) for it when they cost more, and otherwise records why it did
 * nothing. An edit that adds goods gets an additional invoice when auto_allowance_on_edit is on. An
 * additional invoice is issued once the shopper has paid the difference (here: the merchant marks the
 * order's unpaid payment collection paid).
 */
import type {
  AdminEinvoiceSettingsResponse,
  AdminOrderEinvoiceResponse,
  EinvoiceAllowanceRecord,
  EinvoiceRecord,
} from "../../../src/api/types"
import type { Requester } from "./medusa-http"
import { sleep } from "./processes"

export interface OrderLine {
  id: string
  title: string
  quantity: number
  unit_price: number
  variant_id: string | null
}

/** The order's line items, in the order Medusa lists them. */
export async function orderLines(admin: Requester, orderId: string): Promise<OrderLine[]> {
  // The order's total too: Medusa computes the lines' quantities only when it is asked for.
  const { order } = await admin.get<{ order: { items?: OrderLine[] | null } }>(
    `/admin/orders/${orderId}?fields=id,total,items.id,items.title,items.quantity,items.unit_price,items.variant_id`,
    "get the order's lines"
  )
  return order.items ?? []
}

/** Where goods ship from and come back to: the store's default stock location (the demo seeds 台北倉庫). */
export async function stockLocationId(admin: Requester): Promise<string> {
  const { stores } = await admin.get<{ stores: Array<{ default_location_id?: string | null }> }>(
    "/admin/stores?fields=id,default_location_id",
    "get the store's stock location"
  )
  const fromStore = stores[0]?.default_location_id
  if (fromStore) {
    return fromStore
  }
  const { stock_locations } = await admin.get<{ stock_locations: Array<{ id: string }> }>(
    "/admin/stock-locations?limit=1&fields=id",
    "list stock locations"
  )
  if (!stock_locations[0]) {
    throw new Error("the store has no stock location to fulfil from")
  }
  return stock_locations[0].id
}

/** Ships every line in full (POST /admin/orders/:id/fulfillments): Medusa takes back only fulfilled goods. */
export async function fulfillOrder(admin: Requester, orderId: string, locationId: string): Promise<void> {
  const lines = await orderLines(admin, orderId)
  await admin.post(
    `/admin/orders/${orderId}/fulfillments`,
    { location_id: locationId, items: lines.map((line) => ({ id: line.id, quantity: line.quantity })) },
    "fulfil the order"
  )
}

/**
 * Turns a setting that follows order changes on (POST /admin/ecpay-einvoice/settings) when it is off:
 * auto_allowance_on_return covers returns and exchanges, auto_allowance_on_edit order edits. Returns
 * whether it was off.
 */
export async function ensureOrderChangeSetting(
  admin: Requester,
  key: "auto_allowance_on_return" | "auto_allowance_on_edit"
): Promise<boolean> {
  const { settings } = await admin.get<AdminEinvoiceSettingsResponse>("/admin/ecpay-einvoice/settings", "read the e-invoice settings")
  if (settings[key]) {
    return false
  }
  await admin.post("/admin/ecpay-einvoice/settings", { [key]: true }, `turn on ${key}`)
  return true
}

export const ensureAutoAllowanceOnReturn = (admin: Requester) => ensureOrderChangeSetting(admin, "auto_allowance_on_return")

type Items = Array<{ id: string; quantity: number }>

/** Receives a requested return in full: start receiving, the items, confirm (which emits order.return_received). */
async function receiveReturn(admin: Requester, returnId: string, items: Items, step: (line: string) => void): Promise<void> {
  step(`POST /admin/returns/${returnId}/receive`)
  await admin.post(`/admin/returns/${returnId}/receive`, {}, "start receiving the return")
  step(`POST /admin/returns/${returnId}/receive-items   ${JSON.stringify({ items })}`)
  await admin.post(`/admin/returns/${returnId}/receive-items`, { items }, "receive the returned items")
  step(`POST /admin/returns/${returnId}/receive/confirm`)
  await admin.post(`/admin/returns/${returnId}/receive/confirm`, {}, "confirm the received return")
}

/** A return of `items`, requested and received. Returns its id. */
export async function returnItems(
  admin: Requester,
  orderId: string,
  locationId: string,
  items: Items,
  step: (line: string) => void = () => undefined
): Promise<string> {
  step(`POST /admin/returns   ${JSON.stringify({ order_id: orderId, location_id: locationId })}`)
  const created = await admin.post<{ return: { id: string } }>(
    "/admin/returns",
    { order_id: orderId, location_id: locationId },
    "create the return"
  )
  const returnId = created.return.id
  step(`POST /admin/returns/${returnId}/request-items   ${JSON.stringify({ items })}`)
  await admin.post(`/admin/returns/${returnId}/request-items`, { items }, "request the return's items")
  step(`POST /admin/returns/${returnId}/request`)
  await admin.post(`/admin/returns/${returnId}/request`, {}, "request the return")
  await receiveReturn(admin, returnId, items, step)
  return returnId
}

/**
 * An exchange of `inbound` order lines for `outbound` variants, confirmed (POST …/request), and its return
 * received: the plugin nets the exchange only once the goods are back.
 */
export async function exchangeItems(
  admin: Requester,
  orderId: string,
  locationId: string,
  inbound: Items,
  outbound: Array<{ variant_id: string; quantity: number }>,
  step: (line: string) => void = () => undefined
): Promise<{ exchangeId: string; returnId: string }> {
  step(`POST /admin/exchanges   ${JSON.stringify({ order_id: orderId })}`)
  const created = await admin.post<{ exchange: { id: string } }>("/admin/exchanges", { order_id: orderId }, "create the exchange")
  const exchangeId = created.exchange.id
  step(`POST /admin/exchanges/${exchangeId}/inbound/items   ${JSON.stringify({ items: inbound, location_id: locationId })}`)
  await admin.post(`/admin/exchanges/${exchangeId}/inbound/items`, { items: inbound, location_id: locationId }, "add the goods sent back")
  step(`POST /admin/exchanges/${exchangeId}/outbound/items   ${JSON.stringify({ items: outbound })}`)
  await admin.post(`/admin/exchanges/${exchangeId}/outbound/items`, { items: outbound }, "add the goods sent out")
  step(`POST /admin/exchanges/${exchangeId}/request`)
  await admin.post(`/admin/exchanges/${exchangeId}/request`, {}, "confirm the exchange")
  const { exchange } = await admin.get<{ exchange: { id: string; return_id?: string | null } }>(
    `/admin/exchanges/${exchangeId}?fields=id,return_id`,
    "get the exchange's return"
  )
  if (!exchange.return_id) {
    throw new Error(`exchange ${exchangeId} has no return to receive`)
  }
  await receiveReturn(admin, exchange.return_id, inbound, step)
  return { exchangeId, returnId: exchange.return_id }
}

/**
 * An order edit that adds `items` (variants) to the order, requested and confirmed (Medusa's order edit:
 * POST /admin/order-edits, …/items, …/request, …/confirm). Returns the order's version after it, which
 * names the edit (the plugin keys the edit's additional invoice `edit:<invoice>:v<version>`).
 */
export async function editOrderAddItems(
  admin: Requester,
  orderId: string,
  items: Array<{ variant_id: string; quantity: number }>,
  step: (line: string) => void = () => undefined
): Promise<{ version: number }> {
  step(`POST /admin/order-edits   ${JSON.stringify({ order_id: orderId })}`)
  await admin.post("/admin/order-edits", { order_id: orderId }, "start the order edit")
  step(`POST /admin/order-edits/${orderId}/items   ${JSON.stringify({ items })}`)
  await admin.post(`/admin/order-edits/${orderId}/items`, { items }, "add the items to the order edit")
  step(`POST /admin/order-edits/${orderId}/request`)
  await admin.post(`/admin/order-edits/${orderId}/request`, {}, "request the order edit")
  step(`POST /admin/order-edits/${orderId}/confirm`)
  await admin.post(`/admin/order-edits/${orderId}/confirm`, {}, "confirm the order edit")
  const { order } = await admin.get<{ order: { version?: number | null } }>(
    `/admin/orders/${orderId}?fields=id,version`,
    "get the order's version"
  )
  return { version: order.version ?? 0 }
}

export interface PaymentCollection {
  id: string
  status: string
  amount: number
}

/**
 * What the merchant does when the shopper pays the difference of a change outside the store (cash, a bank
 * transfer): marks the order's unpaid payment collection paid (POST /admin/payment-collections/:id/mark-as-paid),
 * which Medusa records as a captured payment. Returns the collection, or null when none is unpaid.
 */
export async function collectDifference(
  admin: Requester,
  orderId: string,
  step: (line: string) => void = () => undefined
): Promise<PaymentCollection | null> {
  const { order } = await admin.get<{ order: { payment_collections?: PaymentCollection[] | null } }>(
    `/admin/orders/${orderId}?fields=id,*payment_collections`,
    "get the order's payment collections"
  )
  const unpaid = (order.payment_collections ?? []).find((collection) => collection.status === "not_paid")
  if (!unpaid) {
    return null
  }
  step(`POST /admin/payment-collections/${unpaid.id}/mark-as-paid   ${JSON.stringify({ order_id: orderId })}`)
  await admin.post(`/admin/payment-collections/${unpaid.id}/mark-as-paid`, { order_id: orderId }, "mark the payment collection paid")
  return unpaid
}

/**
 * Polls GET /admin/orders/:id/einvoice until the additional invoice `id` has left `pending` (issued, failed…)
 * or has been tried and waits for a retry (attempts > 0 with an error).
 */
export async function waitForAdditionalInvoice(admin: Requester, orderId: string, id: string, timeoutMs = 60_000): Promise<EinvoiceRecord> {
  const deadline = Date.now() + timeoutMs
  let last: EinvoiceRecord | undefined
  while (Date.now() < deadline) {
    const view = await admin.get<AdminOrderEinvoiceResponse>(`/admin/orders/${orderId}/einvoice`, "get the order's invoice")
    last = view.additional_invoices.find((invoice) => invoice.id === id)
    if (last && (last.status !== "pending" || (last.attempts > 0 && (last.last_error_code || last.last_error_message)))) {
      return last
    }
    await sleep(500)
  }
  throw new Error(
    `order ${orderId}: the additional invoice ${id} was not issued within ${timeoutMs / 1000} s (now: ${last?.status ?? "missing"}, ${last?.attempts ?? 0} attempts)`
  )
}

export type OrderChangeOutcome =
  | { kind: "allowance"; allowance: EinvoiceAllowanceRecord; remaining_allowance_amount: number | null }
  /** What the change added, to be invoiced once the shopper has paid it (補開發票). */
  | { kind: "additional"; invoice: EinvoiceRecord }
  | {
      kind: "not_needed"
      /** The plugin's reason, as its audit trail has it. */
      reason: string | null
    }

/**
 * Polls GET /admin/orders/:id/einvoice until the plugin has answered the change: an allowance of that
 * source out of `pending`, an additional invoice for that change (its source_key ends in the change's id:
 * the exchange's id, or `v<version>` for an edit), or the audit entry allowance.not_needed for that change.
 */
export async function waitForOrderChangeOutcome(
  admin: Requester,
  orderId: string,
  change: { source: "return" | "exchange" | "edit"; id: string },
  timeoutMs = 60_000
): Promise<OrderChangeOutcome> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const view = await admin.get<AdminOrderEinvoiceResponse>(`/admin/orders/${orderId}/einvoice`, "get the order's invoice")
    const allowance = view.allowances.find(
      (candidate) => (candidate.metadata as { source?: string } | null)?.source === change.source && candidate.status !== "pending"
    )
    if (allowance) {
      return { kind: "allowance", allowance, remaining_allowance_amount: view.after_issue?.remaining_allowance_amount ?? null }
    }
    const additional = (view.additional_invoices ?? []).find(
      (invoice) => (invoice.source_key ?? "").startsWith(`${change.source}:`) && (invoice.source_key ?? "").endsWith(`:${change.id}`)
    )
    if (additional) {
      return { kind: "additional", invoice: additional }
    }
    const skipped = view.events.find(
      (event) => event.action === "allowance.not_needed" && (event.data as { change_id?: string } | null)?.change_id === change.id
    )
    if (skipped) {
      return { kind: "not_needed", reason: skipped.reason }
    }
    await sleep(500)
  }
  throw new Error(
    `order ${orderId}: no allowance, additional invoice or allowance.not_needed entry for ${change.source} ${change.id} within ${timeoutMs / 1000} s (is ${change.source === "edit" ? "auto_allowance_on_edit" : "auto_allowance_on_return"} on?)`
  )
}
