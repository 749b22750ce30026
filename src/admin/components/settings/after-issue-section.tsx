import { Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import type { SettingsFormValues } from "../../lib/settings-form"
import { Field } from "./field"
import { SettingsSection } from "./section"
import { SelectInput } from "./select-input"
import { SwitchRow } from "./switch-row"

const AGREEMENTS: SettingsFormValues["allowance_agreement"][] = ["paper", "online"]
const EDIT_CORRECTIONS: SettingsFormValues["edit_correction"][] = ["allowance", "reissue"]

/** S7: RelateNumber prefix, automatic void / allowances (refunds, order changes), and the allowance agreement default. */
export function AfterIssueSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  return (
    <SettingsSection
      id="after-issue"
      title={t("ecpayEinvoice.sections.afterIssue.title")}
      description={t("ecpayEinvoice.sections.afterIssue.description")}
    >
      <SwitchRow
        id="auto_void_on_cancel"
        label={t("ecpayEinvoice.fields.autoVoid.label")}
        hint={t("ecpayEinvoice.fields.autoVoid.hint")}
        checked={values.auto_void_on_cancel}
        onChange={(checked) => set("auto_void_on_cancel", checked)}
      />
      <SwitchRow
        id="auto_allowance_on_refund"
        label={t("ecpayEinvoice.fields.autoAllowance.label")}
        hint={t("ecpayEinvoice.fields.autoAllowance.hint")}
        checked={values.auto_allowance_on_refund}
        onChange={(checked) => set("auto_allowance_on_refund", checked)}
      />
      <SwitchRow
        id="auto_allowance_on_return"
        label={t("ecpayEinvoice.fields.autoAllowanceOnReturn.label")}
        hint={t("ecpayEinvoice.fields.autoAllowanceOnReturn.hint")}
        checked={values.auto_allowance_on_return}
        onChange={(checked) => set("auto_allowance_on_return", checked)}
      />
      <SwitchRow
        id="auto_allowance_on_edit"
        label={t("ecpayEinvoice.fields.autoAllowanceOnEdit.label")}
        hint={t("ecpayEinvoice.fields.autoAllowanceOnEdit.hint")}
        checked={values.auto_allowance_on_edit}
        onChange={(checked) => set("auto_allowance_on_edit", checked)}
      />
      {values.auto_allowance_on_edit ? (
        <Field
          id="edit_correction"
          label={t("ecpayEinvoice.fields.editCorrection.label")}
          hint={t(`ecpayEinvoice.fields.editCorrection.hints.${values.edit_correction}`)}
          error={error("edit_correction")}
        >
          <SelectInput
            id="edit_correction"
            value={values.edit_correction}
            onChange={(value) => set("edit_correction", value as SettingsFormValues["edit_correction"])}
            options={EDIT_CORRECTIONS.map((value) => ({ value, label: t(`ecpayEinvoice.options.editCorrection.${value}`) }))}
          />
        </Field>
      ) : null}
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Field
          id="allowance_agreement"
          label={t("ecpayEinvoice.fields.allowanceAgreement.label")}
          hint={t(`ecpayEinvoice.fields.allowanceAgreement.hints.${values.allowance_agreement}`)}
          error={error("allowance_agreement")}
        >
          <SelectInput
            id="allowance_agreement"
            value={values.allowance_agreement}
            onChange={(value) => set("allowance_agreement", value as SettingsFormValues["allowance_agreement"])}
            options={AGREEMENTS.map((value) => ({
              value,
              label: t(`ecpayEinvoice.options.allowanceAgreement.${value}`),
            }))}
          />
        </Field>
        <Field
          id="relate_number_prefix"
          label={t("ecpayEinvoice.fields.relateNumberPrefix.label")}
          hint={t("ecpayEinvoice.fields.relateNumberPrefix.hint")}
          error={error("relate_number_prefix")}
        >
          <Input
            id="relate_number_prefix"
            autoComplete="off"
            maxLength={10}
            value={values.relate_number_prefix}
            aria-invalid={error("relate_number_prefix") ? true : undefined}
            onChange={(event) => set("relate_number_prefix", event.target.value)}
          />
        </Field>
      </div>
    </SettingsSection>
  )
}
