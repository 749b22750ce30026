/**
 * Acceptance test: the plugin's ECPay client talking real HTTP to the in-process ECPay simulator.
 *
 * The two sides are independent implementations of the B2C protocol (envelope, AES, PHP url-encoding,
 * CheckMacValue, business rules), so every round trip here checks one against the other:
 *  1. every operation succeeds once and returns the documented response fields;
 *  2. every operation surfaces at least one documented refusal as a typed EcpayBusinessError (and requests
 *     the client's own validation stops never reach the wire);
 *  3. every injected fault maps to the right error class / kind / outcomeUnknown;
 * and no error ever carries the HashKey or HashIV.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "http"
import type { AddressInfo } from "net"
import { inspect } from "util"
import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayError,
  EcpayHttpError,
  EcpayInvoiceClient,
  EcpayRateLimitError,
  EcpayResponseFormatError,
  EcpayTransportError,
  EcpayValidationError,
  ECPAY_RATE_LIMIT_BACKOFF_MS,
  isValidTaxId,
  verifyCheckMacValue,
  type AllowanceData,
  type DelayIssueData,
  type EcpayInvoiceClientOptions,
  type IssueData,
  type TriggerIssueData,
} from "../index"
import { RtnCode, startSimulator, TransCode, type CallbackResult, type RunningSimulator } from "../../../simulator"

const MERCHANT_ID = "2000132"
const HASH_KEY = "ejCk326UnaZWKisg"
const HASH_IV = "q9jcZX8Ib9LM8wYk"
/** A well-formed key that is not the merchant's: the stage key reversed. */
const WRONG_HASH_KEY = [...HASH_KEY].reverse().join("")

/** 2025-03-05 10:00:00 Asia/Taipei: period Mar–Apr 2025, which locks at 2025-05-14 00:00 Taipei. */
const T0 = new Date("2025-03-05T02:00:00Z")
const T0_DATE = "2025-03-05"
const T0_DATE_TIME = "2025-03-05 10:00:00"
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

const INVOICE_NO = /^[A-Z]{2}\d{8}$/
const RANDOM_NUMBER = /^\d{4}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const ALLOWANCE_NO = /^\d{16}$/

/** Characters that break naive url-encoding: CJK, `+`, spaces, PHP-vs-.NET specials, `%`, `&`, `=`. */
const TRICKY_NAME = "測試商品 A+B ~!*'() 100% & =?"

let sim: RunningSimulator
let client: EcpayInvoiceClient
let callbacks: CallbackReceiver

/** Every error a test provoked, checked at the end for leaked secrets. */
const caught: unknown[] = []

function makeClient(overrides: Partial<EcpayInvoiceClientOptions> = {}): EcpayInvoiceClient {
  return new EcpayInvoiceClient({
    merchantId: MERCHANT_ID,
    hashKey: HASH_KEY,
    hashIV: HASH_IV,
    environment: "stage",
    baseUrl: sim.url,
    timeoutMs: 5_000,
    // RqHeader.Timestamp must follow the simulator clock, which the tests freeze and move.
    now: () => sim.now(),
    ...overrides,
  })
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

async function expectFailure<E extends EcpayError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  let outcome: { resolved: unknown } | { rejected: unknown }
  try {
    outcome = { resolved: await promise }
  } catch (error) {
    outcome = { rejected: error }
  }
  if ("resolved" in outcome) {
    throw new Error(`expected a ${type.name}, but the call resolved with ${JSON.stringify(outcome.resolved)}`)
  }
  caught.push(outcome.rejected)
  expect(outcome.rejected).toBeInstanceOf(type)
  expect(outcome.rejected).toBeInstanceOf(EcpayError)
  return outcome.rejected as E
}

async function expectRefusal(promise: Promise<unknown>, rtnCode: number): Promise<EcpayBusinessError> {
  const error = await expectFailure(promise, EcpayBusinessError)
  expect({ rtnCode: error.rtnCode, rtnMsg: error.rtnMsg }).toEqual({ rtnCode, rtnMsg: expect.any(String) })
  expect(error.rtnMsg).not.toBe("")
  expect(error.outcomeUnknown).toBe(false)
  expect(error.data).toMatchObject({ RtnCode: rtnCode, RtnMsg: error.rtnMsg })
  expect(error.message).toContain(String(rtnCode))
  return error
}

/** The client rejected the request locally: EcpayValidationError naming `field`, and nothing was sent. */
async function expectRejectedLocally(promise: Promise<unknown>, field: string): Promise<EcpayValidationError> {
  const before = sim.requests.length
  const error = await expectFailure(promise, EcpayValidationError)
  expect(error.outcomeUnknown).toBe(false)
  expect(error.issues.map((issue) => issue.field)).toContain(field)
  expect(sim.requests.length).toBe(before)
  return error
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The simulator's HTTP control API (the in-process handle offers the same). */
async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.url}/__control/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

let relateCounter = 0
function relateNumber(prefix = "CS"): string {
  relateCounter += 1
  return `${prefix}_${Date.now().toString(36)}-${relateCounter}`
}

/** A valid B2C invoice: ECPay member carrier, e-mail contact, two taxable lines totalling 300. */
function issueData(overrides: Partial<IssueData> = {}): IssueData {
  return {
    RelateNumber: relateNumber(),
    CustomerName: "王小明",
    CustomerEmail: "buyer@example.com",
    Print: "0",
    Donation: "0",
    CarrierType: "1",
    CarrierNum: "",
    TaxType: "1",
    SalesAmount: 300,
    InvType: "07",
    vat: "1",
    Items: [
      { ItemSeq: 1, ItemName: "商品 A", ItemCount: 2, ItemWord: "個", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 200 },
      { ItemSeq: 2, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 100 },
    ],
    ...overrides,
  }
}

interface Issued {
  data: IssueData
  InvoiceNo: string
  InvoiceDate: string
  RandomNumber: string
}

async function issueOne(overrides: Partial<IssueData> = {}): Promise<Issued> {
  const data = issueData(overrides)
  const response = await client.issue(data)
  return { data, InvoiceNo: response.InvoiceNo, InvoiceDate: response.InvoiceDate, RandomNumber: response.RandomNumber }
}

function allowanceData(invoice: Issued, amount: number, overrides: Partial<AllowanceData> = {}): AllowanceData {
  return {
    InvoiceNo: invoice.InvoiceNo,
    InvoiceDate: invoice.InvoiceDate.slice(0, 10),
    AllowanceNotify: "E",
    CustomerName: "王小明",
    NotifyMail: "buyer@example.com",
    AllowanceAmount: amount,
    Items: [{ ItemSeq: 1, ItemName: "退貨 A+B", ItemCount: 1, ItemWord: "個", ItemPrice: amount, ItemTaxType: "1", ItemAmount: amount }],
    ...overrides,
  }
}

function onlineAllowanceData(invoice: Issued, amount: number) {
  return { ...allowanceData(invoice, amount), AllowanceNotify: "E" as const, ReturnURL: callbacks.url }
}

