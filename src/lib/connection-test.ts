/** The answer of the ECPay connection test (POST /admin/ecpay-einvoice/settings/test-connection). */
export type ConnectionTestCode =
  "connected" | "not_configured" | "credentials_unreadable" | "credentials_rejected" | "unreachable" | "rate_limited" | "error"

export interface ConnectionTestResult {
  ok: boolean
  code: ConnectionTestCode
  /** English detail; the admin words `code` in the merchant's language. */
  message: string
  /** null when the credentials are incomplete (nothing was called). */
  environment: string | null
  merchant_id: string | null
  trans_code?: number
  rtn_code?: number
  rtn_msg?: string
  latency_ms?: number
}
