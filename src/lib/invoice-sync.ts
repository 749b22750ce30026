import { isFlagSet, parseAmount, type GetIssueResponse } from "./ecpay"

/**
 * What a sync from ECPay changes on our rows, decided from ECPay's answers alone (no I/O): the invoice's
 * amounts, statuses and buyer data (GetIssue), and when an online allowance request has lapsed.
 */

/** The invoice fields a sync compares with ECPay's. */
export interface SyncedInvoiceFields {
  type: string
  tax_amount?: number | null
  remaining_allowance_amount: number | null
  upload_status: string | null
  award_status: string | null
  random_number: string | null
  carrier_type: string | null
  carrier_number: string | null
  love_code: string | null
  donation: boolean
  company_tax_id: string | null
  company_name: string | null
  buyer_name: string | null
  buyer_email: string | null
}

export interface InvoiceRefresh {
  /** The fields to update (without the sync time). */
  patch: Record<string, unknown>
  /** What changed, in the order the admin lists it. */
  changes: string[]
  /** ECPay holds the invoice as voided. */
  voided: boolean
}

/** Compares ECPay's invoice (GetIssue) with ours. */
export function invoiceRefresh(remote: GetIssueResponse, invoice: SyncedInvoiceFields): InvoiceRefresh {
  const patch: Record<string, unknown> = {}
  const changes: string[] = []
  const remaining = parseAmount(remote.IIS_Remain_Allowance_Amt)
  if (remaining !== null && remaining !== invoice.remaining_allowance_amount) {
    patch.remaining_allowance_amount = remaining
    changes.push("remaining_allowance_amount")
  }
  if ((remote.IIS_Upload_Status || null) !== invoice.upload_status) {
    patch.upload_status = remote.IIS_Upload_Status || null
    changes.push("upload_status")
  }
  // ECPay sends the tier as a number (0 none, 1–12) and the flag as text ('', 0, 1, X): stored as text.
  const awardType = remote.IIS_Award_Type === undefined || remote.IIS_Award_Type === null ? "" : String(remote.IIS_Award_Type).trim()
  const awardFlag = remote.IIS_Award_Flag === undefined || remote.IIS_Award_Flag === null ? "" : String(remote.IIS_Award_Flag).trim()
  const award = awardType && awardType !== "0" ? awardType : awardFlag || null
  if (award !== invoice.award_status) {
    patch.award_status = award
    changes.push("award_status")
  }
  // A company invoice's 稅額 as ECPay holds it (computed the same way at issue; ECPay's figure is the one filed).
  const remoteTax = parseAmount(remote.IIS_Tax_Amount)
  if (invoice.company_tax_id && remoteTax !== null && invoice.tax_amount !== undefined && remoteTax !== invoice.tax_amount) {
    patch.tax_amount = remoteTax
    changes.push("tax_amount")
  }
  const voided = isFlagSet(remote.IIS_Invalid_Status)
  const corrected = correctedBuyer(remote, invoice)
  if (corrected && !voided) {
    // Void-and-reissue done in ECPay's back office: same number, new buyer / carrier data.
    Object.assign(patch, corrected)
    changes.push("reissued")
  }
  return { patch, changes, voided }
}

const CARRIER_TYPE_TO_INVOICE_TYPE: Record<string, string> = {
  "1": "member",
  "2": "citizen_certificate",
  "3": "mobile_barcode",
  "4": "easycard",
  "5": "ipass",
}

/** The buyer fields ECPay now holds, when they differ from ours (a back-office correction), else null. */
export function correctedBuyer(remote: GetIssueResponse, invoice: SyncedInvoiceFields): Record<string, unknown> | null {
  const text = (value: unknown) => (value === undefined || value === null || String(value).trim() === "" ? null : String(value).trim())
  const identifier = text(remote.IIS_Identifier) === "0000000000" ? null : text(remote.IIS_Identifier)
  const loveCode = text(remote.IIS_Love_Code)
  const carrierType = text(remote.IIS_Carrier_Type)
  const fields = {
    random_number: text(remote.IIS_Random_Number) ?? invoice.random_number,
    carrier_type: carrierType,
    // Only codes the shopper gave (certificate, barcode, cards) are ours to compare; ECPay may fill in
    // its own value for a member carrier.
    carrier_number: carrierType && carrierType !== "1" ? text(remote.IIS_Carrier_Num) : invoice.carrier_number,
    love_code: loveCode,
    donation: loveCode !== null,
    company_tax_id: identifier,
  }
  const differs = (Object.keys(fields) as Array<keyof typeof fields>).some((key) => (fields[key] ?? null) !== (invoice[key] ?? null))
  if (!differs) {
    return null
  }
  const type = identifier
    ? "company"
    : loveCode
      ? "donation"
      : carrierType
        ? (CARRIER_TYPE_TO_INVOICE_TYPE[carrierType] ?? invoice.type)
        : isFlagSet(remote.IIS_Print_Flag)
          ? "paper"
          : invoice.type
  return {
    ...fields,
    type,
    print: isFlagSet(remote.IIS_Print_Flag),
    buyer_name: text(remote.IIS_Customer_Name) ?? invoice.buyer_name,
    buyer_email: text(remote.IIS_Customer_Email) ?? invoice.buyer_email,
    company_name: identifier ? (text(remote.IIS_Customer_Name) ?? invoice.company_name) : null,
  }
}

/** The buyer has 72 hours to answer an online request. */
export const AGREEMENT_WINDOW_MS = 72 * 60 * 60 * 1000
/** A request whose reply was lost is given a day more before it is taken as never made. */
export const LOST_REQUEST_GRACE_MS = 24 * 60 * 60 * 1000

export interface OnlineRequest {
  agreement: string
  status: string
  allowance_number: string | null
  expires_at: Date | string | null
  created_at: Date | string
}

/**
 * Whether an online allowance request is over: "expired" when the buyer left it unanswered past its
 * 72 hours; "not_made" when its reply was lost (no number) and ECPay never answered for it a day later.
 */
export function onlineRequestLapse(request: OnlineRequest, now: number): "expired" | "not_made" | null {
  if (request.agreement !== "online") {
    return null
  }
  const expiresAt = request.expires_at
    ? new Date(request.expires_at).getTime()
    : new Date(request.created_at).getTime() + AGREEMENT_WINDOW_MS
  if (request.status === "awaiting_agreement" && expiresAt < now) {
    return "expired"
  }
  if (request.status === "pending" && !request.allowance_number && expiresAt + LOST_REQUEST_GRACE_MS < now) {
    return "not_made"
  }
  return null
}
