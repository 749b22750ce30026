import { GOVERNMENT_SERVICE_DOWN_RTN_CODES } from "../../../lib/ecpay"
import { createEcpayClient } from "../../../lib/ecpay-client-factory"
import type { CheckInvoiceValueResult, OnlineCheckedValueType } from "../../../lib/invoice-value-check"
import { checkWindows } from "../../../lib/online-check-limits"
import type EinvoiceModuleService from "../service"
import { callEcpayUnlessPaused, refusedWith } from "./ecpay-outcome"

/** Online checks waiting on ECPay in this process (bounded by `onlineChecks.concurrency`). */
let inFlight = 0

export interface CheckValueOnlineInput {
  type: OnlineCheckedValueType
  value: string
  /** Who asks: the client's IP address, counted against `onlineChecks.perClientPerMinute`. */
  client?: string | null
  /** The cart the value is for, counted against `onlineChecks.perCartPerHour`. */
  cart_id?: string | null
}

/**
 * Asks ECPay whether a well-formed value exists: CheckBarcode / CheckLoveCode / GetCompanyNameByTaxID.
 * When the government service (or ECPay) cannot answer, the store has no credentials, ECPay is paused
 * store-wide (after a 403), or too many checks are waiting in this process, the value is accepted with
 * `checked_online: false` so that checkout is never blocked. Past the client's, the cart's or the store's
 * limit nothing is sent either: the answer is `throttled`, with when to ask again. `cache_seconds` says how
 * long the answer may be reused.
 */
export async function checkValueOnline(service: EinvoiceModuleService, input: CheckValueOnlineInput): Promise<CheckInvoiceValueResult> {
  const { type, value } = input
  const limits = service.getOnlineCheckLimits()
  const base = { type, value, company_name: null, charity_name: null }
  const unchecked = (cacheSeconds = 0): CheckInvoiceValueResult => ({
    ...base,
    valid: true,
    rule: "unchecked",
    checked_online: false,
    cache_seconds: cacheSeconds,
  })
  const exists = (found: boolean): CheckInvoiceValueResult =>
    found
      ? { ...base, valid: true, rule: null, checked_online: true, cache_seconds: limits.cacheSeconds }
      : { ...base, valid: false, rule: "not_found", checked_online: true, cache_seconds: limits.cacheSeconds }
  const credentials = await service.getCredentials().catch(() => null)
  if (!credentials) {
    return unchecked()
  }
  if (await service.ecpayPausedUntil().catch(() => null)) {
    // Paused store-wide: nothing is sent, and no quota is spent on it.
    return unchecked()
  }
  const quota = await service.takeOnlineCheckQuota(checkWindows(limits, { client: input.client, cartId: input.cart_id })).catch(() => null)
  if (quota && !quota.allowed) {
    return {
      ...base,
      valid: true,
      rule: "throttled",
      checked_online: false,
      retry_after_seconds: quota.retryAfterSeconds,
      cache_seconds: 0,
    }
  }
  if (inFlight >= limits.concurrency) {
    return unchecked()
  }
  inFlight += 1
  try {
    const call = await callEcpayUnlessPaused(
      service,
      async (): Promise<CheckInvoiceValueResult> => {
        const client = createEcpayClient(credentials, { timeoutMs: 8000 })
        if (type === "mobile_barcode") {
          return exists((await client.checkBarcode({ BarCode: value })).IsExist === "Y")
        }
        if (type === "love_code") {
          return exists((await client.checkLoveCode({ LoveCode: value })).IsExist === "Y")
        }
        const answer = await client.getCompanyNameByTaxId({ UnifiedBusinessNo: value })
        return { ...exists(true), company_name: answer.CompanyName || null }
      },
      "check_value"
    ).catch(() => null)
    if (!call) {
      // The pause could not be read (the database): checkout is not blocked for it.
      return unchecked()
    }
    if (call.kind === "applied") {
      return call.value
    }
    if (type === "tax_id" && call.kind === "refused" && call.by === "ecpay" && !refusedWith(call, GOVERNMENT_SERVICE_DOWN_RTN_CODES)) {
      // Not in the registry does not make a checksum-valid tax ID wrong (welfare committees, some
      // agencies): accept it, without a name.
      return exists(true)
    }
    // ECPay or the government service failed: reused briefly, so a retrying storefront does not hammer it.
    return unchecked(call.kind === "paused" ? 0 : limits.failureCacheSeconds)
  } finally {
    inFlight -= 1
  }
}
