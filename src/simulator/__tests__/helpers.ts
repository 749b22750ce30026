/**
 * Test-side ECPay client: a deliberately separate, minimal implementation of the envelope and AES
 * (so the simulator's own crypto is checked against something it does not share code with).
 */
import { createCipheriv, createDecipheriv, createHash } from "node:crypto"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../index"

/**
 * Decoded ECPay JSON (an envelope, a reply's Data, a control API answer), read field by field by the
 * assertions. Untyped on purpose: this client shares no code, types included, with the simulator.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type EcpayJson = any

export const STAGE = { merchantId: "2000132", hashKey: "ejCk326UnaZWKisg", hashIV: "q9jcZX8Ib9LM8wYk" }
export type Merchant = typeof STAGE

/**
 * How the JSON is url-encoded before AES:
 * - php: PHP urlencode (uppercase hex, space → +) — what the official SDK does
 * - lower: same with lowercase hex
 * - uri: encodeURIComponent (space → %20, `!'()*~` raw)
 * - rawPlus: encodeURIComponent but `+` left unescaped (the classic client bug)
 */
export type Flavor = "php" | "lower" | "uri" | "rawPlus"

export function urlEncode(text: string, flavor: Flavor): string {
  const uri = encodeURIComponent(text)
  switch (flavor) {
    case "uri":
      return uri
    case "rawPlus":
      return uri.replace(/%2B/g, "+")
    case "php":
    case "lower": {
      const php = uri.replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, "+")
      return flavor === "php" ? php : php.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
    }
  }
}

export function aesEncrypt(plain: string, merchant: Merchant = STAGE): string {
  const cipher = createCipheriv("aes-128-cbc", Buffer.from(merchant.hashKey), Buffer.from(merchant.hashIV))
  return cipher.update(plain, "utf8", "base64") + cipher.final("base64")
}

export function aesDecryptJson(data: string, merchant: Merchant = STAGE): EcpayJson {
  const decipher = createDecipheriv("aes-128-cbc", Buffer.from(merchant.hashKey), Buffer.from(merchant.hashIV))
  const plain = decipher.update(data, "base64", "utf8") + decipher.final("utf8")
  return JSON.parse(decodeURIComponent(plain.replace(/\+/g, " ")))
}

/** CheckMacValue as ECPay's page p=38243 describes it, written independently of the simulator. */
export function checkMacValue(fields: Record<string, string>, merchant: Merchant = STAGE): string {
  const query = Object.keys(fields)
    .filter((key) => key !== "CheckMacValue")
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .map((key) => `${key}=${fields[key]}`)
    .join("&")
  const encoded = urlEncode(`HashKey=${merchant.hashKey}&${query}&HashIV=${merchant.hashIV}`, "php")
    .toLowerCase()
    .replace(/%21/g, "!")
    .replace(/%2a/g, "*")
    .replace(/%28/g, "(")
    .replace(/%29/g, ")")
  return createHash("md5").update(encoded).digest("hex").toUpperCase()
}

export interface CallResult {
  httpStatus: number
  text: string
  /** the parsed outer envelope (undefined if the body was not JSON) */
  envelope: EcpayJson
  /** the decrypted Data (undefined if empty) */
  data: EcpayJson
}

export interface CallOptions {
  merchant?: Merchant
  flavor?: Flavor
  /** Unix seconds; default: the simulator clock */
  timestamp?: number | null
  /** replace parts of the outer envelope */
  envelope?: Record<string, unknown>
  /** send this body verbatim */
  rawBody?: string
  /** include MerchantID in Data automatically (default true) */
  addMerchantId?: boolean
}

export class TestClient {
  constructor(
    readonly sim: RunningSimulator,
    readonly merchant: Merchant = STAGE
  ) {}

