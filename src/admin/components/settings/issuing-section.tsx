import { Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import type { SettingsFormValues } from "../../lib/settings-form"
import { Field } from "./field"
import { SettingsSection } from "./section"
import { SelectInput } from "./select-input"

const MODES: SettingsFormValues["issue_mode"][] = ["automatic", "manual"]
const TRIGGERS: SettingsFormValues["issue_trigger"][] = ["payment_captured", "fulfillment", "shipment"]

/** S5: manual or automatic issuing, when, and after how many days. */
export function IssuingSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  const automatic = values.issue_mode === "automatic"
  return (
    <SettingsSection
      id="issuing"
      title={t("ecpayEinvoice.sections.issuing.title")}
      description={t("ecpayEinvoice.sections.issuing.description")}
    >
      <Field
        id="issue_mode"
        label={t("ecpayEinvoice.fields.issueMode.label")}
        hint={t(`ecpayEinvoice.fields.issueMode.hints.${values.issue_mode}`)}
        error={error("issue_mode")}
      >
        <SelectInput
          id="issue_mode"
          value={values.issue_mode}
          onChange={(value) => set("issue_mode", value as SettingsFormValues["issue_mode"])}
          options={MODES.map((value) => ({ value, label: t(`ecpayEinvoice.options.issueMode.${value}`) }))}
        />
      </Field>
      {automatic ? (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <Field id="issue_trigger" label={t("ecpayEinvoice.fields.issueTrigger.label")} error={error("issue_trigger")}>
            <SelectInput
              id="issue_trigger"
              value={values.issue_trigger}
              onChange={(value) => set("issue_trigger", value as SettingsFormValues["issue_trigger"])}
              options={TRIGGERS.map((value) => ({
                value,
                label: t(`ecpayEinvoice.options.issueTrigger.${value}`),
              }))}
            />
          </Field>
          <Field
            id="issue_delay_days"
            label={t("ecpayEinvoice.fields.issueDelayDays.label")}
            hint={t("ecpayEinvoice.fields.issueDelayDays.hint")}
            error={error("issue_delay_days")}
          >
            <Input
              id="issue_delay_days"
              type="number"
              min={0}
              max={30}
              step={1}
              value={values.issue_delay_days}
              aria-invalid={error("issue_delay_days") ? true : undefined}
              onChange={(event) => set("issue_delay_days", event.target.value)}
            />
          </Field>
        </div>
      ) : null}
    </SettingsSection>
  )
}
