import { ArrowPath } from "@medusajs/icons"
import { Alert, Button, Container, Heading, IconButton, Skeleton, StatusBadge, Text, Tooltip, clx } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useEinvoiceSettings } from "../../hooks/use-einvoice-settings"
import { useOrderEinvoice } from "../../hooks/use-order-einvoice"
import { isPaid } from "../../../lib/einvoice-actions"
import { orderChangeKey, type WatchedOrder } from "../../lib/card-refresh"
import { EcpayPauseNotice } from "../ecpay-pause-notice"
import type { Charity, EinvoiceRecord, OrderEinvoiceView } from "../../lib/types"
import { ActionBar, ActionMenu, useRunnerRegistry } from "./card-actions"
import { AllowanceList } from "./allowance-list"
import { AdditionalInvoices } from "./additional-invoices"
import { DetailList, type DetailRow } from "./detail-list"
import { STATUS_COLORS, formatTaipeiDateTime, formatTwd, type CardStatus } from "./format"
import { InvoiceDetails, LookupLink, invoiceSummaryRows } from "./invoice-details"
import { InvoiceFailure } from "./invoice-failure"
import { InvoiceHistory } from "./invoice-history"
import { paymentStatusLabel, type Translate } from "./labels"
import { TotalRoundingNote } from "./total-rounding-note"
import { VoidDeadlineNote } from "./void-deadline"

/** The dashboard's order (the widget's data): its id, and what of it can change the invoice. */
export interface OrderLike extends WatchedOrder {
  id: string
}

/**
 * The order page's e-invoice card: the invoice's state and details, what went wrong and what to do,
 * until when it can be voided, its allowances, the actions the server allows now, and the audit trail.
 */
export function OrderEinvoiceCard({ order }: { order: OrderLike }) {
  const { t } = useTranslation()
  const query = useOrderEinvoice(order.id, orderChangeKey(order))
  const settings = useEinvoiceSettings()
  const runners = useRunnerRegistry()

  if (query.isLoading) {
    return (
      <Container
        className="flex flex-col gap-y-3 px-6 py-4"
        aria-busy="true"
        aria-label={t("ecpayEinvoice.order.loading")}
        data-ecpay-order-einvoice="loading"
      >
        <Skeleton className="h-6 w-32" />
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </Container>
    )
  }

  if (!query.data) {
    return (
      <Container className="flex flex-col gap-y-3 px-6 py-4" data-ecpay-order-einvoice="error">
        <Heading level="h2">{t("ecpayEinvoice.order.title")}</Heading>
        <Alert variant="error">{t("ecpayEinvoice.order.loadError", { message: query.error?.message ?? "" })}</Alert>
        <div>
          <Button size="small" variant="secondary" onClick={() => query.refetch()} data-action="refresh">
            {t("ecpayEinvoice.order.actions.refresh")}
          </Button>
        </div>
      </Container>
    )
  }

  const view = query.data
  const invoice = view.invoice
  const status: CardStatus = invoice?.status ?? "none"
  const charities = settings.data?.settings.charities ?? []

  return (
    <Container className="divide-y p-0" data-ecpay-order-einvoice={status}>
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">{t("ecpayEinvoice.order.title")}</Heading>
        <div className="flex items-center gap-x-2">
          <StatusBadge color={STATUS_COLORS[status]} data-ecpay-status={status}>
            {t(`ecpayEinvoice.order.status.${status}`)}
          </StatusBadge>
          <RefreshButton
            refreshing={query.isFetching}
            onRefresh={() => {
              query.refetch()
              settings.refetch()
            }}
          />
          <ActionMenu view={view} registry={runners} />
        </div>
      </div>
      <div className="flex flex-col gap-y-4 px-6 py-4" data-ecpay-body>
        {query.error ? (
          // A refresh failed: keep showing what was loaded, and say so.
          <Alert variant="warning" data-ecpay-refresh-error>
            {t("ecpayEinvoice.order.loadError", { message: query.error.message })}
          </Alert>
        ) : null}
        <EcpayPauseNotice until={view.ecpay_paused_until} />
        {invoice?.total_rounding ? <TotalRoundingNote rounding={invoice.total_rounding} /> : null}
        <CardBody
          view={view}
          invoice={invoice}
          orderCanceled={order.status === "canceled"}
          enabled={settings.data?.settings.enabled}
          charities={charities}
        />
      </div>
      <AllowanceList orderId={order.id} view={view} />
      <AdditionalInvoices view={view} />
      <ActionBar orderId={order.id} view={view} registry={runners} />
      {view.events.length ? <InvoiceHistory events={view.events} /> : null}
    </Container>
  )
}

