/**
 * Limits on the online checks (CheckBarcode, CheckLoveCode, GetCompanyNameByTaxID) that shoppers' typing
 * sends to ECPay on the merchant's credentials. Anyone with the store's publishable key can ask for them,
 * and a flood would get the merchant rate-limited by ECPay, which stops issuing for the whole store.
 */
export interface OnlineCheckLimits {
  /** Calls reaching ECPay per client (IP address) per minute. */
  perClientPerMinute: number
  /** Calls reaching ECPay per cart per hour (the cart's invoice choice). */
  perCartPerHour: number
  /** Calls reaching ECPay for the whole store per minute, whoever asks. */
  storePerMinute: number
  /** Checks waiting on ECPay at once, per process; more are answered unchecked at once. */
  concurrency: number
  /** How long an answer from ECPay (exists / does not exist) is reused, in seconds. */
  cacheSeconds: number
  /** How long "could not be checked" (ECPay or the government service failed) is reused, in seconds. */
  failureCacheSeconds: number
}

export const DEFAULT_ONLINE_CHECK_LIMITS: Readonly<OnlineCheckLimits> = {
  perClientPerMinute: 10,
  perCartPerHour: 30,
  storePerMinute: 60,
  concurrency: 4,
  cacheSeconds: 24 * 60 * 60,
  failureCacheSeconds: 60,
}

/** The plugin option `onlineChecks` over the defaults; a value that is not a whole number ≥ 0 is refused by name. */
export function onlineCheckLimits(option: Partial<OnlineCheckLimits> | undefined): OnlineCheckLimits {
  const limits = { ...DEFAULT_ONLINE_CHECK_LIMITS, ...(option ?? {}) }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`Plugin option onlineChecks.${name} must be a whole number ≥ 0, not ${JSON.stringify(value)}`)
    }
  }
  return limits
}

/** One counter an online check counts against: its key, how many calls it allows, and its window. */
export interface CheckWindow {
  key: string
  limit: number
  windowSeconds: number
}

/**
 * The counters a check from `client` about `cartId` counts against, the narrowest first: a client over its
 * own limit is refused before it can use up the store's.
 */
export function checkWindows(limits: OnlineCheckLimits, who: { client?: string | null; cartId?: string | null }): CheckWindow[] {
  const windows: CheckWindow[] = []
  if (who.client) {
    windows.push({ key: `client:${who.client}`, limit: limits.perClientPerMinute, windowSeconds: 60 })
  }
  if (who.cartId) {
    windows.push({ key: `cart:${who.cartId}`, limit: limits.perCartPerHour, windowSeconds: 3600 })
  }
  windows.push({ key: "store", limit: limits.storePerMinute, windowSeconds: 60 })
  return windows
}
