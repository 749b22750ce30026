/**
 * The simulator core: merchants, clock, state, faults and the HTTP face speaking ECPay's B2C envelope
 * (docs/ECPAY-PROTOCOL.md §1.2–1.5). Protocol requests are POST /B2CInvoice/{Op}; the control API lives
 * under /__control/.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { answerOnlineAllowance, type CallbackResult } from "./callbacks"
import { SimulatorClock } from "./clock"
import { TransCode, RtnCode } from "./codes"
import { handleControl } from "./control"
import { readBody, sendJson, sendText } from "./http-utils"
import { DecryptError, decryptData, encryptData } from "./crypto"
import { FaultBook, parseFault, type Fault, type FaultType } from "./faults"
import { ControlError } from "./errors"
import { OPERATIONS, OPERATION_NAMES, type OperationReply } from "./operations"
import { invoiceView } from "./operations/views"
import { StateFileWriter, loadStateFile, type LoadOutcome } from "./persistence"
import { renderPrintPage } from "./print-page"
import { RuleViolation, type Fields } from "./rules"
import { SimulatorStore, snapshotStore, type InvoiceRecord, type RegistryAdditions } from "./state"

export interface SimulatorMerchant {
  merchantId: string
  hashKey: string
  hashIV: string
}

/** ECPay's public stage merchant for e-invoices (docs/ECPAY-PROTOCOL.md §1.6). */
export const STAGE_MERCHANT: SimulatorMerchant = {
  merchantId: "2000132",
  hashKey: "ejCk326UnaZWKisg",
  hashIV: "q9jcZX8Ib9LM8wYk",
}

export interface SimulatorOptions {
  /** 0 = random free port */
  port?: number
  host?: string
  /** default: the public stage merchant 2000132 */
  merchants?: SimulatorMerchant[]
  /** base clock; default real time */
  now?: () => Date
  /** print one line per protocol request */
  logRequests?: boolean
  /** accepted distance between RqHeader.Timestamp and the simulator clock; default 600 (ECPay's 10 minutes) */
  timestampToleranceSeconds?: number
  /** time after which invoices/voids/allowances report Upload_Status 1; default 5 minutes */
  uploadDelayMs?: number
  /** base URL used in links handed out (InvoiceHtml); default the listening URL */
  publicUrl?: string
  /**
   * Keep the documents in this JSON file: loaded at start when it exists, rewritten after every change
   * (see persistence.ts). Default: memory only.
   */
  stateFile?: string
  /** where the simulator's own notices go (state file problems); default console.error */
  log?: (line: string) => void
}

export interface RequestLogEntry {
  /** simulator-clock time of the request, ISO */
  at: string
  operation: string
  merchantId: string | null
  /** decrypted request Data, when it could be decrypted */
  data: unknown
  /** null when no response was sent (drop_after_commit, or the client went away) */
  httpStatus: number | null
  transCode: number | null
  rtnCode: number | null
  rtnMsg: string | null
  fault?: FaultType
}

const MAX_LOGGED_REQUESTS = 5000
const PROTOCOL_PATH = /^\/B2CInvoice\/([A-Za-z]+)\/?$/

class EnvelopeError extends Error {
  constructor(
    readonly transCode: number,
    message: string
  ) {
    super(message)
  }
}

interface Envelope {
  merchant: SimulatorMerchant
  data: Fields
}

export class EcpaySimulator {
  readonly store = new SimulatorStore()
  readonly clock: SimulatorClock
  readonly faults = new FaultBook()
  readonly merchants: Map<string, SimulatorMerchant>
  /** Kept as one array (cleared in place) so references handed out stay live. */
  readonly requests: RequestLogEntry[] = []
  baseUrl = ""
  private readonly sleeping = new Set<NodeJS.Timeout>()
  private readonly toleranceMs: number
  private readonly uploadDelayMs: number
  /** null without a state file (or when its bad file could not be moved aside: never overwritten) */
  private readonly stateWriter: StateFileWriter | null = null
  /** what became of the state file at start; null without one */
  readonly stateLoad: LoadOutcome | null = null

  constructor(private readonly options: SimulatorOptions = {}) {
    this.clock = new SimulatorClock(options.now ?? (() => new Date()))
    this.merchants = new Map((options.merchants ?? [STAGE_MERCHANT]).map((m) => [m.merchantId, { ...m }]))
    this.toleranceMs = (options.timestampToleranceSeconds ?? 600) * 1000
    this.uploadDelayMs = options.uploadDelayMs ?? 5 * 60 * 1000
    if (options.stateFile) {
      const log = options.log ?? ((line: string) => console.error(line))
      this.stateLoad = loadStateFile(options.stateFile, this.store, log)
      if (this.stateLoad.kind !== "discarded" || this.stateLoad.movedTo !== null) {
        this.stateWriter = new StateFileWriter(options.stateFile, this.store, log)
        this.stateWriter.markLoaded()
      }
    }
  }

