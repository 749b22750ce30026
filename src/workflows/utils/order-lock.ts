/** One lock per order for every invoice action, so issue, void and allowances of an order never interleave. */
export function orderLockKey(orderId: string): string {
  return `ecpay-einvoice:order:${orderId}`
}
