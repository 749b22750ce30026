import { MedusaError } from "@medusajs/framework/utils"
import { parseEcpayDateTime, type GetIssueResponse } from "../../../lib/ecpay"
import { autoIssuePlan, isAutomaticTrigger } from "../../../lib/auto-issue"
import { isPaid } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import type { InvoicedOrder } from "../../../lib/order-for-invoice"
import { buildIssuePayload, taxFields, taxKindConflict, type IssuePayload } from "../../../lib/order-invoice-payload"
import { relateNumberForOrder } from "../../../lib/relate-number"
import { changedFields } from "../../../lib/changed-fields"
import { nextAttemptAt } from "../../../lib/retry-backoff"
import { recordedRounding } from "../../../lib/invoice-amounts"
import { includedTax } from "../../../lib/sales-tax"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import type { IssueBuyerFields, StoredChoice } from "../../../lib/invoice-choice"
import { resolveOrderChoice, storeOrderChoice } from "./choices"
import { findByRelateNumber } from "./ecpay-lookups"
import { CREDENTIALS_UNREADABLE_CODE, pausedOutcome, pauseEndOf } from "./ecpay-outcome"
import { EinvoiceOperation } from "./operation"

export type IssueTrigger = "manual" | "payment_captured" | "order_placed" | "fulfillment" | "shipment" | "retry"

export interface PrepareIssueInput {
  order: InvoicedOrder
  trigger: IssueTrigger
  actor: Actor
  /**
   * The merchant's corrected buyer, carrier, donation or company data (a manual retry after a refusal):
   * stored as the order's choice and issued with. Refused while an earlier attempt may have reached ECPay.
   */
  choice?: StoredChoice
}

/**
 * Why a pending invoice is skipped when it is not to be issued any more (the order was canceled, its total
 * is now zero, it is no longer in TWD) but an earlier attempt may have reached ECPay: applied only once
 * ECPay confirms it holds nothing under the RelateNumber.
 */
export interface IssueWithdrawal {
  /** Stored as the invoice's status_reason. */
  reason: string
}

export type PreparedIssue =
  | {
      outcome: "submit"
      invoice_id: string
      payload: IssuePayload
      withdraw: IssueWithdrawal | null
      /** Whether the store notifies the shopper through Medusa once issued (read here, not again after the call). */
      notify: boolean
    }
  | { outcome: "scheduled" | "skipped" | "failed" | "already_issued"; invoice_id: string }
  | { outcome: "not_issuable"; reason: string }

/** Why a manual issue is refused; the admin words it in the merchant's language. */
type IssueRefusalCode = "einvoice_disabled" | "order_canceled" | "order_not_paid" | "choice_locked"

/**
 * Decides whether the order's invoice can be issued now and, if so, writes (or reuses) the pending
 * invoice row with its RelateNumber and the exact payload before ECPay is called. Manual requests
 * that cannot be honoured are refused with a 400 that says why; automatic ones are a no-op.
 */
