import { Badge, Checkbox, Label } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { CORE_INVOICE_TYPES, OPTIONAL_INVOICE_TYPES, type InvoiceType } from "../../lib/types"

interface InvoiceTypePickerProps {
  value: InvoiceType[]
  onChange: (types: InvoiceType[]) => void
}

/** The invoice types offered at checkout: the five core ones are always on; the rest are optional. */
export function InvoiceTypePicker({ value, onChange }: InvoiceTypePickerProps) {
  const { t } = useTranslation()

  const toggle = (type: InvoiceType, on: boolean) => {
    const rest = value.filter((v) => v !== type)
    onChange(on ? [...rest, type] : rest)
  }

  return (
    <div className="grid grid-cols-1 gap-3 md:grid-cols-2" data-field="enabled_types">
      {[...CORE_INVOICE_TYPES, ...OPTIONAL_INVOICE_TYPES].map((type) => {
        const core = CORE_INVOICE_TYPES.includes(type)
        const id = `invoice-type-${type}`
        return (
          <div key={type} className="flex items-center gap-x-2">
            <Checkbox
              id={id}
              checked={core || value.includes(type)}
              disabled={core}
              onCheckedChange={(checked) => toggle(type, checked === true)}
            />
            <Label htmlFor={id} size="small">
              {t(`ecpayEinvoice.invoiceTypes.${type}`)}
            </Label>
            {core ? (
              <Badge size="2xsmall" color="grey">
                {t("ecpayEinvoice.invoiceTypes.required")}
              </Badge>
            ) : null}
          </div>
        )
      })}
    </div>
  )
}
