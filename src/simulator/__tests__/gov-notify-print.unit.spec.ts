import { RtnCode } from "../codes"
import type { RunningSimulator } from "../index"
import { MARCH_5_2025, TestClient, allowanceData, startTestSimulator } from "./helpers"

describe("government lookups, InvoiceNotify and InvoicePrint", () => {
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

  describe("CheckBarcode", () => {
    it("treats well-formed barcodes as existing unless registered as unknown", async () => {
      expect(await client.data("CheckBarcode", { BarCode: "/ABC1234" })).toMatchObject({ RtnCode: 1, IsExist: "Y" })
      expect((await client.data("CheckBarcode", { BarCode: "/0000000" })).IsExist).toBe("N")
      expect((await client.data("CheckBarcode", { BarCode: "/abc1234" })).IsExist).toBe("N")
      expect((await client.data("CheckBarcode", { BarCode: "ABC12345" })).IsExist).toBe("N")
      expect((await client.data("CheckBarcode", { BarCode: "" })).RtnCode).toBe(RtnCode.FIELD_REQUIRED)
    })

    it("finds a barcode with + only when the client escapes it (%2B)", async () => {
      expect((await client.data("CheckBarcode", { BarCode: "/A+B.C-1" }, { flavor: "php" })).IsExist).toBe("Y")
      expect((await client.data("CheckBarcode", { BarCode: "/A+B.C-1" }, { flavor: "rawPlus" })).IsExist).toBe("N")
    })

    it("follows registry changes", async () => {
      sim.addToRegistry({ barcodes: ["/0000000"], unknownBarcodes: ["/LOST123"] })
      expect((await client.data("CheckBarcode", { BarCode: "/0000000" })).IsExist).toBe("Y")
      expect((await client.data("CheckBarcode", { BarCode: "/LOST123" })).IsExist).toBe("N")
    })
  })

  describe("CheckLoveCode and GetCompanyNameByTaxID", () => {
    it("answers from the registry", async () => {
      expect((await client.data("CheckLoveCode", { LoveCode: "168001" })).IsExist).toBe("Y")
      expect((await client.data("CheckLoveCode", { LoveCode: "919" })).IsExist).toBe("Y")
      expect((await client.data("CheckLoveCode", { LoveCode: "7654321" })).IsExist).toBe("N")
      expect((await client.data("CheckLoveCode", { LoveCode: "12" })).IsExist).toBe("N")
      expect(await client.data("GetCompanyNameByTaxID", { UnifiedBusinessNo: "22099131" })).toMatchObject({
        RtnCode: 1,
        CompanyName: expect.stringContaining("模擬"),
      })
      expect((await client.data("GetCompanyNameByTaxID", { UnifiedBusinessNo: "12345601" })).RtnCode).toBe(RtnCode.COMPANY_NOT_FOUND)
      expect((await client.data("GetCompanyNameByTaxID", { UnifiedBusinessNo: "1234" })).RtnCode).toBe(RtnCode.FIELD_FORMAT)
      sim.addToRegistry({
        loveCodes: [{ code: "7654321", name: "（模擬）新增機構" }],
        companies: [{ taxId: "12345601", name: "（模擬）新公司" }],
      })
      expect((await client.data("CheckLoveCode", { LoveCode: "7654321" })).IsExist).toBe("Y")
      expect((await client.data("GetCompanyNameByTaxID", { UnifiedBusinessNo: "12345601" })).CompanyName).toBe("（模擬）新公司")
    })

    it.each([
      ["CheckBarcode", { BarCode: "/ABC1234" }],
      ["CheckLoveCode", { LoveCode: "168001" }],
      ["GetCompanyNameByTaxID", { UnifiedBusinessNo: "22099131" }],
    ])("%s answers 9000001 while the government service is down", async (operation, data) => {
      sim.setFault({ type: "gov_down", operation })
      expect(await client.data(operation, data)).toEqual({ RtnCode: RtnCode.GOV_SERVICE_DOWN, RtnMsg: expect.any(String) })
      expect((await client.data(operation, data)).RtnCode).toBe(1)
    })

    it("does not let gov_down affect (or be consumed by) other operations", async () => {
      sim.setFault({ type: "gov_down" })
      expect((await client.issue()).RtnCode).toBe(1)
      expect((await client.data("CheckLoveCode", { LoveCode: "168001" })).RtnCode).toBe(RtnCode.GOV_SERVICE_DOWN)
    })
  })

  describe("InvoiceNotify", () => {
    it("records notifications for issue, void and allowance tags", async () => {
      const issued = await client.issue()
      const base = { InvoiceNo: issued.InvoiceNo, Notify: "E", NotifyMail: "buyer@example.com", Notified: "C" }
      expect(await client.data("InvoiceNotify", { ...base, InvoiceTag: "I" })).toMatchObject({ RtnCode: 1, MerchantID: "2000132" })
      const allowance = await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 10))
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "A", AllowanceNo: allowance.IA_Allow_No })).RtnCode).toBe(1)
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "AI", AllowanceNo: allowance.IA_Allow_No })).RtnCode).toBe(
        RtnCode.NOTIFY_TAG_NOT_APPLICABLE
      )
      await client.data("AllowanceInvalid", { InvoiceNo: issued.InvoiceNo, AllowanceNo: allowance.IA_Allow_No, Reason: "x" })
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "AI", AllowanceNo: allowance.IA_Allow_No })).RtnCode).toBe(1)
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "II" })).RtnCode).toBe(RtnCode.NOTIFY_TAG_NOT_APPLICABLE)
      await client.data("Invalid", { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "x" })
      expect(
        (await client.data("InvoiceNotify", { ...base, InvoiceTag: "II", Notify: "A", Phone: "0912345678", Notified: "A" })).RtnCode
      ).toBe(1)
      expect(sim.snapshot().notifications.map((n) => n.invoiceTag)).toEqual(["I", "A", "AI", "II"])
    })

    it("validates its fields", async () => {
      const issued = await client.issue()
      const base = { InvoiceNo: issued.InvoiceNo, InvoiceTag: "I", Notify: "E", NotifyMail: "buyer@example.com", Notified: "C" }
      expect((await client.data("InvoiceNotify", { ...base, Notify: "S" })).RtnMsg).toContain("Phone")
      expect((await client.data("InvoiceNotify", { ...base, NotifyMail: "" })).RtnMsg).toContain("NotifyMail")
      expect((await client.data("InvoiceNotify", { ...base, NotifyMail: "x@" })).RtnCode).toBe(RtnCode.FIELD_FORMAT)
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "A" })).RtnMsg).toContain("AllowanceNo")
      expect((await client.data("InvoiceNotify", { ...base, InvoiceTag: "AW" })).RtnCode).toBe(RtnCode.NOTIFY_TAG_NOT_APPLICABLE)
      expect((await client.data("InvoiceNotify", { ...base, Notified: "X" })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      expect((await client.data("InvoiceNotify", { ...base, InvoiceNo: "ZZ00000000" })).RtnCode).toBe(RtnCode.INVOICE_NOT_FOUND)
    })
  })

  describe("InvoicePrint", () => {
    it("returns an InvoiceHtml URL on the simulator that serves the invoice page", async () => {
      const issued = await client.issue()
      const reply = await client.data("InvoicePrint", {
        InvoiceNo: issued.InvoiceNo,
        InvoiceDate: "2025-03-05",
        PrintStyle: 1,
        IsShowingDetail: "1",
      })
      expect(reply.RtnCode).toBe(1)
      expect(reply.InvoiceHtml.startsWith(`${sim.url}/__print/`)).toBe(true)
      const page = await fetch(reply.InvoiceHtml)
      expect(page.status).toBe(200)
      expect(page.headers.get("content-type")).toContain("text/html")
      const html = await page.text()
      expect(html).toContain(`${issued.InvoiceNo.slice(0, 2)}-${issued.InvoiceNo.slice(2)}`)
      expect(html).toContain(issued.RandomNumber)
      expect(html).toContain("商品 A")
      expect((await fetch(`${sim.url}/__print/unknown`)).status).toBe(404)
    })

    it("refuses voided invoices, fully reduced invoices, wrong dates and bad styles", async () => {
      const issued = await client.issue()
      const request = { InvoiceNo: issued.InvoiceNo, InvoiceDate: "2025-03-05" }
      expect((await client.data("InvoicePrint", { ...request, InvoiceDate: "2025-03-04" })).RtnCode).toBe(RtnCode.INVOICE_DATE_MISMATCH)
      expect((await client.data("InvoicePrint", { ...request, PrintStyle: 9 })).RtnCode).toBe(RtnCode.FIELD_VALUE_NOT_ALLOWED)
      await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 300))
      expect((await client.data("InvoicePrint", request)).RtnCode).toBe(RtnCode.PRINT_NOT_ALLOWED)
      const other = await client.issue()
      await client.data("Invalid", { InvoiceNo: other.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "x" })
      expect((await client.data("InvoicePrint", { InvoiceNo: other.InvoiceNo, InvoiceDate: "2025-03-05" })).RtnCode).toBe(
        RtnCode.PRINT_NOT_ALLOWED
      )
    })
  })
})
