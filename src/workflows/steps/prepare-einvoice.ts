import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { buildIssuePayload, type IssuePayload } from "../../lib/order-invoice-payload"
import { relateNumberForOrder } from "../../lib/relate-number"
import { isPaid } from "../../lib/einvoice-actions"
import { autoIssuePlan, isAutomaticTrigger } from "../../lib/auto-issue"
import type { LoadedOrder } from "../utils/order-for-invoice"
import { resolveOrderChoice } from "../utils/resolve-choice"

export type IssueTrigger =
  | "manual"
  | "payment_captured"
  | "order_placed"
  | "fulfillment"
  | "shipment"
  | "retry"

export interface PrepareEinvoiceInput {
  loaded: LoadedOrder
  trigger: IssueTrigger
  actor: Actor
}

export type PrepareEinvoiceResult =
  | { outcome: "submit"; invoice_id: string; payload: IssuePayload; reconcile_only: boolean }
  | { outcome: "scheduled" | "skipped" | "failed" | "already_issued"; invoice_id: string }
  | { outcome: "not_issuable"; reason: string }

/**
 * Decides whether the order's invoice can be issued now and, if so, writes (or reuses) the pending
 * invoice row with its RelateNumber and the exact payload before ECPay is called. Manual requests
 * that cannot be honoured are refused with a 400 that says why; automatic ones are a no-op.
 */
