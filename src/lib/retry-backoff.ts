/**
 * When to try a transient failure again: 1, 2, 4, 8 … minutes after the n-th attempt, at most 6 hours.
 * ECPay's rate limit (HTTP 403) asks for 30 minutes, which callers pass as `atLeastMs`.
 */
const BASE_MS = 60_000
const MAX_MS = 6 * 60 * 60_000

export function nextAttemptAt(attempts: number, now: Date = new Date(), atLeastMs = 0): Date {
  const backoff = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1))
  return new Date(now.getTime() + Math.max(backoff, atLeastMs))
}
