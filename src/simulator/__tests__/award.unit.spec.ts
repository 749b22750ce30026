import { RtnCode } from "../codes"
import { ControlError, type RunningSimulator } from "../index"
import { MARCH_5_2025, TestClient, startTestSimulator } from "./helpers"

/** A B2B invoice (with a 統編): these take no part in the lottery. */
const B2B = {
  CustomerIdentifier: "22099131",
  CustomerName: "（模擬）測試科技股份有限公司",
  SalesAmount: 1050,
  Items: [{ ItemName: "顧問費", ItemCount: 1, ItemWord: "式", ItemPrice: 1050, ItemAmount: 1050 }],
}

describe("lottery awards (中獎)", () => {
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

  const getIssue = (invoiceNo: string) => client.data("GetIssue", { InvoiceNo: invoiceNo, InvoiceDate: "2025-03-05" })

  describe("awarding", () => {
    it("POST /__control/invoices/:invoiceNo/award awards the tier given and answers the invoice as GetIssue shows it", async () => {
      const issued = await client.issue()
      const { status, body } = await client.control("POST", `invoices/${issued.InvoiceNo}/award`, { awardType: 2 })
      expect(status).toBe(200)
      expect(body).toMatchObject({ IIS_Number: issued.InvoiceNo, IIS_Award_Flag: "1", IIS_Award_Type: 2, IIS_Sales_Amount: 300 })
      expect(body.Items).toHaveLength(2)
      expect(body).not.toHaveProperty("RtnCode")
      const state = (await client.control("GET", "state")).body
      expect(state.invoices[0].award).toEqual({ type: 2, at: MARCH_5_2025.toISOString() })
    })

    it("awards tier 6 by default, with or without a body, and in-process", async () => {
      const first = await client.issue()
      const second = await client.issue()
      const third = await client.issue()
      expect((await client.control("POST", `invoices/${first.InvoiceNo}/award`)).body.IIS_Award_Type).toBe(6)
      expect((await client.control("POST", `invoices/${second.InvoiceNo}/award`, { merchantId: "2000132" })).body.IIS_Award_Type).toBe(6)
      expect(sim.awardInvoice(third.InvoiceNo)).toMatchObject({ IIS_Number: third.InvoiceNo, IIS_Award_Flag: "1", IIS_Award_Type: 6 })
      expect(sim.awardInvoice(third.InvoiceNo, 12).IIS_Award_Type).toBe(12)
      expect(sim.snapshot().invoices.map((invoice) => invoice.award?.type)).toEqual([6, 6, 12])
    })

    it("refuses an unknown invoice (404), a voided one, a B2B one and a tier outside 1–12 (400), naming the field", async () => {
      const issued = await client.issue()
      const b2b = await client.issue(B2B)
      const voided = await client.issue()
      await client.data("Invalid", { InvoiceNo: voided.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "訂單取消" })

      const award = (invoiceNo: string, body?: unknown) => client.control("POST", `invoices/${invoiceNo}/award`, body)
      expect(await award("ZZ00000000")).toEqual({ status: 404, body: { error: expect.stringContaining("ZZ00000000") } })
      expect((await award(issued.InvoiceNo, { merchantId: "3000000" })).status).toBe(404)
      const refusedB2b = await award(b2b.InvoiceNo)
      expect(refusedB2b.status).toBe(400)
      expect(refusedB2b.body.error).toContain("CustomerIdentifier")
      expect(refusedB2b.body.error).toContain("B2B")
      const refusedVoided = await award(voided.InvoiceNo)
      expect(refusedVoided.status).toBe(400)
      expect(refusedVoided.body.error).toContain("voided")
      for (const awardType of [0, 13, 2.5, "6", null]) {
        const refused = await award(issued.InvoiceNo, { awardType })
        expect(refused.status).toBe(400)
        expect(refused.body.error).toContain("awardType")
      }
      const badMerchant = await award(issued.InvoiceNo, { merchantId: 2000132 })
      expect(badMerchant.status).toBe(400)
      expect(badMerchant.body.error).toContain("merchantId")

      // In-process: the same refusals, as ControlError with the HTTP status.
      expect(() => sim.awardInvoice("ZZ00000000")).toThrow(expect.objectContaining({ status: 404 }))
      expect(() => sim.awardInvoice(b2b.InvoiceNo)).toThrow(ControlError)
      expect(() => sim.awardInvoice(voided.InvoiceNo)).toThrow(
        expect.objectContaining({ status: 400, message: expect.stringContaining("voided") })
      )
      expect(() => sim.awardInvoice(issued.InvoiceNo, 0)).toThrow(
        expect.objectContaining({ status: 400, message: expect.stringContaining("awardType") })
      )

      // Nothing was awarded.
      expect(sim.snapshot().invoices.map((invoice) => invoice.award)).toEqual([null, null, null])
    })
  })

  describe("what the protocol shows", () => {
    it("GetIssue: flag 1 and the tier when awarded, '' and 0 when not, X for B2B", async () => {
      const awarded = await client.issue()
      const plain = await client.issue()
      const b2b = await client.issue(B2B)
      sim.awardInvoice(awarded.InvoiceNo, 3)
      expect(await getIssue(awarded.InvoiceNo)).toMatchObject({ RtnCode: 1, IIS_Award_Flag: "1", IIS_Award_Type: 3 })
      expect(await client.data("GetIssue", { RelateNumber: (await getIssue(awarded.InvoiceNo)).IIS_Relate_Number })).toMatchObject({
        IIS_Award_Flag: "1",
        IIS_Award_Type: 3,
      })
      expect(await getIssue(plain.InvoiceNo)).toMatchObject({ IIS_Award_Flag: "", IIS_Award_Type: 0 })
      expect(await getIssue(b2b.InvoiceNo)).toMatchObject({ IIS_Award_Flag: "X", IIS_Award_Type: 0 })
    })

    it("GetIssueList: Query_Award 1 lists only awarded invoices, 2 only the others, 0 all", async () => {
      const numbers: string[] = []
      for (let i = 0; i < 4; i++) {
        numbers.push((await client.issue()).InvoiceNo)
        sim.advanceClock(60 * 60 * 1000)
      }
      const b2b = (await client.issue(B2B)).InvoiceNo
      sim.awardInvoice(numbers[1], 6)
      sim.awardInvoice(numbers[3], 1)
      const list = async (queryAward: string) => {
        const reply = await client.data("GetIssueList", {
          BeginDate: "2025-03-01",
          EndDate: "2025-03-31",
          NumPerPage: 50,
          ShowingPage: 1,
          DataType: "1",
          Query_Award: queryAward,
        })
        expect(reply.RtnCode).toBe(1)
        return { total: reply.TotalCount, numbers: reply.InvoiceData.map((invoice) => invoice.IIS_Number) }
      }
      expect(await list("1")).toEqual({ total: 2, numbers: [numbers[3], numbers[1]] })
      expect((await list("2")).numbers.sort()).toEqual([numbers[0], numbers[2], b2b].sort())
      expect((await list("0")).total).toBe(5)
      const awardedRows = await client.data("GetIssueList", {
        BeginDate: "2025-03-01",
        EndDate: "2025-03-31",
        NumPerPage: 50,
        ShowingPage: 1,
        Query_Award: "1",
      })
      expect(awardedRows.InvoiceData.map((invoice) => [invoice.IIS_Award_Flag, invoice.IIS_Award_Type])).toEqual([
        ["1", 1],
        ["1", 6],
      ])
    })

    it("InvoiceNotify AW: accepted for an awarded invoice, refused with the same code as before for one that is not", async () => {
      const awarded = await client.issue()
      const plain = await client.issue()
      const notify = (invoiceNo: string) =>
        client.data("InvoiceNotify", {
          InvoiceNo: invoiceNo,
          InvoiceTag: "AW",
          Notify: "E",
          NotifyMail: "buyer@example.com",
          Notified: "C",
        })
      expect((await notify(awarded.InvoiceNo)).RtnCode).toBe(RtnCode.NOTIFY_TAG_NOT_APPLICABLE)
      sim.awardInvoice(awarded.InvoiceNo)
      expect(await notify(awarded.InvoiceNo)).toMatchObject({ RtnCode: 1, MerchantID: "2000132" })
      const refused = await notify(plain.InvoiceNo)
      expect(refused.RtnCode).toBe(RtnCode.NOTIFY_TAG_NOT_APPLICABLE)
      expect(refused.RtnMsg).toContain("未中獎")
      expect(sim.snapshot().notifications).toEqual([expect.objectContaining({ invoiceNo: awarded.InvoiceNo, invoiceTag: "AW" })])
    })

    it("the print page shows a 中獎 mark for an awarded invoice only", async () => {
      const awarded = await client.issue()
      const plain = await client.issue()
      sim.awardInvoice(awarded.InvoiceNo, 4)
      const page = async (invoiceNo: string) => {
        const reply = await client.data("InvoicePrint", { InvoiceNo: invoiceNo, InvoiceDate: "2025-03-05" })
        expect(reply.RtnCode).toBe(1)
        return (await fetch(reply.InvoiceHtml)).text()
      }
      const html = await page(awarded.InvoiceNo)
      expect(html).toMatch(/<p class="award" id="award" data-award-type="4">中獎[^<]*4[^<]*<\/p>/)
      const plainHtml = await page(plain.InvoiceNo)
      expect(plainHtml).not.toContain('id="award"')
      expect(plainHtml).not.toContain("中獎")
    })
  })
})
