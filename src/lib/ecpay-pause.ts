/**
 * The store-wide ECPay pause: after ECPay answers HTTP 403 (its rate limit) to any call, nothing calls
 * ECPay until the pause ends, in any process (the end is stored on the settings row). Pure rules: how
 * long a pause lasts, whether one is on, and how it is worded.
 */
// The two files, not the ./ecpay index: the admin imports this file, and the index brings Node's crypto.
import { formatTaipeiDate } from "./ecpay/dates"
import { ECPAY_RATE_LIMIT_BACKOFF_MS } from "./ecpay/errors"

/** ECPay asks for 30 minutes of quiet after a 403: the pause length unless the plugin option says otherwise. */
export const DEFAULT_PAUSE_MINUTES = ECPAY_RATE_LIMIT_BACKOFF_MS / 60_000

/** The error code of anything not sent because of the pause (a result, a bulk entry, a 503). */
export const ECPAY_PAUSED_CODE = "ecpay_paused"

/**
 * The pause length in milliseconds from the plugin option `rateLimitPauseMinutes` (minutes, fractions
 * allowed, e.g. 0.1 for a test); anything not a positive number means ECPay's 30 minutes.
 */
export function pauseLengthMs(minutes: unknown): number {
  const value = typeof minutes === "string" && minutes.trim() !== "" ? Number(minutes) : minutes
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value * 60_000) : ECPAY_RATE_LIMIT_BACKOFF_MS
}

/** When a pause that starts now ends. */
export function pauseEnd(now: Date, lengthMs: number): Date {
  return new Date(now.getTime() + lengthMs)
}

/** The end of the pause stored as `until`, while it is still on at `now`; null once it has ended (or never started). */
export function activePause(until: Date | string | null | undefined, now: Date = new Date()): Date | null {
  if (!until) {
    return null
  }
  const end = until instanceof Date ? until : new Date(until)
  return Number.isNaN(end.getTime()) || end.getTime() <= now.getTime() ? null : end
}

/** "2026-12-07 08:30:00 (Taipei time)". */
export function taipeiTime(at: Date): string {
  return `${formatTaipeiDate(at, true)} (Taipei time)`
}

/** Why nothing was sent: the sentence of the paused outcome and of the admin's 503. */
export function pausedMessage(until: Date): string {
  return `ECPay is paused for this store until ${taipeiTime(until)} after it answered HTTP 403 (rate limit); nothing is sent to ECPay until then`
}

/** A bulk entry left undone because the pause began (or was on). */
export function notAttemptedMessage(until: Date): string {
  return `not attempted: ECPay paused until ${taipeiTime(until)}`
}
