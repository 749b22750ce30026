import { randomUUID } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import {
  formatTaipeiDate,
  parseEcpayDateOrNull,
  type AllowanceByCollegiateData,
  type AllowanceData,
  type AllowanceResponse,
} from "../../../lib/ecpay"
import { allowanceRequestFingerprint, allowedSoFar, planAllowance, type AllowanceRequest } from "../../../lib/allowance-plan"
import { availableToAllow } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import type { AllowanceAgreement } from "../../../lib/einvoice-types"
import type { InvoiceLine } from "../../../lib/invoice-amounts"
import type { OrderChangeSource } from "../../../lib/order-change-allowance"
import { refundIdsOf } from "../../../lib/refund-allowance"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { findNewAllowance } from "./ecpay-lookups"
import type { EcpayFailure, EcpayOutcome } from "./ecpay-outcome"
import { EinvoiceOperation } from "./operation"
import { requireIssuedInvoice } from "./order-invoices"

export interface PrepareAllowanceInput {
  order_id: string
  request: AllowanceRequest
  agreement?: AllowanceAgreement
  reason?: string | null
  notify_email?: string | null
  /** Why the allowance exists, kept on it: "refund" for allowances made for a refund. */
  source?: "admin" | "refund" | "order_canceled" | OrderChangeSource
  /**
   * What makes this request one request. For the admin: the `Idempotency-Key` header (stored as
   * `admin:<key>`; one is generated without it). For a refund or a canceled order: the plan's key.
   */
  idempotency_key?: string | null
  /** For a refund allowance: the refunds it covers (kept in its metadata). */
  refund_ids?: string[]
  /** For a return's allowance: the units received so far per order item that it covers (kept in its metadata). */
  change_items?: Record<string, number>
  actor: Actor
}

export interface PreparedAllowance {
  allowance_id: string
  invoice_id: string
  agreement: AllowanceAgreement
  /** Null when the request repeats an earlier one (`replayed`): nothing is sent. */
  payload: (AllowanceData & { ReturnURL?: string }) | null
  /** The same request (same idempotency key and body) was made before: this is its allowance, not a new one. */
  replayed?: boolean
}

type AllowanceRow = Awaited<ReturnType<EinvoiceModuleService["retrieveEinvoiceAllowance"]>>
/** What a repeated or blocked request needs to know of an existing allowance. */
type AllowanceRef = Pick<AllowanceRow, "id" | "einvoice_id" | "agreement" | "metadata" | "allowance_number" | "submitted_at">

const ADMIN_KEY_PREFIX = "admin:"

/** A 409: the request conflicts with an allowance that exists (the routes answer it with this message). */
export function allowanceConflict(message: string, code: string): MedusaError {
  return new MedusaError(MedusaError.Types.CONFLICT, message, code)
}

/** The key as its sender knows it (the admin's header without our prefix). */
function shownKey(key: string): string {
  return key.startsWith(ADMIN_KEY_PREFIX) ? key.slice(ADMIN_KEY_PREFIX.length) : key
}

async function findByKey(service: EinvoiceModuleService, key: string): Promise<AllowanceRef | undefined> {
  const [row] = await service.listEinvoiceAllowances({ idempotency_key: key })
  return row
}

/** Refuses a new allowance while one of the invoice's is in flight or of unknown outcome (it may exist at ECPay). */
function blockedBy(pending: AllowanceRef, invoiceNumber: string | null): MedusaError {
  const name = `${pending.id}${pending.allowance_number ? ` (${pending.allowance_number})` : ""}`
  const state = pending.submitted_at ? "has an unknown outcome at ECPay" : "is being sent to ECPay"
  return allowanceConflict(
    `Allowance ${name} of invoice ${invoiceNumber ?? ""} ${state}: no new allowance on this invoice until it is settled. ` +
      "Sync the invoice with ECPay (GetAllowanceList), then try again",
    "allowance_outcome_unknown"
  )
}

/** ItemName of an allowance by amount. */
const AMOUNT_ITEM_NAME = "折讓"

/**
 * Checks an allowance request against the order's issued invoice (lines and quantities left, the
 * remaining allowable amount, an e-mail and a callback URL for online agreement) and writes the
 * allowance row, pending, with the exact Items, before ECPay is called. A request that cannot be
 * honoured is refused with a 400 that says why.
 */
