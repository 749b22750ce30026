import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import type { AdditionalInvoicePlan, AdditionalLine } from "../../../lib/order-change-allowance"
import type { InvoicedOrder } from "../../../lib/order-for-invoice"
import { buildIssuePayload, type IssuePayload, type OrderForInvoice } from "../../../lib/order-invoice-payload"
import { deriveRelateNumber } from "../../../lib/relate-number"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { resolveOrderChoice } from "./choices"
import { nonEmpty, payloadFields, submitIssue } from "./issue"
import { EinvoiceOperation } from "./operation"
import { voidInvoice } from "./void"
import { listAdditionalInvoices, listOrderInvoices } from "./order-invoices"

/** Why an additional invoice waits: the shopper has not paid what the change added yet. */
export const AWAITING_PAYMENT_REASON = "Waiting for the shopper to pay what the order change added"

/** What an additional invoice keeps in its metadata: the change it is for and its lines, to build it again. */
interface AdditionalRecord {
  source: AdditionalInvoicePlan["source"]
  lines: AdditionalLine[]
}

function additionalRecord(metadata: unknown): AdditionalRecord | null {
  const value = (metadata as { additional?: AdditionalRecord } | null | undefined)?.additional
  return value && Array.isArray(value.lines) ? value : null
}

/**
 * Writes the additional invoice (補開發票) an order change calls for, pending, once per change (its
 * `source_key` is unique): nothing reaches ECPay here. It is issued by `issueAdditionalInvoices` once the
 * shopper has paid what the change added. Nothing without an issued original invoice.
 */
export async function recordAdditionalInvoice(
  service: EinvoiceModuleService,
  input: { order: InvoicedOrder; plan: AdditionalInvoicePlan; actor: Actor }
): Promise<{ invoice_id: string | null; created: boolean }> {
  const orderId = input.order.order.id
  const [existing] = await service.listEinvoices({ source_key: input.plan.source_key })
  if (existing) {
    return { invoice_id: existing.id, created: false }
  }
  const original = (await listOrderInvoices(service, orderId)).find((invoice) => invoice.status === "issued")
  if (!original) {
    return { invoice_id: null, created: false }
  }
  const earlier = await listAdditionalInvoices(service, orderId)
  const settings = await service.retrieveSettings()
  const relateNumber = deriveRelateNumber({
    prefix: settings.relate_number_prefix,
    orderId,
    displayId: input.order.order.display_id,
    additional: earlier.length + 1,
  })
  const built = await buildAdditionalPayload(service, input.order, input.plan.lines, relateNumber)
  if (!built) {
    return { invoice_id: null, created: false }
  }
  let row: { id: string }
  try {
    row = await service.createEinvoices({
      order_id: orderId,
      kind: "additional",
      source_key: input.plan.source_key,
      relate_number: relateNumber,
      order_display_id: input.order.order.display_id ?? null,
      currency_code: "twd",
      ...payloadFields(built.payload, built.choice),
      status_reason: AWAITING_PAYMENT_REASON,
      metadata: nonEmpty({
        additional: { source: input.plan.source, lines: input.plan.lines } satisfies AdditionalRecord,
        ...(built.line_sources.some(Boolean) ? { line_sources: built.line_sources } : {}),
      }),
    })
  } catch (error) {
    // Another process recorded it first (the unique source key).
    const [winner] = await service.listEinvoices({ source_key: input.plan.source_key })
    if (winner) {
      return { invoice_id: winner.id, created: false }
    }
    throw error
  }
  await new EinvoiceOperation(service, "issue", { order_id: orderId, invoice_id: row.id }, input.actor).audit(
    "invoice.additional_recorded",
    {
      data: { source: input.plan.source, amount: input.plan.amount, source_key: input.plan.source_key },
    }
  )
  return { invoice_id: row.id, created: true }
}

/**
 * Issues the order's additional invoices that are due: recorded and not yet tried, or waiting for their
 * retry. While the shopper still owes what the change added (`outstanding` > 0), new ones wait. Each goes
 * through `submitIssue` (the same reconciling by RelateNumber as the original invoice).
 */
