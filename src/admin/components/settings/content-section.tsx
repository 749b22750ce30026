import { Input, Textarea } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { Field } from "./field"
import { SettingsSection } from "./section"
import { SwitchRow } from "./switch-row"

/** What goes on the invoice (unit word, remark) and how the shopper is told about it. */
export function ContentSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  return (
    <SettingsSection
      id="content"
      title={t("ecpayEinvoice.sections.content.title")}
      description={t("ecpayEinvoice.sections.content.description")}
    >
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <Field
          id="item_word"
          label={t("ecpayEinvoice.fields.itemWord.label")}
          hint={t("ecpayEinvoice.fields.itemWord.hint")}
          error={error("item_word")}
        >
          <Input
            id="item_word"
            maxLength={6}
            value={values.item_word}
            aria-invalid={error("item_word") ? true : undefined}
            onChange={(event) => set("item_word", event.target.value)}
          />
        </Field>
      </div>
      <Field
        id="invoice_remark"
        label={t("ecpayEinvoice.fields.invoiceRemark.label")}
        hint={t("ecpayEinvoice.fields.invoiceRemark.hint", { length: values.invoice_remark.length })}
        error={error("invoice_remark")}
      >
        <Textarea
          id="invoice_remark"
          rows={2}
          value={values.invoice_remark}
          aria-invalid={error("invoice_remark") ? true : undefined}
          onChange={(event) => set("invoice_remark", event.target.value)}
        />
      </Field>
      <SwitchRow
        id="notify_by_medusa"
        label={t("ecpayEinvoice.fields.notifyByMedusa.label")}
        hint={t("ecpayEinvoice.fields.notifyByMedusa.hint")}
        checked={values.notify_by_medusa}
        onChange={(checked) => set("notify_by_medusa", checked)}
      />
      {values.notify_by_medusa ? (
        <Field
          id="notification_template"
          label={t("ecpayEinvoice.fields.notificationTemplate.label")}
          hint={t("ecpayEinvoice.fields.notificationTemplate.hint")}
          error={error("notification_template")}
        >
          <Input
            id="notification_template"
            autoComplete="off"
            value={values.notification_template}
            aria-invalid={error("notification_template") ? true : undefined}
            onChange={(event) => set("notification_template", event.target.value)}
          />
        </Field>
      ) : null}
    </SettingsSection>
  )
}
