import { Badge, Button, Input } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SecretState } from "../../lib/types"
import { Field } from "./field"

interface SecretInputProps {
  id: string
  label: string
  state: SecretState
  /** The new value being typed; never the saved one (the API does not return it). */
  value: string
  onChange: (value: string) => void
  cleared: boolean
  onClearedChange: (cleared: boolean) => void
  error?: string
}

/**
 * A write-only credential (HashKey / HashIV): shows only whether a value is saved, takes a new
 * value, or marks the saved one to be cleared on save.
 */
export function SecretInput(props: SecretInputProps) {
  const { id, label, state, value, onChange, cleared, onClearedChange, error } = props
  const { t } = useTranslation()
  const pinned = state === "set_by_configuration"
  const unreadable = state === "unreadable" && !cleared

  const placeholder = pinned
    ? t("ecpayEinvoice.secret.setByConfiguration")
    : cleared
      ? t("ecpayEinvoice.secret.willClear")
      : state === "set"
        ? t("ecpayEinvoice.secret.placeholderSet")
        : unreadable
          ? t("ecpayEinvoice.secret.placeholderUnreadable")
          : t("ecpayEinvoice.secret.placeholderNotSet")

  return (
    <Field
      id={id}
      label={label}
      pinned={pinned}
      error={error ?? (unreadable && !value ? t("ecpayEinvoice.secret.unreadableHint") : undefined)}
      hint={cleared ? t("ecpayEinvoice.secret.willClear") : t("ecpayEinvoice.secret.hint")}
    >
      <div className="flex items-center gap-x-2">
        <div className="flex-1">
          <Input
            id={id}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            className="font-mono"
            value={value}
            placeholder={placeholder}
            disabled={pinned || cleared}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange(event.target.value)}
          />
        </div>
        {pinned ? null : <SecretStateBadge id={id} state={cleared ? "not_set" : state} />}
        {(state === "set" || state === "unreadable") && !cleared ? (
          <Button
            type="button"
            size="small"
            variant="secondary"
            data-action={`clear-${id}`}
            onClick={() => {
              onChange("")
              onClearedChange(true)
            }}
          >
            {t("ecpayEinvoice.secret.clear")}
          </Button>
        ) : null}
        {cleared ? (
          <Button type="button" size="small" variant="secondary" data-action={`keep-${id}`} onClick={() => onClearedChange(false)}>
            {t("ecpayEinvoice.secret.keep")}
          </Button>
        ) : null}
      </div>
    </Field>
  )
}

function SecretStateBadge({ id, state }: { id: string; state: SecretState }) {
  const { t } = useTranslation()
  return (
    <Badge
      size="small"
      color={state === "set" ? "green" : state === "unreadable" ? "red" : "grey"}
      data-secret-state={state}
      data-secret-for={id}
    >
      {state === "set"
        ? t("ecpayEinvoice.secret.set")
        : state === "unreadable"
          ? t("ecpayEinvoice.secret.unreadable")
          : t("ecpayEinvoice.secret.notSet")}
    </Badge>
  )
}
