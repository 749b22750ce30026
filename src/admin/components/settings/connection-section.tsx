import { Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { ENVIRONMENTS, type EcpayEnvironment } from "../../lib/types"
import { Field } from "./field"
import { SettingsSection } from "./section"
import { SelectInput } from "./select-input"

/** S3: environment and base URL (the connection test is on the section's card: it tests what is saved). */
export function ConnectionSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  const simulator = values.environment === "simulator"
  return (
    <SettingsSection
      id="connection"
      title={t("ecpayEinvoice.sections.connection.title")}
      description={t("ecpayEinvoice.sections.connection.description")}
    >
      <Field
        id="environment"
        label={t("ecpayEinvoice.fields.environment.label")}
        hint={t(`ecpayEinvoice.fields.environment.hints.${values.environment}`)}
        error={error("environment")}
        pinned={form.isPinned("environment")}
      >
        <SelectInput
          id="environment"
          value={values.environment}
          disabled={form.isPinned("environment")}
          onChange={(value) => set("environment", value as EcpayEnvironment)}
          options={ENVIRONMENTS.map((env) => ({
            value: env,
            label: t(`ecpayEinvoice.options.environment.${env}`),
          }))}
        />
      </Field>
      {(simulator || form.isPinned("base_url")) && (
        <Field
          id="base_url"
          label={simulator ? t("ecpayEinvoice.fields.baseUrl.labelRequired") : t("ecpayEinvoice.fields.baseUrl.label")}
          hint={t("ecpayEinvoice.fields.baseUrl.hint")}
          error={error("base_url")}
          pinned={form.isPinned("base_url")}
        >
          <Input
            id="base_url"
            type="url"
            autoComplete="off"
            placeholder={simulator ? "http://localhost:9999" : "https://einvoice-stage.ecpay.com.tw"}
            value={values.base_url}
            disabled={form.isPinned("base_url")}
            aria-invalid={error("base_url") ? true : undefined}
            onChange={(event) => set("base_url", event.target.value)}
          />
        </Field>
      )}
    </SettingsSection>
  )
}
