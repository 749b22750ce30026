import { Hint, Input, Label, Text, clx } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { REASON_MAX_LENGTH } from "../../../lib/ecpay/validators"
import { charCount } from "./allowance-form-model"

/**
 * A reason for ECPay (a void's, an allowance's): at most 20 characters, with a counter, and the
 * server's message beside it when it refused the reason.
 */
export function ReasonField({
  id,
  label,
  value,
  onChange,
  required,
  error,
  placeholder,
  autoFocus,
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  required?: boolean
  error?: string
  placeholder?: string
  autoFocus?: boolean
}) {
  const { t } = useTranslation()
  const count = charCount(value)
  const over = count > REASON_MAX_LENGTH
  return (
    <div className="flex flex-col gap-y-2" data-field="reason">
      <div className="flex items-center justify-between gap-x-2">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
          {required ? null : <span className="text-ui-fg-muted txt-compact-small"> {t("ecpayEinvoice.order.form.optional")}</span>}
        </Label>
        <Text
          size="xsmall"
          leading="compact"
          className={clx("tabular-nums", over ? "text-ui-fg-error" : "text-ui-fg-muted")}
          aria-live="polite"
          data-ecpay-counter
        >
          {t("ecpayEinvoice.order.form.counter", { length: count, max: REASON_MAX_LENGTH })}
        </Text>
      </div>
      <Input
        id={id}
        name="reason"
        autoComplete="off"
        autoFocus={autoFocus}
        // Not the native `required`: Medusa's input paints :invalid red, before anything was typed. The
        // confirm button stays disabled until a required reason is there.
        aria-required={required || undefined}
        maxLength={REASON_MAX_LENGTH}
        value={value}
        placeholder={placeholder}
        aria-invalid={error || over ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <Hint variant="error" id={`${id}-error`} role="alert" data-error-for="reason">
          {error}
        </Hint>
      ) : null}
    </div>
  )
}

/** The field error of `field` in a 400's field errors, if any. */
export function fieldError(errors: { field: string; message: string }[] | undefined, field: string): string | undefined {
  return errors?.find((entry) => entry.field === field)?.message
}
