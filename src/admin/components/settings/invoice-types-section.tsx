import { Hint } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { InvoiceTypePicker } from "./invoice-type-picker"
import { SettingsSection } from "./section"

/** The invoice types offered at checkout. */
export function InvoiceTypesSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  const message = error("enabled_types")
  return (
    <SettingsSection
      id="invoice-types"
      title={t("ecpayEinvoice.sections.invoiceTypes.title")}
      description={t("ecpayEinvoice.sections.invoiceTypes.description")}
    >
      <InvoiceTypePicker value={values.enabled_types} onChange={(types) => set("enabled_types", types)} />
      {message ? (
        <Hint variant="error" role="alert" data-error-for="enabled_types">
          {message}
        </Hint>
      ) : null}
    </SettingsSection>
  )
}
