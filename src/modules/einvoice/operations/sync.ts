import { MedusaError } from "@medusajs/framework/utils"
import { parseEcpayDateOrNull, type GetIssueResponse } from "../../../lib/ecpay"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import { invoiceRefresh, onlineRequestLapse } from "../../../lib/invoice-sync"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { findByRelateNumber, listInvoiceAllowances, type ListedAllowance } from "./ecpay-lookups"
import { EinvoiceOperation } from "./operation"
import { listOrderInvoices, type InvoiceWithAllowances } from "./order-invoices"

/** How long a prepared allowance that was not sent yet is left to the process preparing it. */
const UNSENT_GRACE_MS = 10 * 60 * 1000

export interface SyncInvoiceInput {
  /** The order whose issued (else latest numbered) invoice to refresh… */
  order_id: string
  /** …or one invoice of it. */
  invoice_id?: string
  actor: Actor
}

/**
 * Refreshes an invoice from ECPay (GetIssue, GetAllowanceList): a void or allowances made in ECPay's back
 * office, the upload and award status, the remaining allowable amount; settles allowances whose outcome
 * was unknown and online requests that expired unanswered, and issues a rejected one ECPay lists as made.
 * The scheduled sync (actor system) audits only what changed; a merchant's sync is always audited.
 */
export async function syncInvoice(service: EinvoiceModuleService, input: SyncInvoiceInput): Promise<EinvoiceActionResult> {
  const invoice = await findSyncedInvoice(service, input)
  const op = new EinvoiceOperation(
    service,
    "sync",
    { order_id: invoice.order_id, invoice_id: invoice.id, invoice_number: invoice.invoice_number },
    input.actor
  )
  const changes: string[] = []
  const byUser = input.actor.type === "user"
  const failed = async (outcome: "failed" | "unknown", code: string, message: string) => {
    // The scheduled sync comes back in 12 hours, not every hour, and does not fill the audit trail.
    await service.updateEinvoices({ id: invoice.id, synced_at: new Date() })
    if (byUser) {
      await op.audit("invoice.sync_failed", { success: false, rtn_code: code, rtn_msg: message })
    }
    return op.result(outcome, { changes, status: invoice.status, error_code: code, error_message: message })
  }

  const unavailable = await op.unavailable()
  if (unavailable) {
    return await failed("failed", unavailable.code, unavailable.message)
  }
  const found = await findByRelateNumber(op, invoice.relate_number)
  if (found.kind === "unknown") {
    return await failed("unknown", "unavailable", found.failure.message)
  }
  if (found.kind === "absent") {
    return await failed("failed", "1600003", `ECPay has no invoice under RelateNumber ${invoice.relate_number}`)
  }
  changes.push(...(await refreshInvoice(op, invoice, found.issue)))

  const listed = await listInvoiceAllowances(op, invoice)
  if (listed) {
    changes.push(...(await settleAllowances(op, invoice, listed)))
    // Only with ECPay's list in hand: an answer whose callback was lost shows up there first.
    changes.push(...(await expireOnlineRequests(op, invoice)))
  }

  if (changes.length || byUser) {
    await op.audit("invoice.synced", { data: { changes } })
  }
  const after = await service.retrieveEinvoice(invoice.id)
  return op.result("synced", { changes, status: after.status })
}

/** The invoice asked for (it must be numbered and the order's), else the order's issued or latest numbered one. */
async function findSyncedInvoice(service: EinvoiceModuleService, input: SyncInvoiceInput): Promise<InvoiceWithAllowances> {
  if (input.invoice_id) {
    const [invoice] = await service.listEinvoices({ id: input.invoice_id }, { relations: ["allowances"] })
    if (invoice?.invoice_number && invoice.order_id === input.order_id) {
      return invoice
    }
  } else {
    const invoices = await listOrderInvoices(service, input.order_id)
    const invoice = invoices.find((candidate) => candidate.status === "issued") ?? invoices.find((candidate) => candidate.invoice_number)
    if (invoice) {
      return invoice
    }
  }
  throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The order has no issued e-invoice to sync", "invoice_not_issued")
}

/** Brings the invoice row in line with ECPay's (GetIssue); a void made at ECPay is taken over with its date and reason. */
async function refreshInvoice(op: EinvoiceOperation, invoice: InvoiceWithAllowances, remote: GetIssueResponse): Promise<string[]> {
  const { patch, changes, voided } = invoiceRefresh(remote, invoice)
  if (!(voided && invoice.status === "issued")) {
    await op.service.updateEinvoices({ id: invoice.id, synced_at: new Date(), ...patch })
    return changes
  }
  const voidInfo = await op.call((client) =>
    client.getInvalid({
      RelateNumber: invoice.relate_number,
      InvoiceNo: invoice.invoice_number!,
      InvoiceDate: remote.IIS_Create_Date.slice(0, 10),
    })
  )
  const answer = voidInfo.kind === "applied" ? voidInfo.value : null
  await op.transitionInvoice("voided", {
    synced_at: new Date(),
    ...patch,
    voided_at: (answer && parseEcpayDateOrNull(answer.II_Date)) || new Date(),
    void_reason: answer?.Reason || "Voided in ECPay's back office",
  })
  return [...changes, "voided"]
}

