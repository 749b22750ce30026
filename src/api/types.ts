/**
 * The request and response shapes of the plugin's admin and store routes, declared once: the routes
 * are typed with them (`MedusaResponse<AdminOrderEinvoiceResponse<Date>>`), the admin dashboard reads
 * its answers with them, and a storefront may import them.
 *
 * Type declarations only: nothing here exists at runtime, and nothing is imported but types of the
 * pure layer (src/lib) and of the routes' own validators (request bodies are the validators' input
 * types, so they are declared once, by the validator).
 *
 * Dates are ISO strings on the wire while the server holds `Date`s: the record types take the date
 * type as a parameter, `string` by default (what a client reads).
 */
import type { ConnectionTestResult } from "../lib/connection-test"
import type { DeploymentCheck } from "../lib/deployment-check"
import type { AllowanceAction, EinvoiceAction } from "../lib/einvoice-actions"
import type { EinvoiceActionResult, IssueEinvoiceResult } from "../lib/einvoice-results"
import type {
  AllowanceAgreement,
  AllowanceStatus,
  Charity,
  EcpayEnvironment,
  EinvoiceStatus,
  InvoiceKind,
  InvoiceType,
  IssueMode,
  IssueTrigger,
  PublicSettings,
  SecretState,
} from "../lib/einvoice-types"
import type { InvoiceLineState } from "../lib/allowance-plan"
import type { InvoiceLine, TotalRounding } from "../lib/invoice-amounts"
import type { PaperReason } from "../lib/invoice-paper"
import type { SalesTaxSplit } from "../lib/sales-tax"
import type { InvoiceChoiceInput, StoredChoice } from "../lib/invoice-choice"
import type { ShopperFieldError } from "../lib/invoice-choice-messages"
import type { CurrencyConversion, IssuePayload } from "../lib/order-invoice-payload"
import type { PostAdminEinvoiceSettingsInput } from "./admin/ecpay-einvoice/settings/validators"
import type {
  GetAdminEinvoicesExportType,
  GetAdminEinvoicesType,
  PostAdminBulkIssueInput,
  GetAdminEinvoiceAttentionType,
  PostAdminBulkPrintInput,
  PostAdminBulkResendInput,
  PostAdminMarkPrintedInput,
} from "./admin/einvoices/validators"
import type {
  PostAdminCreateAllowanceInput,
  PostAdminIssueEinvoiceInput,
  PostAdminReissueEinvoiceInput,
  PostAdminPrintEinvoiceInput,
  PostAdminResendEinvoiceInput,
  PostAdminVoidAllowanceInput,
  PostAdminVoidEinvoiceInput,
} from "./admin/orders/[id]/einvoice/validators"
import type { PostStoreValidateInvoiceValueInput } from "./store/einvoice/validators"

export type {
  AllowanceAction,
  AllowanceAgreement,
  AllowanceStatus,
  Charity,
  ConnectionTestResult,
  DeploymentCheck,
  EcpayEnvironment,
  EinvoiceAction,
  EinvoiceActionResult,
  EinvoiceStatus,
  InvoiceChoiceInput,
  InvoiceType,
  IssueEinvoiceResult,
  IssueMode,
  IssueTrigger,
  PublicSettings,
  SecretState,
  ShopperFieldError,
  StoredChoice,
}

// ---------------------------------------------------------------------------------------------
// Errors

/** 400 of an admin route whose body or query is invalid: one entry per field. */
export interface AdminInvalidDataResponse {
  type: "invalid_data"
  message: string
  errors: Array<{ field: string; message: string }>
}

/**
 * 503 of an admin action that would call ECPay while ECPay is paused store-wide (it answered HTTP 403):
 * nothing was done; the message names the end in Taipei time, `ecpay_paused_until` is the ISO instant.
 * A `Retry-After` header gives the seconds left.
 */
