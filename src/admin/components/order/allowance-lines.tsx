import { Hint, Input, Table, Text } from "@medusajs/ui"
import type { ComponentProps } from "react"
import { useTranslation } from "react-i18next"
import type { AfterIssueLine } from "../../lib/types"
import { lineAllowable, lineAllowanceAmount, lineLeft, parseWhole } from "./allowance-form-model"
import { formatTwd } from "./format"

/**
 * The invoice's lines for an allowance by items: what is left of each, the quantity to allow (at
 * most what is left), and the amount that comes to.
 */
export function AllowanceLines({
  lines,
  quantities,
  onChange,
  errors,
  disabled,
}: {
  lines: AfterIssueLine[]
  quantities: Record<number, string>
  onChange: (seq: number, quantity: string) => void
  /** By ItemSeq. */
  errors: Record<number, string>
  disabled?: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className="overflow-hidden rounded-md border" data-ecpay-allowance-lines>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("ecpayEinvoice.order.confirm.item")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("ecpayEinvoice.order.allowanceForm.left")}</Table.HeaderCell>
            <Table.HeaderCell className="w-[112px] text-right">{t("ecpayEinvoice.order.allowanceForm.quantity")}</Table.HeaderCell>
            <Table.HeaderCell className="text-right">{t("ecpayEinvoice.order.confirm.lineAmount")}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {lines.map((line) => {
            const left = lineLeft(line)
            const allowable = lineAllowable(line)
            const text = quantities[line.seq] ?? ""
            const quantity = parseWhole(text, true)
            const amount = quantity !== null && quantity <= left.quantity ? lineAllowanceAmount(line, quantity) : null
            const error = errors[line.seq]
            const inputId = `ecpay-allowance-line-${line.seq}`
            return (
              <Table.Row key={line.seq} data-ecpay-allowance-line={line.seq} className="[&_td]:align-top">
                <Table.Cell className="whitespace-normal break-words py-2" data-cell="name">
                  <label htmlFor={inputId}>{line.name}</label>
                  <span className="text-ui-fg-muted block txt-compact-xsmall tabular-nums">
                    {t("ecpayEinvoice.order.allowanceForm.unitPrice", { price: formatTwd(line.price) })}
                  </span>
                </Table.Cell>
                <Table.Cell className="py-2 text-right tabular-nums" data-cell="left">
                  {`${left.quantity} / ${line.quantity}${line.word ? ` ${line.word}` : ""}`}
                </Table.Cell>
                <Table.Cell className="py-2 text-right">
                  {allowable ? (
                    <div className="flex flex-col items-end gap-y-1">
                      <WholeNumberInput
                        id={inputId}
                        name="quantity"
                        size="small"
                        min={0}
                        max={left.quantity}
                        placeholder="0"
                        className="w-[88px] text-right tabular-nums"
                        value={text}
                        disabled={disabled}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${inputId}-error` : undefined}
                        onChange={(event) => onChange(line.seq, event.target.value)}
                      />
                      {error ? (
                        <Hint
                          variant="error"
                          id={`${inputId}-error`}
                          role="alert"
                          className="text-right"
                          data-error-for={`line-${line.seq}`}
                        >
                          {error}
                        </Hint>
                      ) : null}
                    </div>
                  ) : (
                    <Text size="xsmall" className="text-ui-fg-muted">
                      {t("ecpayEinvoice.order.allowanceForm.fullyAllowed")}
                    </Text>
                  )}
                </Table.Cell>
                <Table.Cell className="py-2 text-right tabular-nums" data-cell="amount">
                  {amount ? formatTwd(amount) : "-"}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </div>
  )
}

/** A whole number typed in (a quantity, an amount in NT$; read with `parseWhole`): the numeric keypad, steps of 1. */
export function WholeNumberInput(props: Omit<ComponentProps<typeof Input>, "type" | "inputMode" | "step">) {
  return <Input type="number" inputMode="numeric" step={1} {...props} />
}
