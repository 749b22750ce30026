import { allowancesCsv, csvField, invoicesCsv, type CsvInvoice } from "../invoice-csv"

const row: CsvInvoice = {
  invoice_number: "AB12345678",
  invoice_date: new Date("2026-11-25T02:03:04Z"),
  order_display_id: 42,
  order_id: "order_1",
  relate_number: "MD42ABCDEF",
  status: "issued",
  type: "company",
  company_tax_id: "04595257",
  company_name: "綠界科技股份有限公司",
  buyer_name: null,
  carrier_type: null,
  carrier_number: null,
  love_code: null,
  total: 1050,
  company_amounts: { sales_amount: 1000, tax_amount: 50 },
  allowance_total: 100,
  voided_at: null,
  void_reason: null,
  award_status: "X",
  printed_at: new Date("2026-11-26T01:00:00Z"),
}

describe("invoicesCsv", () => {
  it("starts with a BOM and bilingual headers, one CRLF-terminated row per invoice, times in Taipei", () => {
    const csv = invoicesCsv([row])
    expect(csv.startsWith("\uFEFF發票號碼 Invoice number,")).toBe(true)
    const lines = csv.slice(1).split("\r\n")
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe("")
    expect(lines[1]).toBe(
      "AB12345678,2026-11-25 10:03:04,#42,MD42ABCDEF,issued,,company,04595257,綠界科技股份有限公司,,,,1050,1000,50,100,,,,2026-11-26 09:00:00"
    )
  })

  it("marks an order change's additional invoice (補開發票)", () => {
    const csv = invoicesCsv([{ ...row, kind: "additional", relate_number: "MD42ABCDEFA1" }])
    expect(csv.split("\r\n")[0]).toContain(",狀態 Status,補開 Additional,")
    expect(csv.split("\r\n")[1]).toContain(",MD42ABCDEFA1,issued,Y,company,")
  })

  it("says which invoices won: the prize tier when ECPay gave it, else Y", () => {
    const winning = (award_status: string | null) =>
      invoicesCsv([{ ...row, award_status, printed_at: null }])
        .slice(1)
        .split("\r\n")[1]
    expect(winning("6").endsWith(",6,")).toBe(true)
    expect(winning("1").endsWith(",1,")).toBe(true)
    expect(winning("0").endsWith(",,")).toBe(true)
    expect(winning(null).endsWith(",,")).toBe(true)
    expect(invoicesCsv([row]).split("\r\n")[0].endsWith(",中獎 Winning,證明聯列印 Printed (Taipei)")).toBe(true)
  })

  it("lists allowances with their own date and the invoice they belong to", () => {
    const csv = allowancesCsv([
      {
        allowance_number: "2026112512345678",
        allowance_date: new Date("2026-12-01T01:00:00Z"),
        invoice_number: "AB12345678",
        invoice_date: new Date("2026-10-30T02:00:00Z"),
        order_display_id: 7,
        order_id: "order_7",
        status: "issued",
        agreement: "paper",
        amount: 350,
        reason: "瑕疵, 退貨",
        voided_at: null,
        void_reason: null,
      },
    ])
    const lines = csv.slice(1).split("\r\n")
    expect(lines[0].startsWith("折讓單號 Allowance number,折讓時間 Allowance date (Taipei),")).toBe(true)
    expect(lines[1]).toBe('2026112512345678,2026-12-01 09:00:00,AB12345678,2026-10-30 10:00:00,#7,issued,paper,350,"瑕疵, 退貨",,')
  })

  it("quotes commas, quotes and line breaks, and defuses spreadsheet formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""')
    expect(csvField("line\nbreak")).toBe('"line\nbreak"')
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)")
    expect(csvField(-5)).toBe("-5")
    expect(csvField(null)).toBe("")
  })
})
