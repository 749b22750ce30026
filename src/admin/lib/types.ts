// Shapes of the admin API answers. The settings type is shared with the backend (types only, so no
// server code reaches the admin bundle).
import type {
  Charity,
  EcpayEnvironment,
  InvoiceType,
  PublicSettings,
  SecretState,
} from "../../modules/einvoice/types"
import { CORE_INVOICE_TYPES as CORE_TYPES } from "../../modules/einvoice/types"

export type { Charity, EcpayEnvironment, InvoiceType, PublicSettings, SecretState }
export type {
  ConnectionTestCode as ConnectionCode,
  ConnectionTestResult as ConnectionResult,
} from "../../lib/connection-test"

export const ENVIRONMENTS: EcpayEnvironment[] = ["simulator", "stage", "production"]

/** Offered whenever e-invoicing is on (Ministry of Finance rule); cannot be switched off. */
export const CORE_INVOICE_TYPES: InvoiceType[] = [...CORE_TYPES]

export const OPTIONAL_INVOICE_TYPES: InvoiceType[] = ["paper", "easycard", "ipass"]

export interface SettingsResponse {
  settings: PublicSettings
}


// ---------------------------------------------------------------------------------------------
// The order's invoices: GET /admin/orders/:id/einvoice and POST /admin/orders/:id/einvoice/issue.
// Dates arrive as ISO strings.

export type EinvoiceStatus = "pending" | "issued" | "failed" | "skipped" | "voided"

/** One line of the Issue payload, exactly as sent to ECPay. */
export interface EinvoiceItem {
  ItemSeq?: number
  ItemName: string
  ItemCount: number
  ItemWord: string
  ItemPrice: number
  ItemAmount: number
  ItemRemark?: string
}

export interface EinvoiceAllowanceRecord {
  id: string
  status: string
  agreement: string
  allowance_number: string | null
  amount: number
  reason: string | null
  allowance_date: string | null
  created_at: string
}

export interface EinvoiceRecord {
  id: string
  order_id: string
  order_display_id: number | null
  status: EinvoiceStatus
  status_reason: string | null
  relate_number: string
  invoice_number: string | null
  random_number: string | null
  invoice_date: string | null
  currency_code: string
  total: number
  tax_amount: number | null
  tax_type: string
  type: InvoiceType
  buyer_name: string | null
  buyer_email: string | null
  buyer_phone: string | null
  buyer_address: string | null
  carrier_type: string | null
  carrier_number: string | null
  carrier_number2: string | null
  donation: boolean
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  print: boolean
  items: EinvoiceItem[] | null
  upload_status: string | null
  attempts: number
  next_attempt_at: string | null
  last_error_code: string | null
  last_error_message: string | null
  issued_at: string | null
  voided_at: string | null
  void_reason: string | null
  created_at: string
  updated_at: string
  allowances?: EinvoiceAllowanceRecord[]
}

/** One entry of the audit trail (newest first). */
export interface EinvoiceEventRecord {
  id: string
  einvoice_id: string | null
  order_id: string | null
  allowance_id: string | null
  action: string
  success: boolean
  actor_type: string
  actor_id: string | null
  reason: string | null
  rtn_code: string | null
  rtn_msg: string | null
  data: Record<string, unknown> | null
  created_at: string
}

/** The Issue payload the server would send now (only when issuing is allowed). */
export interface IssuePreviewIssue {
  kind: "issue"
  type: InvoiceType
  choice_source: "order" | "cart" | "default"
  RelateNumber: string
  SalesAmount: number
  TaxType?: string
  Items: EinvoiceItem[]
  CarrierType: "" | "1" | "2" | "3" | "4" | "5"
  CarrierNum: string
  CarrierNum2?: string
  Donation: "0" | "1"
  LoveCode: string
  CustomerIdentifier: string
  CustomerName: string
  CustomerEmail?: string
  CustomerPhone?: string
  CustomerAddr?: string
  Print: "0" | "1"
  InvoiceRemark?: string
}

export interface IssuePreviewOther {
  kind: "skip" | "fail"
  type: InvoiceType
  choice_source: "order" | "cart" | "default"
  reason: string
}

export type IssuePreview = IssuePreviewIssue | IssuePreviewOther

/** Action ids the server may offer; the admin shows the ones it knows (see the action registry). */
export type OrderEinvoiceActionId = "issue" | "retry" | (string & {})

export interface OrderEinvoiceView {
  order_id: string
  payment_status: string
  /** The current (not voided) invoice, else the latest, else null. */
  invoice: EinvoiceRecord | null
  invoices: EinvoiceRecord[]
  allowances: EinvoiceAllowanceRecord[]
  events: EinvoiceEventRecord[]
  actions: OrderEinvoiceActionId[]
  preview: IssuePreview | null
  lookup_url: string
}

export interface IssueResult {
  order_id?: string
  outcome: string
  invoice_id?: string | null
  status: string | null
  invoice_number: string | null
  error_code: string | null
  error_message: string | null
  reason: string | null
}

/** POST /admin/orders/:id/einvoice/issue: what happened, plus the refreshed view. */
export interface IssueResponse extends OrderEinvoiceView {
  result: IssueResult
}
