import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import type { AllowanceAgreement } from "../../lib/einvoice-types"
import { formatTaipeiDate, type AllowanceData } from "../../lib/ecpay"
import { planAllowance, type AllowanceRequest } from "../../lib/allowance-plan"
import { availableToAllow } from "../../lib/einvoice-actions"
import type { InvoiceLine } from "../../lib/invoice-amounts"
import { allowedSoFar, requireIssuedInvoice } from "../utils/current-invoice"

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
 * allowance row, pending, with the exact Items, before ECPay is called.
 */
export const prepareAllowanceStep = createStep(
  "ecpay-einvoice-prepare-allowance",
  async (input: PrepareAllowanceInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const invoice = await requireIssuedInvoice(service, input.order_id)
    const settings = await service.retrieveSettings()
    const agreement = input.agreement ?? settings.allowance_agreement

    const planned = planAllowance({
      request: input.request,
      items: (invoice.items ?? []) as unknown as InvoiceLine[],
      allowed: allowedSoFar(invoice),
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

    const allowance = await service.createEinvoiceAllowances({
      einvoice_id: invoice.id,
      status: "pending",
      agreement,
      amount: plan.amount,
      items: plan.items as unknown as Record<string, unknown>,
      reason: input.reason ?? null,
      notify_email: email,
      metadata: { lines: plan.lines, source: input.source ?? "admin" },
    })
    await service.recordEvent({
      action: "allowance.requested",
      einvoice_id: invoice.id,
      order_id: input.order_id,
      allowance_id: allowance.id,
      actor: input.actor,
      reason: input.reason ?? null,
      data: { agreement, amount: plan.amount, lines: plan.lines, source: input.source ?? "admin" },
    })
    return new StepResponse<PreparedAllowance, string>(
      { allowance_id: allowance.id, invoice_id: invoice.id, agreement, payload },
      allowance.id
    )
  },
  // The workflow failed after the row was written: it must not stay pending (and block the invoice) for
  // ever. If ECPay did make it, sync finds it in ECPay's list and records it.
  async (allowanceId, { container }) => {
    if (!allowanceId) {
      return
    }
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const row = await service.retrieveEinvoiceAllowance(allowanceId)
    if (row.status === "pending") {
      await service.transitionAllowance(allowanceId, "failed", {
        last_error_code: "interrupted",
        last_error_message: "The request stopped before ECPay's answer was recorded; sync with ECPay to check",
      })
    }
  }
)
