import type { BulkError } from "../types"

/** How one order of a bulk request failed: the error's code (or Medusa's error type) and message. */
export function bulkError(error: unknown): BulkError {
  const { code, type, message } = (error ?? {}) as { code?: string; type?: string; message?: string }
  return { code: code ?? type ?? "error", message: message ?? String(error) }
}

/**
 * Runs one action per order, one after the other (ECPay rate-limits bursts), and answers per order
 * in the order given; an order whose action throws answers its error and the others go on.
 */
export async function perOrder<R>(
  orderIds: readonly string[],
  act: (orderId: string) => Promise<R>,
  failed: (orderId: string, error: BulkError) => R
): Promise<R[]> {
  const results: R[] = []
  for (const orderId of orderIds) {
    try {
      results.push(await act(orderId))
    } catch (error) {
      results.push(failed(orderId, bulkError(error)))
    }
  }
  return results
}
