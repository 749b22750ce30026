import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { invoiceLookupUrl } from "../../lib/invoice-lookup"

/**
 * Sends the shopper a Medusa notification about the issued invoice when the store turned it on
 * (ECPay e-mails the shopper itself as well). The store's own e-mail provider renders the template.
 * A failure is recorded in the audit trail and does not undo the issue.
 */
export const notifyEinvoiceIssuedStep = createStep(
  "ecpay-einvoice-notify-issued",
  async ({ invoice_id }: { invoice_id: string }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const settings = await service.retrieveSettings()
    const invoice = await service.retrieveEinvoice(invoice_id)
    if (!settings.notify_by_medusa || !invoice.buyer_email) {
      return new StepResponse({ sent: false })
    }
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications({
        to: invoice.buyer_email,
        channel: "email",
        template: settings.notification_template,
        trigger_type: "ecpay_einvoice.issued",
        resource_id: invoice.id,
        resource_type: "einvoice",
        idempotency_key: `ecpay-einvoice-issued:${invoice.id}`,
        data: {
          order_id: invoice.order_id,
          order_display_id: invoice.order_display_id,
          invoice_number: invoice.invoice_number,
          random_number: invoice.random_number,
          invoice_date: invoice.invoice_date,
          total: invoice.total,
          type: invoice.type,
          carrier_type: invoice.carrier_type,
          carrier_number: invoice.carrier_number,
          love_code: invoice.love_code,
          company_tax_id: invoice.company_tax_id,
          company_name: invoice.company_name,
          lookup_url: invoiceLookupUrl(),
        },
      })
      await service.recordEvent({ action: "invoice.notified", einvoice_id: invoice.id, order_id: invoice.order_id, data: { channel: "email" } })
      return new StepResponse({ sent: true })
    } catch (error) {
      await service.recordEvent({
        action: "invoice.notify_failed",
        success: false,
        einvoice_id: invoice.id,
        order_id: invoice.order_id,
        reason: error instanceof Error ? error.message : String(error),
      })
      return new StepResponse({ sent: false })
    }
  }
)
