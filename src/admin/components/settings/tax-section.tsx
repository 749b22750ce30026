import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { Field } from "./field"
import { SettingsSection } from "./section"
import { SelectInput } from "./select-input"

const TAX_TYPES = ["1", "2", "3"]
const CLEARANCE_MARKS = ["1", "2"]
const ZERO_TAX_RATE_REASONS = ["71", "72", "73", "74", "75", "76", "77", "78", "79"]

/** S4: taxable / zero-rated / tax-free; zero-rated needs the customs clearance mark and a reason. */
export function TaxSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  return (
    <SettingsSection id="tax" title={t("ecpayEinvoice.sections.tax.title")} description={t("ecpayEinvoice.sections.tax.description")}>
      <Field id="tax_type" label={t("ecpayEinvoice.fields.taxType.label")} error={error("tax_type")}>
        <SelectInput
          id="tax_type"
          value={values.tax_type}
          onChange={(value) => set("tax_type", value)}
          options={TAX_TYPES.map((value) => ({
            value,
            label: t(`ecpayEinvoice.options.taxType.${value}`),
          }))}
        />
      </Field>
      {values.tax_type === "2" ? (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <Field
            id="clearance_mark"
            label={t("ecpayEinvoice.fields.clearanceMark.label")}
            hint={t("ecpayEinvoice.fields.clearanceMark.hint")}
            error={error("clearance_mark")}
          >
            <SelectInput
              id="clearance_mark"
              value={values.clearance_mark}
              placeholder={t("ecpayEinvoice.common.choose")}
              invalid={!!error("clearance_mark")}
              onChange={(value) => set("clearance_mark", value)}
              options={CLEARANCE_MARKS.map((value) => ({
                value,
                label: t(`ecpayEinvoice.options.clearanceMark.${value}`),
              }))}
            />
          </Field>
          <Field
            id="zero_tax_rate_reason"
            label={t("ecpayEinvoice.fields.zeroTaxRateReason.label")}
            hint={t("ecpayEinvoice.fields.zeroTaxRateReason.hint")}
            error={error("zero_tax_rate_reason")}
          >
            <SelectInput
              id="zero_tax_rate_reason"
              value={values.zero_tax_rate_reason}
              placeholder={t("ecpayEinvoice.fields.zeroTaxRateReason.placeholder")}
              onChange={(value) => set("zero_tax_rate_reason", value)}
              options={ZERO_TAX_RATE_REASONS.map((value) => ({
                value,
                label: `${value} ${t(`ecpayEinvoice.options.zeroTaxRateReason.${value}`)}`,
              }))}
            />
          </Field>
        </div>
      ) : null}
    </SettingsSection>
  )
}
