import { Button, Heading, Text, clx } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { useAdminUserNames } from "../../hooks/use-order-einvoice"
import type { EinvoiceEventRecord } from "../../lib/types"
import { ORDER_CHANGE_SOURCES } from "../../../lib/order-change-allowance"
import { ecpayCodeText, formatTaipeiDateTime, formatTwd, isEcpayCode } from "./format"
import { agreementLabel, choiceSummary, type ChoiceLike, type Translate } from "./labels"

const COLLAPSED_COUNT = 4
/** Automatic allowances whose source the history names. */
const ALLOWANCE_SOURCES: string[] = ["refund", ...ORDER_CHANGE_SOURCES]

/** The audit trail of the order's invoices (newest first), drawn like the dashboard's order timeline. */
export function InvoiceHistory({ events }: { events: EinvoiceEventRecord[] }) {
  const { t } = useTranslation()
  const [expanded, setExpanded] = useState(false)
  const names = useAdminUserNames(events.filter((e) => e.actor_type === "user" && e.actor_id).map((e) => e.actor_id!))
  const shown = expanded ? events : events.slice(0, COLLAPSED_COUNT)

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-ecpay-history>
      <Heading level="h3">{t("ecpayEinvoice.order.history.title")}</Heading>
      {events.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t("ecpayEinvoice.order.history.empty")}
        </Text>
      ) : (
        <ol className="flex flex-col gap-y-0.5">
          {shown.map((event, index) => (
            <HistoryItem key={event.id} event={event} actor={actorLabel(t, event, names)} last={index === shown.length - 1} />
          ))}
        </ol>
      )}
      {events.length > COLLAPSED_COUNT ? (
        <div>
          <Button size="small" variant="transparent" onClick={() => setExpanded(!expanded)} data-action="history-toggle">
            {expanded ? t("ecpayEinvoice.order.history.showLess") : t("ecpayEinvoice.order.history.showAll", { count: events.length })}
          </Button>
        </div>
      ) : null}
    </div>
  )
}

function HistoryItem({ event, actor, last }: { event: EinvoiceEventRecord; actor: string; last: boolean }) {
  const { t } = useTranslation()
  const details = eventDetails(t, event)
  return (
    <li className="grid grid-cols-[20px_1fr] items-start gap-2" data-history-action={event.action} data-success={String(event.success)}>
      <div className="flex size-full flex-col items-center gap-y-0.5">
        <div className="flex size-5 items-center justify-center">
          <div className="bg-ui-bg-base shadow-borders-base flex size-2.5 items-center justify-center rounded-full">
            <div className={clx("size-1.5 rounded-full", event.success ? "bg-ui-tag-neutral-icon" : "bg-ui-tag-red-icon")} />
          </div>
        </div>
        {!last ? <div className="bg-ui-border-base w-px flex-1" /> : null}
      </div>
      <div className={clx("flex min-w-0 flex-col gap-y-0.5", { "pb-4": !last })}>
        <div className="flex items-start justify-between gap-x-2">
          <Text size="small" leading="compact" weight="plus">
            {t(`ecpayEinvoice.order.history.actions.${event.action}${event.data?.invoice_tag === "AW" ? "_award" : ""}`, {
              defaultValue: t(`ecpayEinvoice.order.history.actions.${event.action}`, { defaultValue: event.action }),
            })}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle shrink-0 text-right tabular-nums">
            {formatTaipeiDateTime(event.created_at, true)}
          </Text>
        </div>
        <Text size="small" leading="compact" className="text-ui-fg-subtle" data-history-actor>
          {actor}
        </Text>
        {details.map((line, i) => (
          <Text key={i} size="small" leading="compact" className="text-ui-fg-subtle break-words">
            {line}
          </Text>
        ))}
      </div>
    </li>
  )
}

function actorLabel(t: Translate, event: EinvoiceEventRecord, names: Map<string, string>): string {
  if (event.actor_type === "user" && event.actor_id) {
    return names.get(event.actor_id) ?? event.actor_id
  }
  if (event.actor_type === "customer") {
    return t("ecpayEinvoice.order.history.customer")
  }
  return t("ecpayEinvoice.order.history.system")
}

