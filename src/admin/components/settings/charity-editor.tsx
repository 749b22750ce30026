import { Plus, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, RadioGroup, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Charity } from "../../lib/types"

interface CharityEditorProps {
  charities: Charity[]
  defaultCode: string
  onChange: (charities: Charity[]) => void
  onDefaultChange: (code: string) => void
  /** The message for a path such as "charities", "charities.0.code", "default_love_code". */
  error: (field: string) => string | undefined
}

/** Rows of love code + charity name, one of which may be the default offered at checkout. */
export function CharityEditor({ charities, defaultCode, onChange, onDefaultChange, error }: CharityEditorProps) {
  const { t } = useTranslation()

  const update = (index: number, patch: Partial<Charity>) => {
    const previous = charities[index]
    onChange(charities.map((row, i) => (i === index ? { ...row, ...patch } : row)))
    if (patch.code !== undefined && previous.code !== "" && previous.code === defaultCode) {
      onDefaultChange(patch.code)
    }
  }

  const remove = (index: number) => {
    if (charities[index].code === defaultCode) {
      onDefaultChange("")
    }
    onChange(charities.filter((_, i) => i !== index))
  }

  const listError = error("charities")
  const defaultError = error("default_love_code")

  return (
    <div className="flex flex-col gap-y-3" data-field="charities">
      {charities.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t("ecpayEinvoice.charities.empty")}
        </Text>
      ) : (
        <RadioGroup
          value={defaultCode}
          onValueChange={onDefaultChange}
          aria-label={t("ecpayEinvoice.charities.default")}
          className="flex flex-col gap-y-3"
        >
          <div className="text-ui-fg-subtle txt-compact-small-plus grid grid-cols-[minmax(0,2fr)_minmax(0,4fr)_auto_auto] items-center gap-x-3">
            <span>{t("ecpayEinvoice.charities.code")}</span>
            <span>{t("ecpayEinvoice.charities.name")}</span>
            <span>{t("ecpayEinvoice.charities.default")}</span>
            <span className="sr-only">{t("ecpayEinvoice.charities.remove")}</span>
          </div>
          {charities.map((charity, index) => {
            const codeError = error(`charities.${index}.code`)
            const nameError = error(`charities.${index}.name`)
            return (
              <div key={index} className="flex flex-col gap-y-1" data-charity-row={index}>
                <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,4fr)_auto_auto] items-center gap-x-3">
                  <Input
                    id={`charity-code-${index}`}
                    inputMode="numeric"
                    placeholder={t("ecpayEinvoice.charities.codePlaceholder")}
                    aria-label={t("ecpayEinvoice.charities.code")}
                    aria-invalid={codeError ? true : undefined}
                    value={charity.code}
                    onChange={(event) => update(index, { code: event.target.value })}
                  />
                  <Input
                    id={`charity-name-${index}`}
                    placeholder={t("ecpayEinvoice.charities.namePlaceholder")}
                    aria-label={t("ecpayEinvoice.charities.name")}
                    aria-invalid={nameError ? true : undefined}
                    value={charity.name}
                    onChange={(event) => update(index, { name: event.target.value })}
                  />
                  <div className="flex justify-center">
                    <RadioGroup.Item
                      id={`charity-default-${index}`}
                      value={charity.code}
                      disabled={charity.code.trim() === ""}
                      aria-label={t("ecpayEinvoice.charities.makeDefault", { code: charity.code })}
                    />
                  </div>
                  <IconButton
                    type="button"
                    variant="transparent"
                    data-action={`remove-charity-${index}`}
                    aria-label={t("ecpayEinvoice.charities.remove")}
                    onClick={() => remove(index)}
                  >
                    <Trash />
                  </IconButton>
                </div>
                {codeError ? (
                  <Hint variant="error" role="alert" data-error-for={`charities.${index}.code`}>
                    {codeError}
                  </Hint>
                ) : null}
                {nameError ? (
                  <Hint variant="error" role="alert" data-error-for={`charities.${index}.name`}>
                    {nameError}
                  </Hint>
                ) : null}
              </div>
            )
          })}
        </RadioGroup>
      )}
      {listError ? (
        <Hint variant="error" role="alert" data-error-for="charities">
          {listError}
        </Hint>
      ) : null}
      {defaultError ? (
        <Hint variant="error" role="alert" data-error-for="default_love_code">
          {defaultError}
        </Hint>
      ) : null}
      <div className="flex items-center gap-x-2">
        <Button
          type="button"
          size="small"
          variant="secondary"
          data-action="add-charity"
          onClick={() => onChange([...charities, { code: "", name: "" }])}
        >
          <Plus />
          {t("ecpayEinvoice.charities.add")}
        </Button>
        {defaultCode ? (
          <Button type="button" size="small" variant="transparent" onClick={() => onDefaultChange("")}>
            {t("ecpayEinvoice.charities.noDefault")}
          </Button>
        ) : null}
      </div>
      <Hint>{t("ecpayEinvoice.charities.hint")}</Hint>
    </div>
  )
}
