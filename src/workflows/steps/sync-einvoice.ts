import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { actionResult, type EinvoiceActionResult } from "../utils/action-result"
import { callEcpay, clientFor, describe, findByRelateNumber, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"
import { loadOrderInvoices, type InvoiceWithAllowances } from "../utils/current-invoice"
import { listInvoiceAllowances, safeDate } from "../utils/ecpay-allowances"

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
    const failed = async (outcome: "failed" | "unknown", code: string, message: string) => {
      await audit("invoice.sync_failed", { success: false, rtn_code: code, rtn_msg: message })
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
    const remaining = Number(remote.IIS_Remain_Allowance_Amt)
    if (Number.isFinite(remaining) && remaining !== invoice.remaining_allowance_amount) {
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
    if (remote.IIS_Invalid_Status === "1" && invoice.status === "issued") {
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
    }
    await expireOnlineRequests(service, invoice, changes, input.actor)

    await audit("invoice.synced", { data: { changes } })
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
      row = rows.find((candidate) => candidate.status === "pending" && !candidate.allowance_number && candidate.amount === entry.amount && !settled.has(candidate.id))
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
    if (row.status === "awaiting_agreement" && !entry.voided) {
      await service.transitionAllowance(row.id, "issued", { allowance_date: safeDate(entry.date) ?? new Date() })
      await audit("allowance.agreed", row.id, { allowance_number: entry.number, via: "sync" })
      changes.push("allowance_agreed")
    } else if (entry.voided && (row.status === "issued" || row.status === "awaiting_agreement")) {
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

/** Online requests the buyer left unanswered past their 72 hours are over; their amount is free again. */
async function expireOnlineRequests(service: EinvoiceModuleService, invoice: InvoiceWithAllowances, changes: string[], actor: Actor) {
  const now = Date.now()
  for (const row of invoice.allowances ?? []) {
    const current = await service.retrieveEinvoiceAllowance(row.id)
    if (current.status === "awaiting_agreement" && current.expires_at && new Date(current.expires_at).getTime() < now) {
      await service.transitionAllowance(row.id, "rejected", { last_error_message: "The buyer did not answer within 72 hours" })
      await service.recordEvent({
        action: "allowance.expired",
        einvoice_id: invoice.id,
        order_id: invoice.order_id,
        allowance_id: row.id,
        actor,
      })
      changes.push("allowance_expired")
    }
  }
}
