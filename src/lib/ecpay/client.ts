import { request as httpRequest } from "http"
import { request as httpsRequest } from "https"
import { decryptString, encryptData } from "./crypto"
import { phpUrlDecode } from "./encoding"
import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayHttpError,
  EcpayRateLimitError,
  EcpayResponseFormatError,
  EcpayTransportError,
} from "./errors"
import type {
  AllowanceByCollegiateResponse,
  AllowanceInvalidByCollegiateResponse,
  AllowanceInvalidResponse,
  AllowanceResponse,
  CancelDelayIssueResponse,
  CheckBarcodeResponse,
  CheckLoveCodeResponse,
  DelayIssueResponse,
  EcpayResponseData,
  GetAllowanceListResponse,
  GetCompanyNameByTaxIdResponse,
  GetInvalidResponse,
  GetIssueListResponse,
  GetIssueResponse,
  InvalidResponse,
  InvoiceNotifyResponse,
  InvoicePrintResponse,
  IssueResponse,
  TriggerIssueResponse,
  VoidWithReIssueResponse,
} from "./responses"
import {
  AllowanceByCollegiateData,
  AllowanceData,
  AllowanceInvalidByCollegiateData,
  AllowanceInvalidData,
  CancelDelayIssueData,
  CheckBarcodeData,
  CheckLoveCodeData,
  DelayIssueData,
  EcpayOperation,
  EcpayRequestData,
  GetAllowanceListData,
  GetCompanyNameByTaxIdData,
  GetInvalidData,
  GetIssueData,
  GetIssueListData,
  InvalidData,
  InvoiceNotifyData,
  InvoicePrintData,
  IssueData,
  parseRequestData,
  TriggerIssueData,
  VoidWithReIssueData,
} from "./schemas"

export type EcpayEnvironment = "stage" | "production"

export const ECPAY_BASE_URLS: Readonly<Record<EcpayEnvironment, string>> = {
  stage: "https://einvoice-stage.ecpay.com.tw",
  production: "https://einvoice.ecpay.com.tw",
}

/** Sent as RqHeader.Revision, as ECPay's PHP SDK does. */
export const ECPAY_API_REVISION = "3.0.0"
/** Production integrations (Odoo, RY) use 20 s; ECPay publishes no timeout. */
export const DEFAULT_TIMEOUT_MS = 20_000
/**
 * The most of a response that is read. ECPay's largest answers (a page of GetIssueList) are tens of
 * kilobytes; anything past this is not ECPay and is not kept in memory.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024

const SUCCESS_RTN_CODES: readonly number[] = [1]
/** TriggerIssue succeeds with 4000003 (issue scheduled after DelayDay) or 4000004 (issued now). */
const TRIGGER_ISSUE_SUCCESS_RTN_CODES: readonly number[] = [1, 4000003, 4000004]

export interface EcpayInvoiceClientOptions {
  merchantId: string
  /** AES key, 16 ASCII characters. Kept in a private field: never logged, serialised or put in errors. */
  hashKey: string
  /** AES IV, 16 ASCII characters. */
  hashIV: string
  environment: EcpayEnvironment
  /** Overrides the environment's host (e.g. the simulator); paths are appended to it. */
  baseUrl?: string
  /** Whole-call timeout (connect, send, receive). Defaults to {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number
  /** Clock for RqHeader.Timestamp, which ECPay rejects when more than 10 minutes old. */
  now?: () => Date
}

interface HttpResult {
  status: number
  body: string
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

const isAscii = (value: string) => /^[\x20-\x7e]*$/.test(value)

/** Numbers ECPay may send as numbers or numeric strings (TransCode, RtnCode); undefined otherwise. */
function toCode(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return value
  }
  if (typeof value === "string" && /^-?[0-9]+$/.test(value.trim())) {
    return Number(value)
  }
  return undefined
}

/** The message of an Error from any realm (jest runs tests in a separate VM context). */
function describeError(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message
  return typeof message === "string" ? message : String(error)
}