export interface AdminEcpayPausedResponse {
  type: "ecpay_paused"
  code: "ecpay_paused"
  message: string
  ecpay_paused_until: string
}

/** 400 of a store route: one entry per field, worded in the shopper's language, with a stable `rule`. */
export interface StoreInvalidDataResponse {
  type: "invalid_data"
  message: string
  errors: ShopperFieldError[]
}

// ---------------------------------------------------------------------------------------------
// Settings: GET / POST /admin/ecpay-einvoice/settings, POST …/settings/test-connection

export interface AdminEinvoiceSettingsResponse {
  settings: PublicSettings
  /** While ECPay is paused store-wide after an HTTP 403: when the pause ends (ISO); else null. */
  ecpay_paused_until: string | null
  /**
   * How the answering process is deployed: its worker mode and Medusa's default locking provider;
   * `in_memory_locking_split` warns that the per-order lock does not reach the other process.
   */
  deployment: DeploymentCheck
  /** What can make TWD order totals with cents (their invoices are rounded half up to whole dollars). */
  rounding_risks: RoundingRisks
}

/** The store's active percentage promotions, by code: they can make TWD totals with cents. */
export interface RoundingRisks {
  percentage_promotions: string[]
}

/** Any subset of the settings (POST /admin/ecpay-einvoice/settings). */
export type AdminUpdateEinvoiceSettingsBody = PostAdminEinvoiceSettingsInput

export type AdminTestConnectionResponse = ConnectionTestResult

// ---------------------------------------------------------------------------------------------
// Records as the admin API shows them

/** One line of an invoice's or an allowance's Items, exactly as sent to ECPay. */
export type EinvoiceItem = Omit<InvoiceLine, "ItemSeq"> & { ItemSeq?: number }

/** An allowance (折讓) of an invoice, with what can be done to it now. */
export interface EinvoiceAllowanceRecord<D = string> {
  id: string
  einvoice_id: string
  status: AllowanceStatus
  agreement: AllowanceAgreement
  allowance_number: string | null
  /** Tax-inclusive allowance total in integer TWD. */
  amount: number
  tax_amount: number | null
  /** The allowance's Items as sent to ECPay. */
  items: EinvoiceItem[] | null
  reason: string | null
  notify_email: string | null
  notify_phone: string | null
  allowance_date: D | null
  /** Online agreement: when the buyer's 72 hours run out. */
  expires_at: D | null
  /** The invoice's remaining allowable amount after this allowance, as ECPay answered. */
  remaining_after: number | null
  last_error_code: string | null
  last_error_message: string | null
  voided_at: D | null
  void_reason: string | null
  metadata: Record<string, unknown> | null
  created_at: D
  updated_at: D
  deleted_at: D | null
  /** "void" an issued one, "cancel" an online one still awaiting the buyer's agreement. */
  actions: AllowanceAction[]
}

/** An invoice (`ecpay_einvoice`) as stored. */
export interface EinvoiceFields<D = string> {
  id: string
  order_id: string
  /** "original": the order's invoice; "additional": a further one for what an order change added (補開發票). */
  kind: InvoiceKind
  /** For an additional invoice: the change it is for (`exchange:<invoice>:<exchange>`, `edit:<invoice>:v<n>`). */
  source_key: string | null
  order_display_id: number | null
  status: EinvoiceStatus
  status_reason: string | null
  relate_number: string
  invoice_number: string | null
  random_number: string | null
  invoice_date: D | null
  currency_code: string
  total: number
  tax_amount: number | null
  remaining_allowance_amount: number | null
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
  /** The Items exactly as sent to ECPay. */
  items: EinvoiceItem[] | null
  upload_status: string | null
  award_status: string | null
  /** When the paper proof was marked printed, and by whom (the admin user's id). */
  printed_at: D | null
  printed_by: string | null
  attempts: number
  next_attempt_at: D | null
  last_error_code: string | null
  last_error_message: string | null
  issued_at: D | null
  voided_at: D | null
  void_reason: string | null
  synced_at: D | null
  metadata: Record<string, unknown> | null
  created_at: D
  updated_at: D
  deleted_at: D | null
}

