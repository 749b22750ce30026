import { allowedSoFar } from "../../../lib/allowance-plan"
import { availableToAllow, voidBlocker } from "../../../lib/einvoice-actions"
import type { InvoiceLine } from "../../../lib/invoice-amounts"
import {
  additionalInvoicePlan,
  orderChangeAllowancePlan,
  type AdditionalInvoicePlan,
  recordedLineSources,
  type OrderChangeFacts,
  type OrderChangePlan,
} from "../../../lib/order-change-allowance"
import { recordedConversion } from "../../../lib/order-invoice-payload"
import type EinvoiceModuleService from "../service"
import { EinvoiceOperation } from "./operation"
import { listAdditionalInvoices, listOrderInvoices } from "./order-invoices"

type NoAllowance = Extract<OrderChangePlan, { kind: "none" }>

export interface PlanOrderChangeAllowanceInput {
  order_id: string
  change: OrderChangeFacts
  /** Medusa's refunds of the order so far (its currency), so a change never doubles a refund's allowance. */
  refunded_total: number
  /** The order is canceled: cancelling voids or allows by itself. */
  canceled: boolean
}

/** What an order change owes the order's invoices: an allowance (or why none), and an additional invoice. */
export interface OrderChangeOutcome {
  allowance: OrderChangePlan
  additional: AdditionalInvoicePlan | null
  /**
   * An edit the store corrects by void and re-issue (setting edit_correction "reissue"), while the invoice
   * can still be voided: void it and issue one for the edited order, instead of the allowance and the
   * additional invoice.
   */
  reissue: boolean
}

/**
 * What a return, exchange, claim or order edit owes the order's issued invoice, when the store follows
 * order changes (returns, exchanges and claims by one setting, edits by another): an allowance for what
 * the shopper gave back (see `orderChangeAllowancePlan`), an additional invoice for what the change added
 * (see `additionalInvoicePlan`). When it owes neither, the audit trail says why, once per change.
 */
export async function planOrderChangeAllowance(
  service: EinvoiceModuleService,
  input: PlanOrderChangeAllowanceInput
): Promise<OrderChangeOutcome> {
  const source = input.change.kind
  const none = (reason: string): OrderChangeOutcome => ({ allowance: { kind: "none", source, reason }, additional: null, reissue: false })
  const settings = await service.retrieveSettings()
  const enabled = source === "edit" ? settings.auto_allowance_on_edit : settings.auto_allowance_on_return
  if (!settings.enabled || !enabled) {
    return none("Following this kind of order change is off")
  }
  const invoice = (await listOrderInvoices(service, input.order_id)).find((candidate) => candidate.status === "issued")
  if (!invoice || input.canceled) {
    // Before issuing, the invoice simply follows the changed order; a canceled order is settled by the cancel.
    return none(input.canceled ? "The order is canceled" : "The order has no issued invoice")
  }
  const allowances = invoice.allowances ?? []
  // An allowance in flight or of unknown outcome: sync settles it first; the retry job offers the change again.
  if (allowances.some((allowance) => allowance.status === "pending")) {
    return none("Another allowance of the invoice has an unknown outcome: the change is followed once sync has settled it")
  }
  const invoiceView = {
    id: invoice.id,
    items: (invoice.items ?? []) as unknown as InvoiceLine[],
    line_sources: recordedLineSources(invoice.metadata),
    remaining_allowance_amount: invoice.remaining_allowance_amount,
    total: invoice.total,
    buyer_email: invoice.buyer_email,
  }
  const allowed = allowedSoFar(allowances)
  const rate = recordedConversion(invoice.metadata)?.rate ?? 1
  const allowance = orderChangeAllowancePlan({
    change: input.change,
    invoice: invoiceView,
    allowances,
    allowed,
    available: availableToAllow(invoice, allowances),
    rate,
    refunded_total: input.refunded_total,
    agreement: settings.allowance_agreement,
    callback_url: service.allowanceCallbackUrl(),
  })
  const additional = additionalInvoicePlan({
    change: input.change,
    invoice: invoiceView,
    additional: (await listAdditionalInvoices(service, input.order_id)).map((row) => ({
      status: row.status,
      items: (row.items ?? []) as unknown as InvoiceLine[],
      line_sources: recordedLineSources(row.metadata),
    })),
    allowed,
    rate,
  })
  if (allowance.kind === "none" && !additional) {
    await audit(service, input, invoice.id, allowance)
    return { allowance, additional, reissue: false }
  }
  const reissue =
    source === "edit" &&
    settings.edit_correction === "reissue" &&
    voidBlocker({ enabled: true, paid: true, canceled: false, invoice, allowances }) === null
  return reissue ? { ...none("Corrected by void and re-issue"), reissue: true } : { allowance, additional, reissue: false }
}

