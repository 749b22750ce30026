/**
 * Which invoices need paper (電子發票證明聯) and which won the uniform-invoice lottery (中獎). One source for
 * the order card, the "To print" list (`TO_PRINT_WHERE` is the same rule as a database filter) and the CSV.
 *
 * - A printed invoice (Print=1: the buyer asked for paper, or a company invoice without a carrier) is
 *   printed and handed or shipped to the buyer.
 * - A member-carrier invoice (ECPay's own carrier, CarrierType 1) that wins is printed by the seller and
 *   mailed to the buyer: the prize cannot be claimed from that carrier otherwise. Mobile barcodes and
 *   citizen certificates are paid out by the government without paper; company invoices take no part in
 *   the lottery (ECPay's award flag "X"); a donated invoice's prize goes to the charity.
 * - ECPay prints nothing for an invoice fully reduced by allowances.
 */
/** ECPay's CarrierType of its member carrier (綠界會員載具). */
export const MEMBER_CARRIER_TYPE = "1"

/** What sync stores from GetIssue (`IIS_Award_Type` when 1–12, else `IIS_Award_Flag`) that is not a win. */
const NOT_AWARDED = ["", "0", "X"] as const

/** Whether the stored award status is a win. */
export function isWinning(awardStatus: string | null | undefined): boolean {
  return !!awardStatus && !(NOT_AWARDED as readonly string[]).includes(awardStatus)
}

/** ECPay's prize tier (1–12) when the award status carries one; null when unknown or not a win. */
export function awardTier(awardStatus: string | null | undefined): number | null {
  if (!isWinning(awardStatus) || !/^\d{1,2}$/.test(awardStatus!)) {
    return null
  }
  const tier = Number(awardStatus)
  // The flag alone ("1") says "won" without the tier; IIS_Award_Type is what carries the tier.
  return tier >= 1 && tier <= 12 ? tier : null
}

export type PaperReason = "printed" | "winning"

export interface PaperFields {
  status: string
  print: boolean
  donation: boolean
  carrier_type: string | null
  award_status: string | null
  remaining_allowance_amount?: number | null
}

/** Why the invoice needs paper now, or null when it does not (or cannot be printed). */
export function paperReason(invoice: PaperFields): PaperReason | null {
  if (invoice.status !== "issued" || invoice.remaining_allowance_amount === 0) {
    return null
  }
  if (invoice.print) {
    return "printed"
  }
  if (isWinning(invoice.award_status) && invoice.carrier_type === MEMBER_CARRIER_TYPE && !invoice.donation) {
    return "winning"
  }
  return null
}

/** Still to be printed: it needs paper and nobody marked it printed. */
export function needsPrinting(invoice: PaperFields & { printed_at: Date | string | null }): boolean {
  return paperReason(invoice) !== null && !invoice.printed_at
}

/** What the admin shows about paper and the lottery, next to the stored fields. */
export function paperView(invoice: PaperFields): { paper_reason: PaperReason | null; winning: boolean; award_tier: number | null } {
  return { paper_reason: paperReason(invoice), winning: isWinning(invoice.award_status), award_tier: awardTier(invoice.award_status) }
}

/** `paperReason` as a filter on the invoice table (the "To print" list). */
export const TO_PRINT_WHERE = {
  status: "issued",
  printed_at: null,
  $and: [
    {
      $or: [{ print: true }, { carrier_type: MEMBER_CARRIER_TYPE, donation: false, award_status: { $nin: [...NOT_AWARDED], $ne: null } }],
    },
    // NULL (not known yet) is printable; in SQL `!= 0` alone would drop it.
    { $or: [{ remaining_allowance_amount: null }, { remaining_allowance_amount: { $ne: 0 } }] },
  ],
}

/** `isWinning` as a filter on the invoice table. */
export const WINNING_WHERE = { award_status: { $nin: [...NOT_AWARDED], $ne: null } }

/** ECPay's InvoicePrint PrintStyle: 1 single-sided A4, 2 double-sided A4, 3 thermal (receipt printer). */
export const PRINT_STYLES = [1, 2, 3] as const
export type PrintStyle = (typeof PRINT_STYLES)[number]