export const prepareEinvoiceStep = createStep(
  "ecpay-einvoice-prepare",
  async (input: PrepareEinvoiceInput, { container }): Promise<StepResponse<PrepareEinvoiceResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const { loaded, trigger } = input
    const orderId = loaded.order.id
    const manual = trigger === "manual"
    const done = (result: PrepareEinvoiceResult) => new StepResponse<PrepareEinvoiceResult>(result)
    // `code` lets the admin word the refusal in the merchant's language.
    const refuse = (reason: string, code: "einvoice_disabled" | "order_canceled" | "order_not_paid") => {
      if (manual) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, reason, code)
      }
      return done({ outcome: "not_issuable", reason })
    }

    const settings = await service.retrieveSettings()
    if (!settings.enabled) {
      return refuse("E-invoicing is turned off in the ECPay e-invoice settings", "einvoice_disabled")
    }
    let issueAt: Date | null = null
    if (isAutomaticTrigger(trigger)) {
      const plan = autoIssuePlan(settings, trigger)
      if (!plan) {
        return done({ outcome: "not_issuable", reason: `Automatic issuing does not act on ${trigger}` })
      }
      issueAt = plan.issueAt
    }
    const invoices = await service.listEinvoices({ order_id: orderId }, { order: { created_at: "ASC" } })
    const current = invoices.find((invoice) => invoice.status !== "voided")
    if (current?.status === "issued") {
      return done({ outcome: "already_issued", invoice_id: current.id })
    }
    if (loaded.canceled) {
      if (current?.status === "pending" && current.attempts > 0) {
        // An earlier attempt may have reached ECPay: find out, but issue nothing new.
        return done({ outcome: "submit", invoice_id: current.id, payload: storedPayload(current), reconcile_only: true })
      }
      if (current?.status === "pending") {
        await service.transitionInvoice(current.id, "skipped", { status_reason: "The order was canceled before the invoice was issued" })
        await service.recordEvent({ action: "invoice.skipped", einvoice_id: current.id, order_id: orderId, actor: input.actor, reason: "order canceled" })
      }
      return refuse("The order is canceled: no invoice is issued for it", "order_canceled")
    }
    if (!isPaid(loaded.payment_status)) {
      return refuse(
        `Only paid orders can be invoiced; this order's payment is ${loaded.payment_status.replace(/_/g, " ")}`,
        "order_not_paid"
      )
    }
    if (current?.status === "pending" && isAutomaticTrigger(trigger)) {
      // Already scheduled, under way or waiting for its retry: a repeated or second event changes nothing.
      return done({ outcome: "scheduled", invoice_id: current.id })
    }

    const relateNumber = relateNumberForOrder({ prefix: settings.relate_number_prefix, order: loaded.order, invoices })
    const { choice } = await resolveOrderChoice(service, orderId, loaded.cart_id)
    const decision = buildIssuePayload({ order: loaded.order, choice, settings, relateNumber })

    const fields = {
      order_display_id: loaded.order.display_id ?? null,
      currency_code: loaded.order.currency_code,
      type: choice.type,
      tax_type: settings.tax_type,
      company_tax_id: choice.company_tax_id,
      company_name: choice.company_name,
      love_code: choice.love_code,
      ...(decision.kind === "issue"
        ? {
            total: decision.payload.SalesAmount,
            // Stored exactly as sent; the json column is typed as an object.
            items: decision.payload.Items as unknown as Record<string, unknown>,
            buyer_name: decision.payload.CustomerName || null,
            buyer_email: decision.payload.CustomerEmail || null,
            buyer_phone: decision.payload.CustomerPhone || null,
            buyer_address: decision.payload.CustomerAddr || null,
            carrier_type: decision.payload.CarrierType || null,
            carrier_number: decision.payload.CarrierNum || null,
            carrier_number2: decision.payload.CarrierNum2 || null,
            donation: decision.payload.Donation === "1",
            print: decision.payload.Print === "1",
          }
        : { total: Math.max(0, Math.round(loaded.order.total)), buyer_email: loaded.order.email ?? null }),
    }

    // An earlier attempt may have reached ECPay with the stored payload: keep it, so reconciling
    // by RelateNumber compares like with like.
    const keepStoredPayload = current && current.attempts > 0 && current.status === "pending"
    let invoice = current
    if (!invoice) {
      invoice = await service.createEinvoices({ order_id: orderId, relate_number: relateNumber, ...fields })
    } else if (!keepStoredPayload) {
      await service.updateEinvoices({ id: invoice.id, ...fields })
    }

    const audit = (action: string, extra: Record<string, unknown> = {}) =>
      service.recordEvent({ action, einvoice_id: invoice!.id, order_id: orderId, actor: input.actor, ...extra })

    if (decision.kind === "skip") {
      await service.transitionInvoice(invoice.id, "skipped", { status_reason: decision.reason })
      await audit("invoice.skipped", { reason: decision.reason })
      return done({ outcome: "skipped", invoice_id: invoice.id })
    }
    if (decision.kind === "fail") {
      await service.transitionInvoice(invoice.id, "failed", {
        status_reason: decision.reason,
        last_error_code: decision.code,
        last_error_message: decision.reason,
      })
      await audit("invoice.failed", { success: false, reason: decision.reason, rtn_code: decision.code })
      return done({ outcome: "failed", invoice_id: invoice.id })
    }
    if (invoice.status !== "pending") {
      await service.transitionInvoice(invoice.id, "pending", { status_reason: null })
    }
    if (issueAt) {
      await service.updateEinvoices({ id: invoice.id, next_attempt_at: issueAt })
      await audit("invoice.scheduled", { data: { issue_at: issueAt.toISOString(), trigger } })
      return done({ outcome: "scheduled", invoice_id: invoice.id })
    }
    const payload = keepStoredPayload
      ? { ...decision.payload, SalesAmount: current!.total, Items: storedPayload(current!).Items }
      : decision.payload
    return done({ outcome: "submit", invoice_id: invoice.id, payload, reconcile_only: false })
  }
)

/** The amounts of the payload an earlier attempt sent, as stored on the invoice row. */
function storedPayload(invoice: { relate_number: string; total: number; items: unknown }): IssuePayload {
  return {
    RelateNumber: invoice.relate_number,
    SalesAmount: invoice.total,
    Items: (invoice.items ?? []) as IssuePayload["Items"],
  } as IssuePayload
}
