import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { allowanceActions, allowedActions, availableToAllow, isPaid, voidBlocker } from "../../lib/einvoice-actions"
import { allowedSoFar, invoiceLineStates } from "../../lib/allowance-plan"
import type { InvoiceLine } from "../../lib/invoice-amounts"
import { invoicePeriodOf, isPastVoidDeadline, voidDeadline } from "../../lib/invoice-period"
import type { InvoiceWithAllowances } from "../../modules/einvoice/operations/order-invoices"
import { invoiceLookupUrl } from "../../lib/invoice-lookup"
import { paperView } from "../../lib/invoice-paper"
import { companyAmounts } from "../../lib/sales-tax"
import { recordedRounding } from "../../lib/invoice-amounts"
import { buildIssuePayload, recordedConversion, taxFields, taxKindConflict } from "../../lib/order-invoice-payload"
import { relateNumberForOrder } from "../../lib/relate-number"
import { loadOrderForInvoice, loadOrderStateForInvoice } from "../../workflows/utils/order-for-invoice"
import type { AdminOrderEinvoiceResponse, AfterIssueView, EinvoiceItem, IssuePreview } from "../types"

/**
 * Everything the admin shows about an order's invoices: all invoices (newest first) with their
 * allowances, the audit trail, the actions allowed now, and — when issuing is allowed — a preview of
 * exactly what would be sent to ECPay.
 */
export async function buildOrderEinvoiceView(container: MedusaContainer, orderId: string): Promise<AdminOrderEinvoiceResponse<Date>> {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  // The order's state; the whole order (lines, totals) only for the preview of an issue.
  const loaded = await loadOrderStateForInvoice(container, orderId)
  const settings = await service.retrieveSettings()
  const invoices = await service.listOrderInvoices(orderId)
  const additional = await service.listAdditionalInvoices(orderId)
  const current = invoices.find((invoice) => invoice.status !== "voided") ?? null
  const shown = current ?? invoices[0] ?? null
  const events = await service.listEinvoiceEvents({ order_id: orderId }, { order: { created_at: "DESC" }, take: 200 })
  const actions = allowedActions({
    enabled: settings.enabled,
    paid: isPaid(loaded.payment_status),
    canceled: loaded.canceled,
    invoice: shown,
    allowances: shown?.allowances,
  })
  const withActions = invoices.map((invoice) => ({
    ...invoice,
    ...derivedInvoiceFields(invoice),
    allowances: (invoice.allowances ?? []).map((allowance) => ({
      ...allowance,
      items: storedItems(allowance.items),
      actions: allowanceActions(allowance, { enabled: settings.enabled }),
    })),
  }))
  const shownWithActions = shown ? withActions.find((invoice) => invoice.id === shown.id)! : null

  let preview: IssuePreview | null = null
  if (actions.includes("issue") || actions.includes("retry")) {
    const { order } = await loadOrderForInvoice(container, orderId)
    const { choice, source } = await service.resolveOrderChoice(orderId, loaded.cart_id)
    const decision = buildIssuePayload({
      order,
      choice,
      settings,
      relateNumber: relateNumberForOrder({ prefix: settings.relate_number_prefix, order, invoices }),
    })
    // A retry after an attempt that may have reached ECPay resends the stored lines and total.
    const resent = current?.status === "pending" && current.attempts > 0
    preview =
      decision.kind === "issue"
        ? {
            kind: "issue",
            choice_source: source,
            type: choice.type,
            ...decision.payload,
            total_rounding: decision.rounding,
            currency_conversion: decision.conversion,
            tax_conflict: resent ? null : taxKindConflict(decision.payload),
            // …with the TaxType sent with them.
            ...(resent
              ? {
                  ...taxFields(current.tax_type, settings, storedItems(current.items) ?? []),
                  SalesAmount: current.total,
                  Items: storedItems(current.items) ?? decision.payload.Items,
                }
              : {}),
          }
        : { kind: decision.kind, choice_source: source, type: choice.type, reason: decision.reason }
  }

  return {
    order_id: orderId,
    payment_status: loaded.payment_status,
    state: {
      enabled: settings.enabled,
      issue_mode: settings.issue_mode,
      issue_trigger: settings.issue_trigger,
      issue_delay_days: settings.issue_delay_days,
      canceled: loaded.canceled,
    },
    invoice: shownWithActions,
    invoices: withActions,
    additional_invoices: additional.map((invoice) => ({ ...invoice, ...derivedInvoiceFields(invoice), allowances: [] })),
    allowances: withActions.flatMap((invoice) => invoice.allowances),
    after_issue: shown ? afterIssue(shown, settings, service.allowanceCallbackUrl() !== null) : null,
    events,
    actions,
    preview,
    lookup_url: invoiceLookupUrl(),
    ecpay_paused_until: await service.ecpayPausedUntil(),
  }
}

/** What the void and allowance forms need about an issued (or voided) invoice. */
function afterIssue(
  invoice: InvoiceWithAllowances,
  settings: { allowance_agreement: "paper" | "online"; enabled: boolean },
  onlineAvailable: boolean
): AfterIssueView | null {
  if (!invoice.invoice_date || (invoice.status !== "issued" && invoice.status !== "voided")) {
    return null
  }
  const date = new Date(invoice.invoice_date)
  const blocker = voidBlocker({ enabled: settings.enabled, paid: true, canceled: false, invoice, allowances: invoice.allowances })
  return {
    period: invoicePeriodOf(date).label,
    void_deadline: voidDeadline(date).toISOString(),
    /** Before the period's void deadline (whatever else blocks a void: see void_blocked_by). */
    voidable: !isPastVoidDeadline(date),
    void_blocked_by: blocker,
    // A voided invoice takes no allowance.
    remaining_allowance_amount: invoice.status === "voided" ? 0 : availableToAllow(invoice, invoice.allowances),
    lines: invoiceLineStates((invoice.items ?? []) as unknown as InvoiceLine[], allowedSoFar(invoice.allowances)),
    default_agreement: onlineAvailable ? settings.allowance_agreement : "paper",
    buyer_email: invoice.buyer_email,
    online_available: onlineAvailable,
  }
}

/**
 * What the admin reads next to an invoice's stored fields, derived from them (lib rules): paper and lottery,
 * the company split, the recorded rounding and currency conversion, and its Items as sent.
 */
export function derivedInvoiceFields(
  invoice: Parameters<typeof paperView>[0] & Parameters<typeof companyAmounts>[0] & { metadata: unknown; items: unknown }
) {
  return {
    ...paperView(invoice),
    company_amounts: companyAmounts(invoice),
    total_rounding: recordedRounding(invoice.metadata),
    currency_conversion: recordedConversion(invoice.metadata),
    items: storedItems(invoice.items),
  }
}

/**
 * The Items of an invoice or an allowance as stored (a JSON column: the array exactly as sent to
 * ECPay); null when none were stored.
 */
export function storedItems(json: unknown): EinvoiceItem[] | null {
  return Array.isArray(json) ? (json as EinvoiceItem[]) : null
}
