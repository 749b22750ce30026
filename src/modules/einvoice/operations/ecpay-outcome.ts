import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayError,
  EcpayHttpError,
  EcpayRateLimitError,
  EcpayTransportError,
  EcpayValidationError,
  INVOICE_NOT_FOUND_RTN_CODE,
  type EcpayTransportErrorKind,
  type EcpayValidationIssue,
} from "../../../lib/ecpay"
import { ECPAY_PAUSED_CODE, pausedMessage, taipeiTime } from "../../../lib/ecpay-pause"
import { CREDENTIALS_UNREADABLE_CODE, RATE_LIMITED_CODE } from "../../../lib/einvoice-attention"

/**
 * How a call to ECPay ended. This is the one place that reads ECPay's errors; every operation decides
 * from these kinds alone what to record.
 */
export type EcpayOutcome<T> = { kind: "applied"; value: T } | EcpayFailure

export type EcpayFailure =
  /** ECPay (or our own validation before sending) said no: nothing changed at ECPay. */
  | {
      kind: "refused"
      code: string
      message: string
      /** Who refused: ECPay's business rules (RtnCode), its envelope check (TransCode), or our validation. */
      by: "ecpay" | "envelope" | "validation"
      rtnCode?: number
      issues?: EcpayValidationIssue[]
      /** An envelope refusal's TransCode and TransMsg, as ECPay sent them. */
      transCode?: number
      transMsg?: string
    }
  /**
   * HTTP 403: ECPay throttles the merchant and asks for quiet; nothing changed. `until`: the end of the
   * store-wide pause it started (set by `callEcpayUnlessPaused`).
   */
  | { kind: "rate_limited"; code: typeof RATE_LIMITED_CODE; message: string; retryAfterMs: number; until?: Date }
  /** The store-wide ECPay pause (after a 403) is on until `until`: nothing was sent. */
  | { kind: "paused"; code: typeof ECPAY_PAUSED_CODE; message: string; until: Date }
  /**
   * MerchantID, HashKey or HashIV is missing (or the environment has no URL), or the stored HashKey/HashIV
   * cannot be decrypted with the configured secret keys (`credentials_unreadable`): nothing was sent.
   */
  | { kind: "not_configured"; code: "not_configured" | typeof CREDENTIALS_UNREADABLE_CODE; message: string }
  /** The request never took effect: the connection was refused, or ECPay answered an HTTP error before acting. */
  | { kind: "transport"; code: string; message: string; httpStatus?: number; transport?: EcpayTransportErrorKind }
  /** ECPay may or may not have applied it: timeout, dropped connection, 5xx, unreadable reply. */
  | { kind: "unknown"; code: string; message: string; httpStatus?: number; transport?: EcpayTransportErrorKind }

export const NOT_CONFIGURED_MESSAGE =
  "ECPay MerchantID, HashKey and HashIV are not all set: complete the ECPay e-invoice settings, then retry"

/** The outcome of any call while the store's credentials are incomplete. */
export const NOT_CONFIGURED: EcpayFailure = { kind: "not_configured", code: "not_configured", message: NOT_CONFIGURED_MESSAGE }

export { CREDENTIALS_UNREADABLE_CODE }
export const CREDENTIALS_UNREADABLE_MESSAGE =
  "The stored HashKey and HashIV cannot be decrypted with the plugin's secret key (it changed, and the old one is not in previousSecretKeys): enter the credentials again in the ECPay e-invoice settings"

/** The outcome of any call while the stored credentials cannot be decrypted. */
export const CREDENTIALS_UNREADABLE: EcpayFailure = {
  kind: "not_configured",
  code: CREDENTIALS_UNREADABLE_CODE,
  message: CREDENTIALS_UNREADABLE_MESSAGE,
}

export const RATE_LIMITED_MESSAGE = "ECPay is rate-limiting this store (HTTP 403); try again in a few minutes"
const RATE_LIMITED_MESSAGE_PAUSED = "ECPay is rate-limiting this store (HTTP 403): nothing is sent to ECPay until"