/** What an invoice's stored fields say about paper and the lottery (lib/invoice-paper). */
export interface EinvoicePaperView {
  /** Why the invoice needs a paper proof (a printed invoice, a winning member-carrier invoice), else null. */
  paper_reason: PaperReason | null
  /** It won the uniform-invoice lottery (中獎), as the last sync from ECPay knows. */
  winning: boolean
  /** ECPay's prize tier (1–12) when known. */
  award_tier: number | null
}

/** 銷售額 / 稅額 / 總計 of a company invoice (統一編號); null on other invoices (ECPay splits no tax out of them). */
export interface EinvoiceCompanyAmounts {
  company_amounts: SalesTaxSplit | null
  /** The order's paid total had cents: what was paid, what the (whole-dollar) invoice says, the difference; else null. */
  total_rounding: TotalRounding | null
  /** The order is in another currency: converted to TWD at this rate (the settings' at issue); else null. */
  currency_conversion: CurrencyConversion | null
}

/** An invoice of the order view, with its allowances. */
export interface EinvoiceRecord<D = string> extends EinvoiceFields<D>, EinvoicePaperView, EinvoiceCompanyAmounts {
  allowances: EinvoiceAllowanceRecord<D>[]
}

/** One entry of the audit trail (newest first). */
export interface EinvoiceEventRecord<D = string> {
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
  created_at: D
  updated_at: D
  deleted_at: D | null
}

// ---------------------------------------------------------------------------------------------
// The order's invoices: GET /admin/orders/:id/einvoice and the actions' answers

/** Where the issue choice came from: the order's, its cart's, or the default member carrier. */
export type ChoiceSource = "order" | "cart" | "default"

/** The Issue payload the server would send now (only when issuing is allowed). */
export type IssuePreviewIssue = Omit<IssuePayload, "Items"> & {
  kind: "issue"
  type: InvoiceType
  choice_source: ChoiceSource
  /** The lines to send; a retry after an attempt that may have reached ECPay resends the stored ones. */
  Items: EinvoiceItem[]
  /** The paid total has cents: the invoice will carry it rounded half up (see TotalRounding); else null. */
  total_rounding: TotalRounding | null
  /** The order is in another currency: the rate it will be converted at; else null. */
  currency_conversion: CurrencyConversion | null
  /** Zero-rated and tax-free lines together: why the invoice would be refused before sending (it names the lines); else null. */
  tax_conflict: string | null
}

/** Nothing would be issued: a zero total, or an order not in TWD. */
export interface IssuePreviewOther {
  kind: "skip"
  type: InvoiceType
  choice_source: ChoiceSource
  reason: string
}

export type IssuePreview = IssuePreviewIssue | IssuePreviewOther

/** One invoice line and how much of it earlier allowances already took. */
export type AfterIssueLine = InvoiceLineState

/** What the void and allowance forms need about the current issued (or voided) invoice. */
export interface AfterIssueView {
  /** Bimonthly VAT period of the invoice date, e.g. "2026-11/12". */
  period: string
  /** ISO instant at which voiding locks (00:00 Taipei on the 14th of the next odd month); a string on the server too. */
  void_deadline: string
  /** Before the period's void deadline (whatever else blocks a void: see void_blocked_by). */
  voidable: boolean
  void_blocked_by: null | "allowances" | "deadline" | "status"
  remaining_allowance_amount: number
  lines: AfterIssueLine[]
  default_agreement: AllowanceAgreement
  buyer_email: string | null
  /** The store has the public callback URL an online allowance needs. */
  online_available: boolean
}

