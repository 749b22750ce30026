import { createHash, timingSafeEqual } from "crypto"
import { dotNetUrlEncode } from "./encoding"

/**
 * CheckMacValue (MD5) of ECPay's form-posted callbacks, e.g. the AllowanceByCollegiate ReturnURL
 * (developers.ecpay.com.tw p=38243).
 */

export type CheckMacFields = Record<string, string | number>

const CHECK_MAC_FIELD = "CheckMacValue"

function isCheckMacField(key: string): boolean {
  return key.toLowerCase() === CHECK_MAC_FIELD.toLowerCase()
}

function compareCaseInsensitive(a: string, b: string): number {
  // Like PHP strcasecmp: compare lowercased code units, so "_" sorts before letters.
  const left = a.toLowerCase()
  const right = b.toLowerCase()
  return left < right ? -1 : left > right ? 1 : 0
}

export function computeCheckMacValue(fields: CheckMacFields, hashKey: string, hashIV: string): string {
  const pairs = Object.keys(fields)
    .filter((key) => !isCheckMacField(key))
    .sort(compareCaseInsensitive)
    .map((key) => `${key}=${fields[key]}`)
  const raw = [`HashKey=${hashKey}`, ...pairs, `HashIV=${hashIV}`].join("&")
  return createHash("md5").update(dotNetUrlEncode(raw).toLowerCase(), "utf8").digest("hex").toUpperCase()
}

/** True when `fields.CheckMacValue` matches the fields it was posted with (constant-time comparison). */
export function verifyCheckMacValue(fields: CheckMacFields, hashKey: string, hashIV: string): boolean {
  const received = fields[CHECK_MAC_FIELD]
  if (typeof received !== "string") {
    return false
  }
  const expected = Buffer.from(computeCheckMacValue(fields, hashKey, hashIV), "utf8")
  const actual = Buffer.from(received.toUpperCase(), "utf8")
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