/** Why a change allowed nothing, once per change (a redelivered event finds it recorded). */
async function audit(service: EinvoiceModuleService, input: PlanOrderChangeAllowanceInput, invoiceId: string, plan: NoAllowance) {
  const changeId = changeIdOf(input.change)
  const recorded = await service.listEinvoiceEvents({ einvoice_id: invoiceId, action: "allowance.not_needed" })
  if (recorded.some((event) => (event.data as { change_id?: string } | null)?.change_id === changeId)) {
    return
  }
  const op = new EinvoiceOperation(service, "allowance", { order_id: input.order_id, invoice_id: invoiceId }, { type: "system" })
  await op.audit("allowance.not_needed", {
    reason: plan.reason,
    data: {
      source: plan.source,
      change_id: changeId,
    },
  })
}

function changeIdOf(change: OrderChangeFacts): string {
  switch (change.kind) {
    case "return":
      return change.return_id
    case "exchange":
      return change.exchange_id
    case "claim":
      return change.claim_id
    case "edit":
      return change.change_id
  }
}

/** A change the retry job's catch-up asks about: its order, and what names it in an allowance's key. */
export interface OrderChangeRef {
  order_id: string
  key_kind: OrderChangeFacts["kind"]
  key_id: string
}

/**
 * Of these changes, those whose order's issued invoice has neither an allowance keyed by the change (whatever
 * its status: a failed one is the merchant's to see, not to repeat every minute) nor a recorded decision
 * that it needs none: their event was lost with a process, or its handler gave up waiting for the order's
 * lock. Nothing when allowing on that kind of change is off.
 */
export async function orderChangesOwingAllowances<T extends OrderChangeRef>(
  service: EinvoiceModuleService,
  changes: readonly T[]
): Promise<T[]> {
  if (!changes.length) {
    return []
  }
  const settings = await service.retrieveSettings()
  const wanted = changes.filter(
    (change) => settings.enabled && (change.key_kind === "edit" ? settings.auto_allowance_on_edit : settings.auto_allowance_on_return)
  )
  if (!wanted.length) {
    return []
  }
  const invoices = await service.listEinvoices(
    { order_id: [...new Set(wanted.map((change) => change.order_id))], status: "issued", kind: "original" },
    { relations: ["allowances"] }
  )
  const decided = await service.listEinvoiceEvents({ einvoice_id: invoices.map((invoice) => invoice.id), action: "allowance.not_needed" })
  return wanted.filter((change) => {
    const invoice = invoices.find((candidate) => candidate.order_id === change.order_id)
    if (!invoice || !recordedLineSources(invoice.metadata)) {
      return false
    }
    const key = `${change.key_kind}:${invoice.id}:${change.key_id}`
    const allowed = (invoice.allowances ?? []).some((allowance) => {
      const own = allowance.idempotency_key.split("#")[0]
      return own === key || own.startsWith(`${key}:`)
    })
    const noneNeeded = decided.some(
      (event) => event.einvoice_id === invoice.id && (event.data as { change_id?: string } | null)?.change_id === change.key_id
    )
    return !allowed && !noneNeeded
  })
}