export async function prepareAllowance(service: EinvoiceModuleService, input: PrepareAllowanceInput): Promise<PreparedAllowance> {
  const source = input.source ?? "admin"
  const key =
    source === "admin"
      ? `${ADMIN_KEY_PREFIX}${input.idempotency_key?.trim() || randomUUID()}`
      : input.idempotency_key?.trim() || `${source}:${randomUUID()}`
  const fingerprint = allowanceRequestFingerprint(input)
  // The same key again: the first request's allowance (a retry), or a 409 if it asked for something else.
  const replay = async (existing: AllowanceRef): Promise<PreparedAllowance> => {
    const existingInvoice = await service.retrieveEinvoice(existing.einvoice_id)
    const sameRequest =
      existingInvoice.order_id === input.order_id &&
      (source !== "admin" || (existing.metadata as { request_fingerprint?: string } | null)?.request_fingerprint === fingerprint)
    if (!sameRequest) {
      throw allowanceConflict(
        `Idempotency-Key "${shownKey(key)}" was already used for a different allowance request (allowance ${existing.id}); ` +
          "use a new key for a new request",
        "idempotency_key_reused"
      )
    }
    return { allowance_id: existing.id, invoice_id: existing.einvoice_id, agreement: existing.agreement, payload: null, replayed: true }
  }
  const earlier = await findByKey(service, key)
  if (earlier) {
    return await replay(earlier)
  }

  const invoice = await requireIssuedInvoice(service, input.order_id)
  const pending = (invoice.allowances ?? []).find((allowance) => allowance.status === "pending")
  if (pending) {
    if (pending.idempotency_key === key) {
      return await replay(pending)
    }
    throw blockedBy(pending, invoice.invoice_number)
  }
  const settings = await service.retrieveSettings()
  const agreement = input.agreement ?? settings.allowance_agreement

  const planned = planAllowance({
    request: input.request,
    items: (invoice.items ?? []) as unknown as InvoiceLine[],
    allowed: allowedSoFar(invoice.allowances),
    remaining: availableToAllow(invoice, invoice.allowances),
    amountItemName: AMOUNT_ITEM_NAME,
    itemWord: settings.item_word,
  })
  if (!planned.ok) {
    const { refusal } = planned
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${refusal.field}: ${refusal.message}`, refusal.code)
  }
  const { plan } = planned

  const email = (input.notify_email ?? invoice.buyer_email ?? "").trim() || null
  let returnUrl: string | undefined
  if (agreement === "online") {
    if (!email) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "notify_email: an online allowance needs the buyer's e-mail, where ECPay sends the agreement link",
        "email_required"
      )
    }
    returnUrl = service.allowanceCallbackUrl() ?? undefined
    if (!returnUrl) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "agreement: online allowances need the store's public URL (plugin option backendUrl or env MEDUSA_BACKEND_URL) for ECPay's answer; use a paper allowance",
        "callback_url_missing"
      )
    }
  }

  const payload: NonNullable<PreparedAllowance["payload"]> = {
    InvoiceNo: invoice.invoice_number!,
    InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
    AllowanceNotify: email ? "E" : "N",
    ...(invoice.buyer_name || invoice.company_name ? { CustomerName: (invoice.company_name || invoice.buyer_name)!.slice(0, 60) } : {}),
    ...(email ? { NotifyMail: email } : {}),
    AllowanceAmount: plan.amount,
    Items: plan.items,
    ...(returnUrl ? { ReturnURL: returnUrl } : {}),
  }

  // A refund allowance planned before another one covered some of its refunds (two processes, one of them
  // allowing every refund not allowed yet): read again just before writing; that allowance answers it.
  if (input.refund_ids?.length) {
    const current = await service.listEinvoiceAllowances({ einvoice_id: invoice.id })
    const covering = current.find(
      (allowance) => allowance.status !== "failed" && refundIdsOf(allowance).some((id) => input.refund_ids!.includes(id))
    )
    if (covering) {
      return { allowance_id: covering.id, invoice_id: invoice.id, agreement: covering.agreement, payload: null, replayed: true }
    }
  }

  let allowance: AllowanceRow
  try {
    allowance = await service.createEinvoiceAllowances({
      einvoice_id: invoice.id,
      status: "pending",
      agreement,
      amount: plan.amount,
      items: plan.items as unknown as Record<string, unknown>,
      reason: input.reason ?? null,
      notify_email: email,
      idempotency_key: key,
      metadata: {
        lines: plan.lines,
        source,
        request_fingerprint: fingerprint,
        ...(input.refund_ids?.length ? { refund_ids: input.refund_ids } : {}),
        ...(input.change_items ? { change_items: input.change_items } : {}),
      },
    })
  } catch (error) {
    // Another process got there first (the unique key, or the invoice's one pending allowance).
    const winner = await findByKey(service, key)
    if (winner) {
      return await replay(winner)
    }
    const [other] = await service.listEinvoiceAllowances({ einvoice_id: invoice.id, status: "pending" })
    if (other) {
      throw blockedBy(other, invoice.invoice_number)
    }
    throw error
  }
  const op = new EinvoiceOperation(
    service,
    "allowance",
    { order_id: input.order_id, invoice_id: invoice.id, allowance_id: allowance.id },
    input.actor,
    input.reason ?? null
  )
  await op.audit("allowance.requested", {
    data: { agreement, amount: plan.amount, lines: plan.lines, source, idempotency_key: shownKey(key) },
  })
  return { allowance_id: allowance.id, invoice_id: invoice.id, agreement, payload }
}

/**
 * A prepared allowance whose workflow failed before ECPay's answer was recorded (the compensation of
 * prepareAllowance). If its request never left for ECPay, it is failed: nothing exists at ECPay and its
 * amount is free again. If it did leave, ECPay may have made it: it stays pending — its amount reserved,
 * new allowances on the invoice refused — marked interrupted, until sync (GetAllowanceList) settles it.
 */
export async function markAllowanceInterrupted(service: EinvoiceModuleService, allowanceId: string): Promise<void> {
  const row = await service.retrieveEinvoiceAllowance(allowanceId)
  if (row.status !== "pending") {
    return
  }
  if (!row.submitted_at) {
    await service.transitionAllowance(allowanceId, "failed", {
      last_error_code: "interrupted",
      last_error_message: "The request stopped before it was sent to ECPay; nothing was made",
    })
    return
  }
  const invoice = await service.retrieveEinvoice(row.einvoice_id)
  const message =
    "The request stopped after it was sent to ECPay, before ECPay's answer was recorded: whether the allowance was made is not known. " +
    "Its amount stays reserved until sync with ECPay settles it."
  await service.updateEinvoiceAllowances({ id: allowanceId, last_error_code: "interrupted", last_error_message: message })
  const op = new EinvoiceOperation(
    service,
    "allowance",
    { order_id: invoice.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number, allowance_id: allowanceId },
    { type: "system" }
  )
  await op.audit("allowance.unknown", { success: false, rtn_code: "interrupted", rtn_msg: message })
}

/** What an allowance's status says, as an operation's outcome (a repeated request answers with its allowance). */
function outcomeOf(status: string): string {
  return status === "pending" ? "unknown" : status
}

export interface SubmitAllowanceInput {
  order_id: string
  prepared: PreparedAllowance
  actor: Actor
}

/**
 * Sends the allowance to ECPay: Allowance (paper agreement: issued at once) or AllowanceByCollegiate
 * (online: ECPay e-mails the buyer, the allowance waits for the answer). Any failure whose outcome is
 * known (a refusal, a rate limit, a request that never took effect, missing credentials) fails the
 * allowance. A paper allowance whose outcome is unknown is looked up among the invoice's allowances;
 * what cannot be settled stays pending, still counted against the invoice, until "sync" settles it.
 */
export async function submitAllowance(service: EinvoiceModuleService, input: SubmitAllowanceInput): Promise<EinvoiceActionResult> {
  const { prepared } = input
  const invoice = await service.retrieveEinvoice(prepared.invoice_id)
  const op = new EinvoiceOperation(
    service,
    "allowance",
    { order_id: input.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number, allowance_id: prepared.allowance_id },
    input.actor
  )
  if (prepared.replayed || !prepared.payload) {
    const row = await service.retrieveEinvoiceAllowance(prepared.allowance_id)
    return op.result(outcomeOf(row.status), {
      status: row.status,
      allowance_number: row.allowance_number,
      error_code: row.last_error_code,
      error_message: row.last_error_message,
      replayed: true,
    })
  }
  const payload = prepared.payload
  const amount = payload.AllowanceAmount

  const fail = async (failure: EcpayFailure) => {
    await op.transitionAllowance("failed", { last_error_code: failure.code, last_error_message: failure.message })
    return await op.failed("allowance.failed", failure, { status: "failed" })
  }
  const stayPending = async (failure: EcpayFailure) => {
    const text = `ECPay did not answer (${failure.message}); whether the allowance was made is not known yet. Sync with ECPay before trying again.`
    await service.updateEinvoiceAllowances({ id: prepared.allowance_id, last_error_code: failure.code, last_error_message: text })
    await op.audit("allowance.unknown", { success: false, rtn_code: failure.code, rtn_msg: failure.message })
    return op.result("unknown", { status: "pending", error_code: failure.code, error_message: text })
  }
  const adopt = async (
    number: string,
    date: string,
    remaining: number | null,
    via: string,
    reply?: { RtnCode: number; RtnMsg: string }
  ) => {
    const left = remaining ?? Math.max(0, (invoice.remaining_allowance_amount ?? invoice.total) - amount)
    const allowance = await op.transitionAllowance("issued", {
      allowance_number: number,
      allowance_date: parseEcpayDateOrNull(date) ?? new Date(),
      remaining_after: left,
      last_error_code: null,
      last_error_message: null,
    })
    await service.updateEinvoices({ id: invoice.id, remaining_allowance_amount: left })
    await op.audit("allowance.issued", {
      rtn_code: reply?.RtnCode ?? 1,
      rtn_msg: reply?.RtnMsg ?? null,
      data: { allowance_number: number, amount, via },
    })
    return op.result("issued", { status: allowance.status, allowance_number: number })
  }

  // Claim the request before it leaves: once submitted_at is set, an interruption leaves it unknown, not failed,
  // and a second run of this step (a resumed workflow) reconciles instead of sending it again.
  const row = await service.retrieveEinvoiceAllowance(prepared.allowance_id)
  if (row.status !== "pending") {
    return op.result(outcomeOf(row.status), { status: row.status, allowance_number: row.allowance_number })
  }
  const resumed = !!row.submitted_at
  if (!resumed) {
    await service.updateEinvoiceAllowances({ id: prepared.allowance_id, submitted_at: new Date() })
  }

  if (prepared.agreement === "online") {
    if (resumed) {
      return await stayPending({ kind: "unknown", code: "interrupted", message: "an earlier attempt was interrupted" })
    }
    const call = await op.call((client) => client.allowanceByCollegiate(payload as AllowanceByCollegiateData))
    if (call.kind === "applied") {
      const reply = call.value
      const remaining = Number(reply.IA_Remain_Allowance_Amt)
      const allowance = await op.transitionAllowance("awaiting_agreement", {
        allowance_number: reply.IA_Allow_No,
        expires_at: parseEcpayDateOrNull(reply.IA_TempExpireDate),
        remaining_after: remaining,
      })
      await service.updateEinvoices({ id: invoice.id, remaining_allowance_amount: remaining })
      await op.audit("allowance.awaiting_agreement", {
        rtn_code: reply.RtnCode,
        rtn_msg: reply.RtnMsg,
        data: { allowance_number: reply.IA_Allow_No, notify_email: payload.NotifyMail, expires_at: reply.IA_TempExpireDate },
      })
      return op.result("awaiting_agreement", { status: allowance.status, allowance_number: allowance.allowance_number })
    }
    // Requests awaiting agreement are not listed by ECPay: the buyer's answer (the callback) will tell.
    return call.kind === "unknown" ? await stayPending(call) : await fail(call)
  }

  const call: EcpayOutcome<AllowanceResponse> = resumed
    ? { kind: "unknown", code: "interrupted", message: "an earlier attempt was interrupted" }
    : await op.call((client) => client.allowance(payload))
  if (call.kind === "applied") {
    return await adopt(call.value.IA_Allow_No, call.value.IA_Date, Number(call.value.IA_Remain_Allowance_Amt), "allowance", call.value)
  }
  if (call.kind !== "unknown") {
    return await fail(call)
  }
  const found = await findNewAllowance(op, invoice, amount)
  if (found) {
    return await adopt(found.number, found.date, null, "reconciled after unknown outcome")
  }
  return await stayPending(call)
}

/** A paper allowance sent this long ago without a recorded answer is reconciled by the retry job… */
export const UNKNOWN_ALLOWANCE_AFTER_MS = 60 * 1000
/** …through its invoice's sync, at most this often per invoice. */
export const UNKNOWN_ALLOWANCE_RECONCILE_EVERY_MS = 5 * 60 * 1000

/**
 * The invoices whose paper allowances have an unknown outcome (sent, no answer recorded), least recently
 * synced first, at most `limit`: the retry job syncs them (GetAllowanceList), which settles the allowance
 * and then runs what waited for it (a refund, a cancellation). Online requests wait for the buyer's answer.
 */
export async function invoicesWithUnknownAllowances(
  service: EinvoiceModuleService,
  now: Date = new Date(),
  limit = 10
): Promise<Array<{ invoice_id: string; order_id: string }>> {
  const rows = await service.listEinvoiceAllowances(
    { status: "pending", agreement: "paper", submitted_at: { $lte: new Date(now.getTime() - UNKNOWN_ALLOWANCE_AFTER_MS) } },
    { relations: ["einvoice"], take: 200, order: { submitted_at: "ASC" } }
  )
  const due = new Map<string, { invoice_id: string; order_id: string; synced: number }>()
  for (const row of rows) {
    const invoice = row.einvoice
    const synced = invoice?.synced_at ? new Date(invoice.synced_at).getTime() : 0
    if (!invoice || due.has(invoice.id) || now.getTime() - synced < UNKNOWN_ALLOWANCE_RECONCILE_EVERY_MS) {
      continue
    }
    due.set(invoice.id, { invoice_id: invoice.id, order_id: invoice.order_id, synced })
  }
  return [...due.values()]
    .sort((a, b) => a.synced - b.synced)
    .slice(0, limit)
    .map(({ invoice_id, order_id }) => ({ invoice_id, order_id }))
}
