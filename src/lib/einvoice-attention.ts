import { ECPAY_PAUSED_CODE } from "./ecpay-pause"

/** The error code of an action refused because the stored HashKey/HashIV cannot be decrypted (the secret key changed). */
export const CREDENTIALS_UNREADABLE_CODE = "credentials_unreadable"

/** The error code of ECPay's HTTP 403 (its rate limit), which pauses the store's ECPay calls. */
export const RATE_LIMITED_CODE = "http_403"

/**
 * A pending invoice whose last error is one of these is held by the store's situation, not by anything
 * about the invoice: ECPay paused or rate-limiting, or credentials that cannot be read. It goes out by
 * itself once that ends.
 */
export const HELD_ERROR_CODES = [ECPAY_PAUSED_CODE, RATE_LIMITED_CODE, CREDENTIALS_UNREADABLE_CODE] as const
