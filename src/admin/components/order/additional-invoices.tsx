import { Heading, StatusBadge, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EinvoiceRecord, OrderEinvoiceView } from "../../lib/types"
import { STATUS_COLORS, formatTaipeiDateTime, formatTwd } from "./format"
import { ItemLines } from "./item-lines"

/**
 * The order's additional invoices (補開發票): what exchanges and edits added after the invoice was issued,
 * each with its number, date, amount, lines and status (waiting for the shopper's payment, issued, failed
 * with ECPay's reply).
 */
export function AdditionalInvoices({ view }: { view: OrderEinvoiceView }) {
  const { t } = useTranslation()
  const invoices = view.additional_invoices ?? []
  if (!invoices.length) {
    return null
  }
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-ecpay-additional-invoices>
      <Heading level="h3">{t("ecpayEinvoice.order.additional.title")}</Heading>
      <ul className="flex flex-col divide-y rounded-md border">
        {invoices.map((invoice) => (
          <AdditionalInvoice key={invoice.id} invoice={invoice} />
        ))}
      </ul>
    </div>
  )
}

function AdditionalInvoice({ invoice }: { invoice: EinvoiceRecord }) {
  const { t } = useTranslation()
  const source = (invoice.metadata as { additional?: { source?: string } } | null)?.additional?.source
  const failed = invoice.status === "failed" || !!invoice.last_error_code
  return (
    <li className="flex flex-col gap-y-2 px-4 py-3" data-ecpay-additional-invoice={invoice.id} data-status={invoice.status}>
      <div className="flex items-start justify-between gap-x-2">
        <div className="flex min-w-0 flex-col gap-y-0.5">
          <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-additional-number>
            {invoice.invoice_number ?? t("ecpayEinvoice.order.additional.noNumber")}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            {[
              invoice.invoice_date ? formatTaipeiDateTime(invoice.invoice_date) : null,
              source ? t(`ecpayEinvoice.order.additional.source.${source}`, { defaultValue: source }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-y-1">
          <StatusBadge color={STATUS_COLORS[invoice.status] ?? "grey"}>{t(`ecpayEinvoice.order.status.${invoice.status}`)}</StatusBadge>
          <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-additional-total={invoice.total}>
            {formatTwd(invoice.total)}
          </Text>
        </div>
      </div>
      {invoice.items?.length ? <ItemLines items={invoice.items} name="additional" /> : null}
      {invoice.status === "pending" && invoice.attempts === 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-additional-awaiting-payment>
          {t("ecpayEinvoice.order.additional.awaitingPayment")}
        </Text>
      ) : null}
      {failed && invoice.last_error_message ? (
        <Text size="small" className="text-ui-fg-error break-words" data-additional-error>
          {t("ecpayEinvoice.order.additional.error", { code: invoice.last_error_code ?? "", message: invoice.last_error_message })}
        </Text>
      ) : null}
    </li>
  )
}