  /** The state may have changed: the state file (if any) is rewritten soon. */
  stateChanged(): void {
    this.stateWriter?.changed()
  }

  /** Resolves when every change so far is in the state file (at once without one). */
  flushState(): Promise<void> {
    return this.stateWriter?.flush() ?? Promise.resolve()
  }

  /** The simulator's current time; scheduled work that has become due is applied first. */
  now(): Date {
    const now = this.clock.now()
    this.store.settleDueWork(now)
    return now
  }

  setFault(fault: Fault): void {
    this.faults.add(parseFault(fault, OPERATION_NAMES))
  }

  // Moving the clock can issue scheduled invoices and expire online allowances: a change to save.
  setClock(date: Date | null): void {
    this.clock.set(date)
    this.now()
    this.stateChanged()
  }

  advanceClock(ms: number): void {
    this.clock.advance(ms)
    this.now()
    this.stateChanged()
  }

  reset(): void {
    this.store.reset()
    this.faults.clear()
    this.requests.length = 0
    this.clock.set(null)
    this.stateChanged()
  }

  addToRegistry(additions: RegistryAdditions): void {
    this.store.addToRegistry(additions)
    this.stateChanged()
  }

  async answerAllowance(allowanceNo: string, agreed: boolean): Promise<CallbackResult> {
    const answered = answerOnlineAllowance({ store: this.store, merchants: this.merchants, now: this.now(), allowanceNo, agreed })
    // The allowance's new status is set before the callback is posted.
    this.stateChanged()
    return answered
  }

  /**
   * Awards an invoice a lottery prize (中獎) of tier `awardType` (1–12, ECPay's IIS_Award_Type):
   * GetIssue then reports IIS_Award_Flag 1 and IIS_Award_Type, InvoiceNotify accepts InvoiceTag AW and the
   * print page shows it. Returns the invoice as GetIssue shows it. ControlError: 404 for an unknown
   * invoice, 400 for a voided or B2B invoice (B2B invoices take no part in the lottery) or a bad tier.
   */
  awardInvoice(invoiceNo: string, awardType: number = 6, merchantId?: string): Record<string, unknown> {
    if (typeof awardType !== "number" || !Number.isInteger(awardType) || awardType < 1 || awardType > 12) {
      throw new ControlError(400, `awardType must be an integer prize tier 1–12, got ${JSON.stringify(awardType)}`)
    }
    const invoice =
      merchantId === undefined
        ? this.store.invoices.find((candidate) => candidate.invoiceNo === invoiceNo)
        : this.store.findInvoice(merchantId, invoiceNo)
    if (!invoice) {
      throw new ControlError(404, `no invoice ${invoiceNo}${merchantId === undefined ? "" : ` of merchantId ${merchantId}`}`)
    }
    if (invoice.voided) throw new ControlError(400, `invoice ${invoiceNo} is voided: a voided invoice cannot be awarded`)
    if (invoice.content.customerIdentifier) {
      throw new ControlError(
        400,
        `invoice ${invoiceNo} has a CustomerIdentifier (${invoice.content.customerIdentifier}): B2B invoices take no part in the lottery`
      )
    }
    invoice.award = { type: awardType, at: this.now() }
    this.stateChanged()
    return this.invoiceView(invoice)
  }

  /** The invoice as GetIssue answers it (with Items). */
  invoiceView(invoice: InvoiceRecord): Record<string, unknown> {
    return invoiceView(
      {
        merchantId: invoice.merchantId,
        data: {},
        now: this.now(),
        store: this.store,
        baseUrl: this.baseUrl,
        uploadDelayMs: this.uploadDelayMs,
      },
      invoice,
      true
    )
  }

  /** JSON view for the control API — never includes HashKey/HashIV. */
  snapshot() {
    return {
      now: this.now().toISOString(),
      clockFrozen: this.clock.isFrozen(),
      merchants: [...this.merchants.keys()].map((merchantId) => ({ merchantId })),
      faults: this.faults.list(),
      ...snapshotStore(this.store),
    }
  }

  /** Stops pending latency sleeps so close() does not wait for them. */
  cancelSleeps(): void {
    for (const timer of this.sleeping) clearTimeout(timer)
    this.sleeping.clear()
  }

