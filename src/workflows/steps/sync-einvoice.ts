import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { actionResult, type EinvoiceActionResult } from "../../lib/einvoice-results"
import { callEcpay, clientFor, describe, findByRelateNumber, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { loadOrderInvoices, type InvoiceWithAllowances } from "../utils/current-invoice"
import { isFlagSet, listInvoiceAllowances, parseAmount, safeDate } from "../utils/ecpay-allowances"
import type { GetIssueResponse } from "../../lib/ecpay"

export interface SyncEinvoiceInput {
  /** The order whose issued (else latest numbered) invoice to refresh… */
  order_id: string
  /** …or one invoice of it. */
  invoice_id?: string
  actor: Actor
}

/**
 * Refreshes an invoice from ECPay (GetIssue, GetAllowanceList): a void or allowances made in ECPay's back
 * office, the upload and award status, the remaining allowable amount; settles allowances whose outcome
 * was unknown and online requests that expired unanswered.
 */
export const syncEinvoiceStep = createStep(
  "ecpay-einvoice-sync",
  async (input: SyncEinvoiceInput, { container }): Promise<StepResponse<EinvoiceActionResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const invoice = await findInvoice(service, input)
    const orderId = invoice.order_id
    const changes: string[] = []
    const about = { invoice_id: invoice.id, invoice_number: invoice.invoice_number }
    const done = (outcome: string, rest: Partial<EinvoiceActionResult> = {}) =>
      new StepResponse(actionResult({ order_id: orderId, action: "sync", outcome }, { ...about, changes, ...rest }))
    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({ action, einvoice_id: invoice.id, order_id: orderId, actor: input.actor, ...extra })
    const byUser = input.actor.type === "user"
    const failed = async (outcome: "failed" | "unknown", code: string, message: string) => {
      // The scheduled sync comes back in 12 hours, not every hour, and does not fill the audit trail.
      await service.updateEinvoices({ id: invoice.id, synced_at: new Date() })
      if (byUser) {
        await audit("invoice.sync_failed", { success: false, rtn_code: code, rtn_msg: message })
      }
      return done(outcome, { status: invoice.status, error_code: code, error_message: message })
    }

    const client = await clientFor(service)
    if (!client) {
      return await failed("failed", "not_configured", NOT_CONFIGURED_MESSAGE)
    }
    const found = await findByRelateNumber(client, invoice.relate_number)
    if (found.kind === "unknown") {
      return await failed("unknown", "unavailable", describe(found.error))
    }
    if (found.kind === "absent") {
      return await failed("failed", "1600003", `ECPay has no invoice under RelateNumber ${invoice.relate_number}`)
    }
    const remote = found.issue
    const patch: Record<string, unknown> = { synced_at: new Date() }
    const remaining = parseAmount(remote.IIS_Remain_Allowance_Amt)
    if (remaining !== null && remaining !== invoice.remaining_allowance_amount) {
      patch.remaining_allowance_amount = remaining
      changes.push("remaining_allowance_amount")
    }
    if ((remote.IIS_Upload_Status || null) !== invoice.upload_status) {
      patch.upload_status = remote.IIS_Upload_Status || null
      changes.push("upload_status")
    }
    const award = remote.IIS_Award_Type && remote.IIS_Award_Type !== "0" ? remote.IIS_Award_Type : remote.IIS_Award_Flag || null
    if (award !== invoice.award_status) {
      patch.award_status = award
      changes.push("award_status")
    }
    const corrected = correctedBuyer(remote, invoice)
    if (corrected && !isFlagSet(remote.IIS_Invalid_Status)) {
      // Void-and-reissue done in ECPay's back office: same number, new buyer / carrier data.
      Object.assign(patch, corrected)
      changes.push("reissued")
    }
    if (isFlagSet(remote.IIS_Invalid_Status) && invoice.status === "issued") {
      const voidInfo = await callEcpay(() =>
        client.getInvalid({
          RelateNumber: invoice.relate_number,
          InvoiceNo: invoice.invoice_number!,
          InvoiceDate: remote.IIS_Create_Date.slice(0, 10),
        })
      )
      const reason = voidInfo.kind === "ok" ? voidInfo.value.Reason : null
      await service.transitionInvoice(invoice.id, "voided", {
        ...patch,
        voided_at: (voidInfo.kind === "ok" && safeDate(voidInfo.value.II_Date)) || new Date(),
        void_reason: reason || "Voided in ECPay's back office",
      })
      changes.push("voided")
    } else {
      await service.updateEinvoices({ id: invoice.id, ...patch })
    }

    const listed = await listInvoiceAllowances(client, invoice)
    if (listed) {
      await settleAllowances(service, invoice, listed, changes, input.actor)
      // Only with ECPay's list in hand: an answer whose callback was lost shows up there first.
      await expireOnlineRequests(service, invoice, changes, input.actor)
    }

    if (changes.length || byUser) {
      await audit("invoice.synced", { data: { changes } })
    }
    const after = await service.retrieveEinvoice(invoice.id)
    return done("synced", { status: after.status })
  }
)