/** Classifies whatever an ECPay call threw. */
export function classifyEcpayError(error: unknown): EcpayFailure {
  if (error instanceof EcpayBusinessError) {
    return { kind: "refused", by: "ecpay", code: String(error.rtnCode), message: error.rtnMsg, rtnCode: error.rtnCode }
  }
  if (error instanceof EcpayValidationError) {
    return { kind: "refused", by: "validation", code: "validation", message: error.message, issues: error.issues }
  }
  if (error instanceof EcpayEnvelopeError) {
    return {
      kind: "refused",
      by: "envelope",
      code: `trans_${error.transCode}`,
      message: `ECPay refused the request envelope: ${error.transMsg}`,
      transCode: error.transCode,
      transMsg: error.transMsg,
    }
  }
  if (error instanceof EcpayRateLimitError) {
    return { kind: "rate_limited", code: RATE_LIMITED_CODE, message: RATE_LIMITED_MESSAGE, retryAfterMs: error.retryAfterMs }
  }
  const detail = {
    code: errorCode(error),
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof EcpayHttpError ? { httpStatus: error.status } : {}),
    ...(error instanceof EcpayTransportError ? { transport: error.kind } : {}),
  }
  if (error instanceof EcpayError && !error.outcomeUnknown) {
    return { kind: "transport", ...detail }
  }
  return { kind: "unknown", ...detail }
}

/** The outcome of any call while the store-wide pause is on. */
export function pausedOutcome(until: Date): EcpayFailure {
  return { kind: "paused", code: ECPAY_PAUSED_CODE, message: pausedMessage(until), until }
}

/** When a failure says ECPay may be called again (the end of the store-wide pause), if it is about the pause. */
export function pauseEndOf(failure: EcpayFailure): Date | undefined {
  return failure.kind === "paused" || failure.kind === "rate_limited" ? failure.until : undefined
}

/** What `callEcpayUnlessPaused` needs of the module: the pause, stored in the database. */
export interface EcpayPauseStore {
  ecpayPausedUntil(): Promise<Date | null>
  pauseEcpay(input?: { operation?: string | null }): Promise<Date>
}

/**
 * Runs one ECPay call unless the store-wide pause is on (then nothing is sent: `paused`); a 403 starts
 * the pause for every process. Every call to ECPay goes through here (`EinvoiceOperation.call`, the
 * connection test, the online value check).
 */
export async function callEcpayUnlessPaused<T>(
  pause: EcpayPauseStore,
  call: () => Promise<T>,
  operation: string | null = null
): Promise<EcpayOutcome<T>> {
  const pausedUntil = await pause.ecpayPausedUntil()
  if (pausedUntil) {
    return pausedOutcome(pausedUntil)
  }
  const outcome = await callEcpay(call)
  if (outcome.kind !== "rate_limited") {
    return outcome
  }
  const until = await pause.pauseEcpay({ operation })
  return { ...outcome, until, message: `${RATE_LIMITED_MESSAGE_PAUSED} ${taipeiTime(until)}` }
}

/** Runs one ECPay call; never throws for ECPay's sake. */
export async function callEcpay<T>(call: () => Promise<T>): Promise<EcpayOutcome<T>> {
  try {
    return { kind: "applied", value: await call() }
  } catch (error) {
    return classifyEcpayError(error)
  }
}

/** RtnCode of "the invoice has no allowances" (GetAllowanceList). */
export const NO_ALLOWANCES_RTN_CODE = 2000039

/** Whether ECPay refused with one of `codes` (by default "no data for that invoice"). */
export function refusedWith(failure: EcpayFailure, codes: readonly number[] = [INVOICE_NOT_FOUND_RTN_CODE]): boolean {
  return failure.kind === "refused" && failure.rtnCode !== undefined && codes.includes(failure.rtnCode)
}

/** A short code for a failure that has no ECPay code: the error class ("transport", "http", "responseformat"…). */
function errorCode(error: unknown): string {
  if (error instanceof EcpayError) {
    return error.constructor.name
      .replace(/^Ecpay/, "")
      .replace(/Error$/, "")
      .toLowerCase()
  }
  return "error"
}
