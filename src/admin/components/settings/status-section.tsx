import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { SettingsSection } from "./section"
import { SwitchRow } from "./switch-row"

/** S1: turn the integration on or off. */
export function StatusSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set } = form
  return (
    <SettingsSection
      id="status"
      title={t("ecpayEinvoice.sections.status.title")}
      description={t("ecpayEinvoice.sections.status.description")}
      actions={
        <StatusBadge color={form.settings.enabled ? "green" : "grey"} data-saved-status>
          {form.settings.enabled ? t("ecpayEinvoice.status.enabled") : t("ecpayEinvoice.status.disabled")}
        </StatusBadge>
      }
    >
      <SwitchRow
        id="enabled"
        label={t("ecpayEinvoice.fields.enabled.label")}
        hint={t("ecpayEinvoice.fields.enabled.hint")}
        checked={values.enabled}
        onChange={(checked) => set("enabled", checked)}
      />
    </SettingsSection>
  )
}
