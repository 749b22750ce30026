import { PencilSquare } from "@medusajs/icons"
import { Alert, Button, Container, Drawer, Heading, StatusBadge, Text, toast } from "@medusajs/ui"
import { useState, type ComponentType, type FormEvent, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { useUpdateEinvoiceSettings } from "../../hooks/use-einvoice-settings"
import { useSettingsForm, type SettingsForm } from "../../hooks/use-settings-form"
import { AdminApiError, type FieldError } from "../../lib/admin-fetch"
import { checkLocally, toRequestBody } from "../../lib/settings-form"
import type { PublicSettings, SecretState } from "../../lib/types"
import { DetailList, type DetailRow } from "../order/detail-list"
import { SectionFieldsOnly } from "./section"

type Translate = ReturnType<typeof useTranslation>["t"]

/** One section of the settings page: its card (saved values, an Edit button) and its edit drawer. */
export interface SettingsSectionSpec {
  /** The section's `data-section` (also its fields' `data-section-fields` in the drawer). */
  id: string
  /** Under `ecpayEinvoice.sections`. */
  titleKey: string
  /** The request-body fields the section saves: only these are sent, so two admins editing two sections do not undo each other. */
  fields: readonly string[]
  /** The section's fields (rendered alone in the drawer). */
  Fields: ComponentType<{ form: SettingsForm }>
  /** The saved values, as the card shows them. */
  summary: (t: Translate, settings: PublicSettings) => DetailRow[]
}

/**
 * A section as Medusa's settings pages show theirs: a card with the saved values and "Edit", which opens
 * a drawer with the section's fields. Saving sends that section's fields only; a refusal shows beside the
 * field (or on top, for one the drawer does not show) and keeps the drawer open.
 */
export function SettingsSectionCard({
  spec,
  settings,
  badge,
  children,
}: {
  spec: SettingsSectionSpec
  settings: PublicSettings
  /** Beside the title (the status section's on / off). */
  badge?: ReactNode
  /** Below the saved values (the connection test). */
  children?: ReactNode
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const title = t(`ecpayEinvoice.sections.${spec.titleKey}.title`)
  return (
    <Container className="divide-y p-0" data-section={spec.id}>
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Heading level="h2">{title}</Heading>
            {badge}
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            {t(`ecpayEinvoice.sections.${spec.titleKey}.description`)}
          </Text>
        </div>
        <Button
          type="button"
          size="small"
          variant="secondary"
          onClick={() => setOpen(true)}
          data-action="edit-section"
          data-edit-section={spec.id}
        >
          <PencilSquare />
          {t("ecpayEinvoice.settings.edit")}
        </Button>
      </div>
      <div className="flex flex-col gap-y-4 px-6 py-4" data-section-summary={spec.id}>
        <DetailList rows={spec.summary(t, settings)} />
        {children}
      </div>
      <Drawer open={open} onOpenChange={setOpen}>
        <Drawer.Content data-ecpay-section-drawer={spec.id}>
          <Drawer.Header>
            <Drawer.Title asChild>
              <Heading>{title}</Heading>
            </Drawer.Title>
            <Drawer.Description>{t(`ecpayEinvoice.sections.${spec.titleKey}.description`)}</Drawer.Description>
          </Drawer.Header>
          {/* Mounted while open only: each opening starts from the saved settings. */}
          {open ? <SectionForm spec={spec} settings={settings} onClose={() => setOpen(false)} /> : null}
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}

function SectionForm({ spec, settings, onClose }: { spec: SettingsSectionSpec; settings: PublicSettings; onClose: () => void }) {
  const { t } = useTranslation()
  const form = useSettingsForm(settings)
  const save = useUpdateEinvoiceSettings()
  const [unplaced, setUnplaced] = useState<FieldError[]>([])
  const own = (field: string) => spec.fields.includes(field.split(".")[0])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setUnplaced([])
    // The section's own checks only: the other sections are as saved.
    const local = Object.fromEntries(Object.entries(checkLocally(form.values, form.pinned)).filter(([field]) => own(field)))
    if (Object.keys(local).length) {
      form.setErrors(local)
      return
    }
    const body = Object.fromEntries(Object.entries(toRequestBody(form.values, form.pinned)).filter(([field]) => own(field)))
    save.mutate(body, {
      onSuccess: () => {
        toast.success(t("ecpayEinvoice.settings.saved"))
        onClose()
      },
      onError: (error) => {
        if (error instanceof AdminApiError && error.errors.length) {
          form.setApiErrors(error.errors)
          setUnplaced(error.errors.filter((e) => !own(e.field)))
          return
        }
        toast.error(t("ecpayEinvoice.settings.saveFailed", { message: error.message }))
      },
    })
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-1 flex-col overflow-hidden" data-ecpay-settings-form={spec.id}>
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        {unplaced.length ? (
          <Alert variant="error" data-unplaced-errors>
            {t("ecpayEinvoice.settings.otherErrors", { list: unplaced.map((e) => `${e.field}: ${e.message}`).join("; ") })}
          </Alert>
        ) : null}
        <SectionFieldsOnly.Provider value={true}>
          <spec.Fields form={form} />
        </SectionFieldsOnly.Provider>
      </Drawer.Body>
      <Drawer.Footer>
        <Button type="button" size="small" variant="secondary" disabled={save.isPending} onClick={onClose} data-action="cancel">
          {t("ecpayEinvoice.order.confirm.cancel")}
        </Button>
        <Button type="submit" size="small" isLoading={save.isPending} data-action="save">
          {t("ecpayEinvoice.settings.save")}
        </Button>
      </Drawer.Footer>
    </form>
  )
}

// ------------------------------------------------------------------ the saved values

const yesNo = (t: Translate, value: boolean) => (value ? t("ecpayEinvoice.order.values.yes") : t("ecpayEinvoice.order.values.no"))
const orNotSet = (t: Translate, value: string | null | undefined) => (value ? value : t("ecpayEinvoice.secret.notSet"))

function secretLabel(t: Translate, state: SecretState): string {
  switch (state) {
    case "set":
      return t("ecpayEinvoice.secret.set")
    case "set_by_configuration":
      return t("ecpayEinvoice.secret.setByConfiguration")
    case "unreadable":
      return t("ecpayEinvoice.secret.unreadable")
    default:
      return t("ecpayEinvoice.secret.notSet")
  }
}

export const statusSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  { field: "enabled", label: t("ecpayEinvoice.fields.enabled.label"), value: yesNo(t, settings.enabled) },
]

export const credentialsSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  { field: "merchant_id", label: t("ecpayEinvoice.fields.merchantId.label"), value: orNotSet(t, settings.merchant_id) },
  {
    field: "hash_key",
    label: t("ecpayEinvoice.fields.hashKey.label"),
    value: <span data-secret-summary={settings.hash_key}>{secretLabel(t, settings.hash_key)}</span>,
  },
  {
    field: "hash_iv",
    label: t("ecpayEinvoice.fields.hashIv.label"),
    value: <span data-secret-summary={settings.hash_iv}>{secretLabel(t, settings.hash_iv)}</span>,
  },
]

