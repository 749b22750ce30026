/**
 * Typed failures of ECPay calls. `outcomeUnknown` tells the caller whether ECPay may have applied the change
 * (then reconcile, e.g. GetIssue by RelateNumber, before retrying). No error carries HashKey, HashIV or the
 * encrypted `Data`.
 */

interface EcpayErrorOptions {
  operation: string
  outcomeUnknown: boolean
  cause?: unknown
}

export class EcpayError extends Error {
  /** ECPay operation name, e.g. "Issue". */
  readonly operation: string
  /** True when ECPay may have applied the request although the call failed. */
  readonly outcomeUnknown: boolean
  readonly cause?: unknown

  constructor(message: string, { operation, outcomeUnknown, cause }: EcpayErrorOptions) {
    super(`ECPay ${operation}: ${message}`)
    this.name = new.target.name
    this.operation = operation
    this.outcomeUnknown = outcomeUnknown
    if (cause !== undefined) {
      this.cause = cause
    }
  }
}

export interface EcpayValidationIssue {
  /** Dotted path under ECPay's field names, e.g. "Items.0.ItemAmount" or "IssueModel.Print". */
  field: string
  /** Stable rule id: a zod issue code ("too_big", "invalid_type", ...) or one of our cross-field rule ids. */
  rule: string
  message: string
}

/** The request was rejected locally; nothing was sent. */
export class EcpayValidationError extends EcpayError {
  readonly issues: EcpayValidationIssue[]

  constructor(operation: string, issues: EcpayValidationIssue[]) {
    const summary = issues.map((issue) => `${issue.field} [${issue.rule}]: ${issue.message}`).join("; ")
    super(`invalid request: ${summary}`, { operation, outcomeUnknown: false })
    this.issues = issues
  }
}

export type EcpayTransportErrorKind = "timeout" | "reset" | "refused" | "network"

/** No HTTP response: timeout, dropped connection, refused connection or name resolution failure. */
export class EcpayTransportError extends EcpayError {
  readonly kind: EcpayTransportErrorKind

  constructor(operation: string, kind: EcpayTransportErrorKind, message: string, options: { outcomeUnknown: boolean; cause?: unknown }) {
    super(message, { operation, ...options })
    this.kind = kind
  }
}

/** A non-2xx HTTP status. A 5xx may come after ECPay applied the change. */
export class EcpayHttpError extends EcpayError {
  readonly status: number

  constructor(operation: string, status: number, outcomeUnknown = status >= 500) {
    super(`HTTP ${status}`, { operation, outcomeUnknown })
    this.status = status
  }
}

/** ECPay answers HTTP 403 when called too fast and asks callers to wait 30 minutes. */
export const ECPAY_RATE_LIMIT_BACKOFF_MS = 30 * 60 * 1000

export class EcpayRateLimitError extends EcpayHttpError {
  readonly retryAfterMs = ECPAY_RATE_LIMIT_BACKOFF_MS

  constructor(operation: string) {
    super(operation, 403, false)
    this.message = `ECPay ${operation}: HTTP 403 (rate limited; retry after 30 minutes)`
  }
}

/** The response body was not the expected JSON envelope, or `Data` could not be decrypted or parsed. */
export class EcpayResponseFormatError extends EcpayError {
  constructor(operation: string, message: string, cause?: unknown) {
    super(message, { operation, outcomeUnknown: true, cause })
  }
}

/** ECPay rejected the envelope (TransCode ≠ 1): MerchantID, timestamp, encryption or format problem. */
export class EcpayEnvelopeError extends EcpayError {
  readonly transCode: number
  readonly transMsg: string

  constructor(operation: string, transCode: number, transMsg: string) {
    super(`TransCode ${transCode}: ${transMsg}`, { operation, outcomeUnknown: false })
    this.transCode = transCode
    this.transMsg = transMsg
  }
}

/** RtnCode of the Ministry of Finance lookup being unavailable (CheckBarcode / CheckLoveCode). */
export const GOVERNMENT_SERVICE_DOWN_RTN_CODES: readonly number[] = [9000001, 10000010]
/** RtnCode for "no data for that invoice number". */
export const INVOICE_NOT_FOUND_RTN_CODE = 1600003

/** ECPay processed the request and refused it (RtnCode is not a success code). */
export class EcpayBusinessError extends EcpayError {
  readonly rtnCode: number
  readonly rtnMsg: string
  /** The decrypted response `Data`. */
  readonly data: Record<string, unknown>

  constructor(operation: string, rtnCode: number, rtnMsg: string, data: Record<string, unknown>) {
    super(`RtnCode ${rtnCode}: ${rtnMsg}`, { operation, outcomeUnknown: false })
    this.rtnCode = rtnCode
    this.rtnMsg = rtnMsg
    this.data = data
  }

  isGovernmentServiceDown(): boolean {
    return GOVERNMENT_SERVICE_DOWN_RTN_CODES.includes(this.rtnCode)
  }

  isNotFound(): boolean {
    return this.rtnCode === INVOICE_NOT_FOUND_RTN_CODE
  }
}
