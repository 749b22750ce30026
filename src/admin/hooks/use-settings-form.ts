import { useCallback, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import type { FieldError } from "../lib/admin-fetch"
import { toFormValues, type FieldErrors, type SettingsFormValues } from "../lib/settings-form"
import type { PublicSettings } from "../lib/types"

/** Translation key (under `ecpayEinvoice.fieldErrors`) for an error on an API field path. */
function messageKey(field: string): string {
  const charity = /^charities\.\d+\.(code|name)$/.exec(field)
  if (charity) {
    return `charity_${charity[1]}`
  }
  return field.split(".")[0]
}

/** The error key a form field's errors are filed under (`clear_hash_key` edits `hash_key`). */
function errorKeyOf(field: keyof SettingsFormValues): string {
  return field.startsWith("clear_") ? field.slice("clear_".length) : field
}

export interface SettingsForm {
  values: SettingsFormValues
  set: <K extends keyof SettingsFormValues>(field: K, value: SettingsFormValues[K]) => void
  /** The translated message for a field path ("merchant_id", "charities.0.code"), if any. */
  error: (field: string) => string | undefined
  setErrors: (errors: FieldErrors) => void
  setApiErrors: (errors: FieldError[]) => void
  isPinned: (field: string) => boolean
  pinned: string[]
  settings: PublicSettings
  dirty: boolean
  reset: (settings: PublicSettings) => void
}

export function useSettingsForm(initialSettings: PublicSettings): SettingsForm {
  const { t } = useTranslation()
  const [settings, setSettings] = useState(initialSettings)
  const [initial, setInitial] = useState(() => toFormValues(initialSettings))
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<FieldErrors>({})

  const set = useCallback(<K extends keyof SettingsFormValues>(field: K, value: SettingsFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }))
    const key = errorKeyOf(field)
    setErrors((current) => {
      const kept = Object.entries(current).filter(([path]) => path !== key && !path.startsWith(`${key}.`))
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept)
    })
  }, [])

  const setApiErrors = useCallback((list: FieldError[]) => {
    const next: FieldErrors = {}
    for (const { field, message } of list) {
      next[field] = next[field] ? `${next[field]} ${message}` : message
    }
    setErrors(next)
  }, [])

  const error = useCallback(
    (field: string) => {
      const raw = errors[field]
      if (raw === undefined) {
        return undefined
      }
      if (raw === "base_url_required") {
        return t("ecpayEinvoice.fieldErrors.base_url_required")
      }
      return t(`ecpayEinvoice.fieldErrors.${messageKey(field)}`, { defaultValue: raw })
    },
    [errors, t]
  )

  const reset = useCallback((next: PublicSettings) => {
    const formValues = toFormValues(next)
    setSettings(next)
    setInitial(formValues)
    setValues(formValues)
    setErrors({})
  }, [])

  const pinned = settings.configured_by_options
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(initial), [values, initial])

  return {
    values,
    set,
    error,
    setErrors,
    setApiErrors,
    isPinned: (field) => pinned.includes(field),
    pinned,
    settings,
    dirty,
    reset,
  }
}
