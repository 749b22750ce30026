import { createServer, IncomingMessage, Server, ServerResponse } from "http"
import { AddressInfo } from "net"
import { inspect } from "util"
import {
  decryptData,
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayError,
  EcpayHttpError,
  EcpayInvoiceClient,
  EcpayRateLimitError,
  EcpayResponseFormatError,
  EcpayTransportError,
  EcpayValidationError,
  encryptData,
  encryptString,
  IssueData,
  MAX_RESPONSE_BYTES,
} from "../index"

const MERCHANT_ID = "2000132"
const HASH_KEY = "ejCk326UnaZWKisg"
const HASH_IV = "q9jcZX8Ib9LM8wYk"
const NOW = new Date("2024-03-01T02:03:04.567Z")

interface ReceivedRequest {
  method?: string
  url?: string
  headers: IncomingMessage["headers"]
  envelope: Record<string, unknown>
  data: Record<string, unknown>
}

type Handler = (request: ReceivedRequest, response: ServerResponse) => void

/** A throwaway ECPay stand-in: decrypts each request and lets the test decide the answer. */
class FakeEcpay {
  readonly received: ReceivedRequest[] = []
  handler: Handler = (_request, response) => this.reply(response, { RtnCode: 1, RtnMsg: "OK" })
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const envelope = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      const received = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        envelope,
        data: decryptData(envelope.Data, HASH_KEY, HASH_IV) as Record<string, unknown>,
      }
      this.received.push(received)
      this.handler(received, response)
    })
  })

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  /** Answers with a TransCode 1 envelope around encrypted `data`. */
  reply(response: ServerResponse, data: unknown, envelope: Record<string, unknown> = {}) {
    response.setHeader("Content-Type", "application/json")
    response.end(
      JSON.stringify({
        MerchantID: MERCHANT_ID,
        RpHeader: { Timestamp: Math.floor(Date.now() / 1000) },
        TransCode: 1,
        TransMsg: "",
        Data: encryptData(data, HASH_KEY, HASH_IV),
        ...envelope,
      })
    )
  }
}

const validIssue: IssueData = {
  RelateNumber: "ORDER-0001",
  CustomerEmail: "buyer@example.com",
  Print: "0",
  Donation: "0",
  CarrierType: "1",
  CarrierNum: "",
  TaxType: "1",
  InvType: "07",
  SalesAmount: 100,
  Items: [{ ItemName: "測試 商品+1", ItemCount: 1, ItemWord: "個", ItemPrice: 100, ItemAmount: 100 }],
}

const allowance = {
  InvoiceNo: "UV11100012",
  InvoiceDate: "2024-03-01",
  AllowanceNotify: "E" as const,
  NotifyMail: "buyer@example.com",
  AllowanceAmount: 100,
  Items: [{ ItemSeq: 1, ItemName: "商品", ItemCount: 1, ItemWord: "個", ItemPrice: 100, ItemAmount: 100 }],
}
const allowanceVoid = { InvoiceNo: "UV11100012", AllowanceNo: "2019091717363987", Reason: "取消" }

let ecpay: FakeEcpay
let baseUrl: string

function makeClient(options: { timeoutMs?: number; baseUrl?: string } = {}) {
  return new EcpayInvoiceClient({
    merchantId: MERCHANT_ID,
    hashKey: HASH_KEY,
    hashIV: HASH_IV,
    environment: "stage",
    baseUrl,
    now: () => NOW,
    ...options,
  })
}

async function captureError(promise: Promise<unknown>): Promise<EcpayError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(EcpayError)
    return error as EcpayError
  }
  throw new Error("expected the call to fail")
}

function expectNoSecrets(error: EcpayError, encryptedData?: string) {
  const rendered = `${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`
  expect(rendered).not.toContain(HASH_KEY)
  expect(rendered).not.toContain(HASH_IV)
  if (encryptedData) {
    expect(rendered).not.toContain(encryptedData)
  }
}

beforeEach(async () => {
  ecpay = new FakeEcpay()
  baseUrl = await ecpay.start()
})

afterEach(async () => {
  await ecpay.stop()
})

