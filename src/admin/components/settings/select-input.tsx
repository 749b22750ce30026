import { Select } from "@medusajs/ui"

export interface SelectOption {
  value: string
  label: string
}

interface SelectInputProps {
  id: string
  value: string
  options: SelectOption[]
  onChange: (value: string) => void
  placeholder?: string
  disabled?: boolean
  invalid?: boolean
}

export function SelectInput({ id, value, options, onChange, placeholder, disabled, invalid }: SelectInputProps) {
  return (
    <Select value={value} onValueChange={onChange} disabled={disabled}>
      <Select.Trigger id={id} aria-invalid={invalid || undefined}>
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {options.map((option) => (
          <Select.Item key={option.value} value={option.value}>
            {option.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}
