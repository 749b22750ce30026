import type { EinvoiceRecord } from "../../../lib/types"
import {
  checkReissue,
  defaultLoveCodeOf,
  fieldsOfType,
  initialReissueValues,
  placeReissueErrors,
  reissueBody,
  type ReissueFormValues,
} from "../reissue-form-model"

type InvoiceFields = Parameters<typeof initialReissueValues>[0] & object

const invoice = (overrides: Partial<EinvoiceRecord> = {}): InvoiceFields => ({
  type: "mobile_barcode",
  carrier_type: "3",
  carrier_number: "/AB12345",
  carrier_number2: null,
  love_code: null,
  company_tax_id: null,
  company_name: null,
  print: false,
  buyer_name: "王小明",
  buyer_address: null,
  buyer_email: "buyer@example.com",
  ...overrides,
})

const values = (overrides: Partial<ReissueFormValues>): ReissueFormValues => ({
  ...initialReissueValues(invoice()),
  reason: "載具錯誤",
  ...overrides,
})

describe("the reissue form's model", () => {
  it("starts from the invoice as it is", () => {
    expect(initialReissueValues(invoice())).toMatchObject({
      reason: "",
      type: "mobile_barcode",
      carrierNumber: "/AB12345",
      email: "buyer@example.com",
    })
    const company = initialReissueValues(
      invoice({
        type: "company",
        carrier_type: "1",
        carrier_number: null,
        company_tax_id: "12345675",
        company_name: "好茶",
        print: true,
        buyer_address: "台北市",
      })
    )
    // The member carrier has no number to show; a company's name is not a buyer name.
    expect(company).toMatchObject({
      type: "company",
      carrierNumber: "",
      taxId: "12345675",
      companyName: "好茶",
      print: true,
      address: "台北市",
      buyerName: "",
    })
    // A donation without a love code on record starts at the store's default charity.
    expect(initialReissueValues(invoice({ type: "member", carrier_type: "1", carrier_number: null }), "919").loveCode).toBe("919")
    expect(initialReissueValues(invoice({ type: "donation", love_code: "168001" }), "919").loveCode).toBe("168001")
  })

  it("picks the store's default charity, else its first", () => {
    const charities = [
      { code: "168001", name: "A" },
      { code: "919", name: "B" },
    ]
    expect(defaultLoveCodeOf(charities, "919")).toBe("919")
    expect(defaultLoveCodeOf(charities, null)).toBe("168001")
    expect(defaultLoveCodeOf([], null)).toBeNull()
  })

  it("checks the fields of the chosen type, with checkout's rules", () => {
    expect(checkReissue(values({}))).toEqual({})
    expect(checkReissue(values({ reason: " " })).reason).toEqual({ code: "reasonRequired" })
    expect(checkReissue(values({ reason: "一二三四五六七八九十一二三四五六七八九十一" })).reason?.code).toBe("tooLong")
    expect(checkReissue(values({ carrierNumber: "/ab12345" }))).toEqual({})
    expect(checkReissue(values({ carrierNumber: "AB12345" })).carrier_number?.code).toBe("mobileBarcode")
    expect(checkReissue(values({ type: "donation", loveCode: "" })).love_code?.code).toBe("required")
    expect(checkReissue(values({ type: "donation", loveCode: "12" })).love_code?.code).toBe("loveCode")
    expect(checkReissue(values({ type: "company", taxId: "12345678", companyName: "好茶" })).tax_id?.code).toBe("taxId")
    expect(checkReissue(values({ type: "company", taxId: "12345675", companyName: "" })).company_name?.code).toBe("required")
    expect(checkReissue(values({ type: "company", taxId: "12345675", companyName: "好茶", print: true, address: "" })).address?.code).toBe(
      "required"
    )
    expect(checkReissue(values({ type: "paper", buyerName: "", address: "" }))).toMatchObject({
      buyer_name: { code: "required" },
      address: { code: "required" },
    })
    expect(checkReissue(values({ type: "easycard", carrierNumber: "ＡＢ", carrierNumber2: "" }))).toMatchObject({
      carrier_number: { code: "halfWidth" },
      carrier_number2: { code: "required" },
    })
    expect(checkReissue(values({ type: "citizen_certificate", carrierNumber: "ab12345678901234" }))).toEqual({})
    expect(checkReissue(values({ email: "not-an-email" })).email?.code).toBe("email")
  })

  it("sends only the fields the type uses, normalised", () => {
    expect(reissueBody(values({ reason: " 載具錯誤 ", carrierNumber: " /ab12345 " }))).toEqual({
      reason: "載具錯誤",
      choice: { type: "mobile_barcode", carrier_number: "/AB12345", email: "buyer@example.com" },
    })
    expect(reissueBody(values({ type: "donation", loveCode: "919", email: "" })).choice).toEqual({ type: "donation", love_code: "919" })
    expect(
      reissueBody(values({ type: "company", taxId: "12345675", companyName: "好茶", print: false, address: "", email: "" })).choice
    ).toEqual({
      type: "company",
      tax_id: "12345675",
      company_name: "好茶",
      print: false,
    })
    expect(reissueBody(values({ type: "member", email: "" })).choice).toEqual({ type: "member" })
    expect(fieldsOfType("paper")).toEqual(["buyer_name", "address"])
  })

  it("puts the server's field errors beside their fields, the rest above the form", () => {
    const text = (code: string | undefined, message: string) => (code ? `[${code}]` : message)
    expect(
      placeReissueErrors(
        {
          message: "choice.tax_id: is not a valid 8-digit tax ID; reason: is required",
          errors: [
            { field: "choice.tax_id", message: "is not a valid 8-digit tax ID (統一編號)" },
            { field: "reason", message: "is required" },
            { field: "choice.love_code", message: "is not used for company invoices" },
          ],
        },
        "company",
        text
      )
    ).toEqual({
      fields: { tax_id: "is not a valid 8-digit tax ID (統一編號)", reason: "is required" },
      general: ["choice.love_code: is not used for company invoices"],
    })
    expect(placeReissueErrors({ code: "invalid_choice", message: "choice → CarrierNum: …", errors: [] }, "mobile_barcode", text)).toEqual({
      fields: {},
      general: ["[invalid_choice]"],
    })
  })
})
