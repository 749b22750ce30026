import { LockClosedSolid } from "@medusajs/icons"
import { Badge, Hint, Label } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"

interface FieldProps {
  /** The id of the input, also used for `data-field` and the error's id. */
  id: string
  label: string
  hint?: ReactNode
  error?: string
  /** Set by the plugin options: shown read-only with a note. */
  pinned?: boolean
  children: ReactNode
}

/** A label, the input, a hint, and the validation message beside it. */
export function Field({ id, label, hint, error, pinned, children }: FieldProps) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-y-2" data-field={id}>
      <div className="flex items-center gap-x-2">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
        </Label>
        {pinned ? <ConfigurationBadge /> : null}
      </div>
      {children}
      {pinned ? <Hint>{t("ecpayEinvoice.common.setByConfigurationHint")}</Hint> : hint ? <Hint>{hint}</Hint> : null}
      {error ? (
        <Hint variant="error" id={`${id}-error`} role="alert" data-error-for={id}>
          {error}
        </Hint>
      ) : null}
    </div>
  )
}

export function ConfigurationBadge() {
  const { t } = useTranslation()
  return (
    <Badge size="2xsmall" color="grey" className="gap-x-1">
      <LockClosedSolid />
      {t("ecpayEinvoice.common.setByConfiguration")}
    </Badge>
  )
}
