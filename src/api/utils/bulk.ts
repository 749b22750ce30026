import { ECPAY_PAUSED_CODE, notAttemptedMessage } from "../../lib/ecpay-pause"
import type { BulkError } from "../types"

/** How one order of a bulk request failed: the error's code (or Medusa's error type) and message. */
export function bulkError(error: unknown): BulkError {
  const { code, type, message } = (error ?? {}) as { code?: string; type?: string; message?: string }
  return { code: code ?? type ?? "error", message: message ?? String(error) }
}

/**
 * Runs one action per order, one after the other (ECPay rate-limits bursts), and answers per order
 * in the order given; an order whose action throws answers its error and the others go on. Before each
 * order it reads the store-wide ECPay pause (`pausedUntil`): once ECPay is paused (a 403, here or in
 * another process), the orders left are not attempted and say until when ECPay is paused.
 */
export async function perOrder<R>(
  orderIds: readonly string[],
  act: (orderId: string) => Promise<R>,
  failed: (orderId: string, error: BulkError) => R,
  pausedUntil: () => Promise<Date | null>
): Promise<{ results: R[]; paused_until: Date | null }> {
  const results: R[] = []
  let paused: Date | null = null
  for (const orderId of orderIds) {
    paused ??= await pausedUntil()
    if (paused) {
      results.push(failed(orderId, { code: ECPAY_PAUSED_CODE, message: notAttemptedMessage(paused) }))
      continue
    }
    try {
      results.push(await act(orderId))
    } catch (error) {
      results.push(failed(orderId, bulkError(error)))
    }
  }
  return { results, paused_until: paused }
}