function CardBody({
  view,
  invoice,
  orderCanceled,
  enabled,
  charities,
}: {
  view: OrderEinvoiceView
  invoice: EinvoiceRecord | null
  orderCanceled: boolean
  enabled: boolean | undefined
  charities: Charity[]
}) {
  const { t } = useTranslation()
  const payment = (
    <DetailList
      rows={[
        {
          field: "payment_status",
          label: t("ecpayEinvoice.order.paymentStatus.label"),
          value: paymentStatusLabel(t, view.payment_status),
        },
      ]}
    />
  )
  const note = (text: string, kind = "summary") => (
    <Text size="small" className="text-ui-fg-subtle" data-ecpay-summary={kind}>
      {text}
    </Text>
  )

  if (!invoice) {
    return (
      <>
        {note(noInvoiceSummary(t, view, orderCanceled, enabled), "none")}
        {payment}
      </>
    )
  }

  switch (invoice.status) {
    case "issued":
      return (
        <>
          <InvoiceDetails invoice={invoice} charities={charities} extraRows={remainingRows(t, view)} />
          {view.after_issue ? <VoidDeadlineNote after={view.after_issue} /> : null}
          <LookupLink url={view.lookup_url} />
          <EarlierInvoices view={view} />
        </>
      )
    case "voided":
      return (
        <>
          {note(t("ecpayEinvoice.order.summary.voided", { time: formatTaipeiDateTime(invoice.voided_at) }), "voided")}
          {invoice.void_reason ? note(t("ecpayEinvoice.order.summary.voidReason", { reason: invoice.void_reason }), "void-reason") : null}
          <InvoiceDetails invoice={invoice} charities={charities} />
          <LookupLink url={view.lookup_url} />
          <EarlierInvoices view={view} />
        </>
      )
    case "failed":
      return (
        <>
          <InvoiceFailure invoice={invoice} />
          <DetailList rows={[...invoiceSummaryRows(t, invoice, charities), attemptsRow(t, invoice)]} />
        </>
      )
    case "pending":
      return (
        <>
          {invoice.last_error_code ? (
            <InvoiceFailure
              invoice={invoice}
              variant="warning"
              title={
                invoice.next_attempt_at
                  ? t("ecpayEinvoice.order.summary.retryAt", { time: formatTaipeiDateTime(invoice.next_attempt_at) })
                  : t("ecpayEinvoice.order.summary.pending")
              }
            />
          ) : invoice.next_attempt_at ? (
            note(t("ecpayEinvoice.order.summary.scheduledAt", { time: formatTaipeiDateTime(invoice.next_attempt_at) }), "scheduled")
          ) : (
            note(t("ecpayEinvoice.order.summary.pending"), "pending")
          )}
          <DetailList rows={[...invoiceSummaryRows(t, invoice, charities), attemptsRow(t, invoice)]} />
        </>
      )
    case "skipped":
      return (
        <>
          {note(t("ecpayEinvoice.order.summary.skipped", { reason: invoice.status_reason ?? "" }), "skipped")}
          <DetailList
            rows={[
              { field: "amount", label: t("ecpayEinvoice.order.fields.amount"), value: formatTwd(invoice.total) },
              {
                field: "payment_status",
                label: t("ecpayEinvoice.order.paymentStatus.label"),
                value: paymentStatusLabel(t, view.payment_status),
              },
            ]}
          />
        </>
      )
  }
}

function noInvoiceSummary(t: Translate, view: OrderEinvoiceView, orderCanceled: boolean, enabled: boolean | undefined) {
  if (orderCanceled) {
    return t("ecpayEinvoice.order.summary.canceled")
  }
  if (!isPaid(view.payment_status)) {
    return t("ecpayEinvoice.order.summary.unpaid")
  }
  // The server's allowed actions are current; the settings may have been loaded a while ago.
  if (view.actions.includes("issue")) {
    return t("ecpayEinvoice.order.summary.ready")
  }
  if (enabled === false) {
    return t("ecpayEinvoice.order.summary.disabled")
  }
  return t("ecpayEinvoice.order.summary.waiting")
}

/** What is still allowable on an issued invoice (折讓 can take at most this much more). */
function remainingRows(t: Translate, view: OrderEinvoiceView): DetailRow[] {
  if (!view.after_issue) {
    return []
  }
  return [
    {
      field: "remaining_allowance",
      label: t("ecpayEinvoice.order.afterIssue.remaining"),
      value: <span className="tabular-nums">{formatTwd(view.after_issue.remaining_allowance_amount)}</span>,
    },
  ]
}

function attemptsRow(t: Translate, invoice: EinvoiceRecord) {
  return { field: "attempts", label: t("ecpayEinvoice.order.fields.attempts"), value: String(invoice.attempts) }
}

/** Invoices of the order before the current one (voided, e.g. before a reissue). */
function EarlierInvoices({ view }: { view: OrderEinvoiceView }) {
  const { t } = useTranslation()
  const earlier = view.invoices.filter((other) => other.id !== view.invoice?.id && other.invoice_number)
  if (!earlier.length) {
    return null
  }
  return (
    <div className="flex flex-col gap-y-1" data-ecpay-earlier>
      {earlier.map((other) => (
        <Text key={other.id} size="small" leading="compact" className="text-ui-fg-subtle">
          {`${other.invoice_number} · ${t(`ecpayEinvoice.order.status.${other.status}`)} · ${formatTwd(other.total)}`}
        </Text>
      ))}
    </div>
  )
}

/** Reloads the card from the server (e.g. after the retry job ran, or another admin acted). */
function RefreshButton({ refreshing, onRefresh }: { refreshing: boolean; onRefresh: () => void }) {
  const { t } = useTranslation()
  const label = t("ecpayEinvoice.order.actions.refresh")
  return (
    <Tooltip content={label}>
      <IconButton
        size="small"
        variant="transparent"
        aria-label={label}
        aria-busy={refreshing}
        disabled={refreshing}
        onClick={onRefresh}
        data-action="refresh"
      >
        <ArrowPath className={clx({ "animate-spin": refreshing })} />
      </IconButton>
    </Tooltip>
  )
}
