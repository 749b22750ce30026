/** What issuing did (POST /admin/orders/:id/einvoice/issue and the issue workflow's result). */
export interface IssueEinvoiceResult {
  order_id: string
  /** issued | already_issued | pending | scheduled | skipped | failed | not_issuable */
  outcome: string
  invoice_id: string | null
  status: string | null
  invoice_number: string | null
  error_code: string | null
  error_message: string | null
  reason: string | null
}

/** What an after-issue action did, as the admin API returns it next to the refreshed view. */
export interface EinvoiceActionResult {
  order_id: string
  action: "issue" | "void" | "reissue" | "allowance" | "allowance_void" | "resend" | "sync" | "print"
  /** voided | reissued | issued | awaiting_agreement | sent | synced | opened | failed | unknown | not_applicable */
  outcome: string
  invoice_id: string | null
  invoice_number: string | null
  allowance_id?: string | null
  allowance_number?: string | null
  status: string | null
  /** ECPay's RtnCode when ECPay refused; otherwise a plugin code (not_configured, timeout…). */
  error_code: string | null
  /** ECPay's RtnMsg when ECPay refused. */
  error_message: string | null
  reason: string | null
  /** allowance: the request repeated an earlier one (same idempotency key and body); this is that allowance, nothing was sent. */
  replayed?: boolean
  /** sync: what changed (voided, allowance_added, allowance_voided, upload_status, remaining_allowance_amount…). */
  changes?: string[]
  /** print: ECPay's printable page of the invoice proof (short-lived; open it, do not store it). */
  print_url?: string
}

export function actionResult(
  base: Pick<EinvoiceActionResult, "order_id" | "action" | "outcome">,
  rest: Partial<EinvoiceActionResult> = {}
): EinvoiceActionResult {
  return {
    invoice_id: null,
    invoice_number: null,
    status: null,
    error_code: null,
    error_message: null,
    reason: null,
    ...base,
    ...rest,
  }
}