export const connectionSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  {
    field: "environment",
    label: t("ecpayEinvoice.fields.environment.label"),
    value: t(`ecpayEinvoice.options.environment.${settings.environment}`),
  },
  ...(settings.environment === "simulator" || settings.base_url
    ? [{ field: "base_url", label: t("ecpayEinvoice.fields.baseUrl.label"), value: orNotSet(t, settings.base_url) }]
    : []),
]

export const taxSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  { field: "tax_type", label: t("ecpayEinvoice.fields.taxType.label"), value: t(`ecpayEinvoice.options.taxType.${settings.tax_type}`) },
  ...(settings.tax_type === "2"
    ? [
        {
          field: "clearance_mark",
          label: t("ecpayEinvoice.fields.clearanceMark.label"),
          value: settings.clearance_mark ? t(`ecpayEinvoice.options.clearanceMark.${settings.clearance_mark}`) : orNotSet(t, null),
        },
        {
          field: "zero_tax_rate_reason",
          label: t("ecpayEinvoice.fields.zeroTaxRateReason.label"),
          value: settings.zero_tax_rate_reason
            ? t(`ecpayEinvoice.options.zeroTaxRateReason.${settings.zero_tax_rate_reason}`)
            : orNotSet(t, null),
        },
      ]
    : []),
]