export async function prepareIssue(service: EinvoiceModuleService, input: PrepareIssueInput): Promise<PreparedIssue> {
  const { order: loaded, trigger, actor } = input
  const orderId = loaded.order.id
  const refuse = (reason: string, code: IssueRefusalCode): PreparedIssue => {
    if (trigger === "manual") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, reason, code)
    }
    return { outcome: "not_issuable", reason }
  }

  const settings = await service.retrieveSettings()
  if (!settings.enabled) {
    return refuse("E-invoicing is turned off in the ECPay e-invoice settings", "einvoice_disabled")
  }
  let issueAt: Date | null = null
  if (isAutomaticTrigger(trigger)) {
    const plan = autoIssuePlan(settings, trigger)
    if (!plan) {
      return { outcome: "not_issuable", reason: `Automatic issuing does not act on ${trigger}` }
    }
    issueAt = plan.issueAt
  }
  const invoices = await service.listEinvoices({ order_id: orderId, kind: "original" }, { order: { created_at: "ASC" } })
  const current = invoices.find((invoice) => invoice.status !== "voided")
  if (current?.status === "issued") {
    return { outcome: "already_issued", invoice_id: current.id }
  }
  const op = (invoiceId: string | null) => new EinvoiceOperation(service, "issue", { order_id: orderId, invoice_id: invoiceId }, actor)
  // An earlier attempt may have reached ECPay (its outcome unknown, or the process stopped meanwhile):
  // such an invoice is only ever skipped or failed once GetIssue by its RelateNumber finds nothing.
  const attempted = current?.status === "pending" && current.attempts > 0 ? current : undefined
  const withdrawAfterReconciling = (invoice: NonNullable<typeof attempted>, withdraw: IssueWithdrawal): PreparedIssue => ({
    outcome: "submit",
    invoice_id: invoice.id,
    payload: storedPayload(invoice),
    withdraw,
    notify: settings.notify_by_medusa,
  })
  if (loaded.canceled) {
    if (attempted) {
      // Find out, but issue nothing new.
      return withdrawAfterReconciling(attempted, { reason: CANCELED_NOTHING_ISSUED })
    }
    if (current?.status === "pending") {
      await service.transitionInvoice(current.id, "skipped", { status_reason: "The order was canceled before the invoice was issued" })
      await op(current.id).audit("invoice.skipped", { reason: "order canceled" })
    }
    return refuse("The order is canceled: no invoice is issued for it", "order_canceled")
  }
  if (!isPaid(loaded.payment_status)) {
    return refuse(`Only paid orders can be invoiced; this order's payment is ${loaded.payment_status.replace(/_/g, " ")}`, "order_not_paid")
  }
  if (current?.status === "pending" && isAutomaticTrigger(trigger)) {
    // Already scheduled, under way or waiting for its retry: a repeated or second event changes nothing.
    return { outcome: "scheduled", invoice_id: current.id }
  }

  let choice: StoredChoice
  if (input.choice) {
    if (attempted) {
      return refuse(
        "An earlier attempt to issue this invoice may have reached ECPay: its buyer data cannot change until that is settled. Refresh it from ECPay (sync) first",
        "choice_locked"
      )
    }
    const before = await resolveOrderChoice(service, orderId, loaded.cart_id)
    await storeOrderChoice(service, orderId, input.choice)
    await op(current?.id ?? null).audit("invoice.choice_corrected", {
      data: { before: describeChoice(before.choice), after: describeChoice(input.choice) },
    })
    choice = input.choice
  } else {
    choice = (await resolveOrderChoice(service, orderId, loaded.cart_id)).choice
  }

  const relateNumber = relateNumberForOrder({ prefix: settings.relate_number_prefix, order: loaded.order, invoices })
  const decision = buildIssuePayload({ order: loaded.order, choice, settings, relateNumber })
  const fields = {
    order_display_id: loaded.order.display_id ?? null,
    // The invoice's currency: TWD whenever it is issued (an order in another currency is converted).
    currency_code: decision.kind === "issue" ? "twd" : loaded.order.currency_code,
    ...(decision.kind === "issue"
      ? {
          ...payloadFields(decision.payload, choice),
          // A paid total with cents: the invoice is the whole-dollar total; the difference is kept and shown.
          // An order in another currency: the rate it was converted at (its refunds are allowed at it too).
          // Which order line each invoice line is for: returns and order edits allow the right lines.
          metadata: nonEmpty({
            ...(decision.line_sources.some(Boolean) ? { line_sources: decision.line_sources } : {}),
            ...(decision.rounding ? { total_rounding: decision.rounding } : {}),
            ...(decision.conversion ? { currency_conversion: decision.conversion } : {}),
          }),
        }
      : {
          type: choice.type,
          // The store's TaxType when nothing is sent.
          tax_type: settings.tax_type,
          company_tax_id: choice.company_tax_id,
          company_name: choice.company_name,
          love_code: choice.love_code,
          total: Math.max(0, Math.round(loaded.order.total)),
          buyer_email: loaded.order.email ?? null,
        }),
  }

  // An earlier attempt may have reached ECPay with the stored payload: keep it, so reconciling by
  // RelateNumber compares like with like.
  const keepStoredPayload = !!attempted
  if (attempted && decision.kind !== "issue") {
    // E.g. the order's total was edited to zero after an attempt whose reply was lost.
    return withdrawAfterReconciling(attempted, { reason: decision.reason })
  }
  let invoice = current
  if (!invoice) {
    // A scheduled invoice is written with its time: never a pending row without one, however briefly.
    const scheduledAt = decision.kind === "issue" && issueAt ? { next_attempt_at: issueAt } : {}
    invoice = await service.createEinvoices({ order_id: orderId, relate_number: relateNumber, ...fields, ...scheduledAt })
  } else if (!keepStoredPayload) {
    // A scheduled invoice usually still holds what it was written with: then nothing is written.
    const changed = changedFields(invoice, fields)
    if (Object.keys(changed).length) {
      await service.updateEinvoices({ id: invoice.id, ...changed })
    }
  }
  const audit = op(invoice.id)
  // Once per rounding: not again at each retry of the same total.
  const roundedBefore = recordedRounding(current?.metadata)
  if (decision.kind === "issue" && decision.rounding && !keepStoredPayload && roundedBefore?.paid_total !== decision.rounding.paid_total) {
    await audit.audit("invoice.total_rounded", { data: { ...decision.rounding } })
  }

  if (decision.kind === "skip") {
    await audit.transitionInvoice("skipped", { status_reason: decision.reason })
    await audit.audit("invoice.skipped", { reason: decision.reason })
    return { outcome: "skipped", invoice_id: invoice.id }
  }
  if (invoice.status !== "pending") {
    await audit.transitionInvoice("pending", { status_reason: null })
  }
  if (issueAt) {
    await service.updateEinvoices({ id: invoice.id, next_attempt_at: issueAt })
    await audit.audit("invoice.scheduled", { data: { issue_at: issueAt.toISOString(), trigger } })
    return { outcome: "scheduled", invoice_id: invoice.id }
  }
  // The lines sent before go with the TaxType sent with them (the row's), not one derived anew.
  const payload = attempted
    ? {
        ...decision.payload,
        ...taxFields(attempted.tax_type, settings, storedPayload(attempted).Items),
        SalesAmount: attempted.total,
        Items: storedPayload(attempted).Items,
      }
    : decision.payload
  return { outcome: "submit", invoice_id: invoice.id, payload, withdraw: null, notify: settings.notify_by_medusa }
}

