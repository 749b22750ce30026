import { MedusaError } from "@medusajs/framework/utils"
import { formatTaipeiDate, parseEcpayDateOrNull, type AllowanceByCollegiateData, type AllowanceData } from "../../../lib/ecpay"
import { allowedSoFar, planAllowance, type AllowanceRequest } from "../../../lib/allowance-plan"
import { availableToAllow } from "../../../lib/einvoice-actions"
import type { EinvoiceActionResult } from "../../../lib/einvoice-results"
import type { AllowanceAgreement } from "../../../lib/einvoice-types"
import type { InvoiceLine } from "../../../lib/invoice-amounts"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { findNewAllowance } from "./ecpay-lookups"
import type { EcpayFailure } from "./ecpay-outcome"
import { EinvoiceOperation } from "./operation"
import { requireIssuedInvoice } from "./order-invoices"

export interface PrepareAllowanceInput {
  order_id: string
  request: AllowanceRequest
  agreement?: AllowanceAgreement
  reason?: string | null
  notify_email?: string | null
  /** Why the allowance exists, kept on it: "refund" for allowances made for a refund. */
  source?: "admin" | "refund" | "order_canceled"
  actor: Actor
}

export interface PreparedAllowance {
  allowance_id: string
  invoice_id: string
  agreement: AllowanceAgreement
  payload: AllowanceData & { ReturnURL?: string }
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
  const invoice = await requireIssuedInvoice(service, input.order_id)
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

  const payload: PreparedAllowance["payload"] = {
    InvoiceNo: invoice.invoice_number!,
    InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
    AllowanceNotify: email ? "E" : "N",
    ...(invoice.buyer_name || invoice.company_name ? { CustomerName: (invoice.company_name || invoice.buyer_name)!.slice(0, 60) } : {}),
    ...(email ? { NotifyMail: email } : {}),
    AllowanceAmount: plan.amount,
    Items: plan.items,
    ...(returnUrl ? { ReturnURL: returnUrl } : {}),
  }

  const source = input.source ?? "admin"
  const allowance = await service.createEinvoiceAllowances({
    einvoice_id: invoice.id,
    status: "pending",
    agreement,
    amount: plan.amount,
    items: plan.items as unknown as Record<string, unknown>,
    reason: input.reason ?? null,
    notify_email: email,
    metadata: { lines: plan.lines, source },
  })
  const op = new EinvoiceOperation(
    service,
    "allowance",
    { order_id: input.order_id, invoice_id: invoice.id, allowance_id: allowance.id },
    input.actor,
    input.reason ?? null
  )
  await op.audit("allowance.requested", { data: { agreement, amount: plan.amount, lines: plan.lines, source } })
  return { allowance_id: allowance.id, invoice_id: invoice.id, agreement, payload }
}

/**
 * A prepared allowance whose workflow failed before ECPay's answer was recorded: it must not stay
 * pending (and block the invoice) for ever. If ECPay did make it, sync finds it in ECPay's list and
 * records it.
 */
export async function markAllowanceInterrupted(service: EinvoiceModuleService, allowanceId: string): Promise<void> {
  const row = await service.retrieveEinvoiceAllowance(allowanceId)
  if (row.status === "pending") {
    await service.transitionAllowance(allowanceId, "failed", {
      last_error_code: "interrupted",
      last_error_message: "The request stopped before ECPay's answer was recorded; sync with ECPay to check",
    })
  }
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
  const amount = prepared.payload.AllowanceAmount

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

  if (prepared.agreement === "online") {
    const call = await op.call((client) => client.allowanceByCollegiate(prepared.payload as AllowanceByCollegiateData))
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
        data: { allowance_number: reply.IA_Allow_No, notify_email: prepared.payload.NotifyMail, expires_at: reply.IA_TempExpireDate },
      })
      return op.result("awaiting_agreement", { status: allowance.status, allowance_number: allowance.allowance_number })
    }
    // Requests awaiting agreement are not listed by ECPay: the buyer's answer (the callback) will tell.
    return call.kind === "unknown" ? await stayPending(call) : await fail(call)
  }

  const call = await op.call((client) => client.allowance(prepared.payload))
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