async function findInvoice(service: EinvoiceModuleService, input: SyncEinvoiceInput): Promise<InvoiceWithAllowances> {
  if (input.invoice_id) {
    const [invoice] = await service.listEinvoices({ id: input.invoice_id }, { relations: ["allowances"] })
    if (invoice?.invoice_number && invoice.order_id === input.order_id) {
      return invoice
    }
  } else {
    const invoices = await loadOrderInvoices(service, input.order_id)
    const invoice =
      invoices.find((candidate) => candidate.status === "issued") ??
      invoices.find((candidate) => candidate.invoice_number)
    if (invoice) {
      return invoice
    }
  }
  throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The order has no issued e-invoice to sync", "invoice_not_issued")
}

/** Brings our allowance rows in line with ECPay's list. */
async function settleAllowances(
  service: EinvoiceModuleService,
  invoice: InvoiceWithAllowances,
  listed: Array<{ number: string; date: string; amount: number; voided: boolean }>,
  changes: string[],
  actor: Actor
) {
  const rows = invoice.allowances ?? []
  const audit = (action: string, allowanceId: string, data: Record<string, unknown>) =>
    service.recordEvent({ action, einvoice_id: invoice.id, order_id: invoice.order_id, allowance_id: allowanceId, actor, data })
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
      if (row) {
        await service.transitionAllowance(row.id, "issued", {
          allowance_number: entry.number,
          allowance_date: safeDate(entry.date) ?? new Date(),
          last_error_code: null,
          last_error_message: null,
        })
        await audit("allowance.issued", row.id, { allowance_number: entry.number, via: "sync" })
        changes.push("allowance_settled")
      } else {
        const created = await service.createEinvoiceAllowances({
          einvoice_id: invoice.id,
          status: entry.voided ? "voided" : "issued",
          agreement: "paper",
          allowance_number: entry.number,
          amount: entry.amount,
          allowance_date: safeDate(entry.date) ?? new Date(),
          voided_at: entry.voided ? new Date() : null,
          reason: "Made in ECPay's back office",
          metadata: { source: "ecpay" },
        })
        await audit("allowance.imported", created.id, { allowance_number: entry.number, amount: entry.amount })
        changes.push("allowance_added")
        settled.add(created.id)
        continue
      }
    }
    settled.add(row.id)
    // Re-read: the buyer's answer (callback) may have moved it meanwhile.
    row = { ...row, status: (await service.retrieveEinvoiceAllowance(row.id)).status }
    if ((row.status === "awaiting_agreement" || row.status === "pending") && !entry.voided) {
      await service.transitionAllowance(row.id, "issued", { allowance_date: safeDate(entry.date) ?? new Date() })
      await audit("allowance.agreed", row.id, { allowance_number: entry.number, via: "sync" })
      changes.push("allowance_agreed")
    } else if (entry.voided && ["issued", "awaiting_agreement", "pending"].includes(row.status)) {
      await service.transitionAllowance(row.id, "voided", { voided_at: new Date(), void_reason: row.void_reason ?? "Voided in ECPay's back office" })
      await audit("allowance.voided", row.id, { allowance_number: entry.number, via: "sync" })
      changes.push("allowance_voided")
    }
  }
  // A paper allowance still pending that ECPay does not list was never made.
  for (const row of rows) {
    if (row.status === "pending" && row.agreement === "paper" && !settled.has(row.id)) {
      await service.transitionAllowance(row.id, "failed", {
        last_error_code: "2000039",
        last_error_message: "ECPay has no such allowance: the request did not reach ECPay",
      })
      await audit("allowance.failed", row.id, { via: "sync" })
      changes.push("allowance_failed")
    }
  }
}

