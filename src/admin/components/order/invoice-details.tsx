import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Copy, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Charity, EinvoiceRecord } from "../../lib/types"
import { DetailList, type DetailRow } from "./detail-list"
import { destinationOfInvoice, formatTaipeiDateTime, formatTwd } from "./format"
import { companyCarrierRow, destinationRow } from "./labels"

/**
 * What the merchant needs of an issued (or voided) invoice: number, random code,
 * date, amount, buyer, carrier / donation / company, print flag.
 */
export function InvoiceDetails({
  invoice,
  charities,
  extraRows = [],
}: {
  invoice: EinvoiceRecord
  charities: Charity[]
  /** Rows after the invoice's own (e.g. the remaining allowable amount). */
  extraRows?: DetailRow[]
}) {
  const { t } = useTranslation()
  const rows: DetailRow[] = []
  if (invoice.invoice_number) {
    rows.push({
      field: "invoice_number",
      label: t("ecpayEinvoice.order.fields.number"),
      value: (
        <span className="inline-flex items-center gap-x-1">
          <span className="text-ui-fg-base txt-compact-small-plus tabular-nums" data-invoice-number>
            {invoice.invoice_number}
          </span>
          <Copy content={invoice.invoice_number} className="text-ui-fg-muted" />
        </span>
      ),
    })
  }
  if (invoice.random_number) {
    rows.push({
      field: "random_number",
      label: t("ecpayEinvoice.order.fields.randomNumber"),
      value: <span className="tabular-nums">{invoice.random_number}</span>,
    })
  }
  if (invoice.invoice_date) {
    rows.push({
      field: "invoice_date",
      label: t("ecpayEinvoice.order.fields.date"),
      value: t("ecpayEinvoice.order.values.taipeiTime", { time: formatTaipeiDateTime(invoice.invoice_date, true) }),
    })
  }
  rows.push(...invoiceSummaryRows(t, invoice, charities))
  if (invoice.status === "issued") {
    // ECPay uploads to the Ministry of Finance's platform within 48 hours; sync brings the status.
    rows.push({
      field: "upload_status",
      label: t("ecpayEinvoice.order.fields.upload"),
      value: (
        <span data-ecpay-upload={invoice.upload_status === "1" ? "uploaded" : "waiting"}>
          {invoice.upload_status === "1" ? t("ecpayEinvoice.order.values.uploaded") : t("ecpayEinvoice.order.values.notUploaded")}
        </span>
      ),
    })
  }
  rows.push(...extraRows)
  return <DetailList rows={rows} />
}