/** The lines under an entry: ECPay's reply, the reason, and what the entry's data says. */
function eventDetails(t: Translate, event: EinvoiceEventRecord): string[] {
  const lines: string[] = []
  const data = (event.data ?? {}) as Record<string, unknown>
  if (typeof data.invoice_number === "string" && data.invoice_number) {
    lines.push(t("ecpayEinvoice.order.history.invoiceNumber", { number: data.invoice_number }))
  }
  if (typeof data.allowance_number === "string" && data.allowance_number) {
    lines.push(t("ecpayEinvoice.order.history.allowanceNumber", { number: data.allowance_number }))
  }
  // An allowance's amount and agreement (allowance.requested …).
  if (event.action.startsWith("allowance.") && typeof data.amount === "number") {
    lines.push(
      typeof data.agreement === "string"
        ? t("ecpayEinvoice.order.history.allowanceAmountAgreement", {
            amount: formatTwd(data.amount),
            agreement: agreementLabel(t, data.agreement),
          })
        : t("ecpayEinvoice.order.history.allowanceAmount", { amount: formatTwd(data.amount) })
    )
  }
  // What an automatic allowance (or the decision not to make one) was for.
  if (event.action.startsWith("allowance.") && typeof data.source === "string" && ALLOWANCE_SOURCES.includes(data.source)) {
    lines.push(t(`ecpayEinvoice.order.history.allowanceSource.${data.source}`))
  }
  // Where a notice was sent again.
  const email = typeof data.email === "string" ? data.email : typeof data.notify_email === "string" ? data.notify_email : null
  if (email && event.action.startsWith("invoice.notification")) {
    lines.push(t("ecpayEinvoice.order.history.sentTo", { email }))
  }
  // A correction (void-and-reissue): what the invoice went to before, and after.
  if (event.action.startsWith("invoice.reissue")) {
    const before = isChoice(data.before) ? choiceSummary(t, data.before) : null
    const after = isChoice(data.after)
      ? choiceSummary(t, data.after)
      : typeof data.type === "string"
        ? choiceSummary(t, { type: data.type })
        : null
    if (before && after) {
      lines.push(t("ecpayEinvoice.order.history.reissueChange", { before, after }))
    }
  }
  if (Array.isArray(data.changes) && data.changes.length && event.action === "invoice.synced") {
    const words = data.changes.map((change) =>
      t(`ecpayEinvoice.order.syncChanges.${String(change)}`, { defaultValue: String(change).replace(/_/g, " ") })
    )
    lines.push(t("ecpayEinvoice.order.history.changes", { changes: words.join(t("ecpayEinvoice.order.listSeparator")) }))
  }
  if (typeof data.attempt === "number") {
    lines.push(
      t("ecpayEinvoice.order.history.attempt", {
        attempt: data.attempt,
        amount: formatTwd(typeof data.sales_amount === "number" ? data.sales_amount : null),
      })
    )
  }
  // A success code (1) says nothing the title does not.
  if (event.rtn_code && (!event.success || event.rtn_msg) && event.rtn_code !== "1") {
    const values = { code: ecpayCodeText(event.rtn_code), message: event.rtn_msg ?? "" }
    const line = isEcpayCode(event.rtn_code)
      ? t("ecpayEinvoice.order.history.ecpay", values)
      : t("ecpayEinvoice.order.failure.detail", values)
    lines.push(line.replace(/[:：]\s*$/, ""))
  }
  if (event.reason) {
    lines.push(t("ecpayEinvoice.order.history.reason", { reason: event.reason }))
  }
  if (typeof data.next_attempt_at === "string") {
    lines.push(t("ecpayEinvoice.order.history.nextAttempt", { time: formatTaipeiDateTime(data.next_attempt_at) }))
  }
  if (typeof data.issue_at === "string") {
    lines.push(t("ecpayEinvoice.order.history.issueAt", { time: formatTaipeiDateTime(data.issue_at) }))
  }
  return lines
}

function isChoice(value: unknown): value is ChoiceLike {
  return !!value && typeof value === "object" && typeof (value as { type?: unknown }).type === "string"
}