describe("requests", () => {
  it("POSTs the JSON envelope with encrypted Data and resolves with the decrypted Data", async () => {
    ecpay.handler = (_request, response) =>
      ecpay.reply(response, {
        RtnCode: "1",
        RtnMsg: "開立發票成功",
        InvoiceNo: "UV11100012",
        // PHP-style encoding puts "+" for this space on the wire.
        InvoiceDate: "2024-03-01 10:03:04",
        RandomNumber: "1234",
      })

    const result = await makeClient().issue(validIssue)

    expect(result).toEqual({
      RtnCode: 1,
      RtnMsg: "開立發票成功",
      InvoiceNo: "UV11100012",
      InvoiceDate: "2024-03-01 10:03:04",
      RandomNumber: "1234",
    })
    const [request] = ecpay.received
    expect(request.method).toBe("POST")
    expect(request.url).toBe("/B2CInvoice/Issue")
    expect(request.headers["content-type"]).toBe("application/json")
    expect(request.envelope).toEqual({
      MerchantID: MERCHANT_ID,
      RqHeader: { Timestamp: Math.floor(NOW.getTime() / 1000), Revision: "3.0.0" },
      Data: expect.any(String),
    })
    expect(request.data).toEqual({ MerchantID: MERCHANT_ID, ...validIssue })
    expect(Object.keys(request.data)[0]).toBe("MerchantID")
  })

  it.each<[string, string, (client: EcpayInvoiceClient) => Promise<unknown>]>([
    ["getCompanyNameByTaxId", "GetCompanyNameByTaxID", (client) => client.getCompanyNameByTaxId({ UnifiedBusinessNo: "22099131" })],
    ["checkLoveCode", "CheckLoveCode", (client) => client.checkLoveCode({ LoveCode: "168001" })],
    ["checkBarcode", "CheckBarcode", (client) => client.checkBarcode({ BarCode: "/ABC+-.1" })],
    ["getIssue", "GetIssue", (client) => client.getIssue({ RelateNumber: "ORDER-0001" })],
    ["invalid", "Invalid", (client) => client.invalid({ InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01", Reason: "取消" })],
    ["cancelDelayIssue", "CancelDelayIssue", (client) => client.cancelDelayIssue({ Tsr: "TSR-1" })],
    ["allowance", "Allowance", (client) => client.allowance(allowance)],
    [
      "allowanceByCollegiate",
      "AllowanceByCollegiate",
      (client) => client.allowanceByCollegiate({ ...allowance, ReturnURL: "https://shop.example.com/cb" }),
    ],
    ["allowanceInvalid", "AllowanceInvalid", (client) => client.allowanceInvalid(allowanceVoid)],
    ["allowanceInvalidByCollegiate", "AllowanceInvalidByCollegiate", (client) => client.allowanceInvalidByCollegiate(allowanceVoid)],
    [
      "getIssueList",
      "GetIssueList",
      (client) => client.getIssueList({ BeginDate: "2024-03-01", EndDate: "2024-03-31", NumPerPage: 50, ShowingPage: 1 }),
    ],
    [
      "getInvalid",
      "GetInvalid",
      (client) => client.getInvalid({ RelateNumber: "ORDER-0001", InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01" }),
    ],
    ["getAllowanceList", "GetAllowanceList", (client) => client.getAllowanceList({ SearchType: "0", AllowanceNo: "2019091717363987" })],
    [
      "invoiceNotify",
      "InvoiceNotify",
      (client) =>
        client.invoiceNotify({ InvoiceNo: "UV11100012", NotifyMail: "buyer@example.com", Notify: "E", InvoiceTag: "I", Notified: "C" }),
    ],
    ["invoicePrint", "InvoicePrint", (client) => client.invoicePrint({ InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01" })],
  ])("%s calls /B2CInvoice/%s", async (_name, path, call) => {
    await call(makeClient())
    expect(ecpay.received[0].url).toBe(`/B2CInvoice/${path}`)
    expect(ecpay.received[0].data.MerchantID).toBe(MERCHANT_ID)
  })

  it("puts MerchantID into VoidWithReIssue's nested models", async () => {
    await makeClient().voidWithReIssue({
      VoidModel: { InvoiceNo: "UV11100012", VoidReason: "更正買受人" },
      IssueModel: { ...validIssue, InvoiceDate: "2024-03-01 10:03:04" },
    })
    const { data } = ecpay.received[0]
    expect(data.MerchantID).toBe(MERCHANT_ID)
    expect(data.VoidModel).toEqual({ MerchantID: MERCHANT_ID, InvoiceNo: "UV11100012", VoidReason: "更正買受人" })
    expect(data.IssueModel).toMatchObject({ MerchantID: MERCHANT_ID, RelateNumber: "ORDER-0001", InvoiceDate: "2024-03-01 10:03:04" })
  })

  it("sends schema defaults (DelayIssue PayType/PayAct)", async () => {
    await makeClient().delayIssue({ ...validIssue, DelayFlag: "2", DelayDay: 0, Tsr: "TSR-1" })
    expect(ecpay.received[0].data).toMatchObject({ PayType: "2", PayAct: "ECPAY", DelayFlag: "2" })
  })

  it("honours a baseUrl with a path prefix and trailing slash", async () => {
    await makeClient({ baseUrl: `${baseUrl}/ecpay/` }).checkLoveCode({ LoveCode: "168001" })
    expect(ecpay.received[0].url).toBe("/ecpay/B2CInvoice/CheckLoveCode")
  })

  it("accepts TriggerIssue's 4000003/4000004 success codes", async () => {
    ecpay.handler = (_request, response) => ecpay.reply(response, { RtnCode: 4000004, RtnMsg: "開立成功", Tsr: "TSR-1" })
    await expect(makeClient().triggerIssue({ Tsr: "TSR-1" })).resolves.toMatchObject({ RtnCode: 4000004 })
    expect(ecpay.received[0].data).toEqual({ MerchantID: MERCHANT_ID, Tsr: "TSR-1", PayType: "2" })
  })

  it("treats 4000004 as a failure for other operations", async () => {
    ecpay.handler = (_request, response) => ecpay.reply(response, { RtnCode: 4000004, RtnMsg: "?" })
    expect(await captureError(makeClient().issue(validIssue))).toBeInstanceOf(EcpayBusinessError)
  })

  it("returns GetIssueList Data as is when ECPay sends it unencrypted", async () => {
    const plain = { RtnCode: 1, RtnMsg: "", TotalCount: 0, ShowingPage: 1, InvoiceData: [] }
    ecpay.handler = (_request, response) => ecpay.reply(response, null, { Data: plain })
    await expect(
      makeClient().getIssueList({ BeginDate: "2024-03-01", EndDate: "2024-03-31", NumPerPage: 10, ShowingPage: 1 })
    ).resolves.toEqual(plain)
  })
})

describe("validation", () => {
  it("rejects invalid Data before any request is sent", async () => {
    const error = await captureError(makeClient().issue({ ...validIssue, CustomerEmail: undefined, SalesAmount: 99 }))
    expect(error).toBeInstanceOf(EcpayValidationError)
    expect(error.outcomeUnknown).toBe(false)
    expect((error as EcpayValidationError).issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(["CustomerEmail", "SalesAmount"])
    )
    expect(ecpay.received).toHaveLength(0)
  })

  it("validates the constructor options without echoing secrets", () => {
    const options = { merchantId: MERCHANT_ID, hashKey: HASH_KEY, hashIV: HASH_IV, environment: "stage" as const }
    expect(() => new EcpayInvoiceClient({ ...options, hashKey: "tooShortSecret!" })).toThrow(/hashKey must be exactly 16/)
    expect(() => new EcpayInvoiceClient({ ...options, hashKey: "tooShortSecret!" })).not.toThrow(/tooShortSecret/)
    expect(() => new EcpayInvoiceClient({ ...options, hashIV: `${HASH_IV}x` })).toThrow(/hashIV must be exactly 16/)
    expect(() => new EcpayInvoiceClient({ ...options, merchantId: "" })).toThrow(/merchantId/)
    expect(() => new EcpayInvoiceClient({ ...options, environment: "prod" as never })).toThrow(/environment/)
    expect(() => new EcpayInvoiceClient({ ...options, baseUrl: "ftp://example.com" })).toThrow(/baseUrl/)
    expect(() => new EcpayInvoiceClient({ ...options, timeoutMs: 0 })).toThrow(/timeoutMs/)
    expect(new EcpayInvoiceClient(options).baseUrl).toBe("https://einvoice-stage.ecpay.com.tw")
    expect(new EcpayInvoiceClient({ ...options, environment: "production" }).baseUrl).toBe("https://einvoice.ecpay.com.tw")
  })

  it("keeps the credentials out of serialisation and inspection", () => {
    const client = makeClient()
    const rendered = `${JSON.stringify(client)} ${inspect(client, { showHidden: true, depth: 5 })}`
    expect(rendered).not.toContain(HASH_KEY)
    expect(rendered).not.toContain(HASH_IV)
  })
})

describe("failure mapping", () => {
  it("timeout → EcpayTransportError(timeout), outcome unknown", async () => {
    ecpay.handler = () => undefined // never answers
    const error = await captureError(makeClient({ timeoutMs: 200 }).issue(validIssue))
    expect(error).toBeInstanceOf(EcpayTransportError)
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, operation: "Issue" })
    expectNoSecrets(error, ecpay.received[0].envelope.Data as string)
  })

  it("timeout while the body is still streaming → timeout", async () => {
    ecpay.handler = (_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" })
      response.write('{"TransCode":1,')
    }
    const error = await captureError(makeClient({ timeoutMs: 200 }).issue(validIssue))
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true })
  })

  it("socket destroyed before answering → EcpayTransportError(reset), outcome unknown", async () => {
    ecpay.handler = (_request, response) => response.socket?.destroy()
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayTransportError)
    expect(error).toMatchObject({ kind: "reset", outcomeUnknown: true })
  })

  it("socket destroyed mid-response → reset", async () => {
    ecpay.handler = (_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" })
      response.write('{"TransCode":1,', () => response.socket?.destroy())
    }
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toMatchObject({ kind: "reset", outcomeUnknown: true })
  })

  it("connection refused → EcpayTransportError(refused), request never delivered", async () => {
    const closedUrl = baseUrl
    await ecpay.stop()
    const error = await captureError(makeClient({ baseUrl: closedUrl }).issue(validIssue))
    expect(error).toMatchObject({ kind: "refused", outcomeUnknown: false })
    ecpay = new FakeEcpay()
    baseUrl = await ecpay.start()
  })

  it("HTTP 500 → EcpayHttpError, outcome unknown", async () => {
    ecpay.handler = (_request, response) => {
      response.statusCode = 500
      response.end("Internal Server Error")
    }
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayHttpError)
    expect(error).not.toBeInstanceOf(EcpayRateLimitError)
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true })
  })

  it("HTTP 404 → EcpayHttpError, not applied", async () => {
    ecpay.handler = (_request, response) => {
      response.statusCode = 404
      response.end()
    }
    expect(await captureError(makeClient().issue(validIssue))).toMatchObject({ status: 404, outcomeUnknown: false })
  })

  it("HTTP 403 → EcpayRateLimitError with a 30-minute back-off", async () => {
    ecpay.handler = (_request, response) => {
      response.statusCode = 403
      response.end()
    }
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayRateLimitError)
    expect(error).toBeInstanceOf(EcpayHttpError)
    expect(error).toMatchObject({ status: 403, retryAfterMs: 30 * 60 * 1000, outcomeUnknown: false })
  })

  it("TransCode ≠ 1 → EcpayEnvelopeError", async () => {
    ecpay.handler = (_request, response) => ecpay.reply(response, null, { TransCode: 999, TransMsg: "Timestamp expired", Data: "" })
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayEnvelopeError)
    expect(error).toMatchObject({ transCode: 999, transMsg: "Timestamp expired", outcomeUnknown: false })
  })

  it.each<[string, (response: ServerResponse) => void]>([
    ["an HTML body", (response) => response.end("<html>maintenance</html>")],
    ["a JSON array", (response) => response.end("[]")],
    ["no TransCode", (response) => response.end(JSON.stringify({ Data: "" }))],
    ["no Data", (response) => ecpay.reply(response, null, { Data: undefined })],
    ["Data that is not Base64", (response) => ecpay.reply(response, null, { Data: "%%%" })],
    [
      "Data under another key",
      (response) => ecpay.reply(response, null, { Data: encryptData({ RtnCode: 1 }, "A123456789012345", HASH_IV) }),
    ],
    ["decrypted Data that is not JSON", (response) => ecpay.reply(response, null, { Data: encryptString("{oops", HASH_KEY, HASH_IV) })],
    ["decrypted Data that is not an object", (response) => ecpay.reply(response, "just text")],
    ["decrypted Data without RtnCode", (response) => ecpay.reply(response, { RtnMsg: "?" })],
  ])("%s → EcpayResponseFormatError, outcome unknown", async (_name, answer) => {
    ecpay.handler = (_request, response) => answer(response)
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayResponseFormatError)
    expect(error.outcomeUnknown).toBe(true)
    expectNoSecrets(error, ecpay.received[0].envelope.Data as string)
  })

  it("reads at most 1 MB of a response: a larger one, even a valid reply padded out, is not read to its end (outcome unknown)", async () => {
    const reply = (padding: number) => (_request: unknown, response: ServerResponse) => {
      response.setHeader("Content-Type", "application/json")
      response.end(
        " ".repeat(padding) +
          JSON.stringify({
            MerchantID: MERCHANT_ID,
            RpHeader: { Timestamp: Math.floor(Date.now() / 1000) },
            TransCode: 1,
            TransMsg: "",
            Data: encryptData(
              { RtnCode: 1, RtnMsg: "ok", InvoiceNo: "AB12345678", InvoiceDate: "2026-12-07 10:00:00", RandomNumber: "1234" },
              HASH_KEY,
              HASH_IV
            ),
          })
      )
    }
    ecpay.handler = reply(MAX_RESPONSE_BYTES - 4096)
    await expect(makeClient().issue(validIssue)).resolves.toMatchObject({ RtnCode: 1, InvoiceNo: "AB12345678" })
    ecpay.handler = reply(MAX_RESPONSE_BYTES)
    const error = await captureError(makeClient().issue(validIssue))
    expect(error).toBeInstanceOf(EcpayResponseFormatError)
    expect(error).toMatchObject({ outcomeUnknown: true })
    expect(error.message).toContain(`larger than ${MAX_RESPONSE_BYTES} bytes`)
  })

  it("RtnCode ≠ 1 → EcpayBusinessError with the decrypted Data", async () => {
    ecpay.handler = (_request, response) => ecpay.reply(response, { RtnCode: "1600003", RtnMsg: "無發票號碼資料" })
    const error = await captureError(makeClient().getIssue({ RelateNumber: "ORDER-0001" }))
    expect(error).toBeInstanceOf(EcpayBusinessError)
    const business = error as EcpayBusinessError
    expect(business).toMatchObject({ rtnCode: 1600003, rtnMsg: "無發票號碼資料", outcomeUnknown: false, operation: "GetIssue" })
    expect(business.data).toEqual({ RtnCode: 1600003, RtnMsg: "無發票號碼資料" })
    expect(business.isNotFound()).toBe(true)
    expect(business.isGovernmentServiceDown()).toBe(false)
    expectNoSecrets(business, ecpay.received[0].envelope.Data as string)
  })

  it.each([9000001, 10000010])("RtnCode %d → government service down", async (rtnCode) => {
    ecpay.handler = (_request, response) => ecpay.reply(response, { RtnCode: rtnCode, RtnMsg: "財政部系統維護中" })
    const error = (await captureError(makeClient().checkBarcode({ BarCode: "/ABC+-.1" }))) as EcpayBusinessError
    expect(error.isGovernmentServiceDown()).toBe(true)
    expect(error.isNotFound()).toBe(false)
  })
})
