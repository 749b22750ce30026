import { Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { Field } from "./field"
import { SecretInput } from "./secret-input"
import { SettingsSection } from "./section"

/** S2: MerchantID, and HashKey / HashIV as write-only inputs. */
export function CredentialsSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error, settings } = form
  return (
    <SettingsSection
      id="credentials"
      title={t("ecpayEinvoice.sections.credentials.title")}
      description={t("ecpayEinvoice.sections.credentials.description")}
    >
      <Field
        id="merchant_id"
        label={t("ecpayEinvoice.fields.merchantId.label")}
        hint={t("ecpayEinvoice.fields.merchantId.hint")}
        error={error("merchant_id")}
        pinned={form.isPinned("merchant_id")}
      >
        <Input
          id="merchant_id"
          inputMode="numeric"
          autoComplete="off"
          value={values.merchant_id}
          disabled={form.isPinned("merchant_id")}
          aria-invalid={error("merchant_id") ? true : undefined}
          onChange={(event) => set("merchant_id", event.target.value)}
        />
      </Field>
      <SecretInput
        id="hash_key"
        label={t("ecpayEinvoice.fields.hashKey.label")}
        state={settings.hash_key}
        value={values.hash_key}
        onChange={(value) => set("hash_key", value)}
        cleared={values.clear_hash_key}
        onClearedChange={(cleared) => set("clear_hash_key", cleared)}
        error={error("hash_key")}
      />
      <SecretInput
        id="hash_iv"
        label={t("ecpayEinvoice.fields.hashIv.label")}
        state={settings.hash_iv}
        value={values.hash_iv}
        onChange={(value) => set("hash_iv", value)}
        cleared={values.clear_hash_iv}
        onClearedChange={(cleared) => set("clear_hash_iv", cleared)}
        error={error("hash_iv")}
      />
    </SettingsSection>
  )
}
