import { Alert, Button, Heading, Text, toast } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { useTranslation } from "react-i18next"
import { useUpdateEinvoiceSettings } from "../../hooks/use-einvoice-settings"
import { useSettingsForm, type SettingsForm } from "../../hooks/use-settings-form"
import { AdminApiError, type FieldError } from "../../lib/admin-fetch"
import { checkLocally, toRequestBody } from "../../lib/settings-form"
import type { PublicSettings } from "../../lib/types"
import { AfterIssueSection } from "./after-issue-section"
import { ConnectionSection } from "./connection-section"
import { ContentSection } from "./content-section"
import { CredentialsSection } from "./credentials-section"
import { DonationSection } from "./donation-section"
import { InvoiceTypesSection } from "./invoice-types-section"
import { IssuingSection } from "./issuing-section"
import { StatusSection } from "./status-section"
import { TaxSection } from "./tax-section"

/** Errors on these API fields are shown beside their inputs; any other goes in the banner. */
const PLACED_FIELDS = new Set<string>([
  "enabled",
  "merchant_id",
  "hash_key",
  "hash_iv",
  "environment",
  "base_url",
  "tax_type",
  "clearance_mark",
  "zero_tax_rate_reason",
  "issue_mode",
  "issue_trigger",
  "issue_delay_days",
  "enabled_types",
  "charities",
  "default_love_code",
  "relate_number_prefix",
  "auto_void_on_cancel",
  "auto_allowance_on_refund",
  "allowance_agreement",
  "notify_by_medusa",
  "notification_template",
  "item_word",
  "invoice_remark",
])

export function SettingsFormView({ settings }: { settings: PublicSettings }) {
  const { t } = useTranslation()
  const form = useSettingsForm(settings)
  const save = useUpdateEinvoiceSettings()
  const [unplaced, setUnplaced] = useState<FieldError[]>([])

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    setUnplaced([])
    const local = checkLocally(form.values, form.pinned)
    if (Object.keys(local).length) {
      form.setErrors(local)
      toast.error(t("ecpayEinvoice.settings.fixErrors"))
      return
    }
    save.mutate(toRequestBody(form.values, form.pinned), {
      onSuccess: ({ settings: saved }) => {
        form.reset(saved)
        toast.success(t("ecpayEinvoice.settings.saved"))
      },
      onError: (error) => {
        if (error instanceof AdminApiError && error.errors.length) {
          form.setApiErrors(error.errors)
          setUnplaced(error.errors.filter((e) => !PLACED_FIELDS.has(e.field.split(".")[0])))
          toast.error(t("ecpayEinvoice.settings.fixErrors"))
          return
        }
        toast.error(t("ecpayEinvoice.settings.saveFailed", { message: error.message }))
      },
    })
  }

  return (
    <form className="flex flex-col gap-y-3" onSubmit={submit} noValidate data-ecpay-settings>
      <div className="flex items-start justify-between gap-x-4 px-1 py-2">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">{t("ecpayEinvoice.settings.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.settings.description")}
          </Text>
        </div>
        <SaveButtons form={form} saving={save.isPending} />
      </div>
      {unplaced.length ? (
        <Alert variant="error" data-unplaced-errors>
          {t("ecpayEinvoice.settings.otherErrors", {
            list: unplaced.map((e) => `${e.field}: ${e.message}`).join("; "),
          })}
        </Alert>
      ) : null}
      <StatusSection form={form} />
      <CredentialsSection form={form} />
      <ConnectionSection form={form} />
      <TaxSection form={form} />
      <IssuingSection form={form} />
      <InvoiceTypesSection form={form} />
      <DonationSection form={form} />
      <AfterIssueSection form={form} />
      <ContentSection form={form} />
      <div className="flex items-center justify-end gap-x-2 py-2">
        <SaveButtons form={form} saving={save.isPending} />
      </div>
    </form>
  )
}

function SaveButtons({ form, saving }: { form: SettingsForm; saving: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="flex items-center gap-x-2">
      {form.dirty ? (
        <>
          <Text size="small" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.settings.unsaved")}
          </Text>
          <Button type="button" size="small" variant="secondary" onClick={() => form.reset(form.settings)}>
            {t("ecpayEinvoice.settings.discard")}
          </Button>
        </>
      ) : null}
      <Button type="submit" size="small" isLoading={saving} data-action="save">
        {t("ecpayEinvoice.settings.save")}
      </Button>
    </div>
  )
}