function toTransportError(operation: string, error: unknown, timedOut: boolean, timeoutMs: number) {
  if (timedOut) {
    return new EcpayTransportError(operation, "timeout", `no complete response within ${timeoutMs} ms`, {
      outcomeUnknown: true,
      cause: error,
    })
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const detail = describeError(error)
  switch (code) {
    case "ECONNREFUSED":
      return new EcpayTransportError(operation, "refused", `connection refused (${detail})`, {
        outcomeUnknown: false,
        cause: error,
      })
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new EcpayTransportError(operation, "network", `host name could not be resolved (${detail})`, {
        outcomeUnknown: false,
        cause: error,
      })
    case "ECONNRESET":
    case "EPIPE":
      return new EcpayTransportError(operation, "reset", `connection reset (${detail})`, {
        outcomeUnknown: true,
        cause: error,
      })
    case "ETIMEDOUT":
      return new EcpayTransportError(operation, "timeout", `connection timed out (${detail})`, {
        outcomeUnknown: true,
        cause: error,
      })
    default:
      return new EcpayTransportError(operation, "network", `network error (${detail})`, {
        outcomeUnknown: true,
        cause: error,
      })
  }
}

/**
 * Typed client for ECPay's B2C e-invoice API (JSON + AES, revision 3.0.0). Every method validates its `Data`
 * locally (throwing EcpayValidationError before any network I/O), adds MerchantID, and resolves with the
 * decrypted response `Data` (RtnCode as a number) or rejects with an {@link EcpayError} subclass.
 */
export class EcpayInvoiceClient {
  readonly merchantId: string
  readonly environment: EcpayEnvironment
  /** Host (and optional path prefix) without a trailing slash. */
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly #hashKey: string
  readonly #hashIV: string
  readonly #now: () => Date

  constructor(options: EcpayInvoiceClientOptions) {
    const { merchantId, hashKey, hashIV, environment, baseUrl, timeoutMs = DEFAULT_TIMEOUT_MS, now } = options
    if (typeof merchantId !== "string" || !/^[0-9A-Za-z]{1,10}$/.test(merchantId)) {
      throw new TypeError("EcpayInvoiceClient: merchantId must be 1-10 letters or digits")
    }
    if (typeof hashKey !== "string" || hashKey.length !== 16 || !isAscii(hashKey)) {
      throw new TypeError("EcpayInvoiceClient: hashKey must be exactly 16 ASCII characters")
    }
    if (typeof hashIV !== "string" || hashIV.length !== 16 || !isAscii(hashIV)) {
      throw new TypeError("EcpayInvoiceClient: hashIV must be exactly 16 ASCII characters")
    }
    if (environment !== "stage" && environment !== "production") {
      throw new TypeError('EcpayInvoiceClient: environment must be "stage" or "production"')
    }
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TypeError("EcpayInvoiceClient: timeoutMs must be a positive number")
    }
    this.merchantId = merchantId
    this.environment = environment
    this.baseUrl = EcpayInvoiceClient.normaliseBaseUrl(baseUrl ?? ECPAY_BASE_URLS[environment])
    this.timeoutMs = timeoutMs
    this.#hashKey = hashKey
    this.#hashIV = hashIV
    this.#now = now ?? (() => new Date())
  }

  private static normaliseBaseUrl(baseUrl: string): string {
    let url: URL
    try {
      url = new URL(baseUrl)
    } catch {
      throw new TypeError("EcpayInvoiceClient: baseUrl must be an absolute http(s) URL")
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError("EcpayInvoiceClient: baseUrl must be an absolute http(s) URL")
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, "")
  }

  /** Issue an invoice now. */
  issue(data: IssueData): Promise<IssueResponse> {
    return this.call("Issue", data)
  }

  /** Void (作廢) an invoice. */
  invalid(data: InvalidData): Promise<InvalidResponse> {
    return this.call("Invalid", data)
  }

  /** Void and re-issue with the same number and date (註銷重開). MerchantID is added to both models too. */
  async voidWithReIssue(data: VoidWithReIssueData): Promise<VoidWithReIssueResponse> {
    const parsed = parseRequestData("VoidWithReIssue", data)
    return this.send("VoidWithReIssue", {
      MerchantID: this.merchantId,
      VoidModel: { MerchantID: this.merchantId, ...parsed.VoidModel },
      IssueModel: { MerchantID: this.merchantId, ...parsed.IssueModel },
    })
  }

  /** Allowance (折讓) agreed on paper or offline. */
  allowance(data: AllowanceData): Promise<AllowanceResponse> {
    return this.call("Allowance", data)
  }

  /** Online allowance: ECPay e-mails the buyer a consent link and posts the result to ReturnURL. */
  allowanceByCollegiate(data: AllowanceByCollegiateData): Promise<AllowanceByCollegiateResponse> {
    return this.call("AllowanceByCollegiate", data)
  }

  /** Void an allowance. */
  allowanceInvalid(data: AllowanceInvalidData): Promise<AllowanceInvalidResponse> {
    return this.call("AllowanceInvalid", data)
  }

  /** Cancel an online allowance the buyer has not agreed to yet. */
  allowanceInvalidByCollegiate(data: AllowanceInvalidByCollegiateData): Promise<AllowanceInvalidByCollegiateResponse> {
    return this.call("AllowanceInvalidByCollegiate", data)
  }

  /** One invoice, by RelateNumber or by InvoiceNo + InvoiceDate. RtnCode 1600003 = not found. */
  getIssue(data: GetIssueData): Promise<GetIssueResponse> {
    return this.call("GetIssue", data)
  }

  /** A page of invoices in a date range. */
  getIssueList(data: GetIssueListData): Promise<GetIssueListResponse> {
    return this.call("GetIssueList", data)
  }

  /** Details of a voided invoice. */
  getInvalid(data: GetInvalidData): Promise<GetInvalidResponse> {
    return this.call("GetInvalid", data)
  }

  /** Allowances of an invoice, or one allowance. */
  getAllowanceList(data: GetAllowanceListData): Promise<GetAllowanceListResponse> {
    return this.call("GetAllowanceList", data)
  }

  /** (Re)send an issue, void, allowance or winning notification. */
  invoiceNotify(data: InvoiceNotifyData): Promise<InvoiceNotifyResponse> {
    return this.call("InvoiceNotify", data)
  }

  /** URL of a printable invoice page. */
  invoicePrint(data: InvoicePrintData): Promise<InvoicePrintResponse> {
    return this.call("InvoicePrint", data)
  }

  /** Whether a mobile barcode exists at the Ministry of Finance. */
  checkBarcode(data: CheckBarcodeData): Promise<CheckBarcodeResponse> {
    return this.call("CheckBarcode", data)
  }

  /** Whether a love code (charity) exists at the Ministry of Finance. */
  checkLoveCode(data: CheckLoveCodeData): Promise<CheckLoveCodeResponse> {
    return this.call("CheckLoveCode", data)
  }

  /** Company name registered for a 統一編號. "Not found" does not prove the number invalid. */
  getCompanyNameByTaxId(data: GetCompanyNameByTaxIdData): Promise<GetCompanyNameByTaxIdResponse> {
    return this.call("GetCompanyNameByTaxID", data)
  }

  /** Store an invoice at ECPay to be issued later (scheduled, or on TriggerIssue). */
  delayIssue(data: DelayIssueData): Promise<DelayIssueResponse> {
    return this.call("DelayIssue", data)
  }

  /** Issue a stored DelayFlag 2 invoice; RtnCode 4000003/4000004 also resolve. */
  triggerIssue(data: TriggerIssueData): Promise<TriggerIssueResponse> {
    return this.call("TriggerIssue", data, TRIGGER_ISSUE_SUCCESS_RTN_CODES)
  }

  /** Cancel a stored invoice that has not been issued yet. */
  cancelDelayIssue(data: CancelDelayIssueData): Promise<CancelDelayIssueResponse> {
    return this.call("CancelDelayIssue", data)
  }

  private async call<R extends EcpayResponseData>(
    operation: EcpayOperation,
    data: EcpayRequestData<EcpayOperation>,
    successRtnCodes = SUCCESS_RTN_CODES
  ): Promise<R> {
    const parsed = parseRequestData(operation, data)
    return this.send(operation, { MerchantID: this.merchantId, ...parsed }, successRtnCodes)
  }

  private async send<R extends EcpayResponseData>(
    operation: EcpayOperation,
    data: Record<string, unknown>,
    successRtnCodes = SUCCESS_RTN_CODES
  ): Promise<R> {
    const body = JSON.stringify({
      MerchantID: this.merchantId,
      RqHeader: { Timestamp: Math.floor(this.#now().getTime() / 1000), Revision: ECPAY_API_REVISION },
      Data: encryptData(data, this.#hashKey, this.#hashIV),
    })
    const { status, body: responseBody } = await this.post(operation, body)
    if (status === 403) {
      throw new EcpayRateLimitError(operation)
    }
    if (status < 200 || status > 299) {
      throw new EcpayHttpError(operation, status)
    }
    const responseData = this.openEnvelope(operation, responseBody)
    const rtnCode = toCode(responseData.RtnCode)
    if (rtnCode === undefined) {
      throw new EcpayResponseFormatError(operation, "response Data has no numeric RtnCode")
    }
    const result = { ...responseData, RtnCode: rtnCode, RtnMsg: String(responseData.RtnMsg ?? "") }
    if (!successRtnCodes.includes(rtnCode)) {
      throw new EcpayBusinessError(operation, rtnCode, result.RtnMsg, result)
    }
    return result as R
  }

  /** Checks TransCode and returns the decrypted `Data` object. */
  private openEnvelope(operation: EcpayOperation, body: string): Record<string, unknown> {
    let envelope: unknown
    try {
      envelope = JSON.parse(body)
    } catch {
      throw new EcpayResponseFormatError(operation, "response body is not JSON")
    }
    if (!isRecord(envelope)) {
      throw new EcpayResponseFormatError(operation, "response body is not a JSON object")
    }
    const transCode = toCode(envelope.TransCode)
    if (transCode === undefined) {
      throw new EcpayResponseFormatError(operation, "response has no numeric TransCode")
    }
    if (transCode !== 1) {
      throw new EcpayEnvelopeError(operation, transCode, String(envelope.TransMsg ?? ""))
    }
    const { Data: encrypted } = envelope
    // GetIssueList has been seen answering with a plain object instead of ciphertext.
    if (operation === "GetIssueList" && isRecord(encrypted)) {
      return encrypted
    }
    if (typeof encrypted !== "string" || encrypted === "") {
      throw new EcpayResponseFormatError(operation, "response has no Data")
    }
    let plaintext: string
    try {
      plaintext = phpUrlDecode(decryptString(encrypted, this.#hashKey, this.#hashIV))
    } catch (error) {
      throw new EcpayResponseFormatError(operation, `Data could not be decrypted: ${describeError(error)}`)
    }
    let decrypted: unknown
    try {
      decrypted = JSON.parse(plaintext)
    } catch {
      // The parser's message quotes the plaintext, which may hold buyer data; keep it out of the error.
      throw new EcpayResponseFormatError(operation, "decrypted Data is not JSON")
    }
    if (!isRecord(decrypted)) {
      throw new EcpayResponseFormatError(operation, "decrypted Data is not a JSON object")
    }
    return decrypted
  }

  /** POSTs JSON and reads the whole response within timeoutMs, mapping socket failures to EcpayTransportError. */
  private post(operation: EcpayOperation, body: string): Promise<HttpResult> {
    const url = new URL(`${this.baseUrl}/B2CInvoice/${operation}`)
    const request = url.protocol === "https:" ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, this.timeoutMs)
      const fail = (error: unknown) => {
        clearTimeout(timer)
        reject(toTransportError(operation, error, timedOut, this.timeoutMs))
      }
      const outgoing = request(
        url,
        {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            Accept: "application/json",
          },
          signal: controller.signal,
        },
        (response) => {
          const chunks: Buffer[] = []
          let received = 0
          let tooLarge = false
          response.on("data", (chunk: Buffer) => {
            received += chunk.length
            if (received > MAX_RESPONSE_BYTES) {
              if (!tooLarge) {
                tooLarge = true
                clearTimeout(timer)
                // The request went through; what it did is unknown (reconciled like a lost reply).
                reject(new EcpayResponseFormatError(operation, `response body is larger than ${MAX_RESPONSE_BYTES} bytes`))
                response.destroy()
              }
              return
            }
            chunks.push(chunk)
          })
          response.on("error", (error) => tooLarge || fail(error))
          response.on("end", () => {
            clearTimeout(timer)
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") })
          })
          response.on("close", () => {
            if (!response.complete && !tooLarge) {
              fail(Object.assign(new Error("connection closed mid-response"), { code: "ECONNRESET" }))
            }
          })
        }
      )
      outgoing.on("error", fail)
      outgoing.end(body)
    })
  }
}
