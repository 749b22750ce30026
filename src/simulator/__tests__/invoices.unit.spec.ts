import { RtnCode } from "../codes"
import type { RunningSimulator } from "../index"
import { MARCH_5_2025, STAGE, TestClient, allowanceData, issueData, startCallbackReceiver, startTestSimulator } from "./helpers"

const DAY = 24 * 60 * 60 * 1000

describe("invoice operations", () => {
  let sim: RunningSimulator
  let client: TestClient

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
  })
  afterAll(() => sim.close())
  beforeEach(() => {
    sim.reset()
    sim.setClock(MARCH_5_2025)
  })

  describe("Issue", () => {
    it("issues with a track number, Taipei InvoiceDate and a 4-digit random number", async () => {
      const reply = await client.issue()
      expect(reply).toEqual({
        RtnCode: 1,
        RtnMsg: "開立發票成功",
        InvoiceNo: expect.stringMatching(/^[A-Z]{2}\d{8}$/),
        InvoiceDate: "2025-03-05 10:00:00",
        RandomNumber: expect.stringMatching(/^\d{4}$/),
      })
    })

    it("allocates numbers sequentially within a bimonthly period and restarts in the next", async () => {
      const first = await client.issue()
      const second = await client.issue()
      expect(second.InvoiceNo.slice(0, 2)).toBe(first.InvoiceNo.slice(0, 2))
      expect(Number(second.InvoiceNo.slice(2))).toBe(Number(first.InvoiceNo.slice(2)) + 1)
      sim.setClock(new Date("2025-05-01T00:00:00Z")) // May–June period
      const nextPeriod = await client.issue()
      expect(nextPeriod.InvoiceNo.slice(0, 2)).not.toBe(first.InvoiceNo.slice(0, 2))
      expect(Number(nextPeriod.InvoiceNo.slice(2))).toBeLessThan(Number(second.InvoiceNo.slice(2)))
    })

    it("never reuses an invoice or allowance number, even across reset()", async () => {
      const before = await client.issue()
      const allowanceBefore = await client.data("Allowance", allowanceData(before.InvoiceNo, before.InvoiceDate, 10))
      sim.reset()
      sim.setClock(MARCH_5_2025)
      const after = await client.issue()
      const allowanceAfter = await client.data("Allowance", allowanceData(after.InvoiceNo, after.InvoiceDate, 10))
      expect(after.InvoiceNo).not.toBe(before.InvoiceNo)
      expect(allowanceAfter.IA_Allow_No).not.toBe(allowanceBefore.IA_Allow_No)
    })
  })

  describe("GetIssue", () => {
    it("finds an invoice by RelateNumber (any case) and by InvoiceNo + InvoiceDate, with IIS_* fields", async () => {
      const data = issueData({ RelateNumber: "Shop-1001", CustomerEmail: "buyer@example.com" })
      const issued = await client.issue(data)
      const byRelate = await client.data("GetIssue", { RelateNumber: "shop-1001" })
      const byNumber = await client.data("GetIssue", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025/03/05" })
      expect(byNumber).toEqual(byRelate)
      expect(byRelate).toMatchObject({
        RtnCode: 1,
        IIS_Mer_ID: STAGE.merchantId,
        IIS_Number: issued.InvoiceNo,
        IIS_Relate_Number: "Shop-1001",
        IIS_Identifier: "0000000000",
        IIS_Category: "B2C",
        IIS_Type: "07",
        IIS_Tax_Type: "1",
        IIS_Tax_Amount: 0,
        IIS_Sales_Amount: 300,
        IIS_Carrier_Type: "1",
        IIS_Create_Date: "2025-03-05 10:00:00",
        IIS_Issue_Status: "1",
        IIS_Invalid_Status: "0",
        IIS_Upload_Status: "0",
        IIS_Remain_Allowance_Amt: 300,
        IIS_Print_Flag: "0",
        IIS_Award_Flag: "",
        IIS_Random_Number: issued.RandomNumber,
        PosBarCode: `11404${issued.InvoiceNo}${issued.RandomNumber}`,
      })
      expect(byRelate.Items).toEqual([
        expect.objectContaining({ ItemSeq: 1, ItemName: "商品 A", ItemCount: 2, ItemPrice: 100, ItemAmount: 200 }),
        expect.objectContaining({ ItemSeq: 2, ItemName: "運費", ItemAmount: 100 }),
      ])
    })

    it("reports B2B tax, award flag X and the upload status after the upload delay", async () => {
      const issued = await client.issue({
        CustomerIdentifier: "22099131",
        CustomerName: "（模擬）測試科技股份有限公司",
        SalesAmount: 1050,
        Items: [{ ItemName: "顧問費", ItemCount: 1, ItemWord: "式", ItemPrice: 1050, ItemAmount: 1050 }],
      })
      sim.advanceClock(10 * 60 * 1000)
      const reply = await client.data("GetIssue", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05" })
      expect(reply).toMatchObject({
        IIS_Category: "B2B",
        IIS_Identifier: "22099131",
        IIS_Tax_Amount: 50,
        IIS_Award_Flag: "X",
        IIS_Upload_Status: "1",
        IIS_Upload_Date: "2025-03-05 10:05:00",
        IIS_Turnkey_Status: "C",
      })
    })

    it("answers 1600003 for unknown numbers, unknown RelateNumbers and a wrong date", async () => {
      const issued = await client.issue()
      for (const query of [
        { RelateNumber: "nope" },
        { InvoiceNo: "ZZ99999999", InvoiceDate: "2025-03-05" },
        { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-06" },
      ]) {
        const reply = await client.data("GetIssue", query)
        expect(reply.RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
      }
      expect((await client.data("GetIssue", {})).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
    })
  })

  describe("GetIssueList", () => {
    it("pages newest first with TotalCount and filters by date and void status", async () => {
      const numbers: string[] = []
      for (let i = 0; i < 5; i++) {
        numbers.push((await client.issue()).InvoiceNo)
        sim.advanceClock(60 * 60 * 1000)
      }
      await client.data("Invalid", { InvoiceNo: numbers[0], InvoiceDate: "2025-03-05", Reason: "測試" })
      const query = { BeginDate: "2025-03-01", EndDate: "2025-03-31", NumPerPage: 2, DataType: "1" }
      const page1 = await client.data("GetIssueList", { ...query, ShowingPage: 1 })
      const page3 = await client.data("GetIssueList", { ...query, ShowingPage: 3 })
      expect(page1).toMatchObject({ RtnCode: 1, TotalCount: 5, ShowingPage: 1 })
      expect(page1.InvoiceData.map((i) => i.IIS_Number)).toEqual([numbers[4], numbers[3]])
      expect(page3.InvoiceData.map((i) => i.IIS_Number)).toEqual([numbers[0]])
      const voidedOnly = await client.data("GetIssueList", { ...query, ShowingPage: 1, Query_Invalid: "1" })
      expect(voidedOnly.TotalCount).toBe(1)
      const outside = await client.data("GetIssueList", { ...query, BeginDate: "2025-04-01", EndDate: "2025-04-30", ShowingPage: 1 })
      expect(outside).toMatchObject({ TotalCount: 0, InvoiceData: [] })
    })

    it("rejects CSV output, oversized pages and reversed ranges", async () => {
      const base = { BeginDate: "2025-03-01", EndDate: "2025-03-31", NumPerPage: 10, ShowingPage: 1 }
      expect((await client.data("GetIssueList", { ...base, DataType: "2" })).RtnCode).toBe(RtnCode.UNSUPPORTED_BY_SIMULATOR)
      expect((await client.data("GetIssueList", { ...base, NumPerPage: 201 })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await client.data("GetIssueList", { ...base, BeginDate: "2025-04-01" })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
    })
  })

  describe("Invalid and GetInvalid", () => {
    it("voids an invoice, reports it in GetIssue and GetInvalid, and refuses a second void with 5070453", async () => {
      const issued = await client.issue({ RelateNumber: "VOID-1" })
      const reply = await client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "訂單取消" })
      expect(reply).toEqual({ RtnCode: 1, RtnMsg: "作廢發票成功", InvoiceNo: issued.InvoiceNo })
      expect((await client.data("GetIssue", { RelateNumber: "VOID-1" })).IIS_Invalid_Status).toBe("1")
      const invalid = await client.data("GetInvalid", { RelateNumber: "VOID-1", InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05" })
      expect(invalid).toMatchObject({
        RtnCode: 1,
        II_Invoice_No: issued.InvoiceNo,
        II_Date: "2025-03-05 10:00:00",
        Reason: "訂單取消",
        II_Buyer_Identifier: "0000000000",
      })
      const again = await client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "again" })
      expect(again.RtnCode).toBe(RtnCode.INVOICE_ALREADY_VOIDED)
    })

    it("checks Reason, InvoiceNo format, existence and the issue date", async () => {
      const issued = await client.issue()
      const call = (data: Record<string, unknown>) =>
        client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "取消", ...data })
      expect((await call({ Reason: "" })).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
      expect((await call({ Reason: "理".repeat(21) })).RtnCode).toBe(RtnCode.FIELD_TOO_LONG)
      expect((await call({ InvoiceNo: "ab12345678" })).RtnCode).toBe(RtnCode.FIELD_FORMAT)
      expect((await call({ InvoiceNo: "ZZ00000000" })).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
      expect((await call({ InvoiceDate: "2025-03-04" })).RtnCode).toBe(RtnCode.INVOICE_DATE_MISMATCH)
      expect((await call({ InvoiceDate: "2025-03-05 10:00:00" })).RtnCode).toBe(1) // Odoo sends date-time
    })

    it("answers GetInvalid with 1600005 for a live invoice", async () => {
      const issued = await client.issue({ RelateNumber: "LIVE-1" })
      const reply = await client.data("GetInvalid", { RelateNumber: "LIVE-1", InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05" })
      expect(reply.RtnCode).toBe(RtnCode.INVALID_RECORD_NOT_FOUND)
    })

    it("locks voids after 23:59:59 Taipei on the 13th of the following odd month", async () => {
      sim.setClock(new Date("2025-02-20T04:00:00Z")) // Jan–Feb period
      const early = await client.issue()
      const late = await client.issue()
      sim.setClock(new Date("2025-03-13T15:59:59Z")) // 2025-03-13 23:59:59 Taipei
      expect((await client.data("Invalid", { InvoiceNo: early.InvoiceNo, InvoiceDate: "2025-02-20", Reason: "ok" })).RtnCode).toBe(1)
      sim.advanceClock(1000) // 2025-03-14 00:00:00 Taipei
      const locked = await client.data("Invalid", { InvoiceNo: late.InvoiceNo, InvoiceDate: "2025-02-20", Reason: "late" })
      expect(locked.RtnCode).toBe(RtnCode.VOID_PERIOD_LOCKED)
      expect(locked.RtnMsg).toContain("2025-03-13 23:59:59")
    })

    it("locks November–December invoices on 14 January of the next year", async () => {
      sim.setClock(new Date("2025-12-15T04:00:00Z"))
      const issued = await client.issue()
      sim.setClock(new Date("2026-01-13T16:00:00Z"))
      expect((await client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-12-15", Reason: "late" })).RtnCode).toBe(
        RtnCode.VOID_PERIOD_LOCKED
      )
    })

    it("refuses to void while live or pending allowances exist, and allows it once they are voided", async () => {
      const receiver = await startCallbackReceiver()
      try {
        const issued = await client.issue()
        const paper = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 100))
        const voidRequest = { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "取消" }
        expect((await client.data("Invalid", voidRequest)).RtnCode).toBe(RtnCode.VOID_HAS_ALLOWANCES)
        await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: paper.IA_Allow_No, Reason: "退回" })
        const online = await client.data(
          "AllowanceByCollegiate",
          allowanceData(issued.InvoiceNo, issued.InvoiceDate, 50, { ReturnURL: receiver.url })
        )
        expect((await client.data("Invalid", voidRequest)).RtnCode).toBe(RtnCode.VOID_HAS_ALLOWANCES)
        await client.data("AllowanceInvalidByCollegiate", { InvoiceNo: issued.InvoiceNo, AllowanceNo: online.IA_Allow_No, Reason: "取消" })
        expect((await client.data("Invalid", voidRequest)).RtnCode).toBe(1)
      } finally {
        await receiver.close()
      }
    })
  })

  describe("VoidWithReIssue", () => {
    const reissueRequest = (invoiceNo: string, issueModel: Record<string, unknown>, invoiceDate = "2025-03-05 10:00:00") => ({
      VoidModel: { MerchantID: STAGE.merchantId, InvoiceNo: invoiceNo, VoidReason: "更正買受人" },
      IssueModel: { MerchantID: STAGE.merchantId, ...issueModel, InvoiceDate: invoiceDate },
    })

    it("keeps number and date, replaces content, and may change the random number", async () => {
      const original = await client.issue({ RelateNumber: "REISSUE-1" })
      sim.advanceClock(2 * DAY)
      const content = issueData({ RelateNumber: "REISSUE-1", CustomerEmail: "fixed@example.com", CarrierType: "3", CarrierNum: "/ABC1234" })
      const reply = await client.data("VoidWithReIssue", reissueRequest(original.InvoiceNo, content))
      expect(reply).toMatchObject({
        RtnCode: 1,
        InvoiceNo: original.InvoiceNo,
        InvoiceDate: "2025-03-05 10:00:00",
        RandomNumber: expect.stringMatching(/^\d{4}$/),
      })
      const now = await client.data("GetIssue", { RelateNumber: "REISSUE-1" })
      expect(now).toMatchObject({
        IIS_Number: original.InvoiceNo,
        IIS_Customer_Email: "fixed@example.com",
        IIS_Carrier_Type: "3",
        IIS_Carrier_Num: "/ABC1234",
        IIS_Issue_Status: "1",
        IIS_Invalid_Status: "0",
      })
      expect(sim.state.findInvoice(STAGE.merchantId, original.InvoiceNo)?.reissues).toHaveLength(1)
    })

    it("accepts a new RelateNumber (as the SDK example sends) and frees the old one", async () => {
      const original = await client.issue({ RelateNumber: "OLD-REL" })
      const reply = await client.data(
        "VoidWithReIssue",
        reissueRequest(original.InvoiceNo, issueData({ RelateNumber: "NEW-REL" }), "2025/03/05")
      )
      expect(reply.RtnCode).toBe(1)
      expect((await client.data("GetIssue", { RelateNumber: "NEW-REL" })).IIS_Number).toBe(original.InvoiceNo)
      expect((await client.data("GetIssue", { RelateNumber: "OLD-REL" })).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
    })

    it("applies the Issue rules to IssueModel and requires the original issue time", async () => {
      const original = await client.issue({ RelateNumber: "RULES-1" })
      const badContent = await client.data(
        "VoidWithReIssue",
        reissueRequest(original.InvoiceNo, issueData({ RelateNumber: "RULES-1", CarrierType: "" }))
      )
      expect(badContent.RtnCode).toBe(RtnCode.NO_INVOICE_DESTINATION)
      const wrongTime = await client.data(
        "VoidWithReIssue",
        reissueRequest(original.InvoiceNo, issueData({ RelateNumber: "RULES-1" }), "2025-03-05 10:00:01")
      )
      expect(wrongTime.RtnCode).toBe(RtnCode.REISSUE_DATE_MISMATCH)
      const wrongDay = await client.data(
        "VoidWithReIssue",
        reissueRequest(original.InvoiceNo, issueData({ RelateNumber: "RULES-1" }), "2025-03-06")
      )
      expect(wrongDay.RtnCode).toBe(RtnCode.REISSUE_DATE_MISMATCH)
      const missingModel = await client.data("VoidWithReIssue", { VoidModel: { InvoiceNo: original.InvoiceNo, VoidReason: "x" } })
      expect(missingModel).toMatchObject({ RtnCode: RtnCode.FIELD_REQUIRED, RtnMsg: expect.stringContaining("IssueModel") })
      const taken = await client.issue({ RelateNumber: "TAKEN-1" })
      expect(taken.RtnCode).toBe(1)
      const duplicate = await client.data("VoidWithReIssue", reissueRequest(original.InvoiceNo, issueData({ RelateNumber: "taken-1" })))
      expect(duplicate.RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
    })

    it("shares the void deadline, the allowance block and the already-voided check", async () => {
      sim.setClock(new Date("2025-02-10T04:00:00Z"))
      const old = await client.issue({ RelateNumber: "DEADLINE-1" })
      sim.setClock(new Date("2025-03-14T01:00:00Z"))
      const locked = await client.data(
        "VoidWithReIssue",
        reissueRequest(old.InvoiceNo, issueData({ RelateNumber: "DEADLINE-1" }), "2025-02-10")
      )
      expect(locked.RtnCode).toBe(RtnCode.VOID_PERIOD_LOCKED)

      const withAllowance = await client.issue({ RelateNumber: "ALLOW-1" })
      await client.data("Allowance", allowanceData(withAllowance.InvoiceNo, withAllowance.InvoiceDate, 10))
      const blocked = await client.data(
        "VoidWithReIssue",
        reissueRequest(withAllowance.InvoiceNo, issueData({ RelateNumber: "ALLOW-1" }), "2025-03-14")
      )
      expect(blocked.RtnCode).toBe(RtnCode.VOID_HAS_ALLOWANCES)

      const voided = await client.issue({ RelateNumber: "VOIDED-1" })
      await client.data("Invalid", { InvoiceNo: voided.InvoiceNo, InvoiceDate: "2025-03-14", Reason: "x" })
      const again = await client.data(
        "VoidWithReIssue",
        reissueRequest(voided.InvoiceNo, issueData({ RelateNumber: "VOIDED-1" }), "2025-03-14")
      )
      expect(again.RtnCode).toBe(RtnCode.INVOICE_ALREADY_VOIDED)
    })
  })

  describe("DelayIssue / TriggerIssue / CancelDelayIssue", () => {
    const delayData = (overrides: Record<string, unknown> = {}) =>
      issueData({
        DelayFlag: "2",
        DelayDay: 0,
        Tsr: `TSR${Math.random().toString(36).slice(2, 10)}`,
        PayType: "2",
        PayAct: "ECPAY",
        NotifyURL: "",
        ...overrides,
      })

    it("stores a flag-2 invoice, issues it on TriggerIssue with DelayDay 0 (4000004)", async () => {
      const data = delayData({ RelateNumber: "DELAY-1", Tsr: "TSR-1" })
      expect(await client.data("DelayIssue", data)).toMatchObject({ RtnCode: 1, OrderNumber: "TSR-1" })
      expect((await client.data("GetIssue", { RelateNumber: "DELAY-1" })).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
      sim.advanceClock(DAY)
      const trigger = await client.data("TriggerIssue", { Tsr: "TSR-1", PayType: "2" })
      expect(trigger).toMatchObject({ RtnCode: RtnCode.TRIGGER_ISSUED, Tsr: "TSR-1" })
      const issued = await client.data("GetIssue", { RelateNumber: "DELAY-1" })
      expect(issued).toMatchObject({ RtnCode: 1, IIS_Create_Date: "2025-03-06 10:00:00" })
      expect((await client.data("TriggerIssue", { Tsr: "TSR-1", PayType: "2" })).RtnCode).toBe(RtnCode.DELAY_NOT_TRIGGERABLE)
      expect((await client.data("CancelDelayIssue", { Tsr: "TSR-1" })).RtnCode).toBe(RtnCode.DELAY_NOT_CANCELLABLE)
    })

    it("schedules on TriggerIssue with DelayDay > 0 (4000003) and issues when the clock gets there", async () => {
      await client.data("DelayIssue", delayData({ RelateNumber: "DELAY-2", Tsr: "TSR-2", DelayDay: 3 }))
      expect((await client.data("TriggerIssue", { Tsr: "TSR-2", PayType: "2" })).RtnCode).toBe(RtnCode.TRIGGER_SCHEDULED)
      sim.advanceClock(3 * DAY - 1000)
      expect((await client.data("GetIssue", { RelateNumber: "DELAY-2" })).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
      sim.advanceClock(1000)
      expect(await client.data("GetIssue", { RelateNumber: "DELAY-2" })).toMatchObject({
        RtnCode: 1,
        IIS_Create_Date: "2025-03-08 10:00:00",
      })
    })

    it("issues a flag-1 invoice by itself after DelayDay days and rejects triggering it", async () => {
      await client.data("DelayIssue", delayData({ RelateNumber: "DELAY-3", Tsr: "TSR-3", DelayFlag: "1", DelayDay: 1 }))
      expect((await client.data("TriggerIssue", { Tsr: "TSR-3", PayType: "2" })).RtnCode).toBe(RtnCode.DELAY_NOT_TRIGGERABLE)
      sim.advanceClock(DAY)
      expect(sim.snapshot().delayedInvoices[0]).toMatchObject({
        tsr: "TSR-3",
        status: "issued",
        invoiceNo: expect.stringMatching(/^[A-Z]{2}\d{8}$/),
      })
      expect((await client.data("GetIssue", { RelateNumber: "DELAY-3" })).RtnCode).toBe(1)
    })

    it("cancels before issue, frees the RelateNumber, and answers unknown Tsr with 4100001", async () => {
      await client.data("DelayIssue", delayData({ RelateNumber: "DELAY-4", Tsr: "TSR-4" }))
      expect((await client.data("DelayIssue", delayData({ RelateNumber: "delay-4" }))).RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
      expect((await client.data("DelayIssue", delayData({ Tsr: "TSR-4" }))).RtnCode).toBe(RtnCode.TSR_DUPLICATE)
      expect(await client.data("CancelDelayIssue", { Tsr: "TSR-4" })).toMatchObject({ RtnCode: 1, Tsr: "TSR-4" })
      expect((await client.data("TriggerIssue", { Tsr: "TSR-4", PayType: "2" })).RtnCode).toBe(RtnCode.DELAY_NOT_TRIGGERABLE)
      expect((await client.data("CancelDelayIssue", { Tsr: "TSR-4" })).RtnCode).toBe(RtnCode.DELAY_NOT_CANCELLABLE)
      expect((await client.issue({ RelateNumber: "DELAY-4" })).RtnCode).toBe(1)
      expect((await client.data("TriggerIssue", { Tsr: "NOPE", PayType: "2" })).RtnCode).toBe(RtnCode.DELAY_NOT_FOUND)
      expect((await client.data("CancelDelayIssue", { Tsr: "NOPE" })).RtnCode).toBe(RtnCode.DELAY_NOT_FOUND)
    })

    it("validates the delay fields and the embedded Issue fields", async () => {
      expect((await client.data("DelayIssue", delayData({ DelayFlag: "1", DelayDay: 0 }))).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await client.data("DelayIssue", delayData({ DelayDay: 16 }))).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await client.data("DelayIssue", delayData({ PayType: "3", PayAct: "Opay" }))).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await client.data("DelayIssue", delayData({ Tsr: "" }))).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
      expect((await client.data("DelayIssue", delayData({ SalesAmount: 1 }))).RtnCode).toBe(RtnCode.SALES_AMOUNT_MISMATCH)
      expect((await client.data("TriggerIssue", { Tsr: "X" })).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
    })
  })
})
