import { isValidCitizenCertificate, isValidLoveCode, isValidMobileBarcode, isValidTaxId, normalizeMobileBarcode } from "./ecpay/validators"

/** The values a shopper can have checked while typing (POST /store/einvoice/validate). */
export type CheckedValueType = "mobile_barcode" | "love_code" | "tax_id" | "citizen_certificate"

/** The values ECPay can check online (it offers no existence check for citizen certificates). */
export type OnlineCheckedValueType = Exclude<CheckedValueType, "citizen_certificate">

export interface CheckInvoiceValueResult {
  type: CheckedValueType
  value: string
  valid: boolean
  /**
   * `format`: wrong shape; `not_found`: ECPay / the government says it does not exist; `unchecked`: accepted
   * without the online check; `throttled`: not checked because the client, the cart or the store asked too
   * often (`retry_after_seconds`).
   */
  rule: "format" | "not_found" | "unchecked" | "throttled" | null
  company_name: string | null
  charity_name: string | null
  checked_online: boolean
  /** With `throttled`: when the limit that refused it ends. */
  retry_after_seconds?: number
  /** How long this answer may be reused for the same value (0: not at all); set by the online check. */
  cache_seconds?: number
}

const FORMAT: Record<CheckedValueType, (value: string) => boolean> = {
  mobile_barcode: isValidMobileBarcode,
  love_code: isValidLoveCode,
  tax_id: isValidTaxId,
  citizen_certificate: isValidCitizenCertificate,
}

export function normalizeCheckedValue(type: CheckedValueType, value: string): string {
  const trimmed = value.trim()
  return type === "mobile_barcode" ? normalizeMobileBarcode(trimmed) : type === "citizen_certificate" ? trimmed.toUpperCase() : trimmed
}

/**
 * The offline part of a value check: the normalized value and, when its format already decides
 * (wrong shape, or a citizen certificate, which cannot be checked online), the answer.
 */
export function checkValueOffline(input: {
  type: CheckedValueType
  value: string
}): { kind: "answered"; result: CheckInvoiceValueResult } | { kind: "online"; type: OnlineCheckedValueType; value: string } {
  const value = normalizeCheckedValue(input.type, input.value)
  const base = { type: input.type, value, company_name: null, charity_name: null }
  if (!FORMAT[input.type](value)) {
    return { kind: "answered", result: { ...base, valid: false, rule: "format", checked_online: false } }
  }
  if (input.type === "citizen_certificate") {
    return { kind: "answered", result: { ...base, valid: true, rule: null, checked_online: false } }
  }
  return { kind: "online", type: input.type, value }
}

/** The values of a choice that ECPay can check online, with the field each came from. */
export function valuesToCheckOnline(choice: {
  type: string
  carrier_number: string | null
  love_code: string | null
}): Array<{ field: "carrier_number" | "love_code"; type: CheckedValueType; value: string }> {
  const checks: Array<{ field: "carrier_number" | "love_code"; type: CheckedValueType; value: string }> = []
  // A company may add a mobile barcode; a member or citizen-certificate carrier has nothing to look up.
  if ((choice.type === "mobile_barcode" || choice.type === "company") && choice.carrier_number) {
    checks.push({ field: "carrier_number", type: "mobile_barcode", value: choice.carrier_number })
  }
  if (choice.love_code) {
    checks.push({ field: "love_code", type: "love_code", value: choice.love_code })
  }
  return checks
}
