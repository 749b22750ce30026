/**
 * Taiwan e-invoice identifiers. The single source of truth for these formats: the request schemas and the
 * store API both use them. Each validator takes the value exactly as it will be sent (no trimming or case
 * folding) and returns a boolean.
 */

export const TAX_ID_PATTERN = /^[0-9]{8}$/
/** `/` + 7 of `0-9 A-Z + - .` (uppercase only; see {@link normalizeMobileBarcode}). */
export const MOBILE_BARCODE_PATTERN = /^\/[0-9A-Z+\-.]{7}$/
export const CITIZEN_CERTIFICATE_PATTERN = /^[A-Z]{2}[0-9]{14}$/
/** 3–7 digits; leading zeros are significant, so love codes are strings. */
export const LOVE_CODE_PATTERN = /^[0-9]{3,7}$/
export const INVOICE_NUMBER_PATTERN = /^[A-Z]{2}[0-9]{8}$/
export const ALLOWANCE_NUMBER_PATTERN = /^[0-9]{16}$/
/** Void, re-issue and allowance-void reasons (Reason, VoidReason): at most 20 characters. */
export const REASON_MAX_LENGTH = 20
/**
 * ECPay allows 30 characters and asks for "no special symbols" without listing them; letters, digits,
 * underscore and hyphen are known to work in production. ECPay treats RelateNumber case-insensitively.
 */
export const RELATE_NUMBER_PATTERN = /^[0-9A-Za-z_-]{1,30}$/

const TAX_ID_WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1]

/**
 * 統一編號 checksum with the 2023 rule (divisor 5, which also accepts every number valid under the old
 * divisor 10). Each digit is multiplied by its weight and the product's digits are added; the total Z must
 * be divisible by 5, or, when the 7th digit is 7 (7 × 4 = 28 → 10 → 1 or 0), Z + 1 may be.
 */
export function isValidTaxId(value: string): boolean {
  if (!TAX_ID_PATTERN.test(value) || value === "00000000") {
    return false
  }
  const digits = Array.from(value, Number)
  const total = digits.reduce((sum, digit, index) => {
    const product = digit * TAX_ID_WEIGHTS[index]
    return sum + Math.floor(product / 10) + (product % 10)
  }, 0)
  return total % 5 === 0 || (digits[6] === 7 && (total + 1) % 5 === 0)
}

/** Mobile barcodes are case-insensitive for shoppers but must be sent uppercase. */
export function normalizeMobileBarcode(value: string): string {
  return value.trim().toUpperCase()
}

export function isValidMobileBarcode(value: string): boolean {
  return MOBILE_BARCODE_PATTERN.test(value)
}

export function isValidCitizenCertificate(value: string): boolean {
  return CITIZEN_CERTIFICATE_PATTERN.test(value)
}

export function isValidLoveCode(value: string): boolean {
  return LOVE_CODE_PATTERN.test(value)
}

export function isValidInvoiceNumber(value: string): boolean {
  return INVOICE_NUMBER_PATTERN.test(value)
}

export function isValidAllowanceNumber(value: string): boolean {
  return ALLOWANCE_NUMBER_PATTERN.test(value)
}

export function isValidRelateNumber(value: string): boolean {
  return RELATE_NUMBER_PATTERN.test(value)
}
