import { InvoiceChoiceSchema, toIssueBuyerFields, toStoredChoice, DEFAULT_CHOICE } from "../invoice-choice"
import { findRequestIssues } from "../ecpay"

const contact = { email: "buyer@example.com", phone: "0912345678", name: "王小明", address: "100台北市中正區重慶南路一段1號" }

/** The buyer fields must satisfy the protocol layer's own Issue rules. */
function protocolIssues(fields: ReturnType<typeof toIssueBuyerFields>) {
  return findRequestIssues("Issue", {
    RelateNumber: "T1",
    ...fields,
    TaxType: "1",
    SalesAmount: 100,
    InvType: "07",
    Items: [{ ItemName: "茶", ItemCount: 1, ItemWord: "件", ItemPrice: 100, ItemAmount: 100 }],
  })
}

describe("invoice choice → ECPay Issue fields", () => {
  it.each([
    [{ type: "member" }, { CarrierType: "1", CarrierNum: "", Print: "0", Donation: "0" }],
    [
      { type: "citizen_certificate", carrier_number: "ab12345678901234" },
      { CarrierType: "2", CarrierNum: "AB12345678901234" },
    ],
    [
      { type: "mobile_barcode", carrier_number: "/abc+123" },
      { CarrierType: "3", CarrierNum: "/ABC+123" },
    ],
    [
      { type: "donation", love_code: "168001" },
      { Donation: "1", LoveCode: "168001", Print: "0", CarrierType: "" },
    ],
    [
      { type: "company", tax_id: "12345675", company_name: "好茶股份有限公司" },
      { CustomerIdentifier: "12345675", CustomerName: "好茶股份有限公司", CarrierType: "1", Print: "0" },
    ],
    [
      { type: "company", tax_id: "12345675", company_name: "好茶股份有限公司", print: true, address: "台北市" },
      { CarrierType: "", Print: "1", CustomerAddr: "台北市" },
    ],
    [
      { type: "company", tax_id: "12345675", company_name: "好茶", carrier_number: "/ABC1234" },
      { CarrierType: "3", CarrierNum: "/ABC1234", Print: "0" },
    ],
    [
      { type: "paper", buyer_name: "王小明", address: "台北市" },
      { CarrierType: "", Print: "1", CustomerName: "王小明" },
    ],
    [
      { type: "easycard", carrier_number: "HIDDEN01", carrier_number2: "VISIBLE01" },
      { CarrierType: "4", CarrierNum: "HIDDEN01", CarrierNum2: "VISIBLE01" },
    ],
    [{ type: "ipass", carrier_number: "H2", carrier_number2: "V2" }, { CarrierType: "5" }],
  ])("%j maps to fields ECPay accepts", (input, expected) => {
    const parsed = InvoiceChoiceSchema.parse(input)
    const fields = toIssueBuyerFields(toStoredChoice(parsed), contact)
    expect(fields).toMatchObject(expected)
    expect(protocolIssues(fields)).toEqual([])
  })

  it("defaults to the member carrier of the order's e-mail", () => {
    const fields = toIssueBuyerFields(DEFAULT_CHOICE, { email: "a@b.tw" })
    expect(fields).toMatchObject({ CarrierType: "1", CustomerEmail: "a@b.tw" })
    expect(protocolIssues(fields)).toEqual([])
  })

  it("normalises phone numbers", () => {
    expect(InvoiceChoiceSchema.parse({ type: "member", phone: "+886 912-345-678" }).phone).toBe("0912345678")
  })

  it.each([
    [{ type: "donation", love_code: "168001", print: true }, "print"],
    [{ type: "mobile_barcode", carrier_number: "ABC1234" }, "carrier_number"],
    [{ type: "company", tax_id: "12345678", company_name: "x" }, "tax_id"],
    [{ type: "paper", buyer_name: "x" }, "address"],
    [{ type: "company", tax_id: "12345675" }, "company_name"],
    [{ type: "member", love_code: "168001" }, "love_code"],
    [{ type: "bitcoin" }, "type"],
  ])("rejects %j on %s", (input, field) => {
    const result = InvoiceChoiceSchema.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((issue) => issue.path[0])).toContain(field)
  })
})
