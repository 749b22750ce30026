import { Heading, StatusBadge, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EinvoiceAllowanceRecord, OrderEinvoiceView } from "../../lib/types"
import { ActionButton } from "./action-button"
import { ItemLines } from "./item-lines"
import { knownAllowanceActions } from "./action-registry"
import { failureText } from "./action-notify"
import { ALLOWANCE_STATUS_COLORS, formatTaipeiDateTime, formatTwd } from "./format"
import { agreementLabel, type Translate } from "./labels"

/** The allowances of the card's invoice, oldest first. */
export function allowancesOf(view: OrderEinvoiceView): EinvoiceAllowanceRecord[] {
  const invoice = view.invoice
  if (!invoice) {
    return []
  }
  const own = invoice.allowances ?? view.allowances.filter((allowance) => allowance.einvoice_id === invoice.id)
  return [...own].sort((a, b) => a.created_at.localeCompare(b.created_at))
}

/**
 * The invoice's allowances (折讓單): number, date, amount, agreement, status and what it means, and
 * the buttons the server allows on each (void an issued one, cancel one awaiting agreement).
 */
export function AllowanceList({ orderId, view }: { orderId: string; view: OrderEinvoiceView }) {
  const { t } = useTranslation()
  const allowances = allowancesOf(view)
  if (!allowances.length) {
    return null
  }
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-ecpay-allowances>
      <Heading level="h3">{t("ecpayEinvoice.order.allowances.title")}</Heading>
      <ul className="flex flex-col divide-y rounded-md border">
        {allowances.map((allowance) => (
          <AllowanceItem key={allowance.id} orderId={orderId} view={view} allowance={allowance} />
        ))}
      </ul>
    </div>
  )
}

function AllowanceItem({ orderId, view, allowance }: { orderId: string; view: OrderEinvoiceView; allowance: EinvoiceAllowanceRecord }) {
  const { t } = useTranslation()
  const actions = knownAllowanceActions(allowance)
  const detail = statusDetail(t, allowance)
  return (
    <li
      className="flex flex-col gap-y-2 px-4 py-3"
      data-ecpay-allowance={allowance.id}
      data-ecpay-allowance-status={allowance.status}
      data-agreement={allowance.agreement}
    >
      <div className="flex items-start justify-between gap-x-2">
        <div className="flex min-w-0 flex-col gap-y-0.5">
          <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-allowance-number>
            {allowance.allowance_number ?? t("ecpayEinvoice.order.allowances.noNumber")}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle tabular-nums">
            <span data-allowance-date>{formatTaipeiDateTime(allowance.allowance_date ?? allowance.created_at)}</span>
            {" · "}
            <span data-allowance-agreement>{agreementLabel(t, allowance.agreement)}</span>
          </Text>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-y-1">
          <StatusBadge color={ALLOWANCE_STATUS_COLORS[allowance.status] ?? "grey"} data-allowance-status-badge>
            {t(`ecpayEinvoice.order.allowanceStatus.${allowance.status}`, { defaultValue: allowance.status })}
          </StatusBadge>
          <Text size="small" leading="compact" weight="plus" className="tabular-nums" data-allowance-amount={allowance.amount}>
            {formatTwd(allowance.amount)}
          </Text>
        </div>
      </div>
      {detail ? (
        <Text
          size="small"
          className={allowance.status === "failed" ? "text-ui-fg-error break-words" : "text-ui-fg-subtle break-words"}
          data-allowance-detail
        >
          {detail}
        </Text>
      ) : null}
      {allowance.items?.length ? <ItemLines items={allowance.items} name="allowance" /> : null}
      {allowance.reason ? (
        <Text size="small" className="text-ui-fg-subtle break-words" data-allowance-reason>
          {t("ecpayEinvoice.order.allowances.reason", { reason: allowance.reason })}
        </Text>
      ) : null}
      {actions.length ? (
        <div className="flex flex-wrap justify-end gap-2" data-ecpay-allowance-actions={(allowance.actions ?? []).join(" ")}>
          {actions.map((definition) => (
            <ActionButton key={definition.id} orderId={orderId} view={view} definition={definition} allowance={allowance} />
          ))}
        </div>
      ) : null}
    </li>
  )
}

/** What the status means for this allowance: until when the buyer can agree, ECPay's refusal, the void. */
function statusDetail(t: Translate, allowance: EinvoiceAllowanceRecord): string | null {
  switch (allowance.status) {
    case "pending":
      return t("ecpayEinvoice.order.allowances.detail.pending")
    case "awaiting_agreement":
      return allowance.expires_at
        ? t("ecpayEinvoice.order.allowances.detail.awaitingUntil", { time: formatTaipeiDateTime(allowance.expires_at) })
        : t("ecpayEinvoice.order.allowances.detail.awaiting")
    case "rejected":
      return t("ecpayEinvoice.order.allowances.detail.rejected")
    case "failed":
      return allowance.last_error_code || allowance.last_error_message
        ? t("ecpayEinvoice.order.allowances.detail.failed", {
            message: failureText(t, allowance.last_error_code, allowance.last_error_message ?? ""),
          })
        : t("ecpayEinvoice.order.allowances.detail.failedPlain")
    case "voided":
      return allowance.void_reason
        ? t("ecpayEinvoice.order.allowances.detail.voidedReason", {
            time: formatTaipeiDateTime(allowance.voided_at),
            reason: allowance.void_reason,
          })
        : t("ecpayEinvoice.order.allowances.detail.voided", { time: formatTaipeiDateTime(allowance.voided_at) })
    default:
      return null
  }
}
