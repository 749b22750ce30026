import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EinvoiceItem } from "../../lib/types"
import { formatTwd } from "./format"

/**
 * The lines of an allowance or an additional invoice as sent to ECPay: name, count and word, amount.
 * `name` tags the list (`data-<name>-lines`) and each line (`data-<name>-line` = its ItemSeq).
 */
export function ItemLines({ items, name }: { items: EinvoiceItem[]; name: string }) {
  const { t } = useTranslation()
  return (
    <ul className="flex flex-col gap-y-0.5" {...{ [`data-${name}-lines`]: true }}>
      {items.map((item, index) => (
        <li key={item.ItemSeq ?? index} className="flex justify-between gap-x-2" {...{ [`data-${name}-line`]: item.ItemSeq ?? index + 1 }}>
          <Text size="small" leading="compact" className="text-ui-fg-subtle min-w-0 break-words">
            {t("ecpayEinvoice.order.allowances.line", { name: item.ItemName, count: item.ItemCount, word: item.ItemWord })}
          </Text>
          <Text size="small" leading="compact" className="text-ui-fg-subtle shrink-0 tabular-nums">
            {formatTwd(item.ItemAmount)}
          </Text>
        </li>
      ))}
    </ul>
  )
}
