import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ReceiptPercent } from "@medusajs/icons"
import { Alert, Button, Container, Skeleton } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { EcpayPauseNotice } from "../../../components/ecpay-pause-notice"
import { DeploymentNotice } from "../../../components/settings/deployment-notice"
import { RoundingNotice } from "../../../components/settings/rounding-notice"
import { SettingsFormView } from "../../../components/settings/settings-form-view"
import { useEinvoiceSettings } from "../../../hooks/use-einvoice-settings"

/** Settings → ECPay e-Invoice: everything a merchant sets up once. */
const EinvoiceSettingsPage = () => {
  const { t } = useTranslation()
  const { data, error, isLoading, refetch } = useEinvoiceSettings()

  if (isLoading) {
    return (
      <Container className="flex flex-col gap-y-3 p-6" aria-busy="true" aria-label={t("ecpayEinvoice.settings.loading")}>
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-96" />
        <Skeleton className="h-32 w-full" />
      </Container>
    )
  }

  if (error || !data) {
    return (
      <Container className="flex flex-col gap-y-3 p-6">
        <Alert variant="error">{t("ecpayEinvoice.settings.loadError", { message: error?.message ?? "" })}</Alert>
        <div>
          <Button size="small" variant="secondary" onClick={() => refetch()}>
            {t("ecpayEinvoice.settings.retry")}
          </Button>
        </div>
      </Container>
    )
  }

  return (
    <div className="flex flex-col gap-y-3">
      <EcpayPauseNotice until={data.ecpay_paused_until} />
      <DeploymentNotice deployment={data.deployment} />
      <RoundingNotice risks={data.rounding_risks} />
      <SettingsFormView settings={data.settings} />
    </div>
  )
}

export const config = defineRouteConfig({
  // A translation key of the default namespace: the dashboard shows it in the admin's language.
  label: "ecpayEinvoice.menuLabel",
  translationNs: "translation",
  icon: ReceiptPercent,
})

export default EinvoiceSettingsPage
