import { ArrowPath } from "@medusajs/icons"
import { Button, Checkbox, StatusBadge, Table, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { HELD_ERROR_CODES } from "../../../lib/einvoice-attention"
import { einvoiceAttentionQueryKey, einvoiceListQueryKey, useEinvoiceAttention } from "../../hooks/use-einvoices"
import type { AttentionOrder, EinvoiceListItem } from "../../lib/types"
import { failureText } from "../order/action-notify"
import { STATUS_COLORS, formatTaipeiDateTime, formatTwd } from "../order/format"
import type { Translate } from "../order/labels"
import { BulkResendDialog } from "./bulk-resend-dialog"
import { ViewEmpty, ViewLoadError, ViewLoading } from "./view-states"
import { keepFailed } from "./bulk-resend-model"
import { OrderLink, orderLabel, type SelectedInvoice } from "./invoices-table"

/** One line of the view: an invoice that failed or waits, or a paid order with none. */
interface AttentionRow {
  key: string
  kind: "failed" | "pending" | "held" | "not_issued"
  orderId: string
  displayId: number | null
  invoiceNumber: string | null
  /** Why it is here, in the merchant's words (ECPay's code and message when ECPay refused). */
  reason: string
  total: number | null
  at: string
}

const KIND_COLORS: Record<AttentionRow["kind"], "red" | "orange" | "grey" | "blue"> = {
  failed: STATUS_COLORS.failed as "red",
  pending: STATUS_COLORS.pending as "orange",
  held: "grey",
  not_issued: "blue",
}

/**
 * "Needs attention": failed and pending invoices whatever their period, and paid orders without an
 * invoice, with a checkbox each; "Issue or retry" works through the selected orders with progress and a
 * summary (issuing a failed or pending invoice retries it).
 */
export function AttentionView({ pausedUntil }: { pausedUntil: string | null }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const query = useEinvoiceAttention()
  const [selected, setSelected] = useState<Map<string, SelectedInvoice>>(new Map())
  const [bulkOpen, setBulkOpen] = useState(false)

  if (query.isLoading) {
    return <ViewLoading marker="data-ecpay-attention" />
  }
  const data = query.data
  if (!data) {
    return <ViewLoadError marker="data-ecpay-attention" error={query.error} />
  }

  const rows: AttentionRow[] = [
    ...data.invoices.map((invoice) => invoiceRow(t, invoice)),
    ...data.orders_without_invoice.map((order) => orderRow(t, order)),
  ]
  const toggle = (row: AttentionRow, checked: boolean) =>
    setSelected((current) => {
      const next = new Map(current)
      if (checked) {
        next.set(row.orderId, { id: row.orderId, orderId: row.orderId, displayId: row.displayId, invoiceNumber: row.invoiceNumber })
      } else {
        next.delete(row.orderId)
      }
      return next
    })
  const allState: boolean | "indeterminate" = !selected.size ? false : selected.size === rows.length ? true : "indeterminate"
  const shown = data.invoices.length + data.orders_without_invoice.length

  return (
    <div data-ecpay-attention={rows.length ? "list" : "empty"} data-count={data.counts.total}>
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Text size="small" weight="plus" data-ecpay-attention-counts>
            {t("ecpayEinvoice.invoices.attention.counts", {
              failed: data.counts.failed,
              pending: data.counts.pending,
              held: data.counts.held,
              without: data.counts.without_invoice,
            })}
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.invoices.attention.description", { since: formatTaipeiDateTime(data.since) })}
          </Text>
        </div>
        <div className="flex items-center gap-2">
          <Button
            size="small"
            variant="transparent"
            onClick={() => query.refetch()}
            isLoading={query.isFetching}
            data-action="attention-refresh"
          >
            <ArrowPath />
            {t("ecpayEinvoice.order.actions.refresh")}
          </Button>
          <Button
            size="small"
            variant="primary"
            disabled={!selected.size || !!pausedUntil}
            onClick={() => setBulkOpen(true)}
            title={pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : undefined}
            data-action="bulk-issue"
            data-selected={selected.size}
          >
            {selected.size
              ? t("ecpayEinvoice.invoices.attention.buttonCount", { n: selected.size })
              : t("ecpayEinvoice.invoices.attention.button")}
          </Button>
        </div>
      </div>

      {rows.length ? (
        <div className="overflow-x-auto">
          <Table data-ecpay-attention-table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="w-10">
                  <Checkbox
                    checked={allState}
                    onCheckedChange={(checked) => {
                      for (const row of rows) toggle(row, checked === true)
                    }}
                    aria-label={t("ecpayEinvoice.invoices.columns.selectAll")}
                    data-select-page
                  />
                </Table.HeaderCell>
                <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.order")}</Table.HeaderCell>
                <Table.HeaderCell>{t("ecpayEinvoice.invoices.columns.status")}</Table.HeaderCell>
                <Table.HeaderCell>{t("ecpayEinvoice.invoices.attention.reason")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("ecpayEinvoice.invoices.columns.total")}</Table.HeaderCell>
                <Table.HeaderCell>{t("ecpayEinvoice.invoices.attention.since")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.key} data-ecpay-attention-row={row.kind} data-order-id={row.orderId}>
                  <Table.Cell>
                    <Checkbox
                      checked={selected.has(row.orderId)}
                      onCheckedChange={(checked) => toggle(row, checked === true)}
                      aria-label={t("ecpayEinvoice.invoices.columns.select", { number: orderLabel(row.displayId, row.orderId) })}
                      data-select-row
                    />
                  </Table.Cell>
                  <Table.Cell data-cell="order">
                    <OrderLink orderId={row.orderId} displayId={row.displayId} />
                  </Table.Cell>
                  <Table.Cell data-cell="kind">
                    <StatusBadge color={KIND_COLORS[row.kind]}>{t(`ecpayEinvoice.invoices.attention.kinds.${row.kind}`)}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell data-cell="reason" className="max-w-[420px] whitespace-normal break-words">
                    {row.reason}
                  </Table.Cell>
                  <Table.Cell data-cell="total" className="text-right tabular-nums">
                    {row.total === null ? "-" : formatTwd(row.total)}
                  </Table.Cell>
                  <Table.Cell data-cell="at" className="tabular-nums">
                    {formatTaipeiDateTime(row.at)}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {shown < data.counts.total ? (
            <Text size="small" className="text-ui-fg-subtle px-6 py-3" data-ecpay-attention-more>
              {t("ecpayEinvoice.invoices.attention.more", { shown, total: data.counts.total })}
            </Text>
          ) : null}
        </div>
      ) : (
        <ViewEmpty marker="data-ecpay-attention" text={t("ecpayEinvoice.invoices.attention.empty")} />
      )}

      <BulkResendDialog
        kind="issue"
        open={bulkOpen}
        invoices={Array.from(selected.values())}
        onOpenChange={setBulkOpen}
        onFinished={(summary) => {
          setSelected((current) => keepFailed(current, summary))
          queryClient.invalidateQueries({ queryKey: einvoiceAttentionQueryKey })
          queryClient.invalidateQueries({ queryKey: einvoiceListQueryKey })
        }}
      />
    </div>
  )
}

function invoiceRow(t: Translate, invoice: EinvoiceListItem): AttentionRow {
  const held = invoice.status === "pending" && (HELD_ERROR_CODES as readonly string[]).includes(invoice.last_error_code ?? "")
  const reason = invoice.last_error_message
    ? failureText(t, invoice.last_error_code, invoice.last_error_message)
    : invoice.next_attempt_at
      ? t("ecpayEinvoice.order.summary.scheduledAt", { time: formatTaipeiDateTime(invoice.next_attempt_at) })
      : t("ecpayEinvoice.order.summary.pending")
  return {
    key: invoice.id,
    kind: invoice.status === "failed" ? "failed" : held ? "held" : "pending",
    orderId: invoice.order_id,
    displayId: invoice.order_display_id,
    invoiceNumber: invoice.invoice_number,
    reason,
    total: invoice.total,
    at: String(invoice.updated_at),
  }
}

function orderRow(t: Translate, order: AttentionOrder): AttentionRow {
  return {
    key: order.order_id,
    kind: "not_issued",
    orderId: order.order_id,
    displayId: order.display_id,
    invoiceNumber: null,
    reason: t("ecpayEinvoice.invoices.attention.notIssued", { email: order.email ?? "-" }),
    total: null,
    at: String(order.created_at),
  }
}