  // HTTP -----------------------------------------------------------------------------------------

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://simulator").pathname
    try {
      if (pathname.startsWith("/__control/")) {
        try {
          return await handleControl(this, req, res, pathname)
        } finally {
          // A control call may have changed the state (or read the clock, which can settle due work).
          this.stateChanged()
        }
      }
      if (pathname.startsWith("/__print/")) return this.servePrintPage(res, pathname.slice("/__print/".length))
      const match = PROTOCOL_PATH.exec(pathname)
      if (match) {
        const operation = match[1]
        if (!OPERATIONS[operation]) return sendJson(res, 404, { error: `unknown operation ${operation}` })
        if (req.method !== "POST") return sendJson(res, 405, { error: "use POST" })
        return await this.handleProtocol(req, res, operation)
      }
      if (pathname === "/" && req.method === "GET") {
        return sendJson(res, 200, { name: "ECPay B2C e-invoice simulator", operations: OPERATION_NAMES, control: "/__control/" })
      }
      sendJson(res, 404, { error: `no route for ${req.method} ${pathname}` })
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) })
      else res.destroy()
    }
  }

  private servePrintPage(res: ServerResponse, token: string): void {
    const page = this.store.printPages.get(token)
    const invoice = page && this.store.findInvoice(page.merchantId, page.invoiceNo)
    if (!page || !invoice) return sendText(res, 404, "text/plain; charset=utf-8", "print page not found")
    sendText(res, 200, "text/html; charset=utf-8", renderPrintPage(page, invoice))
  }

  private async handleProtocol(req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> {
    const rawBody = await readBody(req)
    const faults = this.faults.take(operation)
    const log: RequestLogEntry = {
      at: "",
      operation,
      merchantId: null,
      data: null,
      httpStatus: null,
      transCode: null,
      rtnCode: null,
      rtnMsg: null,
    }
    if (faults.latency) {
      log.fault = "latency"
      await this.sleep(faults.latency.ms ?? 0)
    }
    const action = faults.action
    if (action) log.fault = action.type
    log.at = this.now().toISOString()
    this.peekForLog(rawBody, log)

    const sendHtml = (status: number, html: string) => {
      log.httpStatus = status
      sendText(res, status, "text/html; charset=utf-8", html)
    }
    try {
      // Faults that answer before the request reaches ECPay's application: nothing is applied.
      switch (action?.type) {
        case "http_500":
          return sendHtml(500, "<html><body>500 Internal Server Error (simulated)</body></html>")
        case "http_403":
          return sendHtml(403, "<html><body>403 Forbidden (simulated)</body></html>")
        case "garbage":
          return sendHtml(200, "<html><body>502 Bad Gateway (simulated)</body></html>")
        case "trans_code_error":
          log.transCode = TransCode.FAULT_INJECTED
          return this.sendEnvelope(res, log, rawBody, TransCode.FAULT_INJECTED, "模擬的 TransCode 錯誤（fault: trans_code_error）", null)
      }

      let envelope: Envelope
      try {
        envelope = this.openEnvelope(rawBody)
      } catch (error) {
        if (!(error instanceof EnvelopeError)) throw error
        log.transCode = error.transCode
        return this.sendEnvelope(res, log, rawBody, error.transCode, error.message, null)
      }

      let reply: OperationReply
      if (action?.type === "refuse") {
        reply = { RtnCode: action.rtnCode ?? RtnCode.FAULT_REFUSED, RtnMsg: action.rtnMsg ?? "模擬拒絕（fault: refuse）" }
      } else if (action?.type === "gov_down") {
        reply = { RtnCode: RtnCode.GOV_SERVICE_DOWN, RtnMsg: "財政部大平台服務異常，請稍後再試（模擬）" }
      } else {
        reply = this.runOperation(operation, envelope)
      }
      log.transCode = TransCode.SUCCESS
      log.rtnCode = reply.RtnCode
      log.rtnMsg = reply.RtnMsg

      if (action?.type === "drop_after_commit") {
        // The change is applied; the caller never learns the outcome.
        res.socket?.destroy()
        return
      }
      return this.sendEnvelope(res, log, rawBody, TransCode.SUCCESS, "Success", { merchant: envelope.merchant, reply })
    } finally {
      this.record(log)
      this.stateChanged()
    }
  }

  private runOperation(operation: string, envelope: Envelope): OperationReply {
    try {
      return OPERATIONS[operation]({
        merchantId: envelope.merchant.merchantId,
        data: envelope.data,
        now: this.now(),
        store: this.store,
        baseUrl: this.baseUrl,
        uploadDelayMs: this.uploadDelayMs,
      })
    } catch (error) {
      if (error instanceof RuleViolation) return { RtnCode: error.rtnCode, RtnMsg: error.message }
      throw error
    }
  }

  /** Envelope checks, in the order a real gateway can perform them. Throws EnvelopeError. */
  private openEnvelope(rawBody: string): Envelope {
    let body: unknown
    try {
      body = JSON.parse(rawBody)
    } catch {
      throw new EnvelopeError(TransCode.BODY_NOT_JSON, "request body is not JSON（請以 JSON 格式傳送）")
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new EnvelopeError(TransCode.BODY_NOT_JSON, "request body is not a JSON object")
    }
    const envelope = body as Fields
    const merchantId = typeof envelope.MerchantID === "number" ? String(envelope.MerchantID) : envelope.MerchantID
    if (typeof merchantId !== "string" || merchantId === "") {
      throw new EnvelopeError(TransCode.ENVELOPE_FIELD_MISSING, "MerchantID 為必填")
    }
    const merchant = this.merchants.get(merchantId)
    if (!merchant) throw new EnvelopeError(TransCode.UNKNOWN_MERCHANT, `MerchantID ${merchantId} 不存在`)

    const header = envelope.RqHeader
    const rawTimestamp = typeof header === "object" && header !== null ? (header as Fields).Timestamp : undefined
    const timestamp = typeof rawTimestamp === "string" && /^\d+$/.test(rawTimestamp) ? Number(rawTimestamp) : rawTimestamp
    if (typeof timestamp !== "number" || !Number.isFinite(timestamp)) {
      throw new EnvelopeError(TransCode.TIMESTAMP_INVALID, "RqHeader.Timestamp 為必填，須為 Unix 秒數")
    }
    const skewMs = Math.abs(this.now().getTime() - timestamp * 1000)
    if (skewMs > this.toleranceMs) {
      throw new EnvelopeError(TransCode.TIMESTAMP_OUT_OF_WINDOW, `RqHeader.Timestamp 與伺服器時間相差超過 ${this.toleranceMs / 60000} 分鐘`)
    }

    if (typeof envelope.Data !== "string" || envelope.Data === "") {
      throw new EnvelopeError(TransCode.ENVELOPE_FIELD_MISSING, "Data 為必填")
    }
    let data: unknown
    try {
      data = decryptData(envelope.Data, merchant.hashKey, merchant.hashIV)
    } catch (error) {
      if (error instanceof DecryptError) throw new EnvelopeError(TransCode.DATA_NOT_DECRYPTABLE, "Data 解密失敗")
      throw new EnvelopeError(TransCode.DATA_NOT_JSON, "Data 解密後不是 JSON")
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new EnvelopeError(TransCode.DATA_NOT_JSON, "Data 解密後不是 JSON 物件")
    }
    const innerMerchantId = (data as Fields).MerchantID
    if (String(innerMerchantId ?? "") !== merchantId) {
      throw new EnvelopeError(TransCode.MERCHANT_MISMATCH, "Data.MerchantID 與 MerchantID 不一致")
    }
    return { merchant, data: data as Fields }
  }

  /** Fills merchantId/data of the log entry on a best-effort basis, whatever happens later. */
  private peekForLog(rawBody: string, log: RequestLogEntry): void {
    try {
      const body = JSON.parse(rawBody) as Fields
      if (body.MerchantID === undefined) return
      log.merchantId = String(body.MerchantID)
      const merchant = this.merchants.get(log.merchantId)
      if (merchant && typeof body.Data === "string") log.data = decryptData(body.Data, merchant.hashKey, merchant.hashIV)
    } catch {
      // unreadable requests are logged without data
    }
  }

  private sendEnvelope(
    res: ServerResponse,
    log: RequestLogEntry,
    rawBody: string,
    transCode: number,
    transMsg: string,
    success: { merchant: SimulatorMerchant; reply: OperationReply } | null
  ): void {
    let platformId = ""
    let merchantId = log.merchantId ?? ""
    try {
      const body = JSON.parse(rawBody) as Fields
      if (typeof body.PlatformID === "string") platformId = body.PlatformID
    } catch {
      merchantId = ""
    }
    log.httpStatus = 200
    sendJson(res, 200, {
      PlatformID: platformId,
      MerchantID: merchantId,
      RpHeader: { Timestamp: Math.floor(this.now().getTime() / 1000) },
      TransCode: transCode,
      TransMsg: transMsg,
      Data: success ? encryptData(success.reply, success.merchant.hashKey, success.merchant.hashIV) : "",
    })
  }

  private record(log: RequestLogEntry): void {
    this.requests.push(log)
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS)
    if (this.options.logRequests) {
      const outcome = log.httpStatus === null ? "no response" : `HTTP ${log.httpStatus}`
      const codes =
        log.transCode === null ? "" : ` TransCode=${log.transCode}${log.rtnCode === null ? "" : ` RtnCode=${log.rtnCode} ${log.rtnMsg}`}`
      console.log(
        `[ecpay-simulator] ${log.operation} ${log.merchantId ?? "-"} → ${outcome}${codes}${log.fault ? ` (fault ${log.fault})` : ""}`
      )
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeping.delete(timer)
        resolve()
      }, ms)
      this.sleeping.add(timer)
    })
  }
}