/** An invoice row's fields for the payload about to be sent: what ECPay will hold, stored exactly as sent. */
export function payloadFields(payload: IssuePayload, choice: StoredChoice) {
  return {
    type: choice.type,
    // The TaxType sent (from the lines' tax kinds).
    tax_type: payload.TaxType,
    company_tax_id: choice.company_tax_id,
    company_name: choice.company_name,
    love_code: choice.love_code,
    total: payload.SalesAmount,
    // The json column is typed as an object.
    items: payload.Items as unknown as Record<string, unknown>,
    ...buyerColumns(payload),
  }
}

/** An invoice row's buyer, carrier, donation and print columns, from the fields ECPay receives. */
export function buyerColumns(fields: Omit<IssueBuyerFields, "CustomerIdentifier" | "LoveCode">) {
  return {
    buyer_name: fields.CustomerName || null,
    buyer_email: fields.CustomerEmail || null,
    buyer_phone: fields.CustomerPhone || null,
    buyer_address: fields.CustomerAddr || null,
    carrier_type: fields.CarrierType || null,
    carrier_number: fields.CarrierNum || null,
    carrier_number2: fields.CarrierNum2 || null,
    donation: fields.Donation === "1",
    print: fields.Print === "1",
  }
}

export function nonEmpty(record: Record<string, unknown>): Record<string, unknown> | null {
  return Object.keys(record).length ? record : null
}

const CANCELED_NOTHING_ISSUED = "The order was canceled; ECPay has no invoice for it"

/** The amounts of the payload an earlier attempt sent, as stored on the invoice row. */
function storedPayload(invoice: { relate_number: string; total: number; items: unknown }): IssuePayload {
  return {
    RelateNumber: invoice.relate_number,
    SalesAmount: invoice.total,
    Items: (invoice.items ?? []) as IssuePayload["Items"],
  } as IssuePayload
}

export interface SubmitIssueInput {
  invoice_id: string
  payload: IssuePayload
  actor: Actor
  /**
   * Only find out whether an earlier attempt issued the invoice, never send a new Issue: if ECPay holds
   * it, it is adopted; if ECPay holds nothing, the invoice ends as this says.
   */
  withdraw?: IssueWithdrawal | null
}

