import { Alert, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { formatTaipeiDateTime } from "./order/format"

/**
 * The store-wide ECPay pause after an HTTP 403 (on the order card and the settings page): until when
 * nothing is sent to ECPay, and what waits meanwhile. Nothing while ECPay is not paused.
 */
export function EcpayPauseNotice({ until }: { until: string | null | undefined }) {
  const { t } = useTranslation()
  // The server sends it only while the pause is on; it goes when the pause ends, without a refresh.
  const active = useEcpayPaused(until)
  if (!active) {
    return null
  }
  return (
    <Alert variant="warning" data-ecpay-pause={active}>
      <div className="flex flex-col gap-y-1">
        <Text size="small" leading="compact" weight="plus" data-ecpay-pause-title>
          {t("ecpayEinvoice.pause.title", { time: formatTaipeiDateTime(active) })}
        </Text>
        <Text size="small">{t("ecpayEinvoice.pause.notice")}</Text>
      </div>
    </Alert>
  )
}

/**
 * `until` while that moment is still ahead, else null; re-renders when it passes, so what the pause
 * disabled comes back without a reload.
 */
export function useEcpayPaused(until: string | null | undefined): string | null {
  const end = until ? Date.parse(until) : NaN
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!Number.isFinite(end) || end <= Date.now()) {
      return
    }
    // setTimeout holds at most about 24.8 days; a pause is minutes long.
    const timer = setTimeout(() => setNow(Date.now()), Math.min(end - Date.now() + 250, 2 ** 31 - 1))
    return () => clearTimeout(timer)
  }, [end])
  return until && Number.isFinite(end) && end > now ? until : null
}