  async call(operation: string, data: Record<string, unknown>, options: CallOptions = {}): Promise<CallResult> {
    const merchant = options.merchant ?? this.merchant
    const payload = options.addMerchantId === false ? data : { MerchantID: merchant.merchantId, ...data }
    const timestamp = options.timestamp === undefined ? Math.floor(this.sim.now().getTime() / 1000) : options.timestamp
    const body =
      options.rawBody ??
      JSON.stringify({
        MerchantID: merchant.merchantId,
        RqHeader: timestamp === null ? {} : { Timestamp: timestamp, Revision: "3.0.0" },
        Data: aesEncrypt(urlEncode(JSON.stringify(payload), options.flavor ?? "php"), merchant),
        ...options.envelope,
      })
    const response = await fetch(`${this.sim.url}/B2CInvoice/${operation}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    })
    const text = await response.text()
    let envelope: EcpayJson
    try {
      envelope = JSON.parse(text)
    } catch {
      envelope = undefined
    }
    const decrypted =
      envelope && typeof envelope.Data === "string" && envelope.Data !== "" ? aesDecryptJson(envelope.Data, merchant) : undefined
    return { httpStatus: response.status, text, envelope, data: decrypted }
  }

  /** Calls an operation and returns the decrypted Data, asserting the envelope was accepted. */
  async data(operation: string, data: Record<string, unknown>, options: CallOptions = {}): Promise<EcpayJson> {
    const result = await this.call(operation, data, options)
    if (result.httpStatus !== 200 || result.envelope?.TransCode !== 1) {
      throw new Error(`${operation}: HTTP ${result.httpStatus} ${result.text}`)
    }
    return result.data
  }

  /** Issues a valid invoice (overridable) and returns the decrypted reply, asserting success. */
  async issue(overrides: Record<string, unknown> = {}): Promise<EcpayJson> {
    const reply = await this.data("Issue", issueData(overrides))
    if (reply.RtnCode !== 1) throw new Error(`Issue failed: ${reply.RtnCode} ${reply.RtnMsg}`)
    return reply
  }

  async control(method: string, path: string, body?: unknown): Promise<{ status: number; body: EcpayJson }> {
    const response = await fetch(`${this.sim.url}/__control/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }
}

let relateCounter = 0
export function uniqueRelateNumber(prefix = "T"): string {
  relateCounter += 1
  return `${prefix}${Date.now().toString(36)}${relateCounter}`
}

/** A valid B2C Issue payload: member carrier, e-mail, 2 taxable lines totalling 300. */
export function issueData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RelateNumber: uniqueRelateNumber(),
    CustomerID: "",
    CustomerIdentifier: "",
    CustomerName: "測試 買家",
    CustomerAddr: "",
    CustomerPhone: "",
    CustomerEmail: "buyer@example.com",
    ClearanceMark: "",
    Print: "0",
    Donation: "0",
    LoveCode: "",
    CarrierType: "1",
    CarrierNum: "",
    TaxType: "1",
    SalesAmount: 300,
    InvoiceRemark: "",
    InvType: "07",
    vat: "1",
    Items: [
      { ItemSeq: 1, ItemName: "商品 A", ItemCount: 2, ItemWord: "個", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 200 },
      { ItemSeq: 2, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 100 },
    ],
    ...overrides,
  }
}

/** A valid Allowance payload for `amount` on the given invoice. */
export function allowanceData(invoiceNo: string, invoiceDate: string, amount: number, overrides: Record<string, unknown> = {}) {
  return {
    InvoiceNo: invoiceNo,
    InvoiceDate: invoiceDate.slice(0, 10),
    AllowanceNotify: "E",
    CustomerName: "測試買家",
    NotifyMail: "buyer@example.com",
    NotifyPhone: "",
    AllowanceAmount: amount,
    Items: [{ ItemSeq: 1, ItemName: "退貨", ItemCount: 1, ItemWord: "個", ItemPrice: amount, ItemTaxType: "1", ItemAmount: amount }],
    ...overrides,
  }
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; client: TestClient }> {
  const sim = await startSimulator({ port: 0, ...options })
  return { sim, client: new TestClient(sim) }
}

/** A tiny merchant endpoint that records form posts and answers with a fixed body. */
export async function startCallbackReceiver(answer = "1|OK", status = 200) {
  const received: { headers: IncomingMessage["headers"]; body: string; fields: Record<string, string> }[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      received.push({ headers: req.headers, body, fields: Object.fromEntries(new URLSearchParams(body)) })
      res.writeHead(status, { "content-type": "text/plain" })
      res.end(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ecpay/allowance-callback`
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** 2025-03-05 10:00:00 Asia/Taipei — a fixed, mid-period instant. */
export const MARCH_5_2025 = new Date("2025-03-05T02:00:00Z")
