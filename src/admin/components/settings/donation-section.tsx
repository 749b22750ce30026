import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { CharityEditor } from "./charity-editor"
import { SettingsSection } from "./section"

/** S6: the charities (love codes) offered at checkout and the default one. */
export function DonationSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  return (
    <SettingsSection
      id="donation"
      title={t("ecpayEinvoice.sections.donation.title")}
      description={t("ecpayEinvoice.sections.donation.description")}
    >
      <CharityEditor
        charities={values.charities}
        defaultCode={values.default_love_code}
        onChange={(charities) => set("charities", charities)}
        onDefaultChange={(code) => set("default_love_code", code)}
        error={error}
      />
    </SettingsSection>
  )
}