let tsrCounter = 0
function delayData(overrides: Partial<DelayIssueData> = {}): DelayIssueData {
  tsrCounter += 1
  return {
    ...issueData(),
    DelayFlag: "2",
    DelayDay: 0,
    Tsr: `TSR${Date.now().toString(36)}${tsrCounter}`,
    ...overrides,
  }
}

interface CallbackReceiver {
  url: string
  received: { contentType: string | undefined; fields: Record<string, string> }[]
  close(): Promise<void>
}

/** A tiny merchant endpoint for the AllowanceByCollegiate ReturnURL; answers `1|OK`. */
async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: CallbackReceiver["received"] = []
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8")
      received.push({ contentType: req.headers["content-type"], fields: Object.fromEntries(new URLSearchParams(body)) })
      res.writeHead(200, { "content-type": "text/plain" })
      res.end("1|OK")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ecpay/allowance-return`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

// ---------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
  client = makeClient()
  callbacks = await startCallbackReceiver()
})

afterAll(async () => {
  // The client holds no resources of its own (keep-alive sockets are closed with the server).
  await sim?.close()
  await callbacks?.close()
})

beforeEach(() => {
  sim.reset()
  sim.setClock(T0)
  callbacks.received.length = 0
})

describe("EcpayInvoiceClient ⇄ ECPay simulator over real HTTP", () => {
  describe("1. every operation succeeds once with the documented response fields", () => {
    it("Issue, then GetIssue by RelateNumber and by InvoiceNo + InvoiceDate round-trips CJK/+/space/~!*'() text", async () => {
      const data = issueData({
        CustomerName: "王小明 +886 (測試)",
        InvoiceRemark: "備註 a+b ~!*'() 50% off & more",
        Items: [
          {
            ItemSeq: 1,
            ItemName: TRICKY_NAME,
            ItemCount: 2,
            ItemWord: "個",
            ItemPrice: 100,
            ItemTaxType: "1",
            ItemAmount: 200,
            ItemRemark: "~!*'() +",
          },
          { ItemSeq: 2, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 100 },
        ],
      })
      const issued = await client.issue(data)
      expect(issued).toMatchObject({ RtnCode: 1, RtnMsg: expect.any(String) })
      expect(issued.InvoiceNo).toMatch(INVOICE_NO)
      expect(issued.RandomNumber).toMatch(RANDOM_NUMBER)
      // Dates come back PHP-encoded inside Data (space → "+"); the client's url-decoding restores the space.
      expect(issued.InvoiceDate).toBe(T0_DATE_TIME)

      // The simulator decoded exactly what was sent.
      expect(sim.requests).toHaveLength(1)
      expect(sim.requests[0]).toMatchObject({ operation: "Issue", merchantId: MERCHANT_ID, httpStatus: 200, transCode: 1, rtnCode: 1 })
      expect((sim.requests[0].data as IssueData).Items[0].ItemName).toBe(TRICKY_NAME)

      const byRelate = await client.getIssue({ RelateNumber: data.RelateNumber })
      expect(byRelate).toMatchObject({
        RtnCode: 1,
        IIS_Mer_ID: MERCHANT_ID,
        IIS_Number: issued.InvoiceNo,
        IIS_Relate_Number: data.RelateNumber,
        IIS_Random_Number: issued.RandomNumber,
        IIS_Create_Date: T0_DATE_TIME,
        IIS_Identifier: "0000000000",
        IIS_Category: "B2C",
        IIS_Type: "07",
        IIS_Tax_Type: "1",
        IIS_Tax_Amount: 0,
        IIS_Sales_Amount: 300,
        IIS_Issue_Status: "1",
        IIS_Invalid_Status: "0",
        IIS_Upload_Status: "0",
        IIS_Remain_Allowance_Amt: 300,
        IIS_Carrier_Type: "1",
        IIS_Print_Flag: "0",
        IIS_Customer_Name: "王小明 +886 (測試)",
        IIS_Customer_Email: "buyer@example.com",
        InvoiceRemark: "備註 a+b ~!*'() 50% off & more",
      })
      expect(byRelate.Items).toHaveLength(2)
      expect(byRelate.Items[0]).toMatchObject({
        ItemSeq: 1,
        ItemName: TRICKY_NAME,
        ItemCount: 2,
        ItemWord: "個",
        ItemPrice: 100,
        ItemAmount: 200,
        ItemRemark: "~!*'() +",
      })
      expect(byRelate.Items[1]).toMatchObject({ ItemName: "運費", ItemAmount: 100 })

      // RelateNumber is case-insensitive at ECPay.
      const upper = await client.getIssue({ RelateNumber: data.RelateNumber.toUpperCase() })
      expect(upper.IIS_Number).toBe(issued.InvoiceNo)

      for (const InvoiceDate of [T0_DATE, "2025/03/05"]) {
        const byNumber = await client.getIssue({ InvoiceNo: issued.InvoiceNo, InvoiceDate })
        expect(byNumber).toMatchObject({ RtnCode: 1, IIS_Number: issued.InvoiceNo, IIS_Relate_Number: data.RelateNumber })
        expect(byNumber.Items[0].ItemName).toBe(TRICKY_NAME)
      }

      // Upload status flips once the simulator's upload delay has passed.
      sim.advanceClock(6 * 60 * 1000)
      expect(await client.getIssue({ RelateNumber: data.RelateNumber })).toMatchObject({
        IIS_Upload_Status: "1",
        IIS_Upload_Date: expect.stringMatching(DATE_TIME),
        IIS_Turnkey_Status: "C",
      })
    })

    it("Issue with a 統一編號 reports a B2B invoice with the tax split out", async () => {
      const invoice = await issueOne({
        CustomerIdentifier: "22099131",
        CustomerName: "（模擬）測試科技股份有限公司",
        CustomerAddr: "台北市信義區 1 號",
        Print: "1",
        CarrierType: "",
      })
      expect(await client.getIssue({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE })).toMatchObject({
        IIS_Identifier: "22099131",
        IIS_Category: "B2B",
        IIS_Print_Flag: "1",
        IIS_Tax_Amount: 14, // 300 − round(300 / 1.05)
        IIS_Award_Flag: "X",
      })
    })

    it("Invalid voids the invoice and GetInvalid reports the void", async () => {
      const invoice = await issueOne()
      expect(await client.invalid({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, Reason: "客戶取消 +1 (退款)" })).toMatchObject({
        RtnCode: 1,
        InvoiceNo: invoice.InvoiceNo,
      })
      expect((await client.getIssue({ RelateNumber: invoice.data.RelateNumber })).IIS_Invalid_Status).toBe("1")

      const query = { RelateNumber: invoice.data.RelateNumber, InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE }
      expect(await client.getInvalid(query)).toMatchObject({
        RtnCode: 1,
        IIS_Mer_ID: MERCHANT_ID,
        II_Invoice_No: invoice.InvoiceNo,
        II_Date: T0_DATE_TIME,
        Reason: "客戶取消 +1 (退款)",
        II_Upload_Status: "0",
        II_Buyer_Identifier: "0000000000",
      })
      sim.advanceClock(DAY)
      expect(await client.getInvalid(query)).toMatchObject({ II_Upload_Status: "1", II_Upload_Date: expect.stringMatching(DATE_TIME) })
    })

    it("VoidWithReIssue keeps number and issue time, takes a new random number and a new RelateNumber", async () => {
      const original = await issueOne()
      const corrected = issueData({ CustomerName: "王大明", CustomerEmail: "fixed@example.com" })
      const reissued = await client.voidWithReIssue({
        VoidModel: { InvoiceNo: original.InvoiceNo, VoidReason: "買受人資料錯誤" },
        IssueModel: { ...corrected, InvoiceDate: original.InvoiceDate },
      })
      expect(reissued).toMatchObject({ RtnCode: 1, InvoiceNo: original.InvoiceNo, InvoiceDate: original.InvoiceDate })
      expect(reissued.RandomNumber).toMatch(RANDOM_NUMBER)

      // The client put MerchantID into both nested models, as the official SDK does.
      expect(sim.requests.at(-1)?.data).toMatchObject({
        MerchantID: MERCHANT_ID,
        VoidModel: { MerchantID: MERCHANT_ID },
        IssueModel: { MerchantID: MERCHANT_ID },
      })

      expect(await client.getIssue({ RelateNumber: corrected.RelateNumber })).toMatchObject({
        IIS_Number: original.InvoiceNo,
        IIS_Create_Date: original.InvoiceDate,
        IIS_Random_Number: reissued.RandomNumber,
        IIS_Invalid_Status: "0",
        IIS_Customer_Name: "王大明",
        IIS_Customer_Email: "fixed@example.com",
      })
      await expectRefusal(client.getIssue({ RelateNumber: original.data.RelateNumber }), 1600003)
    })

    it("Allowance returns a 16-digit IA_Allow_No and the remaining amount; GetAllowanceList and AllowanceInvalid follow", async () => {
      const invoice = await issueOne()
      const first = await client.allowance(allowanceData(invoice, 100))
      expect(first).toMatchObject({
        RtnCode: 1,
        IA_Invoice_No: invoice.InvoiceNo,
        IA_Date: T0_DATE_TIME,
        IA_Remain_Allowance_Amt: 200,
      })
      expect(first.IA_Allow_No).toMatch(ALLOWANCE_NO)
      const second = await client.allowance(allowanceData(invoice, 50, { AllowanceNotify: "N", NotifyMail: "" }))
      expect(second).toMatchObject({ IA_Remain_Allowance_Amt: 150 })
      expect(second.IA_Allow_No).toMatch(ALLOWANCE_NO)
      expect(second.IA_Allow_No).not.toBe(first.IA_Allow_No)
      expect((await client.getIssue({ RelateNumber: invoice.data.RelateNumber })).IIS_Remain_Allowance_Amt).toBe(150)

      const byInvoice = await client.getAllowanceList({ SearchType: "1", InvoiceNo: invoice.InvoiceNo, Date: T0_DATE })
      expect(byInvoice.RtnCode).toBe(1)
      expect(byInvoice.AllowanceInfo.map((entry) => entry.IA_Allow_No).sort()).toEqual([first.IA_Allow_No, second.IA_Allow_No].sort())
      for (const entry of byInvoice.AllowanceInfo) {
        expect(entry).toMatchObject({ IA_Invoice_No: invoice.InvoiceNo, IA_Date: T0_DATE_TIME, IA_Invalid_Status: "0" })
        expect(entry.IA_Total_Amount + entry.IA_Tax_Amount).toBe(entry.IA_Total_Tax_Amount)
      }
      const one = await client.getAllowanceList({ SearchType: "0", AllowanceNo: first.IA_Allow_No })
      expect(one.AllowanceInfo).toEqual([
        expect.objectContaining({
          IA_Allow_No: first.IA_Allow_No,
          IA_Total_Tax_Amount: 100,
          IA_Tax_Amount: 5,
          IA_Total_Amount: 95,
          IA_Check_Send_Mail: "Y",
        }),
      ])
      expect(one.AllowanceInfo[0].Items[0]).toMatchObject({ ItemName: "退貨 A+B", ItemAmount: 100 })
      const byAllowanceDate = await client.getAllowanceList({ SearchType: "2", InvoiceNo: invoice.InvoiceNo, Date: T0_DATE })
      expect(byAllowanceDate.AllowanceInfo).toHaveLength(2)

      expect(
        await client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: first.IA_Allow_No, Reason: "退貨取消" })
      ).toMatchObject({ RtnCode: 1, IA_Invoice_No: invoice.InvoiceNo })
      expect((await client.getIssue({ RelateNumber: invoice.data.RelateNumber })).IIS_Remain_Allowance_Amt).toBe(250)
      expect((await client.getAllowanceList({ SearchType: "0", AllowanceNo: first.IA_Allow_No })).AllowanceInfo[0].IA_Invalid_Status).toBe(
        "1"
      )
    })

    it("AllowanceByCollegiate, agreed through the control API, posts a ReturnURL callback that verifyCheckMacValue accepts", async () => {
      const invoice = await issueOne()
      const pending = await client.allowanceByCollegiate(onlineAllowanceData(invoice, 120))
      expect(pending).toMatchObject({
        RtnCode: 1,
        IA_Invoice_No: invoice.InvoiceNo,
        IA_TempDate: T0_DATE_TIME,
        IA_TempExpireDate: "2025-03-08 10:00:00", // 72 hours
        IA_Remain_Allowance_Amt: 180, // the pending amount is reserved
      })
      expect(pending.IA_Allow_No).toMatch(ALLOWANCE_NO)
      // Not an allowance yet: not listed.
      await expectRefusal(client.getAllowanceList({ SearchType: "0", AllowanceNo: pending.IA_Allow_No }), 2000039)

      sim.advanceClock(HOUR)
      const answer = await control("POST", `allowances/${pending.IA_Allow_No}/agree`)
      expect(answer.status).toBe(200)
      const result = answer.body as CallbackResult
      expect(result).toMatchObject({
        allowanceNo: pending.IA_Allow_No,
        agreed: true,
        url: callbacks.url,
        httpStatus: 200,
        acknowledged: true,
      })

      expect(callbacks.received).toHaveLength(1)
      const { contentType, fields } = callbacks.received[0]
      expect(contentType).toBe("application/x-www-form-urlencoded")
      expect(fields).toMatchObject({
        RtnCode: "1",
        IA_Allow_No: pending.IA_Allow_No,
        IA_Invoice_No: invoice.InvoiceNo,
        IA_Date: "2025-03-05 11:00:00",
        IIS_Remain_Allowance_Amt: "180",
        MerchantID: MERCHANT_ID,
        CheckMacValue: expect.stringMatching(/^[0-9A-F]{32}$/),
      })
      expect(verifyCheckMacValue(fields, HASH_KEY, HASH_IV)).toBe(true)
      expect(verifyCheckMacValue({ ...fields, CheckMacValue: fields.CheckMacValue.toLowerCase() }, HASH_KEY, HASH_IV)).toBe(true)
      expect(verifyCheckMacValue({ ...fields, IIS_Remain_Allowance_Amt: "300" }, HASH_KEY, HASH_IV)).toBe(false)
      expect(verifyCheckMacValue({ ...fields, RtnMsg: `${fields.RtnMsg} ` }, HASH_KEY, HASH_IV)).toBe(false)
      expect(verifyCheckMacValue(fields, WRONG_HASH_KEY, HASH_IV)).toBe(false)

      const listed = await client.getAllowanceList({ SearchType: "0", AllowanceNo: pending.IA_Allow_No })
      expect(listed.AllowanceInfo).toEqual([
        expect.objectContaining({ IA_Allow_No: pending.IA_Allow_No, IA_Date: "2025-03-05 11:00:00", IA_Total_Tax_Amount: 120 }),
      ])
    })

    it("AllowanceInvalidByCollegiate cancels a pending online allowance and releases its amount", async () => {
      const invoice = await issueOne()
      const pending = await client.allowanceByCollegiate(onlineAllowanceData(invoice, 100))
      expect(pending.IA_Remain_Allowance_Amt).toBe(200)
      expect(
        await client.allowanceInvalidByCollegiate({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: pending.IA_Allow_No, Reason: "買方取消" })
      ).toMatchObject({ RtnCode: 1, IA_Invoice_No: invoice.InvoiceNo })
      expect((await client.getIssue({ RelateNumber: invoice.data.RelateNumber })).IIS_Remain_Allowance_Amt).toBe(300)
      expect(sim.snapshot().allowances[0]).toMatchObject({ allowanceNo: pending.IA_Allow_No, status: "cancelled" })
      // Nothing blocks a void any more.
      expect((await client.invalid({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, Reason: "x" })).RtnCode).toBe(1)
    })

    it("GetIssueList pages through a date range, newest first", async () => {
      const first = await issueOne()
      sim.advanceClock(HOUR)
      const second = await issueOne()
      sim.advanceClock(HOUR)
      const third = await issueOne()

      const page1 = await client.getIssueList({ BeginDate: T0_DATE, EndDate: T0_DATE, NumPerPage: 2, ShowingPage: 1 })
      expect(page1).toMatchObject({ RtnCode: 1, TotalCount: 3, ShowingPage: 1 })
      expect(page1.InvoiceData.map((entry) => entry.IIS_Number)).toEqual([third.InvoiceNo, second.InvoiceNo])
      const page2 = await client.getIssueList({ BeginDate: "2025/03/01", EndDate: "2025/03/31", NumPerPage: 2, ShowingPage: 2 })
      expect(page2).toMatchObject({ TotalCount: 3, ShowingPage: 2 })
      expect(page2.InvoiceData).toEqual([
        expect.objectContaining({
          IIS_Number: first.InvoiceNo,
          IIS_Relate_Number: first.data.RelateNumber,
          IIS_Create_Date: T0_DATE_TIME,
          IIS_Sales_Amount: 300,
          IIS_Invalid_Status: "0",
        }),
      ])
      const elsewhere = await client.getIssueList({ BeginDate: "2025-03-06", EndDate: "2025-03-31", NumPerPage: 10, ShowingPage: 1 })
      expect(elsewhere).toMatchObject({ RtnCode: 1, TotalCount: 0, InvoiceData: [] })
    })

    it("InvoiceNotify (re)sends issue and allowance notifications", async () => {
      const invoice = await issueOne()
      expect(
        await client.invoiceNotify({
          InvoiceNo: invoice.InvoiceNo,
          NotifyMail: "buyer@example.com",
          Notify: "E",
          InvoiceTag: "I",
          Notified: "C",
        })
      ).toMatchObject({ RtnCode: 1, RtnMsg: expect.any(String) })
      const allowance = await client.allowance(allowanceData(invoice, 10))
      expect(
        await client.invoiceNotify({
          InvoiceNo: invoice.InvoiceNo,
          AllowanceNo: allowance.IA_Allow_No,
          Phone: "0912345678",
          NotifyMail: "buyer@example.com;shop@example.com",
          Notify: "A",
          InvoiceTag: "A",
          Notified: "A",
        })
      ).toMatchObject({ RtnCode: 1 })
      expect(sim.snapshot().notifications).toEqual([
        expect.objectContaining({ invoiceNo: invoice.InvoiceNo, invoiceTag: "I", notify: "E", notified: "C" }),
        expect.objectContaining({ invoiceNo: invoice.InvoiceNo, allowanceNo: allowance.IA_Allow_No, invoiceTag: "A", phone: "0912345678" }),
      ])
    })

    it("InvoicePrint returns the URL of a printable page", async () => {
      const invoice = await issueOne()
      const printed = await client.invoicePrint({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, PrintStyle: 1, IsShowingDetail: 1 })
      expect(printed.RtnCode).toBe(1)
      expect(printed.InvoiceHtml.startsWith(`${sim.url}/__print/`)).toBe(true)
      const page = await fetch(printed.InvoiceHtml)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain(`${invoice.InvoiceNo.slice(0, 2)}-${invoice.InvoiceNo.slice(2)}`)
      expect(html).toContain(invoice.RandomNumber)
    })

    it("CheckBarcode, CheckLoveCode and GetCompanyNameByTaxID answer IsExist / CompanyName", async () => {
      // A raw "+" would arrive as a space and fail the barcode pattern: "Y" proves it was encoded.
      expect(await client.checkBarcode({ BarCode: "/AB+C.12" })).toMatchObject({ RtnCode: 1, IsExist: "Y" })
      expect(await client.checkBarcode({ BarCode: "/0000000" })).toMatchObject({ RtnCode: 1, IsExist: "N" })

      expect(await client.checkLoveCode({ LoveCode: "168001" })).toMatchObject({ RtnCode: 1, IsExist: "Y" })
      expect(await client.checkLoveCode({ LoveCode: "5201314" })).toMatchObject({ RtnCode: 1, IsExist: "N" })
      sim.addToRegistry({ loveCodes: [{ code: "5201314", name: "（模擬）測試協會" }] })
      expect(await client.checkLoveCode({ LoveCode: "5201314" })).toMatchObject({ RtnCode: 1, IsExist: "Y" })

      expect(await client.getCompanyNameByTaxId({ UnifiedBusinessNo: "22099131" })).toMatchObject({
        RtnCode: 1,
        CompanyName: "（模擬）測試科技股份有限公司",
      })
    })

    it("DelayIssue + TriggerIssue: 4000004 issues now, 4000003 issues after DelayDay days", async () => {
      const now = delayData({ DelayDay: 0 })
      expect(await client.delayIssue(now)).toMatchObject({ RtnCode: 1, OrderNumber: now.Tsr })
      await expectRefusal(client.getIssue({ RelateNumber: now.RelateNumber }), 1600003)
      // TriggerIssue's success codes are not 1; the client resolves with them.
      expect(await client.triggerIssue({ Tsr: now.Tsr })).toMatchObject({ RtnCode: 4000004, Tsr: now.Tsr })
      const issuedNow = await client.getIssue({ RelateNumber: now.RelateNumber })
      expect(issuedNow).toMatchObject({ RtnCode: 1, IIS_Create_Date: T0_DATE_TIME, IIS_Sales_Amount: 300 })
      expect(issuedNow.IIS_Number).toMatch(INVOICE_NO)

      const later = delayData({ DelayDay: 2 })
      await client.delayIssue(later)
      expect(await client.triggerIssue({ Tsr: later.Tsr, PayType: "2" })).toMatchObject({ RtnCode: 4000003, Tsr: later.Tsr })
      await expectRefusal(client.getIssue({ RelateNumber: later.RelateNumber }), 1600003)
      sim.advanceClock(2 * DAY)
      expect(await client.getIssue({ RelateNumber: later.RelateNumber })).toMatchObject({
        RtnCode: 1,
        IIS_Create_Date: "2025-03-07 10:00:00",
      })

      const scheduled = delayData({ DelayFlag: "1", DelayDay: 1 })
      await client.delayIssue(scheduled)
      sim.advanceClock(DAY)
      expect(await client.getIssue({ RelateNumber: scheduled.RelateNumber })).toMatchObject({
        RtnCode: 1,
        IIS_Create_Date: "2025-03-08 10:00:00",
      })
    })

    it("CancelDelayIssue cancels a stored invoice before it is issued and frees its RelateNumber", async () => {
      const stored = delayData({ DelayFlag: "1", DelayDay: 3 })
      await client.delayIssue(stored)
      expect(await client.cancelDelayIssue({ Tsr: stored.Tsr })).toMatchObject({ RtnCode: 1 })
      sim.advanceClock(4 * DAY)
      await expectRefusal(client.getIssue({ RelateNumber: stored.RelateNumber }), 1600003)
      expect(sim.snapshot().delayedInvoices[0]).toMatchObject({ tsr: stored.Tsr, status: "cancelled", invoiceNo: null })
      const reused = await client.issue(issueData({ RelateNumber: stored.RelateNumber }))
      expect(reused.InvoiceNo).toMatch(INVOICE_NO)
    })
  })

  describe("2. documented refusals surface as typed business errors", () => {
    it("Issue: a duplicate RelateNumber, whatever its case, is refused and nothing is issued", async () => {
      const invoice = await issueOne({ RelateNumber: `Order_${Date.now().toString(36)}` })
      const error = await expectRefusal(
        client.issue(issueData({ RelateNumber: invoice.data.RelateNumber.toUpperCase() })),
        RtnCode.RELATE_NUMBER_DUPLICATE
      )
      expect(error.operation).toBe("Issue")
      expect(error.isNotFound()).toBe(false)
      expect(sim.state.invoices).toHaveLength(1)
    })

    it("Invalid: voiding a voided invoice is 5070453; a live allowance blocks the void until it is voided", async () => {
      const voided = await issueOne()
      await client.invalid({ InvoiceNo: voided.InvoiceNo, InvoiceDate: T0_DATE, Reason: "第一次" })
      await expectRefusal(client.invalid({ InvoiceNo: voided.InvoiceNo, InvoiceDate: T0_DATE, Reason: "第二次" }), 5070453)

      const withAllowance = await issueOne()
      const allowance = await client.allowance(allowanceData(withAllowance, 100))
      await expectRefusal(
        client.invalid({ InvoiceNo: withAllowance.InvoiceNo, InvoiceDate: T0_DATE, Reason: "x" }),
        RtnCode.VOID_HAS_ALLOWANCES
      )
      await client.allowanceInvalid({ InvoiceNo: withAllowance.InvoiceNo, AllowanceNo: allowance.IA_Allow_No, Reason: "先作廢折讓" })
      expect((await client.invalid({ InvoiceNo: withAllowance.InvoiceNo, InvoiceDate: T0_DATE, Reason: "x" })).RtnCode).toBe(1)
    })

    it("Invalid / VoidWithReIssue: refused after the period deadline (clock moved through the control API)", async () => {
      const early = await issueOne()
      const late = await issueOne()
      // Last second of 13 May 2025 (Taipei): the Mar–Apr period can still be voided.
      expect(await control("POST", "clock", { now: "2025-05-13T15:59:59.000Z" })).toMatchObject({
        status: 200,
        body: { clockFrozen: true },
      })
      expect((await client.invalid({ InvoiceNo: early.InvoiceNo, InvoiceDate: T0_DATE, Reason: "期限內" })).RtnCode).toBe(1)

      expect(await control("POST", "clock", { advanceMs: 1000 })).toMatchObject({ status: 200, body: { now: "2025-05-13T16:00:00.000Z" } })
      const error = await expectRefusal(
        client.invalid({ InvoiceNo: late.InvoiceNo, InvoiceDate: T0_DATE, Reason: "逾期" }),
        RtnCode.VOID_PERIOD_LOCKED
      )
      expect(error.rtnMsg).toContain("2025-05-13 23:59:59")
      await expectRefusal(
        client.voidWithReIssue({
          VoidModel: { InvoiceNo: late.InvoiceNo, VoidReason: "逾期" },
          IssueModel: { ...issueData(), InvoiceDate: late.InvoiceDate },
        }),
        RtnCode.VOID_PERIOD_LOCKED
      )

      // A client on the real clock would not even get past the envelope: its Timestamp is out of window.
      const realClock = makeClient({ now: undefined })
      const stale = await expectFailure(realClock.getIssue({ RelateNumber: late.data.RelateNumber }), EcpayEnvelopeError)
      expect(stale.transCode).toBe(TransCode.TIMESTAMP_OUT_OF_WINDOW)
    })

    it("VoidWithReIssue: a pending online allowance blocks it; re-issuing a voided invoice is 5070453", async () => {
      const invoice = await issueOne()
      await client.allowanceByCollegiate(onlineAllowanceData(invoice, 50))
      await expectRefusal(
        client.voidWithReIssue({
          VoidModel: { InvoiceNo: invoice.InvoiceNo, VoidReason: "更正" },
          IssueModel: { ...issueData(), InvoiceDate: invoice.InvoiceDate },
        }),
        RtnCode.VOID_HAS_ALLOWANCES
      )

      const voided = await issueOne()
      await client.invalid({ InvoiceNo: voided.InvoiceNo, InvoiceDate: T0_DATE, Reason: "作廢" })
      await expectRefusal(
        client.voidWithReIssue({
          VoidModel: { InvoiceNo: voided.InvoiceNo, VoidReason: "更正" },
          IssueModel: { ...issueData(), InvoiceDate: voided.InvoiceDate },
        }),
        5070453
      )
    })

    it("Allowance: more than the remaining amount is 2000034", async () => {
      const invoice = await issueOne()
      await client.allowance(allowanceData(invoice, 250))
      const error = await expectRefusal(client.allowance(allowanceData(invoice, 100)), 2000034)
      expect(error.rtnMsg).toContain("無足夠金額可以折讓")
      expect(sim.state.allowances).toHaveLength(1)
    })

    it("AllowanceByCollegiate: more than the remaining amount is 2000034 (pending allowances reserve theirs)", async () => {
      const invoice = await issueOne()
      await client.allowanceByCollegiate(onlineAllowanceData(invoice, 250))
      await expectRefusal(client.allowanceByCollegiate(onlineAllowanceData(invoice, 51)), 2000034)
      await expectRefusal(client.allowance(allowanceData(invoice, 51)), 2000034)
    })

    it("AllowanceInvalid: an unknown allowance is 2000039; a pending online one is not voidable either", async () => {
      const invoice = await issueOne()
      await expectRefusal(client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: "2025030599999999", Reason: "x" }), 2000039)
      const pending = await client.allowanceByCollegiate(onlineAllowanceData(invoice, 10))
      await expectRefusal(client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: pending.IA_Allow_No, Reason: "x" }), 2000039)
      const paper = await client.allowance(allowanceData(invoice, 10))
      await client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: paper.IA_Allow_No, Reason: "x" })
      await expectRefusal(
        client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: paper.IA_Allow_No, Reason: "x" }),
        RtnCode.ALLOWANCE_ALREADY_VOIDED
      )
    })

    it("AllowanceInvalidByCollegiate: an agreed allowance can no longer be cancelled; an unknown one is 2000039", async () => {
      const invoice = await issueOne()
      const online = await client.allowanceByCollegiate(onlineAllowanceData(invoice, 30))
      await sim.agreeAllowance(online.IA_Allow_No)
      await expectRefusal(
        client.allowanceInvalidByCollegiate({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: online.IA_Allow_No, Reason: "x" }),
        RtnCode.ALLOWANCE_NOT_PENDING
      )
      await expectRefusal(
        client.allowanceInvalidByCollegiate({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: "2025030500000000", Reason: "x" }),
        2000039
      )
    })

    it("GetIssue: not found is 1600003 and isNotFound()", async () => {
      const error = await expectRefusal(client.getIssue({ RelateNumber: "NoSuchOrder-1" }), 1600003)
      expect(error.isNotFound()).toBe(true)
      expect(error.isGovernmentServiceDown()).toBe(false)
      const invoice = await issueOne()
      const wrongDate = await expectRefusal(client.getIssue({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: "2025-03-06" }), 1600003)
      expect(wrongDate.isNotFound()).toBe(true)
    })

    it("GetIssueList: CSV output (DataType 2) is refused by the simulator", async () => {
      await expectRefusal(
        client.getIssueList({ BeginDate: T0_DATE, EndDate: T0_DATE, NumPerPage: 10, ShowingPage: 1, DataType: 2 }),
        RtnCode.UNSUPPORTED_BY_SIMULATOR
      )
    })

    it("GetInvalid: a live invoice has no void record", async () => {
      const invoice = await issueOne()
      await expectRefusal(
        client.getInvalid({ RelateNumber: invoice.data.RelateNumber, InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE }),
        RtnCode.INVALID_RECORD_NOT_FOUND
      )
    })

    it("GetAllowanceList: an invoice without allowances is 2000039", async () => {
      const invoice = await issueOne()
      await expectRefusal(client.getAllowanceList({ SearchType: "1", InvoiceNo: invoice.InvoiceNo, Date: T0_DATE }), 2000039)
    })

    it("InvoiceNotify: a void notification for a live invoice, and any notification for an unknown one, are refused", async () => {
      const invoice = await issueOne()
      await expectRefusal(
        client.invoiceNotify({
          InvoiceNo: invoice.InvoiceNo,
          NotifyMail: "buyer@example.com",
          Notify: "E",
          InvoiceTag: "II",
          Notified: "C",
        }),
        RtnCode.NOTIFY_TAG_NOT_APPLICABLE
      )
      await expectRefusal(
        client.invoiceNotify({ InvoiceNo: "ZZ00000000", NotifyMail: "buyer@example.com", Notify: "E", InvoiceTag: "I", Notified: "C" }),
        1600003
      )
      expect(sim.state.notifications).toHaveLength(0)
    })

    it("InvoicePrint: a voided invoice cannot be printed", async () => {
      const invoice = await issueOne()
      await client.invalid({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, Reason: "作廢" })
      await expectRefusal(client.invoicePrint({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE }), RtnCode.PRINT_NOT_ALLOWED)
    })

    it("CheckBarcode: the MOF service being down is 9000001 and isGovernmentServiceDown()", async () => {
      sim.setFault({ operation: "CheckBarcode", type: "gov_down" })
      const error = await expectRefusal(client.checkBarcode({ BarCode: "/AB+C.12" }), 9000001)
      expect(error.isGovernmentServiceDown()).toBe(true)
      expect(error.isNotFound()).toBe(false)
      expect(error.data.IsExist).toBeUndefined()
      expect((await client.checkBarcode({ BarCode: "/AB+C.12" })).IsExist).toBe("Y")
    })

    it("CheckLoveCode: the MOF service being down is 9000001 and isGovernmentServiceDown()", async () => {
      await control("POST", "faults", { operation: "CheckLoveCode", type: "gov_down" })
      const error = await expectRefusal(client.checkLoveCode({ LoveCode: "168001" }), 9000001)
      expect(error.isGovernmentServiceDown()).toBe(true)
      expect((await client.checkLoveCode({ LoveCode: "168001" })).IsExist).toBe("Y")
    })

    it("GetCompanyNameByTaxID: an unregistered (but valid) 統一編號 is refused", async () => {
      expect(isValidTaxId("04595257")).toBe(true)
      await expectRefusal(client.getCompanyNameByTaxId({ UnifiedBusinessNo: "04595257" }), RtnCode.COMPANY_NOT_FOUND)
    })

    it("DelayIssue: a duplicate Tsr, or a RelateNumber already issued, is refused", async () => {
      const stored = delayData()
      await client.delayIssue(stored)
      await expectRefusal(client.delayIssue(delayData({ Tsr: stored.Tsr })), RtnCode.TSR_DUPLICATE)
      const issued = await issueOne()
      await expectRefusal(
        client.delayIssue(delayData({ RelateNumber: issued.data.RelateNumber.toLowerCase() })),
        RtnCode.RELATE_NUMBER_DUPLICATE
      )
    })

    it("TriggerIssue: an unknown Tsr, a DelayFlag 1 invoice and a second trigger are refused", async () => {
      await expectRefusal(client.triggerIssue({ Tsr: "NO-SUCH-TSR" }), RtnCode.DELAY_NOT_FOUND)
      const scheduled = delayData({ DelayFlag: "1", DelayDay: 2 })
      await client.delayIssue(scheduled)
      await expectRefusal(client.triggerIssue({ Tsr: scheduled.Tsr }), RtnCode.DELAY_NOT_TRIGGERABLE)
      const waiting = delayData({ DelayDay: 0 })
      await client.delayIssue(waiting)
      await client.triggerIssue({ Tsr: waiting.Tsr })
      await expectRefusal(client.triggerIssue({ Tsr: waiting.Tsr }), RtnCode.DELAY_NOT_TRIGGERABLE)
    })

    it("CancelDelayIssue: a triggered invoice can no longer be cancelled (issued or still scheduled)", async () => {
      const issuedOnTrigger = delayData({ DelayDay: 0 })
      await client.delayIssue(issuedOnTrigger)
      await client.triggerIssue({ Tsr: issuedOnTrigger.Tsr })
      await expectRefusal(client.cancelDelayIssue({ Tsr: issuedOnTrigger.Tsr }), RtnCode.DELAY_NOT_CANCELLABLE)

      // docs/ECPAY-PROTOCOL.md §2.2 (p=22055): cancellation only "before scheduled time / before trigger".
      const scheduledOnTrigger = delayData({ DelayDay: 3 })
      await client.delayIssue(scheduledOnTrigger)
      expect((await client.triggerIssue({ Tsr: scheduledOnTrigger.Tsr })).RtnCode).toBe(4000003)
      await expectRefusal(client.cancelDelayIssue({ Tsr: scheduledOnTrigger.Tsr }), RtnCode.DELAY_NOT_CANCELLABLE)

      await expectRefusal(client.cancelDelayIssue({ Tsr: "NO-SUCH-TSR" }), RtnCode.DELAY_NOT_FOUND)
    })

    it("requests the client's own validation refuses never reach the simulator", async () => {
      const invoice = await issueOne()
      sim.requests.length = 0

      await expectRejectedLocally(client.issue(issueData({ SalesAmount: 301 })), "SalesAmount")
      await expectRejectedLocally(client.issue(issueData({ Donation: "1", LoveCode: "" })), "LoveCode")
      await expectRejectedLocally(
        client.invalid({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, Reason: "理由".repeat(11) }),
        "Reason"
      )
      await expectRejectedLocally(
        client.voidWithReIssue({
          VoidModel: { InvoiceNo: invoice.InvoiceNo, VoidReason: "更正" },
          IssueModel: { ...issueData(), InvoiceDate: T0_DATE },
        }),
        "IssueModel.InvoiceDate"
      )
      await expectRejectedLocally(client.allowance(allowanceData(invoice, 100, { AllowanceAmount: 99 })), "AllowanceAmount")
      await expectRejectedLocally(
        client.allowanceByCollegiate({ ...onlineAllowanceData(invoice, 10), ReturnURL: "ftp://example.com/return" }),
        "ReturnURL"
      )
      await expectRejectedLocally(
        client.allowanceInvalid({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: "123456789012345", Reason: "x" }),
        "AllowanceNo"
      )
      await expectRejectedLocally(
        client.allowanceInvalidByCollegiate({ InvoiceNo: invoice.InvoiceNo, AllowanceNo: "2025030500000001", Reason: " " }),
        "Reason"
      )
      await expectRejectedLocally(client.getIssue({ InvoiceNo: invoice.InvoiceNo }), "InvoiceDate")
      await expectRejectedLocally(
        client.getIssueList({ BeginDate: "2025-03-31", EndDate: "2025-03-01", NumPerPage: 10, ShowingPage: 1 }),
        "EndDate"
      )
      await expectRejectedLocally(
        client.getInvalid({ RelateNumber: "", InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE }),
        "RelateNumber"
      )
      await expectRejectedLocally(client.getAllowanceList({ SearchType: "0" }), "AllowanceNo")
      await expectRejectedLocally(
        client.invoiceNotify({ InvoiceNo: invoice.InvoiceNo, Notify: "S", NotifyMail: "a@example.com", InvoiceTag: "I", Notified: "C" }),
        "Phone"
      )
      await expectRejectedLocally(client.invoicePrint({ InvoiceNo: invoice.InvoiceNo.toLowerCase(), InvoiceDate: T0_DATE }), "InvoiceNo")
      await expectRejectedLocally(client.checkBarcode({ BarCode: "/ab+c.12" }), "BarCode")
      await expectRejectedLocally(client.checkLoveCode({ LoveCode: "12" }), "LoveCode")
      await expectRejectedLocally(client.getCompanyNameByTaxId({ UnifiedBusinessNo: "12345678" }), "UnifiedBusinessNo")
      await expectRejectedLocally(client.delayIssue(delayData({ DelayFlag: "1", DelayDay: 0 })), "DelayDay")
      await expectRejectedLocally(client.triggerIssue({ Tsr: "T1", PayType: "1" } as unknown as TriggerIssueData), "PayType")
      await expectRejectedLocally(client.cancelDelayIssue({ Tsr: "has space" }), "Tsr")

      expect(sim.requests).toHaveLength(0)
    })
  })

  describe("3. faults map to the right error type", () => {
    it("latency beyond timeoutMs → EcpayTransportError timeout, outcomeUnknown (and the invoice was in fact issued)", async () => {
      const impatient = makeClient({ timeoutMs: 200 })
      sim.setFault({ operation: "Issue", type: "latency", ms: 1_000 })
      const data = issueData()
      const started = Date.now()
      const error = await expectFailure(impatient.issue(data), EcpayTransportError)
      expect(Date.now() - started).toBeLessThan(900)
      expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, operation: "Issue" })
      // The simulator finishes the request after its delay; the outcome really was unknown.
      await waitFor(() => sim.requests.length === 1)
      expect(sim.requests[0]).toMatchObject({ operation: "Issue", fault: "latency", rtnCode: 1 })
      expect((await client.getIssue({ RelateNumber: data.RelateNumber })).RtnCode).toBe(1)
    })

    it("latency within timeoutMs is only slow", async () => {
      sim.setFault({ operation: "CheckLoveCode", type: "latency", ms: 100 })
      expect((await client.checkLoveCode({ LoveCode: "919" })).IsExist).toBe("Y")
    })

    it("drop_after_commit → EcpayTransportError reset, outcomeUnknown; GetIssue shows the invoice WAS issued", async () => {
      sim.setFault({ operation: "Issue", type: "drop_after_commit" })
      const data = issueData()
      const error = await expectFailure(client.issue(data), EcpayTransportError)
      expect(error).toMatchObject({ kind: "reset", outcomeUnknown: true })
      expect(sim.requests[0]).toMatchObject({ operation: "Issue", fault: "drop_after_commit", httpStatus: null, rtnCode: 1 })

      const reconciled = await client.getIssue({ RelateNumber: data.RelateNumber })
      expect(reconciled).toMatchObject({ RtnCode: 1, IIS_Relate_Number: data.RelateNumber })
      expect(reconciled.IIS_Number).toBe(sim.state.invoices[0].invoiceNo)
      // A blind retry would be refused as a duplicate.
      await expectRefusal(client.issue(data), RtnCode.RELATE_NUMBER_DUPLICATE)
    })

    it("http_500 → EcpayHttpError 500 with outcomeUnknown; nothing applied", async () => {
      sim.setFault({ operation: "Issue", type: "http_500" })
      const error = await expectFailure(client.issue(issueData()), EcpayHttpError)
      expect(error).not.toBeInstanceOf(EcpayRateLimitError)
      expect(error).toMatchObject({ status: 500, outcomeUnknown: true })
      expect(sim.state.invoices).toHaveLength(0)
    })

    it("http_403 → EcpayRateLimitError (an EcpayHttpError 403, retry after 30 minutes)", async () => {
      sim.setFault({ type: "http_403" })
      const error = await expectFailure(client.getIssue({ RelateNumber: "whatever" }), EcpayRateLimitError)
      expect(error).toBeInstanceOf(EcpayHttpError)
      expect(error).toMatchObject({ status: 403, outcomeUnknown: false, retryAfterMs: ECPAY_RATE_LIMIT_BACKOFF_MS })
    })

    it("trans_code_error → EcpayEnvelopeError with the TransCode", async () => {
      sim.setFault({ operation: "Invalid", type: "trans_code_error" })
      const invoice = await issueOne()
      const error = await expectFailure(
        client.invalid({ InvoiceNo: invoice.InvoiceNo, InvoiceDate: T0_DATE, Reason: "x" }),
        EcpayEnvelopeError
      )
      expect(error).toMatchObject({
        transCode: TransCode.FAULT_INJECTED,
        transMsg: expect.stringContaining("trans_code_error"),
        outcomeUnknown: false,
      })
      expect((await client.getIssue({ RelateNumber: invoice.data.RelateNumber })).IIS_Invalid_Status).toBe("0")
    })

    it("garbage (200 + HTML) → EcpayResponseFormatError, outcomeUnknown", async () => {
      sim.setFault({ operation: "Allowance", type: "garbage" })
      const invoice = await issueOne()
      const error = await expectFailure(client.allowance(allowanceData(invoice, 10)), EcpayResponseFormatError)
      expect(error.outcomeUnknown).toBe(true)
      expect(error.message).toContain("not JSON")
    })

    it("gov_down → 9000001 on every MOF lookup, while other operations neither see nor consume it", async () => {
      sim.setFault({ type: "gov_down", times: -1 })
      expect((await issueOne()).InvoiceNo).toMatch(INVOICE_NO)
      for (const call of [
        () => client.checkBarcode({ BarCode: "/1234567" }),
        () => client.checkLoveCode({ LoveCode: "919" }),
        () => client.getCompanyNameByTaxId({ UnifiedBusinessNo: "22099131" }),
      ]) {
        expect((await expectRefusal(call(), 9000001)).isGovernmentServiceDown()).toBe(true)
      }
      sim.clearFaults()
      expect((await client.checkBarcode({ BarCode: "/1234567" })).IsExist).toBe("Y")
    })

    it("refuse → EcpayBusinessError with the given code and message, nothing applied; the default code is 9999999", async () => {
      sim.setFault({ operation: "Issue", type: "refuse", rtnCode: 7654321, rtnMsg: "模擬：系統忙碌 + 請稍後再試 (~!*'())" })
      const error = await expectRefusal(client.issue(issueData()), 7654321)
      expect(error.rtnMsg).toBe("模擬：系統忙碌 + 請稍後再試 (~!*'())")
      expect(sim.state.invoices).toHaveLength(0)

      sim.setFault({ operation: "CancelDelayIssue", type: "refuse" })
      await expectRefusal(client.cancelDelayIssue({ Tsr: "ANY" }), RtnCode.FAULT_REFUSED)
      expect(RtnCode.FAULT_REFUSED).toBe(9999999)
    })

    it("a fault with times: 2 affects exactly two calls", async () => {
      sim.setFault({ operation: "GetIssue", type: "http_500", times: 2 })
      await expectFailure(client.getIssue({ RelateNumber: "a" }), EcpayHttpError)
      await expectFailure(client.getIssue({ RelateNumber: "a" }), EcpayHttpError)
      await expectRefusal(client.getIssue({ RelateNumber: "a" }), 1600003)
    })

    it("a wrong HashKey → EcpayEnvelopeError (the simulator cannot decrypt Data)", async () => {
      const wrongKey = makeClient({ hashKey: WRONG_HASH_KEY })
      const error = await expectFailure(wrongKey.issue(issueData()), EcpayEnvelopeError)
      expect(error).toMatchObject({ transCode: TransCode.DATA_NOT_DECRYPTABLE, outcomeUnknown: false })
      expect(sim.requests[0]).toMatchObject({ operation: "Issue", transCode: TransCode.DATA_NOT_DECRYPTABLE, rtnCode: null })
      expect(sim.state.invoices).toHaveLength(0)
    })

    it("a stopped server → EcpayTransportError refused, outcomeUnknown false", async () => {
      const stopped = await startSimulator({ port: 0 })
      await stopped.close()
      const nowhere = makeClient({ baseUrl: stopped.url })
      const error = await expectFailure(nowhere.issue(issueData()), EcpayTransportError)
      expect(error).toMatchObject({ kind: "refused", outcomeUnknown: false, operation: "Issue" })
    })
  })

  describe("secrets", () => {
    it("no error message or serialisation contains the HashKey or HashIV", () => {
      const kinds = new Set(caught.map((error) => (error as Error).constructor.name))
      // Run alone (jest -t) this sees fewer errors; the whole file provokes every kind.
      expect(caught.length).toBeGreaterThan(0)
      if (caught.length > 20) {
        expect([...kinds].sort()).toEqual(
          [
            "EcpayBusinessError",
            "EcpayEnvelopeError",
            "EcpayHttpError",
            "EcpayRateLimitError",
            "EcpayResponseFormatError",
            "EcpayTransportError",
            "EcpayValidationError",
          ].sort()
        )
      }
      for (const error of caught) {
        const renderings = [
          (error as Error).message,
          String(error),
          (error as Error).stack ?? "",
          JSON.stringify(error),
          inspect(error, { depth: 10, showHidden: true }),
        ]
        for (const text of renderings) {
          for (const secret of [HASH_KEY, HASH_IV, WRONG_HASH_KEY]) {
            expect(text).not.toContain(secret)
          }
        }
      }
      for (const text of [JSON.stringify(client), inspect(client, { depth: 10, showHidden: true })]) {
        expect(text).not.toContain(HASH_KEY)
        expect(text).not.toContain(HASH_IV)
      }
    })
  })
})