/**
 * Brings our allowance rows in line with ECPay's list: a paper allowance whose reply was lost gets its
 * number, one made in ECPay's back office is imported, agreements and voids made there are taken over,
 * and a paper allowance still pending that ECPay does not list was never made.
 */
async function settleAllowances(op: EinvoiceOperation, invoice: InvoiceWithAllowances, listed: ListedAllowance[]): Promise<string[]> {
  const { service } = op
  const changes: string[] = []
  const rows = invoice.allowances ?? []
  const audit = (action: string, allowanceId: string, data: Record<string, unknown>) =>
    op.audit(action, { allowance_id: allowanceId, data })
  const settled = new Set<string>()
  for (const entry of listed) {
    let row = rows.find((candidate) => candidate.allowance_number === entry.number)
    if (!row) {
      // A paper allowance whose reply was lost, or one made in ECPay's back office.
      row = entry.voided
        ? undefined
        : rows.find(
            (candidate) =>
              candidate.status === "pending" &&
              candidate.agreement === "paper" &&
              !candidate.allowance_number &&
              candidate.amount === entry.amount &&
              !settled.has(candidate.id)
          )
      if (!row) {
        const created = await service.createEinvoiceAllowances({
          einvoice_id: invoice.id,
          status: entry.voided ? "voided" : "issued",
          agreement: "paper",
          allowance_number: entry.number,
          amount: entry.amount,
          allowance_date: parseEcpayDateOrNull(entry.date) ?? new Date(),
          voided_at: entry.voided ? new Date() : null,
          reason: "Made in ECPay's back office",
          idempotency_key: `ecpay:${entry.number}`,
          metadata: { source: "ecpay" },
        })
        await audit("allowance.imported", created.id, { allowance_number: entry.number, amount: entry.amount })
        changes.push("allowance_added")
        settled.add(created.id)
        continue
      }
      await service.transitionAllowance(row.id, "issued", {
        allowance_number: entry.number,
        allowance_date: parseEcpayDateOrNull(entry.date) ?? new Date(),
        last_error_code: null,
        last_error_message: null,
      })
      await audit("allowance.issued", row.id, { allowance_number: entry.number, via: "sync" })
      changes.push("allowance_settled")
    }
    settled.add(row.id)
    // Re-read: the buyer's answer (callback) may have moved it meanwhile.
    const status = (await service.retrieveEinvoiceAllowance(row.id)).status
    // ECPay lists only allowances it made. One rejected here on its local expiry was agreed to after all
    // (the buyer's answer came late, or its callback was lost): ECPay's list wins.
    if (["awaiting_agreement", "pending", "rejected"].includes(status) && !entry.voided) {
      await service.transitionAllowance(row.id, "issued", {
        allowance_date: parseEcpayDateOrNull(entry.date) ?? new Date(),
        last_error_code: null,
        last_error_message: null,
      })
      await audit("allowance.agreed", row.id, {
        allowance_number: entry.number,
        via: "sync",
        ...(status === "rejected" ? { was: "rejected" } : {}),
      })
      changes.push("allowance_agreed")
    } else if (entry.voided && ["issued", "awaiting_agreement", "pending"].includes(status)) {
      await service.transitionAllowance(row.id, "voided", {
        voided_at: new Date(),
        void_reason: row.void_reason ?? "Voided in ECPay's back office",
      })
      await audit("allowance.voided", row.id, { allowance_number: entry.number, via: "sync" })
      changes.push("allowance_voided")
    }
  }
  for (const row of rows) {
    // A request another process is preparing right now (not sent yet) is not ECPay's to judge.
    const inFlight = !row.submitted_at && Date.now() - new Date(row.created_at).getTime() < UNSENT_GRACE_MS
    if (row.status === "pending" && row.agreement === "paper" && !settled.has(row.id) && !inFlight) {
      await service.transitionAllowance(row.id, "failed", {
        last_error_code: "2000039",
        last_error_message: "ECPay has no such allowance: the request did not reach ECPay",
      })
      await audit("allowance.failed", row.id, { via: "sync" })
      changes.push("allowance_failed")
    }
  }
  return changes
}

/**
 * Online requests the buyer left unanswered past their 72 hours are over, and their amount is free again;
 * one whose reply was lost (no number) and that ECPay never answered for is taken as not made.
 */
async function expireOnlineRequests(op: EinvoiceOperation, invoice: InvoiceWithAllowances): Promise<string[]> {
  const changes: string[] = []
  const now = Date.now()
  for (const row of invoice.allowances ?? []) {
    const current = await op.service.retrieveEinvoiceAllowance(row.id)
    const lapse = onlineRequestLapse(current, now)
    if (lapse === "expired") {
      await op.service.transitionAllowance(row.id, "rejected", { last_error_message: "The buyer did not answer within 72 hours" })
      await op.audit("allowance.expired", { allowance_id: row.id })
      changes.push("allowance_expired")
    } else if (lapse === "not_made") {
      await op.service.transitionAllowance(row.id, "failed", {
        last_error_code: "no_answer",
        last_error_message: "Neither ECPay's reply nor the buyer's answer arrived; the request is taken as not made",
      })
      await op.audit("allowance.failed", { allowance_id: row.id })
      changes.push("allowance_failed")
    }
  }
  return changes
}