export const issuingSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  {
    field: "issue_mode",
    label: t("ecpayEinvoice.fields.issueMode.label"),
    value: t(`ecpayEinvoice.options.issueMode.${settings.issue_mode}`),
  },
  ...(settings.issue_mode === "automatic"
    ? [
        {
          field: "issue_trigger",
          label: t("ecpayEinvoice.fields.issueTrigger.label"),
          value: t(`ecpayEinvoice.options.issueTrigger.${settings.issue_trigger}`),
        },
        { field: "issue_delay_days", label: t("ecpayEinvoice.fields.issueDelayDays.label"), value: String(settings.issue_delay_days) },
      ]
    : []),
]

export const invoiceTypesSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  {
    field: "enabled_types",
    label: t("ecpayEinvoice.sections.invoiceTypes.title"),
    value: settings.enabled_types.map((type) => t(`ecpayEinvoice.invoiceTypes.${type}`)).join(t("ecpayEinvoice.order.listSeparator")),
  },
]

export const donationSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  {
    field: "charities",
    label: t("ecpayEinvoice.sections.donation.title"),
    value: settings.charities.length ? (
      <span className="whitespace-pre-line">
        {settings.charities
          .map((charity) => `${charity.code} ${charity.name}${charity.code === settings.default_love_code ? ` ★` : ""}`)
          .join("\n")}
      </span>
    ) : (
      orNotSet(t, null)
    ),
  },
]

export const afterIssueSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  { field: "auto_void_on_cancel", label: t("ecpayEinvoice.fields.autoVoid.label"), value: yesNo(t, settings.auto_void_on_cancel) },
  {
    field: "auto_allowance_on_refund",
    label: t("ecpayEinvoice.fields.autoAllowance.label"),
    value: yesNo(t, settings.auto_allowance_on_refund),
  },
  {
    field: "auto_allowance_on_return",
    label: t("ecpayEinvoice.fields.autoAllowanceOnReturn.label"),
    value: yesNo(t, settings.auto_allowance_on_return),
  },
  {
    field: "auto_allowance_on_edit",
    label: t("ecpayEinvoice.fields.autoAllowanceOnEdit.label"),
    value: yesNo(t, settings.auto_allowance_on_edit),
  },
  {
    field: "edit_correction",
    label: t("ecpayEinvoice.fields.editCorrection.label"),
    value: t(`ecpayEinvoice.options.editCorrection.${settings.edit_correction}`),
  },
  {
    field: "allowance_agreement",
    label: t("ecpayEinvoice.fields.allowanceAgreement.label"),
    value: t(`ecpayEinvoice.options.allowanceAgreement.${settings.allowance_agreement}`),
  },
  { field: "relate_number_prefix", label: t("ecpayEinvoice.fields.relateNumberPrefix.label"), value: settings.relate_number_prefix },
]

export const contentSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  { field: "notify_by_medusa", label: t("ecpayEinvoice.fields.notifyByMedusa.label"), value: yesNo(t, settings.notify_by_medusa) },
  { field: "item_word", label: t("ecpayEinvoice.fields.itemWord.label"), value: settings.item_word },
  { field: "invoice_remark", label: t("ecpayEinvoice.fields.invoiceRemark.label"), value: orNotSet(t, settings.invoice_remark) },
]

export const currenciesSummary = (t: Translate, settings: PublicSettings): DetailRow[] => [
  {
    field: "currency_rates",
    label: t("ecpayEinvoice.currencies.rate"),
    value: settings.currency_rates.length ? (
      <span className="whitespace-pre-line">
        {settings.currency_rates
          .map((entry) => t("ecpayEinvoice.currencies.summary", { code: entry.currency_code.toUpperCase(), rate: entry.rate }))
          .join("\n")}
      </span>
    ) : (
      t("ecpayEinvoice.currencies.none")
    ),
  },
]

/** The status badge of the status section (saved state). */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation()
  return (
    <StatusBadge color={enabled ? "green" : "grey"} data-saved-status>
      {enabled ? t("ecpayEinvoice.status.enabled") : t("ecpayEinvoice.status.disabled")}
    </StatusBadge>
  )
}
