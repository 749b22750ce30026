// Words for the card's values, in the dashboard's language.
import type { useTranslation } from "react-i18next"
import type { Charity } from "../../lib/types"
import type { Destination } from "./format"

export type Translate = ReturnType<typeof useTranslation>["t"]

export function carrierTypeLabel(t: Translate, carrierType: string): string {
  return t(`ecpayEinvoice.order.carrierTypes.${carrierType}`, { defaultValue: carrierType })
}

export function loveCodeLabel(t: Translate, loveCode: string, charities: Charity[] = []): string {
  const charity = charities.find((c) => c.code === loveCode)
  return charity
    ? t("ecpayEinvoice.order.values.charity", { name: charity.name, code: loveCode })
    : t("ecpayEinvoice.order.values.loveCode", { code: loveCode })
}

/** The destination's row: which label, which value. */
export function destinationRow(
  t: Translate,
  destination: Destination,
  charities: Charity[] = []
): { field: string; label: string; value: string } {
  switch (destination.kind) {
    case "donation":
      return {
        field: "donation",
        label: t("ecpayEinvoice.order.fields.donation"),
        value: loveCodeLabel(t, destination.loveCode, charities),
      }
    case "company":
      return {
        field: "company",
        label: t("ecpayEinvoice.order.fields.company"),
        value: [`${t("ecpayEinvoice.order.fields.taxId")} ${destination.taxId}`, destination.name].filter(Boolean).join("\n"),
      }
    case "carrier":
      return {
        field: "carrier",
        label: t("ecpayEinvoice.order.fields.carrier"),
        value: [carrierTypeLabel(t, destination.carrierType), destination.carrierNumber].filter(Boolean).join(" "),
      }
    case "paper":
      return { field: "carrier", label: t("ecpayEinvoice.order.fields.carrier"), value: t("ecpayEinvoice.order.values.paper") }
  }
}

/** Only for a company invoice kept on a carrier: the carrier's row, shown below the company. */
export function companyCarrierRow(t: Translate, destination: Destination) {
  if (destination.kind !== "company" || destination.print || !destination.carrierType) {
    return null
  }
  return {
    field: "carrier",
    label: t("ecpayEinvoice.order.fields.carrier"),
    value: [carrierTypeLabel(t, destination.carrierType), destination.carrierNumber].filter(Boolean).join(" "),
  }
}

export function paymentStatusLabel(t: Translate, status: string): string {
  return t(`ecpayEinvoice.order.paymentStatus.${status}`, { defaultValue: status.replace(/_/g, " ") })
}

/** A refusal of the server in the merchant's language when its code is known, else the server's sentence. */
export function refusalText(t: Translate, code: string | null | undefined, message: string): string {
  const worded = code ? t(`ecpayEinvoice.order.refusals.${code}`, { defaultValue: "" }) : ""
  return worded || message
}

/** The agreement of an allowance: 紙本同意 / 線上同意. */
export function agreementLabel(t: Translate, agreement: string): string {
  return t(`ecpayEinvoice.order.allowances.agreement.${agreement}`, { defaultValue: agreement })
}

/** What an invoice goes to, as the few fields a choice (or an audit entry's before / after) has. */
export interface ChoiceLike {
  type: string
  carrier_number?: string | null
  love_code?: string | null
  company_tax_id?: string | null
  company_name?: string | null
}

/**
 * The invoice's type and where it goes, on one line: "Mobile barcode /AB12345", "Donation (love code)
 * 168001", "Company invoice (tax ID) 12345675 好茶股份有限公司", "ECPay member carrier".
 */
export function choiceSummary(t: Translate, choice: ChoiceLike): string {
  const type = t(`ecpayEinvoice.invoiceTypes.${choice.type}`, { defaultValue: choice.type })
  switch (choice.type) {
    case "donation":
      return [type, choice.love_code].filter(Boolean).join(" ")
    case "company":
      return [type, choice.company_tax_id, choice.company_name].filter(Boolean).join(" ")
    case "member":
    case "paper":
      return type
    default:
      return [type, choice.carrier_number].filter(Boolean).join(" ")
  }
}
