import { Alert, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EinvoiceRecord } from "../../lib/types"
import { ecpayCodeText, failureAdvice, isEcpayCode } from "./format"

/**
 * A failed (or postponed) attempt: ECPay's code and message as ECPay wrote them, then one sentence of
 * what the merchant can do about it.
 */
export function InvoiceFailure({
  invoice,
  title,
  variant = "error",
}: {
  invoice: EinvoiceRecord
  /** Default: "The invoice was not issued". */
  title?: string
  /** `warning` for a pending invoice whose last attempt failed and that is retried by itself. */
  variant?: "error" | "warning"
}) {
  const { t } = useTranslation()
  const code = invoice.last_error_code
  const message = invoice.last_error_message ?? invoice.status_reason ?? ""
  const advice = failureAdvice(code, message)
  const fromEcpay = isEcpayCode(code)

  return (
    <Alert variant={variant} data-ecpay-failure={code ?? ""} data-advice={advice}>
      <div className="flex flex-col gap-y-1">
        <Text size="small" leading="compact" weight="plus">
          {title ?? t("ecpayEinvoice.order.failure.title")}
        </Text>
        {/* ECPay's own reply first, as ECPay wrote it; the plugin's codes are detail under the advice. */}
        {fromEcpay ? (
          <Text size="small" className="break-words" data-ecpay-reply>
            {t("ecpayEinvoice.order.failure.ecpayReplied", { code: ecpayCodeText(code!), message })}
          </Text>
        ) : null}
        <Text size="small" className={fromEcpay ? "text-ui-fg-subtle" : undefined} data-advice-text>
          {t(`ecpayEinvoice.order.failure.advice.${advice}`)}
        </Text>
        {!fromEcpay && (code || message) ? (
          <Text size="xsmall" className="text-ui-fg-muted break-words" data-error-detail>
            {code ? t("ecpayEinvoice.order.failure.detail", { code, message }) : message}
          </Text>
        ) : null}
      </div>
    </Alert>
  )
}
