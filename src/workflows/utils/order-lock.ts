/** One lock per order for every invoice action, so issue, void and allowances of an order never interleave. */
export function orderLockKey(orderId: string): string {
  return `ecpay-einvoice:order:${orderId}`
}

/**
 * How long an action waits for its order's lock, and how long a lock lasts at most: a process killed while
 * holding it (its ECPay call cut off) blocks the order's other actions until then, not forever.
 */
export const ORDER_LOCK = { timeoutSeconds: 60, ttlSeconds: 120 } as const
