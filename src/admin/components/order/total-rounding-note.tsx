import { Alert } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { TotalRounding } from "../../../lib/invoice-amounts"
import { formatTwd } from "./format"

/**
 * The paid total had cents (a percentage promotion on TWD prices): the invoice carries the whole-dollar
 * total, rounded half up. Said where the merchant sees the amount, so the two never differ silently.
 */
export function TotalRoundingNote({ rounding }: { rounding: TotalRounding }) {
  const { t } = useTranslation()
  const difference = `${rounding.difference > 0 ? "+" : "-"}${formatTwd(Math.abs(rounding.difference))}`
  return (
    <Alert variant="warning" data-ecpay-total-rounding={rounding.difference}>
      {t("ecpayEinvoice.order.rounding.note", {
        paid: formatTwd(rounding.paid_total),
        invoiced: formatTwd(rounding.invoiced_total),
        difference,
      })}
    </Alert>
  )
}
