import { Plus, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsForm } from "../../hooks/use-settings-form"
import { SettingsSection } from "./section"

/**
 * Orders in other currencies: the TWD rate each is invoiced at (recorded on each invoice, and used for its
 * refunds' allowances). A currency without a rate is not invoiced.
 */
export function CurrencyRatesSection({ form }: { form: SettingsForm }) {
  const { t } = useTranslation()
  const { values, set, error } = form
  const rows = values.currency_rates
  const update = (index: number, patch: Partial<(typeof rows)[number]>) =>
    set(
      "currency_rates",
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row))
    )
  const listError = error("currency_rates")
  return (
    <SettingsSection
      id="currencies"
      title={t("ecpayEinvoice.sections.currencies.title")}
      description={t("ecpayEinvoice.sections.currencies.description")}
    >
      <div className="flex flex-col gap-y-3" data-field="currency_rates">
        {rows.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.currencies.empty")}
          </Text>
        ) : (
          <div className="text-ui-fg-subtle txt-compact-small-plus grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-x-3">
            <span>{t("ecpayEinvoice.currencies.code")}</span>
            <span>{t("ecpayEinvoice.currencies.rate")}</span>
            <span className="sr-only">{t("ecpayEinvoice.currencies.remove")}</span>
          </div>
        )}
        {rows.map((row, index) => {
          const codeError = error(`currency_rates.${index}.currency_code`)
          const rateError = error(`currency_rates.${index}.rate`)
          return (
            <div key={index} className="flex flex-col gap-y-1" data-currency-row={index}>
              <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-x-3">
                <Input
                  id={`currency-code-${index}`}
                  placeholder="USD"
                  maxLength={3}
                  aria-label={t("ecpayEinvoice.currencies.code")}
                  aria-invalid={codeError ? true : undefined}
                  value={row.currency_code}
                  onChange={(event) => update(index, { currency_code: event.target.value.toUpperCase() })}
                />
                <Input
                  id={`currency-rate-${index}`}
                  inputMode="decimal"
                  placeholder="31.5"
                  aria-label={t("ecpayEinvoice.currencies.rate")}
                  aria-invalid={rateError ? true : undefined}
                  value={row.rate}
                  onChange={(event) => update(index, { rate: event.target.value })}
                />
                <IconButton
                  type="button"
                  variant="transparent"
                  data-action={`remove-currency-${index}`}
                  aria-label={t("ecpayEinvoice.currencies.remove")}
                  onClick={() =>
                    set(
                      "currency_rates",
                      rows.filter((_, i) => i !== index)
                    )
                  }
                >
                  <Trash />
                </IconButton>
              </div>
              {codeError || rateError ? (
                <Hint variant="error" role="alert" data-error-for={`currency_rates.${index}`}>
                  {[codeError, rateError].filter(Boolean).join(" ")}
                </Hint>
              ) : null}
            </div>
          )
        })}
        {listError ? (
          <Hint variant="error" role="alert" data-error-for="currency_rates">
            {listError}
          </Hint>
        ) : null}
        <div>
          <Button
            type="button"
            size="small"
            variant="secondary"
            data-action="add-currency"
            onClick={() => set("currency_rates", [...rows, { currency_code: "", rate: "" }])}
          >
            <Plus />
            {t("ecpayEinvoice.currencies.add")}
          </Button>
        </div>
        <Hint>{t("ecpayEinvoice.currencies.hint")}</Hint>
      </div>
    </SettingsSection>
  )
}
