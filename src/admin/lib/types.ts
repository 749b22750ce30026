// Shapes of the admin API answers. The settings type is shared with the backend (types only, so no
// server code reaches the admin bundle).
import type {
  Charity,
  EcpayEnvironment,
  InvoiceType,
  PublicSettings,
  SecretState,
} from "../../modules/einvoice/types"

export type { Charity, EcpayEnvironment, InvoiceType, PublicSettings, SecretState }

export const ENVIRONMENTS: EcpayEnvironment[] = ["simulator", "stage", "production"]

/** Offered whenever e-invoicing is on (Ministry of Finance rule); cannot be switched off. */
export const CORE_INVOICE_TYPES: InvoiceType[] = [
  "member",
  "citizen_certificate",
  "mobile_barcode",
  "donation",
  "company",
]

export const OPTIONAL_INVOICE_TYPES: InvoiceType[] = ["paper", "easycard", "ipass"]

export interface SettingsResponse {
  settings: PublicSettings
}

export type ConnectionCode =
  | "connected"
  | "not_configured"
  | "credentials_rejected"
  | "unreachable"
  | "rate_limited"
  | "error"

/** The answer of POST /admin/ecpay-einvoice/settings/test-connection (always HTTP 200). */
export interface ConnectionResult {
  ok: boolean
  code: ConnectionCode
  /** English detail from the server. */
  message: string
  /** null when the credentials are incomplete (nothing was called). */
  environment: EcpayEnvironment | null
  merchant_id: string | null
  trans_code?: number | string | null
  rtn_code?: number | string | null
  rtn_msg?: string | null
  latency_ms?: number | null
}
