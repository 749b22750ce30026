import { Alert, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsResponse } from "../../lib/types"

/**
 * On the settings page: active percentage promotions can make TWD totals with cents, which invoices (whole
 * dollars) round half up; each such order's card then shows the difference. Nothing without them.
 */
export function RoundingNotice({ risks }: { risks: SettingsResponse["rounding_risks"] | undefined }) {
  const { t } = useTranslation()
  const codes = risks?.percentage_promotions ?? []
  if (!codes.length) {
    return null
  }
  return (
    <Alert variant="info" data-ecpay-rounding-risks={codes.join(" ")}>
      <div className="flex flex-col gap-y-1">
        <Text size="small" leading="compact" weight="plus">
          {t("ecpayEinvoice.settings.roundingRisks.title", { count: codes.length })}
        </Text>
        <Text size="small">
          {t("ecpayEinvoice.settings.roundingRisks.notice", { codes: codes.join(t("ecpayEinvoice.order.listSeparator")) })}
        </Text>
      </div>
    </Alert>
  )
}
