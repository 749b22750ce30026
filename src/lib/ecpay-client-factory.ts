import { EcpayInvoiceClient } from "./ecpay/client"
import type { EcpayCredentials } from "./einvoice-types"

export class EcpayNotConfiguredError extends Error {}

/**
 * Builds the protocol client for the store's credentials. The "simulator" environment speaks the
 * stage protocol to the URL in `baseUrl`; any environment may be redirected by `baseUrl`.
 */
export function createEcpayClient(credentials: EcpayCredentials, options: { timeoutMs?: number } = {}): EcpayInvoiceClient {
  if (credentials.environment === "simulator" && !credentials.baseUrl) {
    throw new EcpayNotConfiguredError("The simulator environment needs the simulator's base URL")
  }
  return new EcpayInvoiceClient({
    merchantId: credentials.merchantId,
    hashKey: credentials.hashKey,
    hashIV: credentials.hashIV,
    environment: credentials.environment === "production" ? "production" : "stage",
    baseUrl: credentials.baseUrl ?? undefined,
    timeoutMs: options.timeoutMs,
  })
}
