import { Alert, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { formatTaipeiDateTime } from "./order/format"

/**
 * The store-wide ECPay pause after an HTTP 403 (on the order card and the settings page): until when
 * nothing is sent to ECPay, and what waits meanwhile. Nothing while ECPay is not paused.
 */
export function EcpayPauseNotice({ until }: { until: string | null | undefined }) {
  const { t } = useTranslation()
  // The server sends it only while the pause is on; the next refresh drops it.
  if (!until) {
    return null
  }
  return (
    <Alert variant="warning" data-ecpay-pause={until}>
      <div className="flex flex-col gap-y-1">
        <Text size="small" leading="compact" weight="plus" data-ecpay-pause-title>
          {t("ecpayEinvoice.pause.title", { time: formatTaipeiDateTime(until) })}
        </Text>
        <Text size="small">{t("ecpayEinvoice.pause.notice")}</Text>
      </div>
    </Alert>
  )
}