/** The buyer has 72 hours to answer an online request. */
const AGREEMENT_WINDOW_MS = 72 * 60 * 60 * 1000
/** A request whose reply was lost is given a day more before it is taken as never made. */
const LOST_REQUEST_GRACE_MS = 24 * 60 * 60 * 1000

/**
 * Online requests the buyer left unanswered past their 72 hours are over, and their amount is free again;
 * one whose reply was lost (no number) and that ECPay never answered for is taken as not made.
 */
async function expireOnlineRequests(service: EinvoiceModuleService, invoice: InvoiceWithAllowances, changes: string[], actor: Actor) {
  const now = Date.now()
  for (const row of invoice.allowances ?? []) {
    const current = await service.retrieveEinvoiceAllowance(row.id)
    if (current.agreement !== "online") {
      continue
    }
    const expiresAt = current.expires_at
      ? new Date(current.expires_at).getTime()
      : new Date(current.created_at).getTime() + AGREEMENT_WINDOW_MS
    const audit = (action: string) =>
      service.recordEvent({ action, einvoice_id: invoice.id, order_id: invoice.order_id, allowance_id: row.id, actor })
    if (current.status === "awaiting_agreement" && expiresAt < now) {
      await service.transitionAllowance(row.id, "rejected", { last_error_message: "The buyer did not answer within 72 hours" })
      await audit("allowance.expired")
      changes.push("allowance_expired")
    } else if (current.status === "pending" && !current.allowance_number && expiresAt + LOST_REQUEST_GRACE_MS < now) {
      await service.transitionAllowance(row.id, "failed", {
        last_error_code: "no_answer",
        last_error_message: "Neither ECPay's reply nor the buyer's answer arrived; the request is taken as not made",
      })
      await audit("allowance.failed")
      changes.push("allowance_failed")
    }
  }
}

const CARRIER_TYPE_TO_INVOICE_TYPE: Record<string, string> = {
  "1": "member",
  "2": "citizen_certificate",
  "3": "mobile_barcode",
  "4": "easycard",
  "5": "ipass",
}

/** The buyer fields ECPay now holds, when they differ from ours (a back-office correction), else null. */
function correctedBuyer(remote: GetIssueResponse, invoice: InvoiceWithAllowances): Record<string, unknown> | null {
  const text = (value: unknown) => (value === undefined || value === null || String(value).trim() === "" ? null : String(value).trim())
  const identifier = text(remote.IIS_Identifier) === "0000000000" ? null : text(remote.IIS_Identifier)
  const loveCode = text(remote.IIS_Love_Code)
  const carrierType = text(remote.IIS_Carrier_Type)
  const fields = {
    random_number: text(remote.IIS_Random_Number) ?? invoice.random_number,
    carrier_type: carrierType,
    // Only codes the shopper gave (certificate, barcode, cards) are ours to compare; ECPay may fill in
    // its own value for a member carrier.
    carrier_number: carrierType && carrierType !== "1" ? text(remote.IIS_Carrier_Num) : invoice.carrier_number,
    love_code: loveCode,
    donation: loveCode !== null,
    company_tax_id: identifier,
  }
  const differs = (Object.keys(fields) as Array<keyof typeof fields>).some(
    (key) => (fields[key] ?? null) !== ((invoice as Record<string, unknown>)[key] ?? null)
  )
  if (!differs) {
    return null
  }
  const type = identifier
    ? "company"
    : loveCode
      ? "donation"
      : carrierType
        ? CARRIER_TYPE_TO_INVOICE_TYPE[carrierType] ?? invoice.type
        : isFlagSet(remote.IIS_Print_Flag)
          ? "paper"
          : invoice.type
  return {
    ...fields,
    type,
    print: isFlagSet(remote.IIS_Print_Flag),
    buyer_name: text(remote.IIS_Customer_Name) ?? invoice.buyer_name,
    buyer_email: text(remote.IIS_Customer_Email) ?? invoice.buyer_email,
    company_name: identifier ? text(remote.IIS_Customer_Name) ?? invoice.company_name : null,
  }
}
