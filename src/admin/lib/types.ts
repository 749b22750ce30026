// The admin API's shapes are declared once, with the routes (src/api/types.ts); the admin reads its
// answers with them (types only: nothing of the server reaches the admin bundle). Here: the names the
// admin uses for them, and its own constants.
import type {
  AdminEinvoiceActionResponse,
  AdminIssueEinvoiceResponse,
  EinvoiceAction,
  EinvoiceActionResult,
  EcpayEnvironment,
  InvoiceType,
} from "../../api/types"
import { CORE_INVOICE_TYPES as CORE_TYPES } from "../../lib/einvoice-types"

export type {
  AfterIssueLine,
  AfterIssueView,
  AllowanceAgreement,
  AllowanceStatus,
  Charity,
  EcpayEnvironment,
  EinvoiceAllowanceRecord,
  EinvoiceEventRecord,
  EinvoiceItem,
  EinvoiceListItem,
  EinvoiceRecord,
  EinvoiceStatus,
  InvoiceType,
  IssuePreview,
  IssuePreviewIssue,
  IssuePreviewOther,
  PublicSettings,
  SecretState,
  AdminAllowanceLineBody as AllowanceLineBody,
  AdminBulkResendResponse as BulkResendResponse,
  AdminBulkIssueResponse as BulkIssueResponse,
  AdminEinvoiceAttentionResponse as AttentionResponse,
  AttentionOrder,
  AdminBulkResendResult as BulkResendResult,
  AdminBulkPrintResponse as BulkPrintResponse,
  AdminBulkPrintResult as BulkPrintResult,
  AdminMarkPrintedResponse as MarkPrintedResponse,
  AdminPrintEinvoiceBody as PrintEinvoiceBody,
  AdminCreateAllowanceBody as CreateAllowanceBody,
  AdminEinvoiceListQuery as EinvoiceListQuery,
  AdminEinvoiceListResponse as EinvoiceListResponse,
  AdminEinvoiceSettingsResponse as SettingsResponse,
  AdminIssueEinvoiceResponse as IssueResponse,
  AdminIssueEinvoiceBody as IssueEinvoiceBody,
  AdminOrderEinvoiceResponse as OrderEinvoiceView,
  AdminReissueEinvoiceBody as ReissueInvoiceBody,
  AdminResendEinvoiceBody as ResendBody,
  AdminVoidAllowanceBody as VoidAllowanceBody,
  AdminVoidEinvoiceBody as VoidInvoiceBody,
  AllowanceAction as AllowanceActionId,
  ConnectionTestResult as ConnectionResult,
  InvoiceChoiceInput as InvoiceChoiceBody,
} from "../../api/types"
export type { ConnectionTestCode as ConnectionCode } from "../../lib/connection-test"

export const ENVIRONMENTS: EcpayEnvironment[] = ["simulator", "stage", "production"]

/** Offered whenever e-invoicing is on (Ministry of Finance rule); cannot be switched off. */
export const CORE_INVOICE_TYPES: InvoiceType[] = [...CORE_TYPES]

export const OPTIONAL_INVOICE_TYPES: InvoiceType[] = ["paper", "easycard", "ipass"]

/** Action ids the server may offer; the admin shows the ones it knows (see the action registry). */
export type OrderEinvoiceActionId = EinvoiceAction | (string & {})

export type ActionKind = "issue" | EinvoiceActionResult["action"]

/**
 * What any invoice action did, as the card reads it: the issue / retry answer (`IssueEinvoiceResult`)
 * or an after-issue action's (`EinvoiceActionResult`). A refusal by ECPay is an answer, not an HTTP
 * error: outcome "failed" with ECPay's code and message.
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
export type ActionResponse = Omit<AdminIssueEinvoiceResponse | AdminEinvoiceActionResponse, "result"> & { result: ActionResult }
