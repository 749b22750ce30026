// Shapes of the admin API answers. The settings type is shared with the backend (types only, so no
// server code reaches the admin bundle).
import type {
  Charity,
  EcpayEnvironment,
  InvoiceType,
  PublicSettings,
  SecretState,
} from "../../lib/einvoice-types"
import { CORE_INVOICE_TYPES as CORE_TYPES } from "../../lib/einvoice-types"
import type { EinvoiceActionResult } from "../../lib/einvoice-results"

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

export type AllowanceStatus = "pending" | "awaiting_agreement" | "issued" | "rejected" | "failed" | "voided"

export type AllowanceAgreement = "paper" | "online"

/**
 * What can be done to one allowance now: "void" an issued one (AllowanceInvalid), "cancel" an online
 * one still awaiting the buyer's agreement (AllowanceInvalidByCollegiate). Both use the same request.
 */
export type AllowanceActionId = "void" | "cancel"

export interface EinvoiceAllowanceRecord {
  id: string
  einvoice_id?: string
  status: AllowanceStatus
  agreement: AllowanceAgreement
  allowance_number: string | null
  /** Tax-inclusive allowance total in integer TWD. */
  amount: number
  reason: string | null
  allowance_date: string | null
  created_at: string
  /** The allowance's Items as sent to ECPay. */
  items: EinvoiceItem[] | null
  notify_email: string | null
  /** Online agreement: when the buyer's 72 hours run out. */
  expires_at: string | null
  voided_at: string | null
  void_reason: string | null
  last_error_code: string | null
  last_error_message: string | null
  /** The invoice's remaining allowable amount after this allowance, as ECPay answered. */
  remaining_after: number | null
  actions: AllowanceActionId[]
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
export type OrderEinvoiceActionId =
  | "issue"
  | "retry"
  | "void"
  | "reissue"
  | "allowance"
  | "resend"
  | "sync"
  | (string & {})

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
  /** For the current issued (or voided) invoice: its void deadline and what is still allowable. */
  after_issue: AfterIssueView | null
}

/** One invoice line and how much of it earlier allowances already took. */
export interface AfterIssueLine {
  /** ItemSeq: 1-based index into the invoice's items. */
  seq: number
  name: string
  /** ItemWord (unit), when the server gives it. */
  word?: string
  quantity: number
  price: number
  amount: number
  allowed_quantity: number
  allowed_amount: number
}

export interface AfterIssueView {
  /** Bimonthly VAT period of the invoice date, e.g. "2026-11/12". */
  period: string
  /** ISO instant at which voiding locks (00:00 Taipei on the 14th of the next odd month). */
  void_deadline: string
  voidable: boolean
  void_blocked_by: null | "allowances" | "deadline" | "status"
  remaining_allowance_amount: number
  lines: AfterIssueLine[]
  default_agreement: AllowanceAgreement
  buyer_email: string | null
  /** The store has the public callback URL an online allowance needs. */
  online_available: boolean
}

export type ActionKind = "issue" | EinvoiceActionResult["action"]

/**
 * What an invoice action did (issue / retry, void, allowance, allowance void, resend, sync). A refusal
 * by ECPay is an answer, not an HTTP error: outcome "failed" with ECPay's code and message.
 *
 * Outcomes — issue: issued | already_issued | pending | scheduled | skipped | failed; void: voided |
 * failed | unknown; reissue: reissued | failed | unknown; allowance: issued | awaiting_agreement | failed | unknown; allowance void: voided |
 * failed | unknown; resend: sent | failed | unknown; sync: synced | failed | unknown.
 */
export type ActionResult = Omit<EinvoiceActionResult, "order_id" | "action" | "invoice_id"> & {
  order_id?: string
  /** Absent on issue / retry answers. */
  action?: ActionKind
  invoice_id?: string | null
}

/** Every invoice action answers with what happened, plus the refreshed view. */
export interface ActionResponse extends OrderEinvoiceView {
  result: ActionResult
}

/** The issue / retry answer (same shape as every action's). */
export type IssueResult = ActionResult
export type IssueResponse = ActionResponse

// Request bodies of the after-issue actions.

export interface VoidInvoiceBody {
  /** 1–20 characters; ECPay keeps it with the void. */
  reason: string
}

export interface AllowanceLineBody {
  /** ItemSeq of the invoice line (1-based index into invoice.items). */
  seq: number
  quantity: number
}

/** Exactly one of `lines` / `amount`. */
export interface CreateAllowanceBody {
  agreement?: AllowanceAgreement
  reason?: string
  notify_email?: string
  lines?: AllowanceLineBody[]
  amount?: number
}

export interface VoidAllowanceBody {
  reason: string
}

export interface ResendBody {
  /** Default: the invoice's buyer e-mail. */
  email?: string
}

/**
 * The buyer / carrier / donation / company data of an invoice, exactly as a shopper's checkout choice
 * (src/lib/invoice-choice.ts InvoiceChoiceSchema): only the fields the type uses.
 */
export interface InvoiceChoiceBody {
  type: InvoiceType
  carrier_number?: string
  carrier_number2?: string
  love_code?: string
  tax_id?: string
  company_name?: string
  buyer_name?: string
  address?: string
  email?: string
  phone?: string
  print?: boolean
}

/** Void-and-reissue (註銷重開): same number, date, lines and amount; corrected buyer data. */
export interface ReissueInvoiceBody {
  /** 1–20 characters; ECPay keeps it with the void. */
  reason: string
  choice: InvoiceChoiceBody
}

// ---------------------------------------------------------------------------------------------
// The invoices page: GET /admin/einvoices, GET /admin/einvoices/export, POST /admin/einvoices/bulk-resend.

/** One invoice of the list: the record, its bimonthly period and what its issued allowances took. */
export interface EinvoiceListItem extends Omit<EinvoiceRecord, "allowances"> {
  /** e.g. "2026-11/12"; null while the invoice has no date (not issued). */
  period: string | null
  allowance_total: number
  allowance_count: number
}

export interface EinvoiceListResponse {
  einvoices: EinvoiceListItem[]
  count: number
  limit: number
  offset: number
  /** The period of today (Taipei), e.g. "2026-11/12". */
  current_period: string
}

export interface EinvoiceListQuery {
  status?: EinvoiceStatus
  /** A bimonthly period label, "2026-11/12". */
  period?: string
  q?: string
  limit: number
  offset: number
}

export interface BulkResendResult {
  order_id: string
  ok: boolean
  outcome: string | null
  invoice_number: string | null
  error: { code: string | null; message: string } | null
}

export interface BulkResendResponse {
  results: BulkResendResult[]
  summary: { requested: number; sent: number; failed: number }
}