/**
 * Sends the Issue call for a pending invoice and records what happened, so that exactly one invoice
 * exists at ECPay per RelateNumber whatever fails:
 * - an earlier attempt that may have reached ECPay is reconciled (GetIssue by RelateNumber) first;
 * - an unknown outcome (timeout, dropped connection, 5xx, unreadable reply) is reconciled at once;
 *   if ECPay cannot tell yet, the invoice stays pending for the retry job, with the same RelateNumber;
 * - a refusal is reconciled too (ECPay refuses a RelateNumber it already issued), then recorded as
 *   failed with ECPay's code and message;
 * - an invoice with an earlier attempt is never failed or skipped before GetIssue said ECPay has none:
 *   while ECPay cannot be asked (or the credentials are gone) it stays pending.
 * The result's status is the invoice's: issued, pending (retry planned), failed or skipped.
 */
export async function submitIssue(service: EinvoiceModuleService, input: SubmitIssueInput): Promise<EinvoiceActionResult> {
  const before = await service.retrieveEinvoice(input.invoice_id)
  const op = new EinvoiceOperation(service, "issue", { order_id: before.order_id, invoice_id: before.id }, input.actor)
  const answer = (invoice: {
    status: string
    invoice_number?: string | null
    last_error_code?: string | null
    last_error_message?: string | null
  }) =>
    op.result(invoice.status, {
      status: invoice.status,
      invoice_number: invoice.invoice_number ?? null,
      error_code: invoice.last_error_code ?? null,
      error_message: invoice.last_error_message ?? null,
    })

  const fail = async (code: string, message: string, data?: Record<string, unknown>) => {
    const failed = await op.transitionInvoice(
      "failed",
      { last_error_code: code, last_error_message: message, status_reason: message, next_attempt_at: null },
      { action: "invoice.failed", details: { success: false, rtn_code: code, rtn_msg: message, data } }
    )
    return answer(failed)
  }
  /** Leaves the invoice pending for the retry job: at `at` (the end of ECPay's pause), else after the back-off. */
  const postpone = async (code: string, message: string, attempts: number, at?: Date, patch: Record<string, unknown> = {}) => {
    const retryAt = at ?? nextAttemptAt(attempts, new Date())
    const pending = await op.transitionInvoice(
      "pending",
      { ...patch, last_error_code: code, last_error_message: message, next_attempt_at: retryAt },
      {
        action: "invoice.retry_scheduled",
        details: { success: false, rtn_code: code, rtn_msg: message, data: { next_attempt_at: retryAt } },
      }
    )
    return answer(pending)
  }
  const adopt = async (issued: { number: string; random: string; date: string; upload?: string | null }, via: string) => {
    const invoice = await op.transitionInvoice(
      "issued",
      {
        invoice_number: issued.number,
        random_number: issued.random,
        invoice_date: parseEcpayDateTime(issued.date),
        issued_at: new Date(),
        remaining_allowance_amount: input.payload.SalesAmount,
        // A company invoice's 稅額, as ECPay splits it (sync takes ECPay's own figure).
        tax_amount: input.payload.CustomerIdentifier
          ? includedTax(input.payload.SalesAmount, input.payload.TaxType, input.payload.Items)
          : null,
        upload_status: issued.upload ?? null,
        last_error_code: null,
        last_error_message: null,
        status_reason: null,
        next_attempt_at: null,
      },
      { action: "invoice.issued", details: { rtn_code: 1, data: { invoice_number: issued.number, via } } }
    )
    return answer(invoice)
  }
  const withdraw = async ({ reason }: IssueWithdrawal) => {
    const skipped = await op.transitionInvoice(
      "skipped",
      { status_reason: reason, next_attempt_at: null },
      { action: "invoice.skipped", details: { reason, data: { reconciled: before.attempts > 0 } } }
    )
    return answer(skipped)
  }
  const reconcileOrFail = async (found: GetIssueResponse, via: string) => {
    if (Number(found.IIS_Sales_Amount) !== input.payload.SalesAmount) {
      return await fail(
        "relate_number_conflict",
        `ECPay already holds invoice ${found.IIS_Number} under RelateNumber ${before.relate_number} for ${found.IIS_Sales_Amount} TWD, not ${input.payload.SalesAmount} TWD: another system may use the same RelateNumber prefix`
      )
    }
    return await adopt(
      { number: found.IIS_Number, random: found.IIS_Random_Number, date: found.IIS_Create_Date, upload: found.IIS_Upload_Status },
      via
    )
  }

  // The credentials and the store-wide pause, from one read.
  const { unavailable, pausedUntil } = await op.readiness()
  if (unavailable) {
    // Credentials that cannot be decrypted are the operator's to fix (the secret key changed): the invoice
    // waits, like the retry job, without counting an attempt. Without credentials ECPay cannot be asked
    // whether an earlier attempt issued it either: keep that one pending.
    return unavailable.code === CREDENTIALS_UNREADABLE_CODE || (before.attempts > 0 && before.status === "pending")
      ? await postpone(unavailable.code, unavailable.message, before.attempts)
      : await fail(unavailable.code, unavailable.message)
  }
  if (pausedUntil) {
    // ECPay is paused store-wide (a 403): nothing is sent; the invoice waits for the pause to end.
    const paused = pausedOutcome(pausedUntil)
    return await postpone(paused.code, paused.message, before.attempts, pausedUntil)
  }
  if (before.attempts > 0) {
    const found = await findByRelateNumber(op, before.relate_number)
    if (found.kind === "found") {
      return await reconcileOrFail(found.issue, "reconciled before retry")
    }
    if (found.kind === "unknown") {
      // A 403 on this reconciliation (or a pause begun meanwhile) holds it until the pause ends.
      const until = pauseEndOf(found.failure)
      return await postpone(until ? found.failure.code : "reconcile_unavailable", found.failure.message, before.attempts, until)
    }
  }
  if (input.withdraw) {
    return await withdraw(input.withdraw)
  }
  // Zero-rated and tax-free lines on one invoice: ECPay would refuse it; say why in the merchant's terms,
  // send nothing and count no attempt. Fixing the marking and retrying builds the lines anew.
  const conflict = taxKindConflict(input.payload)
  if (conflict) {
    return await fail("tax_kinds_conflict", conflict)
  }

  const attempts = before.attempts + 1
  // Counted (with its audit entry) before the call: a process that stops during it leaves the attempt known.
  await op.updateInvoice({ attempts }, "invoice.issue_requested", {
    data: { relate_number: before.relate_number, attempt: attempts, sales_amount: input.payload.SalesAmount },
  })
  const call = await op.call((client) => client.issue(input.payload))
  switch (call.kind) {
    case "applied":
      return await adopt({ number: call.value.InvoiceNo, random: call.value.RandomNumber, date: call.value.InvoiceDate }, "issue")
    case "rate_limited":
      // The store-wide pause it started ends at `until` (ECPay's 30 minutes by default).
      return await postpone(call.code, call.message, attempts, call.until ?? nextAttemptAt(attempts, new Date(), call.retryAfterMs))
    case "paused":
      // Paused by another call since the check above: nothing was sent, so this attempt does not count.
      return await postpone(call.code, call.message, before.attempts, call.until, { attempts: before.attempts })
    case "transport":
      return await postpone(call.code, call.message, attempts)
    case "not_configured":
      return await fail(call.code, call.message)
    case "refused":
      if (call.by !== "ecpay") {
        return await fail(call.code, call.message, call.issues ? { issues: call.issues } : undefined)
      }
      break
    case "unknown":
      break
  }
  // ECPay refuses a RelateNumber it has already issued, and an unknown outcome may have issued it: ask.
  const found = await findByRelateNumber(op, before.relate_number)
  if (found.kind === "found") {
    return await reconcileOrFail(found.issue, call.kind === "refused" ? "reconciled after refusal" : "reconciled after unknown outcome")
  }
  if (call.kind === "refused") {
    return await fail(call.code, call.message)
  }
  // A 403 on the reconciliation (or a pause begun meanwhile) holds the invoice until the pause ends.
  return await postpone(call.code, call.message, attempts, found.kind === "unknown" ? pauseEndOf(found.failure) : undefined)
}

/** What the audit trail keeps of a choice: where the invoice goes (not the buyer's contact details). */
function describeChoice(choice: StoredChoice) {
  return {
    type: choice.type,
    carrier_number: choice.carrier_number,
    love_code: choice.love_code,
    company_tax_id: choice.company_tax_id,
    company_name: choice.company_name,
    print: choice.print,
  }
}