/** GET /admin/orders/:id/einvoice. */
export interface AdminOrderEinvoiceResponse<D = string> {
  order_id: string
  payment_status: string
  /** Whether e-invoicing is on, how and when it issues (automatic issuing's trigger and delay), and whether the order is canceled. */
  state: { enabled: boolean; issue_mode: IssueMode; issue_trigger: IssueTrigger; issue_delay_days: number; canceled: boolean }
  /** The current (not voided) invoice, else the latest, else null. */
  invoice: EinvoiceRecord<D> | null
  /** All the order's invoices, newest first (the original and the voided ones before it). */
  invoices: EinvoiceRecord<D>[]
  /** Further invoices for what exchanges and edits added after the invoice was issued (補開發票), oldest first. */
  additional_invoices: EinvoiceRecord<D>[]
  /** The allowances of all the order's invoices. */
  allowances: EinvoiceAllowanceRecord<D>[]
  /** For the current issued (or voided) invoice: its void deadline and what is still allowable. */
  after_issue: AfterIssueView | null
  events: EinvoiceEventRecord<D>[]
  /** What can be done now. */
  actions: EinvoiceAction[]
  preview: IssuePreview | null
  /** The Ministry of Finance invoice lookup. */
  lookup_url: string
  /** While ECPay is paused store-wide after an HTTP 403 (nothing is sent to ECPay): when the pause ends; else null. */
  ecpay_paused_until: D | null
}

/** POST /admin/orders/:id/einvoice/issue: what issuing did, and the refreshed view. */
export interface AdminIssueEinvoiceResponse<D = string> extends AdminOrderEinvoiceResponse<D> {
  result: IssueEinvoiceResult
}

/**
 * POST …/void, …/reissue, …/allowances, …/allowances/:allowance_id/void, …/resend, …/sync: what the
 * action did (a refusal by ECPay is outcome "failed", not an HTTP error), and the refreshed view.
 */
export interface AdminEinvoiceActionResponse<D = string> extends AdminOrderEinvoiceResponse<D> {
  result: EinvoiceActionResult
}

/** POST /admin/orders/:id/einvoice/void. */
export type AdminVoidEinvoiceBody = PostAdminVoidEinvoiceInput
/** POST /admin/orders/:id/einvoice/reissue: void-and-reissue (註銷重開) with the corrected choice. */
export type AdminReissueEinvoiceBody = PostAdminReissueEinvoiceInput
/** POST /admin/orders/:id/einvoice/allowances: by `lines` or by `amount` (exactly one). */
export type AdminCreateAllowanceBody = PostAdminCreateAllowanceInput
/** One line of an allowance by lines. */
export type AdminAllowanceLineBody = NonNullable<AdminCreateAllowanceBody["lines"]>[number]
/** POST /admin/orders/:id/einvoice/allowances/:allowance_id/void. */
export type AdminVoidAllowanceBody = PostAdminVoidAllowanceInput
/** POST /admin/orders/:id/einvoice/issue: nothing, or the corrected choice to retry with. */
export type AdminIssueEinvoiceBody = PostAdminIssueEinvoiceInput
/** POST /admin/orders/:id/einvoice/resend. */
export type AdminResendEinvoiceBody = PostAdminResendEinvoiceInput
/** POST /admin/orders/:id/einvoice/print: the print style; the answer's `result.print_url` is ECPay's page. */
export type AdminPrintEinvoiceBody = PostAdminPrintEinvoiceInput

// ---------------------------------------------------------------------------------------------
// The invoices page: GET /admin/einvoices, GET /admin/einvoices/export, bulk issue and resend

/** GET /admin/einvoices, as the route reads it (a client sends the numbers as text). */
export type AdminEinvoiceListQuery = GetAdminEinvoicesType

/** One invoice of the list: the record, its bimonthly period and what its issued allowances took. */
export interface EinvoiceListItem<D = string> extends EinvoiceFields<D>, EinvoicePaperView, EinvoiceCompanyAmounts {
  /** e.g. "2026-11/12"; null while the invoice has no date (not issued). */
  period: string | null
  allowance_total: number
  allowance_count: number
}

