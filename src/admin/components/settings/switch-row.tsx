import { Hint, Label, Switch } from "@medusajs/ui"

interface SwitchRowProps {
  id: string
  label: string
  hint?: string
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
}

/** An on/off setting: the label and hint on the left, the switch on the right. */
export function SwitchRow({ id, label, hint, checked, onChange, disabled }: SwitchRowProps) {
  return (
    <div className="flex items-start justify-between gap-x-4" data-field={id}>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={id} size="small" weight="plus">
          {label}
        </Label>
        {hint ? <Hint>{hint}</Hint> : null}
      </div>
      <Switch id={id} checked={checked} onCheckedChange={onChange} disabled={disabled} />
    </div>
  )
}
