import { invoiceLookupUrl } from "./invoice-lookup"

/** The Medusa notification (the store's own e-mail provider renders the template) about an issued invoice. */
export interface IssuedNotification {
  to: string
  channel: "email"
  template: string
  trigger_type: "ecpay_einvoice.issued"
  resource_id: string
  resource_type: "einvoice"
  idempotency_key: string
  data: Record<string, unknown>
}

export interface NotifiedInvoice {
  id: string
  order_id: string
  order_display_id: number | null
  invoice_number: string | null
  random_number: string | null
  invoice_date: Date | string | null
  total: number
  type: string
  buyer_email: string | null
  carrier_type: string | null
  carrier_number: string | null
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
}

/**
 * The notification to send the shopper about the issued invoice, or null when the store has not turned
 * Medusa's notification on or the invoice has no buyer e-mail. ECPay e-mails the shopper itself as well.
 */
export function issuedNotification(
  settings: { notify_by_medusa: boolean; notification_template: string },
  invoice: NotifiedInvoice
): IssuedNotification | null {
  if (!settings.notify_by_medusa || !invoice.buyer_email) {
    return null
  }
  return {
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
  }
}
