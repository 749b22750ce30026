import { RtnCode } from "../codes"
import type { RunningSimulator } from "../index"
import { MARCH_5_2025, STAGE, TestClient, allowanceData, checkMacValue, startCallbackReceiver, startTestSimulator } from "./helpers"

const HOUR = 60 * 60 * 1000

describe("allowance operations", () => {
  let sim: RunningSimulator
  let client: TestClient
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
    receiver = await startCallbackReceiver()
  })
  afterAll(async () => {
    await sim.close()
    await receiver.close()
  })
  beforeEach(() => {
    sim.reset()
    sim.setClock(MARCH_5_2025)
    receiver.received.length = 0
  })

  const remainingOf = async (invoiceNo: string) =>
    (await client.data("GetIssue", { InvoiceNo: invoiceNo, InvoiceDate: "2025-03-05" })).IIS_Remain_Allowance_Amt

  describe("Allowance (paper)", () => {
    it("creates an allowance with a 16-digit number and lowers the remaining amount", async () => {
      const issued = await client.issue()
      const reply = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 120))
      expect(reply).toEqual({
        RtnCode: 1,
        RtnMsg: "折讓單資料新增成功",
        IA_Allow_No: expect.stringMatching(/^\d{16}$/),
        IA_Invoice_No: issued.InvoiceNo,
        IA_Date: "2025-03-05 10:00:00",
        IA_Remain_Allowance_Amt: 180,
      })
      expect(await remainingOf(issued.InvoiceNo)).toBe(180)
    })

    it("rejects more than the remaining amount with 2000034, allows exactly the rest", async () => {
      const issued = await client.issue()
      await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 200))
      const tooMuch = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 101))
      expect(tooMuch.RtnCode).toBe(RtnCode.ALLOWANCE_NOT_ENOUGH)
      const rest = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 100))
      expect(rest).toMatchObject({ RtnCode: 1, IA_Remain_Allowance_Amt: 0 })
    })

    it("allows allowances only on existing, issued, non-voided invoices with the right date", async () => {
      const issued = await client.issue()
      expect((await client.data("Allowance", allowanceData("ZZ00000000", issued.InvoiceDate, 10))).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
      expect((await client.data("Allowance", allowanceData(issued.InvoiceNo, "2025-03-04", 10))).RtnCode).toBe(
        RtnCode.INVOICE_DATE_MISMATCH
      )
      await client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "取消" })
      expect((await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))).RtnCode).toBe(
        RtnCode.ALLOWANCE_ON_VOIDED_INVOICE
      )
    })

    it("checks allowance fields and amounts", async () => {
      const issued = await client.issue()
      const call = (overrides: Record<string, unknown>) =>
        client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 100, overrides))
      expect((await call({ AllowanceAmount: 99 })).RtnCode).toBe(RtnCode.ALLOWANCE_AMOUNT_MISMATCH)
      expect(
        (await call({ Items: [{ ItemName: "退貨", ItemCount: 1, ItemWord: "個", ItemPrice: 100, ItemAmount: 100 }] })).RtnMsg
      ).toContain("Items[0].ItemSeq")
      expect(
        (await call({ Items: [{ ItemSeq: 1, ItemName: "退貨", ItemCount: 2, ItemWord: "個", ItemPrice: 100, ItemAmount: 100 }] })).RtnCode
      ).toBe(RtnCode.ITEM_AMOUNT_MISMATCH)
      expect((await call({ NotifyMail: "" })).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
      expect((await call({ AllowanceNotify: "S" })).RtnMsg).toContain("NotifyPhone")
      expect((await call({ AllowanceNotify: "A", NotifyPhone: "0912345678", NotifyMail: "a@example.com;b@example.com" })).RtnCode).toBe(1)
      expect((await call({ AllowanceNotify: "X" })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await call({ InvoiceDate: "05/03/2025" })).RtnCode).toBe(RtnCode.FIELD_FORMAT)
      expect((await call({ AllowanceNotify: "N", NotifyMail: "", AllowanceAmount: 100 })).RtnCode).toBe(1)
    })
  })

  describe("AllowanceInvalid, GetAllowanceList, GetAllowanceInvalid", () => {
    it("voids an allowance, returns its amount and reports it in queries", async () => {
      const issued = await client.issue()
      const created = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 100))
      const reply = await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: created.IA_Allow_No, Reason: "開錯" })
      expect(reply).toEqual({ RtnCode: 1, RtnMsg: "該折讓單已作廢", IA_Invoice_No: issued.InvoiceNo })
      expect(await remainingOf(issued.InvoiceNo)).toBe(300)
      const again = await client.data("AllowanceInvalid", {
        InvoiceNo: issued.InvoiceNo,
        AllowanceNo: created.IA_Allow_No,
        Reason: "again",
      })
      expect(again.RtnCode).toBe(RtnCode.ALLOWANCE_ALREADY_VOIDED)

      const list = await client.data("GetAllowanceList", { SearchType: "0", AllowanceNo: created.IA_Allow_No })
      expect(list.AllowanceInfo).toEqual([
        expect.objectContaining({
          IA_Allow_No: created.IA_Allow_No,
          IA_Invoice_No: issued.InvoiceNo,
          IA_Invalid_Status: "1",
          IA_Total_Tax_Amount: 100,
          IA_Tax_Amount: 5,
          IA_Total_Amount: 95,
        }),
      ])
      const voided = await client.data("GetAllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: created.IA_Allow_No })
      expect(voided).toMatchObject({
        RtnCode: 1,
        AI_Allow_No: created.IA_Allow_No,
        AI_Invoice_No: issued.InvoiceNo,
        Reason: "開錯",
        AI_Date: "2025-03-05 10:00:00",
      })
    })

    it("answers 2000039 for unknown allowances and 2000044 for a live one in GetAllowanceInvalid", async () => {
      const issued = await client.issue()
      const unknown = await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: "2025030500009999", Reason: "x" })
      expect(unknown).toMatchObject({ RtnCode: RtnCode.ALLOWANCE_NOT_FOUND, RtnMsg: expect.stringContaining("查無折讓單資料") })
      const created = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))
      expect((await client.data("GetAllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: created.IA_Allow_No })).RtnCode).toBe(
        RtnCode.ALLOWANCE_INVALID_NOT_FOUND
      )
      expect((await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: "123", Reason: "x" })).RtnCode).toBe(
        RtnCode.FIELD_FORMAT
      )
    })

    it("locks allowance voids after the 13th of the odd month following the allowance's period", async () => {
      sim.setClock(new Date("2025-02-27T04:00:00Z"))
      const issued = await client.issue()
      const created = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))
      sim.setClock(new Date("2025-03-13T16:00:00Z"))
      const locked = await client.data("AllowanceInvalid", {
        InvoiceNo: issued.InvoiceNo,
        AllowanceNo: created.IA_Allow_No,
        Reason: "late",
      })
      expect(locked.RtnCode).toBe(RtnCode.ALLOWANCE_PERIOD_LOCKED)
    })

    it("lists by invoice + issue date (SearchType 1) and invoice + allowance date (SearchType 2)", async () => {
      const issued = await client.issue()
      const first = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))
      sim.advanceClock(24 * HOUR)
      const second = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 20))
      const byIssueDate = await client.data("GetAllowanceList", { SearchType: "1", InvoiceNo: issued.InvoiceNo, Date: "2025-03-05" })
      expect(byIssueDate.AllowanceInfo.map((a) => a.IA_Allow_No)).toEqual([first.IA_Allow_No, second.IA_Allow_No])
      const byAllowanceDate = await client.data("GetAllowanceList", { SearchType: "2", InvoiceNo: issued.InvoiceNo, Date: "2025-03-06" })
      expect(byAllowanceDate.AllowanceInfo.map((a) => a.IA_Allow_No)).toEqual([second.IA_Allow_No])
      expect(byAllowanceDate.AllowanceInfo[0]).toMatchObject({
        IA_Date: "2025-03-06 10:00:00",
        IA_Invalid_Status: "0",
        Items: [expect.objectContaining({ ItemSeq: 1, ItemAmount: 20, ItemRateAmt: 1 })],
      })
      expect((await client.data("GetAllowanceList", { SearchType: "1", InvoiceNo: issued.InvoiceNo, Date: "2025-03-06" })).RtnCode).toBe(
        RtnCode.ALLOWANCE_NOT_FOUND
      )
    })
  })

  describe("AllowanceByCollegiate (online agreement)", () => {
    const onlineData = (invoiceNo: string, invoiceDate: string, amount: number, overrides: Record<string, unknown> = {}) =>
      allowanceData(invoiceNo, invoiceDate, amount, { ReturnURL: receiver.url, ...overrides })

    it("creates a pending allowance that reserves its amount and is not listed yet", async () => {
      const issued = await client.issue()
      const reply = await client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 100))
      expect(reply).toMatchObject({
        RtnCode: 1,
        IA_Allow_No: expect.stringMatching(/^\d{16}$/),
        IA_Invoice_No: issued.InvoiceNo,
        IA_TempDate: "2025-03-05 10:00:00",
        IA_TempExpireDate: "2025-03-08 10:00:00",
        IA_Remain_Allowance_Amt: 200,
      })
      expect(await remainingOf(issued.InvoiceNo)).toBe(200)
      expect((await client.data("GetAllowanceList", { SearchType: "0", AllowanceNo: reply.IA_Allow_No })).RtnCode).toBe(
        RtnCode.ALLOWANCE_NOT_FOUND
      )
      // a pending allowance is cancelled, not voided
      expect(
        (await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: reply.IA_Allow_No, Reason: "x" })).RtnCode
      ).toBe(RtnCode.ALLOWANCE_NOT_FOUND)
      expect(sim.snapshot().allowances[0]).toMatchObject({ status: "pending", mode: "online", returnUrl: receiver.url })
    })

    it("requires AllowanceNotify E, NotifyMail and an http(s) ReturnURL", async () => {
      const issued = await client.issue()
      const call = (overrides: Record<string, unknown>) =>
        client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 10, overrides))
      expect((await call({ AllowanceNotify: "S", NotifyPhone: "0912345678" })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await call({ NotifyMail: "" })).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
      expect((await call({ ReturnURL: "" })).RtnMsg).toContain("ReturnURL")
      expect((await call({ ReturnURL: "ftp://example.com/x" })).RtnCode).toBe(RtnCode.FIELD_FORMAT)
      expect(
        (
          await call({
            AllowanceAmount: 301,
            Items: [{ ItemSeq: 1, ItemName: "x", ItemCount: 1, ItemWord: "個", ItemPrice: 301, ItemAmount: 301 }],
          })
        ).RtnCode
      ).toBe(RtnCode.ALLOWANCE_NOT_ENOUGH)
    })

    it("on agreement turns it into a live allowance and POSTs a CheckMacValue-signed callback", async () => {
      const issued = await client.issue()
      const created = await client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 100))
      sim.advanceClock(HOUR)
      const result = await sim.agreeAllowance(created.IA_Allow_No)
      expect(result).toMatchObject({
        allowanceNo: created.IA_Allow_No,
        agreed: true,
        url: receiver.url,
        httpStatus: 200,
        body: "1|OK",
        acknowledged: true,
        error: null,
      })

      expect(receiver.received).toHaveLength(1)
      const { headers, fields } = receiver.received[0]
      expect(headers["content-type"]).toBe("application/x-www-form-urlencoded")
      expect(fields).toEqual({
        RtnCode: "1",
        RtnMsg: expect.any(String),
        IA_Allow_No: created.IA_Allow_No,
        IA_Invoice_No: issued.InvoiceNo,
        IA_Date: "2025-03-05 11:00:00",
        IIS_Remain_Allowance_Amt: "200",
        MerchantID: STAGE.merchantId,
        CheckMacValue: expect.stringMatching(/^[0-9A-F]{32}$/),
      })
      expect(fields.CheckMacValue).toBe(checkMacValue(fields))
      expect(checkMacValue({ ...fields, IIS_Remain_Allowance_Amt: "300" })).not.toBe(fields.CheckMacValue)

      const listed = await client.data("GetAllowanceList", { SearchType: "0", AllowanceNo: created.IA_Allow_No })
      expect(listed.AllowanceInfo[0]).toMatchObject({ IA_Allow_No: created.IA_Allow_No, IA_Date: "2025-03-05 11:00:00" })
      expect(await remainingOf(issued.InvoiceNo)).toBe(200)
      // now it is a real allowance: it can be voided but no longer cancelled
      expect(
        (await client.data("AllowanceInvalidByCollegiate", { InvoiceNo: issued.InvoiceNo, AllowanceNo: created.IA_Allow_No, Reason: "x" }))
          .RtnCode
      ).toBe(RtnCode.ALLOWANCE_NOT_PENDING)
      expect(
        (await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: created.IA_Allow_No, Reason: "x" })).RtnCode
      ).toBe(1)
    })

    it("on disagreement (via the control API) posts RtnCode ≠ 1 and returns the amount", async () => {
      const issued = await client.issue()
      const created = await client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 100))
      const { status, body } = await client.control("POST", `allowances/${created.IA_Allow_No}/disagree`)
      expect(status).toBe(200)
      expect(body).toMatchObject({ agreed: false, httpStatus: 200, acknowledged: true })
      const { fields } = receiver.received[0]
      expect(fields.RtnCode).not.toBe("1")
      expect(fields.IIS_Remain_Allowance_Amt).toBe("300")
      expect(fields.CheckMacValue).toBe(checkMacValue(fields))
      expect(await remainingOf(issued.InvoiceNo)).toBe(300)
      expect(sim.snapshot().allowances[0].status).toBe("rejected")
    })

    it("reports a merchant that does not answer 1|OK, or cannot be reached, without undoing the answer", async () => {
      const grumpy = await startCallbackReceiver("0|ERROR", 500)
      try {
        const issued = await client.issue()
        const first = await client.data(
          "AllowanceByCollegiate",
          onlineData(issued.InvoiceNo, issued.InvoiceDate, 10, { ReturnURL: grumpy.url })
        )
        expect(await sim.agreeAllowance(first.IA_Allow_No)).toMatchObject({ httpStatus: 500, body: "0|ERROR", acknowledged: false })
        const second = await client.data(
          "AllowanceByCollegiate",
          onlineData(issued.InvoiceNo, issued.InvoiceDate, 10, { ReturnURL: "http://127.0.0.1:1/unreachable" })
        )
        const unreachable = await sim.agreeAllowance(second.IA_Allow_No)
        expect(unreachable).toMatchObject({ httpStatus: null, body: null, acknowledged: false, error: expect.any(String) })
        expect(sim.snapshot().allowances.map((a) => a.status)).toEqual(["issued", "issued"])
      } finally {
        await grumpy.close()
      }
    })

    it("is cancelled by AllowanceInvalidByCollegiate only while pending, returning the amount", async () => {
      const issued = await client.issue()
      const created = await client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 100))
      const reply = await client.data("AllowanceInvalidByCollegiate", {
        InvoiceNo: issued.InvoiceNo,
        AllowanceNo: created.IA_Allow_No,
        Reason: "買方取消",
      })
      expect(reply).toMatchObject({ RtnCode: 1, IA_Invoice_No: issued.InvoiceNo })
      expect(await remainingOf(issued.InvoiceNo)).toBe(300)
      const again = await client.data("AllowanceInvalidByCollegiate", {
        InvoiceNo: issued.InvoiceNo,
        AllowanceNo: created.IA_Allow_No,
        Reason: "x",
      })
      expect(again.RtnCode).toBe(RtnCode.ALLOWANCE_NOT_PENDING)
      const paper = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))
      expect(
        (await client.data("AllowanceInvalidByCollegiate", { InvoiceNo: issued.InvoiceNo, AllowanceNo: paper.IA_Allow_No, Reason: "x" }))
          .RtnCode
      ).toBe(RtnCode.ALLOWANCE_NOT_PENDING)
      expect(
        (await client.data("AllowanceInvalidByCollegiate", { InvoiceNo: issued.InvoiceNo, AllowanceNo: "2025030500000999", Reason: "x" }))
          .RtnCode
      ).toBe(RtnCode.ALLOWANCE_NOT_FOUND)
      const control = await client.control("POST", `allowances/${created.IA_Allow_No}/agree`)
      expect(control.status).toBe(409)
    })

    it("expires after 72 hours, returning the amount", async () => {
      const issued = await client.issue()
      const created = await client.data("AllowanceByCollegiate", onlineData(issued.InvoiceNo, issued.InvoiceDate, 100))
      sim.advanceClock(72 * HOUR)
      await expect(sim.agreeAllowance(created.IA_Allow_No)).rejects.toThrow(/expired/)
      expect(await remainingOf(issued.InvoiceNo)).toBe(300)
      expect(receiver.received).toHaveLength(0)
      expect((await client.control("POST", "allowances/0000000000000000/agree")).status).toBe(404)
    })
  })
})