export interface AdminEinvoiceListResponse<D = string> {
  einvoices: EinvoiceListItem<D>[]
  count: number
  limit: number
  offset: number
  /** The period of today (Taipei), e.g. "2026-11/12". */
  current_period: string
  /** While ECPay is paused store-wide after an HTTP 403 (nothing is sent to ECPay): when the pause ends; else null. */
  ecpay_paused_until: D | null
}

/** GET /admin/einvoices/attention, as the route reads it. */
export type AdminEinvoiceAttentionQuery = GetAdminEinvoiceAttentionType

/** A paid order without an invoice (GET /admin/einvoices/attention). */
export interface AttentionOrder<D = string> {
  order_id: string
  display_id: number | null
  email: string | null
  currency_code: string
  created_at: D
}

/** GET /admin/einvoices/attention: what needs the merchant, whatever the period. */
export interface AdminEinvoiceAttentionResponse<D = string> {
  /** Failed and pending invoices, newest first (up to `limit`). */
  invoices: EinvoiceListItem<D>[]
  /** Paid, not canceled orders since `since` with no invoice, newest first (up to `limit`). */
  orders_without_invoice: AttentionOrder<D>[]
  /** `held`: pending invoices waiting on the store's situation (ECPay paused or rate-limiting, unreadable credentials); part of `pending`. */
  counts: { failed: number; pending: number; held: number; without_invoice: number; total: number }
  /** Orders are looked at from here: the start of the previous bimonthly period, or when e-invoicing was set up if later. */
  since: D
  ecpay_paused_until: D | null
}

/** GET /admin/einvoices/export (answers CSV text, UTF-8 with BOM). */
export type AdminEinvoiceExportQuery = GetAdminEinvoicesExportType

export type AdminBulkIssueBody = PostAdminBulkIssueInput
export type AdminBulkResendBody = PostAdminBulkResendInput

/** What went wrong for one order of a bulk request. */
export interface BulkError {
  code: string | null
  message: string
}

/** POST /admin/einvoices/bulk-issue: per order, in the order given. */
export interface AdminBulkIssueResult {
  order_id: string
  ok: boolean
  status: string | null
  invoice_number: string | null
  error: BulkError | null
}

export interface AdminBulkIssueResponse {
  /** Orders not attempted because ECPay is paused answer error code "ecpay_paused". */
  results: AdminBulkIssueResult[]
  /** Set when ECPay was (or became) paused and the bulk stopped there: when the pause ends (ISO). */
  ecpay_paused_until: string | null
  summary: { requested: number; issued: number; failed: number }
}

/** POST /admin/einvoices/bulk-resend: per order, in the order given. */
export interface AdminBulkResendResult {
  order_id: string
  ok: boolean
  outcome: string | null
  invoice_number: string | null
  error: BulkError | null
}

export interface AdminBulkResendResponse {
  /** Orders not attempted because ECPay is paused answer error code "ecpay_paused". */
  results: AdminBulkResendResult[]
  /** Set when ECPay was (or became) paused and the bulk stopped there: when the pause ends (ISO). */
  ecpay_paused_until: string | null
  summary: { requested: number; sent: number; failed: number }
}

/** POST /admin/einvoices/bulk-print. */
export type AdminBulkPrintBody = PostAdminBulkPrintInput

/** POST /admin/einvoices/bulk-print: per order, in the order given. */
export interface AdminBulkPrintResult extends AdminBulkResendResult {
  invoice_id: string | null
  /** ECPay's printable page (short-lived: open it now). */
  print_url: string | null
}

export interface AdminBulkPrintResponse {
  results: AdminBulkPrintResult[]
  ecpay_paused_until: string | null
  summary: { requested: number; sent: number; failed: number }
}

/** POST /admin/einvoices/mark-printed. */
export type AdminMarkPrintedBody = PostAdminMarkPrintedInput