export async function issueAdditionalInvoices(
  service: EinvoiceModuleService,
  input: { order: InvoicedOrder; outstanding: number; actor: Actor; now?: Date }
): Promise<EinvoiceActionResult[]> {
  const now = input.now ?? new Date()
  const due = (await listAdditionalInvoices(service, input.order.order.id)).filter(
    (invoice) =>
      invoice.status === "pending" &&
      (invoice.attempts === 0 ? input.outstanding <= 0 : !invoice.next_attempt_at || new Date(invoice.next_attempt_at) <= now)
  )
  const results: EinvoiceActionResult[] = []
  for (const invoice of due) {
    const record = additionalRecord(invoice.metadata)
    const built = record ? await buildAdditionalPayload(service, input.order, record.lines, invoice.relate_number) : null
    if (!built) {
      continue
    }
    // An attempt may have reached ECPay: the amounts sent then are the ones to reconcile with.
    const payload: IssuePayload =
      invoice.attempts > 0
        ? { ...built.payload, SalesAmount: invoice.total, Items: (invoice.items ?? []) as unknown as IssuePayload["Items"] }
        : built.payload
    if (invoice.attempts === 0) {
      await service.updateEinvoices({ id: invoice.id, status_reason: null })
    }
    results.push(await submitIssue(service, { invoice_id: invoice.id, payload, actor: input.actor }))
  }
  return results
}

/** The Issue request of an additional invoice: its lines (TWD), the order's buyer choice and contact. */
async function buildAdditionalPayload(service: EinvoiceModuleService, order: InvoicedOrder, lines: AdditionalLine[], relateNumber: string) {
  const settings = await service.retrieveSettings()
  const { choice } = await resolveOrderChoice(service, order.order.id, order.cart_id)
  const additional: OrderForInvoice = {
    ...order.order,
    // The lines are in TWD already (converted at the original invoice's rate).
    currency_code: "twd",
    total: lines.reduce((sum, line) => sum + line.total, 0),
    items: lines.map((line) => ({
      ...(line.source?.startsWith("item:") ? { id: line.source.slice("item:".length) } : {}),
      title: line.name,
      quantity: line.quantity,
      unit_price: line.total / line.quantity,
      total: line.total,
    })),
    shipping_methods: [],
  }
  const decision = buildIssuePayload({ order: additional, choice, settings, relateNumber })
  return decision.kind === "issue" ? { payload: decision.payload, choice, line_sources: decision.line_sources } : null
}

/** Why an additional invoice waiting for payment is dropped when its order is canceled. */
const CANCELED_BEFORE_ISSUE = "The order was canceled before the additional invoice was issued"

/**
 * A canceled order's additional invoices, when the store voids on cancel: an issued one is voided while
 * it can be (past its period's deadline it stays, with the refusal audited); one still waiting for the
 * shopper's payment is dropped (skipped). One that may have reached ECPay (an attempt made) is left to its
 * retry, which reconciles it.
 */
export async function settleCanceledAdditionalInvoices(
  service: EinvoiceModuleService,
  input: {
    order_id: string
    reason: string
    actor: Actor
    /** Whether the order is canceled (Medusa's Order Module); asked only when there is something to settle. */
    orderCanceled: () => Promise<boolean>
  }
): Promise<EinvoiceActionResult[]> {
  const settings = await service.retrieveSettings()
  if (!settings.enabled || !settings.auto_void_on_cancel) {
    return []
  }
  const invoices = (await listAdditionalInvoices(service, input.order_id)).filter(
    (invoice) => invoice.status === "issued" || (invoice.status === "pending" && invoice.attempts === 0)
  )
  // Also run after an invoice is issued, for orders that are not canceled: the order is checked, not assumed.
  if (!invoices.length || !(await input.orderCanceled())) {
    return []
  }
  const results: EinvoiceActionResult[] = []
  for (const invoice of invoices) {
    if (invoice.status === "pending" && invoice.attempts === 0) {
      const op = new EinvoiceOperation(service, "issue", { order_id: input.order_id, invoice_id: invoice.id }, input.actor)
      await op.transitionInvoice("skipped", { status_reason: CANCELED_BEFORE_ISSUE })
      await op.audit("invoice.skipped", { reason: CANCELED_BEFORE_ISSUE })
    } else if (invoice.status === "issued") {
      results.push(
        await voidInvoice(service, {
          order_id: input.order_id,
          invoice_id: invoice.id,
          reason: input.reason,
          actor: input.actor,
          automatic: true,
        })
      )
    }
  }
  return results
}