/** Amount, type, destination, buyer, print (and, once issued, printed / won): known before the invoice is issued, too. */
export function invoiceSummaryRows(t: ReturnType<typeof useTranslation>["t"], invoice: EinvoiceRecord, charities: Charity[]): DetailRow[] {
  const destination = destinationOfInvoice(invoice)
  const split = invoice.company_amounts
  const rows: DetailRow[] = [
    // A company invoice: 銷售額 / 稅額 / 總計, as the buyer's accountant books them.
    ...(split
      ? [
          {
            field: "sales_amount",
            label: t("ecpayEinvoice.order.fields.salesAmount"),
            value: <span className="tabular-nums">{formatTwd(split.sales_amount)}</span>,
          },
          {
            field: "tax_amount",
            label: t("ecpayEinvoice.order.fields.taxAmount"),
            value: <span className="tabular-nums">{formatTwd(split.tax_amount)}</span>,
          },
        ]
      : []),
    {
      field: "amount",
      label: split ? t("ecpayEinvoice.order.fields.total") : t("ecpayEinvoice.order.fields.amount"),
      value: <span className="text-ui-fg-base tabular-nums">{formatTwd(invoice.total)}</span>,
    },
    {
      field: "type",
      label: t("ecpayEinvoice.order.fields.type"),
      value: t(`ecpayEinvoice.invoiceTypes.${invoice.type}`, { defaultValue: invoice.type }),
    },
  ]
  const where = destinationRow(t, destination, charities)
  // A carrier without a number (ECPay's member carrier) is all said by the type row: not twice.
  if (!(destination.kind === "carrier" && !destination.carrierNumber)) {
    rows.push({ ...where, value: <span className="whitespace-pre-line">{where.value}</span> })
  }
  const carrier = companyCarrierRow(t, destination)
  if (carrier) {
    rows.push(carrier)
  }
  const buyer = [destination.kind === "company" ? null : invoice.buyer_name, invoice.buyer_email].filter(Boolean).join("\n")
  if (buyer) {
    rows.push({
      field: "buyer",
      label: t("ecpayEinvoice.order.fields.buyer"),
      value: <span className="whitespace-pre-line break-all">{buyer}</span>,
    })
  }
  // Taxable (1) is the usual case; zero-rated, tax-free and mixed (9, per line) are said.
  if (invoice.tax_type && invoice.tax_type !== "1") {
    rows.push({
      field: "tax_type",
      label: t("ecpayEinvoice.fields.taxType.label"),
      value: t(`ecpayEinvoice.options.taxType.${invoice.tax_type}`, { defaultValue: invoice.tax_type }),
    })
  }
  if (invoice.currency_conversion) {
    rows.push({
      field: "conversion",
      label: t("ecpayEinvoice.order.fields.conversion"),
      value: conversionText(t, invoice.currency_conversion),
    })
  }
  rows.push({ field: "print", label: t("ecpayEinvoice.order.fields.print"), value: paperValue(t, invoice) })
  if (invoice.winning) {
    rows.push({
      field: "award",
      label: t("ecpayEinvoice.order.fields.award"),
      value: (
        <span className="text-ui-fg-base txt-compact-small-plus" data-ecpay-award={invoice.award_tier ?? "won"}>
          {invoice.award_tier ? t("ecpayEinvoice.order.values.wonTier", { tier: invoice.award_tier }) : t("ecpayEinvoice.order.values.won")}
        </span>
      ),
    })
  }
  return rows
}

/** "USD 44.98 at NT$31.5 per USD": how an order in another currency became the invoice's TWD. */
export function conversionText(
  t: ReturnType<typeof useTranslation>["t"],
  conversion: { currency_code: string; rate: number; order_total: number }
) {
  const code = conversion.currency_code.toUpperCase()
  return t("ecpayEinvoice.order.values.conversion", {
    code,
    total: conversion.order_total.toLocaleString("en-US", { maximumFractionDigits: 2 }),
    rate: conversion.rate,
  })
}

/** Paper copy: no; yes; or, for an invoice that needs paper now (printed, or won on a member carrier), printed or still to print. */
function paperValue(t: ReturnType<typeof useTranslation>["t"], invoice: EinvoiceRecord) {
  if (invoice.printed_at) {
    return (
      <span data-ecpay-paper="printed">
        {t("ecpayEinvoice.order.values.printedAt", { time: formatTaipeiDateTime(invoice.printed_at) })}
      </span>
    )
  }
  if (invoice.paper_reason) {
    return (
      <span className="text-ui-fg-base txt-compact-small-plus" data-ecpay-paper="to_print">
        {t("ecpayEinvoice.order.values.toPrint")}
      </span>
    )
  }
  return invoice.print ? t("ecpayEinvoice.order.values.yes") : t("ecpayEinvoice.order.values.no")
}

/** The Ministry of Finance's public invoice lookup (財政部發票查詢), in a new tab. */
export function LookupLink({ url }: { url: string }) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-y-1">
      <a
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover focus-visible:shadow-borders-focus inline-flex w-fit items-center gap-x-1 rounded-sm outline-none"
        data-ecpay-lookup
      >
        {t("ecpayEinvoice.order.lookup.link")}
        <ArrowUpRightOnBox />
      </a>
      <Text size="xsmall" className="text-ui-fg-muted">
        {t("ecpayEinvoice.order.lookup.hint")}
      </Text>
    </div>
  )
}