/** One invoice of POST /admin/einvoices/mark-printed, in the order given. */
export interface AdminMarkPrintedResult<D = string> {
  invoice_id: string
  order_id: string | null
  invoice_number: string | null
  /** marked; already_printed (its first mark is kept); not_printable (it needs no paper); not_found */
  outcome: "marked" | "already_printed" | "not_printable" | "not_found"
  printed_at: D | null
  printed_by: string | null
}

export interface AdminMarkPrintedResponse<D = string> {
  results: AdminMarkPrintedResult<D>[]
  summary: { requested: number; marked: number; already_printed: number; refused: number }
}

// ---------------------------------------------------------------------------------------------
// Store API (the storefront's checkout)

/** GET /store/einvoice/config. */
export interface StoreEinvoiceConfigResponse {
  enabled: boolean
  /** The invoice types offered (none while e-invoicing is off). */
  types: InvoiceType[]
  charities: Charity[]
  default_love_code: string | null
}

/** GET /store/carts/:id/einvoice: the cart's choice, else the logged-in customer's last one. */
export interface StoreCartEinvoiceResponse {
  einvoice: StoredChoice | null
  source: "cart" | "customer" | null
}

/** POST /store/carts/:id/einvoice: a choice (by type, only the fields the type takes). */
export type StoreSetCartEinvoiceBody = InvoiceChoiceInput

/** POST /store/carts/:id/einvoice: the choice as stored; warnings when an online check could not be made. */
export interface StoreSetCartEinvoiceResponse {
  einvoice: StoredChoice
  warnings: ShopperFieldError[]
}

/** POST /store/einvoice/validate. */
export type StoreValidateInvoiceValueBody = PostStoreValidateInvoiceValueInput

/** 429 from POST /store/einvoice/validate: past the online-check limits; nothing was sent to ECPay. */
export interface StoreTooManyChecksResponse {
  type: "too_many_requests"
  code: "throttled"
  rule: "throttled"
  /** Worded for the shopper in the request's language. */
  message: string
  /** Also in the Retry-After header. */
  retry_after_seconds: number
}

export interface StoreValidateInvoiceValueResponse {
  valid: boolean
  /** Normalised (e.g. the barcode upper-cased). */
  value: string
  /** false: ECPay / the government service could not be asked (format only, or fail-open). */
  checked_online: boolean
  /**
   * Why it is invalid, or "unchecked" when accepted without the online check ("throttled": past the
   * online-check limits, answered with HTTP 429).
   */
  rule?: string
  /** Worded for the shopper in the request's language. */
  message?: string
  /** For a tax ID: the company's registered name (統一編號 lookup). */
  company_name?: string
}

/** An allowance of the shopper's invoice (one the shopper was, or is being, told about). */
export interface ShopperAllowance<D = string> {
  allowance_number: string | null
  allowance_date: D | null
  amount: number
  status: AllowanceStatus
}

/** The fields of an invoice a shopper may see. */
export interface ShopperInvoice<D = string> {
  status: EinvoiceStatus
  invoice_number: string | null
  invoice_date: D | null
  random_number: string | null
  total: number
  type: InvoiceType
  carrier_type: string | null
  carrier_number: string | null
  donation: boolean
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  /** A company invoice's 銷售額 / 稅額 / 總計; null on other invoices. */
  company_amounts: SalesTaxSplit | null
  print: boolean
  voided_at: D | null
  allowances: ShopperAllowance<D>[]
}

/** GET /store/orders/:id/einvoice. */
export interface StoreOrderEinvoiceResponse<D = string> {
  einvoice: ShopperInvoice<D> | null
  /** Further invoices for what exchanges and edits added after the invoice was issued, oldest first. */
  additional_einvoices: ShopperInvoice<D>[]
  lookup_url: string
  /**
   * The order is a registered customer's and the request is not logged in as them: `carrier_number` and
   * `company_tax_id` are masked ("/AB***34").
   */
  identifiers_masked: boolean
}
