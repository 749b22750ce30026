import { Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { PublicSettings } from "../../lib/types"
import { AfterIssueSection } from "./after-issue-section"
import { ConnectionSection } from "./connection-section"
import { ConnectionTest } from "./connection-test"
import { ContentSection } from "./content-section"
import { CredentialsSection } from "./credentials-section"
import { CurrencyRatesSection } from "./currency-rates-section"
import { DonationSection } from "./donation-section"
import { InvoiceTypesSection } from "./invoice-types-section"
import { IssuingSection } from "./issuing-section"
import {
  EnabledBadge,
  SettingsSectionCard,
  afterIssueSummary,
  connectionSummary,
  contentSummary,
  currenciesSummary,
  credentialsSummary,
  donationSummary,
  invoiceTypesSummary,
  issuingSummary,
  statusSummary,
  taxSummary,
  type SettingsSectionSpec,
} from "./section-editor"
import { StatusSection } from "./status-section"
import { TaxSection } from "./tax-section"

/** The sections, in the order a merchant sets them up; each saves its own fields. */
const SECTIONS = {
  status: { id: "status", titleKey: "status", fields: ["enabled"], Fields: StatusSection, summary: statusSummary },
  credentials: {
    id: "credentials",
    titleKey: "credentials",
    fields: ["merchant_id", "hash_key", "hash_iv"],
    Fields: CredentialsSection,
    summary: credentialsSummary,
  },
  connection: {
    id: "connection",
    titleKey: "connection",
    fields: ["environment", "base_url"],
    Fields: ConnectionSection,
    summary: connectionSummary,
  },
  tax: {
    id: "tax",
    titleKey: "tax",
    fields: ["tax_type", "clearance_mark", "zero_tax_rate_reason"],
    Fields: TaxSection,
    summary: taxSummary,
  },
  issuing: {
    id: "issuing",
    titleKey: "issuing",
    fields: ["issue_mode", "issue_trigger", "issue_delay_days"],
    Fields: IssuingSection,
    summary: issuingSummary,
  },
  invoiceTypes: {
    id: "invoice-types",
    titleKey: "invoiceTypes",
    fields: ["enabled_types"],
    Fields: InvoiceTypesSection,
    summary: invoiceTypesSummary,
  },
  donation: {
    id: "donation",
    titleKey: "donation",
    fields: ["charities", "default_love_code"],
    Fields: DonationSection,
    summary: donationSummary,
  },
  afterIssue: {
    id: "after-issue",
    titleKey: "afterIssue",
    fields: [
      "auto_void_on_cancel",
      "auto_allowance_on_refund",
      "auto_allowance_on_return",
      "auto_allowance_on_edit",
      "edit_correction",
      "allowance_agreement",
      "relate_number_prefix",
    ],
    Fields: AfterIssueSection,
    summary: afterIssueSummary,
  },
  currencies: {
    id: "currencies",
    titleKey: "currencies",
    fields: ["currency_rates"],
    Fields: CurrencyRatesSection,
    summary: currenciesSummary,
  },
  content: {
    id: "content",
    titleKey: "content",
    fields: ["notify_by_medusa", "notification_template", "item_word", "invoice_remark"],
    Fields: ContentSection,
    summary: contentSummary,
  },
} satisfies Record<string, SettingsSectionSpec>

/**
 * Settings → ECPay e-Invoice, as Medusa's own settings pages: one card per section with its saved values
 * and an Edit drawer; the connection test on the connection card (it tests what is saved).
 */
export function SettingsFormView({ settings }: { settings: PublicSettings }) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-y-3" data-ecpay-settings>
      <div className="flex flex-col gap-y-1 px-1 py-2">
        <Heading level="h1">{t("ecpayEinvoice.settings.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("ecpayEinvoice.settings.description")}
        </Text>
      </div>
      <SettingsSectionCard spec={SECTIONS.status} settings={settings} badge={<EnabledBadge enabled={settings.enabled} />} />
      <SettingsSectionCard spec={SECTIONS.credentials} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.connection} settings={settings}>
        <ConnectionTest unsavedChanges={false} />
      </SettingsSectionCard>
      <SettingsSectionCard spec={SECTIONS.tax} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.issuing} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.invoiceTypes} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.donation} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.afterIssue} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.currencies} settings={settings} />
      <SettingsSectionCard spec={SECTIONS.content} settings={settings} />
    </div>
  )
}
