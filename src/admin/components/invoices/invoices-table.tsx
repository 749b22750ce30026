import { Badge, Checkbox, StatusBadge, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useState } from "react"
import { Link } from "react-router-dom"
import type { EinvoiceListItem } from "../../lib/types"
import { STATUS_COLORS, formatTaipeiDateTime, formatTwd } from "../order/format"
import { choiceSummary } from "../order/labels"

/** What the bulk action needs of a selected invoice (kept while the merchant pages or filters). */
export interface SelectedInvoice {
  id: string
  orderId: string
  displayId: number | null
  invoiceNumber: string | null
}

export function selectedOf(row: EinvoiceListItem): SelectedInvoice {
  return { id: row.id, orderId: row.order_id, displayId: row.order_display_id, invoiceNumber: row.invoice_number }
}

/** "#42", or the order id when the order has no display id on record. */
export function orderLabel(displayId: number | null, orderId: string): string {
  return displayId !== null && displayId !== undefined ? `#${displayId}` : orderId
}

/** The order's label ("#42") as a link to its page in the dashboard. */
export function OrderLink({ orderId, displayId }: { orderId: string; displayId: number | null }) {
  return (
    <Link
      to={`/orders/${orderId}`}
      className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small-plus focus-visible:shadow-borders-focus rounded-sm outline-none"
      data-order-link
    >
      {orderLabel(displayId, orderId)}
    </Link>
  )
}

/** Only an invoice with a number has a notice ECPay can send again. */
export const isSelectable = (row: EinvoiceListItem) => !!row.invoice_number

/** The checked invoices of a list (kept while the merchant pages or filters), and the checkboxes' handlers. */
export function useInvoiceSelection(pageRows: EinvoiceListItem[]) {
  const [selected, setSelected] = useState<Map<string, SelectedInvoice>>(new Map())
  const toggleRows = (rows: EinvoiceListItem[], checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current)
      for (const row of rows) {
        if (checked) {
          next.set(row.id, selectedOf(row))
        } else {
          next.delete(row.id)
        }
      }
      return next
    })
  return {
    selected,
    setSelected,
    toggle: (row: EinvoiceListItem, checked: boolean) => toggleRows([row], checked),
    togglePage: (checked: boolean) => toggleRows(pageRows.filter(isSelectable), checked),
  }
}

/**
 * The invoices of one page: number, date (Taipei), order, where it goes, total, allowances and
 * status; a checkbox per invoice that has a number (the bulk resend's selection).
 */
export function InvoicesTable({
  rows,
  selected,
  onToggle,
  onTogglePage,
}: {
  rows: EinvoiceListItem[]
  selected: Map<string, SelectedInvoice>
  onToggle: (row: EinvoiceListItem, checked: boolean) => void
  onTogglePage: (checked: boolean) => void
}) {
  const { t } = useTranslation()
  const selectable = rows.filter(isSelectable)
  const selectedOnPage = selectable.filter((row) => selected.has(row.id)).length
  const pageState: boolean | "indeterminate" = selectedOnPage === 0 ? false : selectedOnPage === selectable.length ? true : "indeterminate"

  return (
    <div className="overflow-x-auto">
      <Table data-ecpay-invoices-table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell className="w-10">
              <Checkbox
                checked={pageState}
                disabled={!selectable.length}
                onCheckedChange={(checked) => onTogglePage(checked === true)}
                aria-label={t("ecpayEinvoice.invoices.columns.selectAll")}
                data-select-page
              />
            </Table.HeaderCell>
            <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.number")}</Table.HeaderCell>
            <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.date")}</Table.HeaderCell>
            <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.order")}</Table.HeaderCell>
            <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.type")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("ecpayEinvoice.invoices.columns.total")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("ecpayEinvoice.invoices.columns.allowances")}</Table.HeaderCell>
            <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.status")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row
              key={row.id}
              data-ecpay-invoice-row={row.id}
              data-status={row.status}
              data-order-id={row.order_id}
              data-invoice-number={row.invoice_number ?? ""}
            >
              <Table.Cell>
                <Checkbox
                  checked={selected.has(row.id)}
                  disabled={!isSelectable(row)}
                  onCheckedChange={(checked) => onToggle(row, checked === true)}
                  aria-label={t("ecpayEinvoice.invoices.columns.select", {
                    number: row.invoice_number ?? orderLabel(row.order_display_id, row.order_id),
                  })}
                  data-select-row
                />
              </Table.Cell>
              <Table.Cell data-cell="number">
                {row.invoice_number ? (
                  <span className="inline-flex items-center gap-x-2">
                    <span className="text-ui-fg-base txt-compact-small-plus tabular-nums">{row.invoice_number}</span>
                    {row.winning ? (
                      <Badge size="2xsmall" color="green" data-ecpay-winning>
                        {t("ecpayEinvoice.invoices.values.winning")}
                      </Badge>
                    ) : null}
                    {row.paper_reason && !row.printed_at ? (
                      <Badge size="2xsmall" color="orange" data-ecpay-to-print>
                        {t("ecpayEinvoice.invoices.values.toPrint")}
                      </Badge>
                    ) : null}
                  </span>
                ) : (
                  <Text size="small" className="text-ui-fg-muted">
                    {t("ecpayEinvoice.invoices.values.noNumber")}
                  </Text>
                )}
              </Table.Cell>
              <Table.Cell data-cell="date" className="tabular-nums">
                {row.invoice_date ? formatTaipeiDateTime(row.invoice_date) : "-"}
              </Table.Cell>
              <Table.Cell data-cell="order">
                <OrderLink orderId={row.order_id} displayId={row.order_display_id} />
              </Table.Cell>
              <Table.Cell data-cell="type" className="max-w-[280px] truncate" title={choiceSummary(t, row)}>
                {choiceSummary(t, row)}
              </Table.Cell>
              <Table.Cell data-cell="total" className="text-right tabular-nums">
                {formatTwd(row.total)}
              </Table.Cell>
              <Table.Cell data-cell="allowances" className="text-right tabular-nums">
                {row.allowance_count
                  ? t("ecpayEinvoice.invoices.values.allowances", { amount: formatTwd(row.allowance_total), n: row.allowance_count })
                  : "-"}
              </Table.Cell>
              <Table.Cell data-cell="status">
                <StatusBadge color={STATUS_COLORS[row.status]} data-ecpay-status={row.status}>
                  {t(`ecpayEinvoice.order.status.${row.status}`)}
                </StatusBadge>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  )
}
