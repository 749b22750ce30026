import { DEFAULT_CHOICE } from "../invoice-choice"
import { invoiceTaxPlan, lineTaxKind, parseTaxKind, taxKindOfCode } from "../line-tax"
import {
  buildIssuePayload,
  taxFields,
  taxKindConflict,
  type InvoiceSettingsForPayload,
  type OrderForInvoice,
} from "../order-invoice-payload"
import { companyAmounts, includedTax } from "../sales-tax"
import { findRequestIssues } from "../ecpay"

const VAT = [{ rate: 5, code: "TW-VAT" }]
const ZERO = [{ rate: 0, code: "TW-VAT" }]

describe("a line's tax kind", () => {
  it("reads the merchant's marking however it is written, and nothing else", () => {
    expect(["taxable", "Taxable", "1", "應稅"].map(parseTaxKind)).toEqual(["1", "1", "1", "1"])
    expect(["zero_rated", "zero-rated", "ZERO RATED", "2", "零稅率"].map(parseTaxKind)).toEqual(["2", "2", "2", "2", "2"])
    expect(["tax_free", "Tax-Free", "exempt", "3", "免稅"].map(parseTaxKind)).toEqual(["3", "3", "3", "3", "3"])
    expect(["", "5%", "vat", null, undefined, {}, 4].map(parseTaxKind)).toEqual([null, null, null, null, null, null, null])
  })

  it("reads a tax rate's code: the whole code or its last words; never taxable", () => {
    expect(taxKindOfCode("TW-EXEMPT")).toBe("3")
    expect(taxKindOfCode("tw_tax_free")).toBe("3")
    expect(taxKindOfCode("免稅")).toBe("3")
    expect(taxKindOfCode("TW-ZERO")).toBe("2")
    expect(taxKindOfCode("EXPORT_ZERO_RATED")).toBe("2")
    expect(taxKindOfCode("TW-VAT")).toBeNull()
    expect(taxKindOfCode("TAXABLE")).toBeNull()
    expect(taxKindOfCode(null)).toBeNull()
  })

  it.each([
    [
      "the product's marking wins over everything",
      { product_marking: "tax_free", category_markings: ["zero_rated"], tax_lines: VAT },
      "1",
      "3",
      "product",
    ],
    [
      "then the categories', when they agree",
      { category_markings: ["zero_rated", null, "zero-rated"], tax_lines: VAT },
      "1",
      "2",
      "category",
    ],
    ["categories that disagree say nothing", { category_markings: ["zero_rated", "tax_free"], tax_lines: VAT }, "3", "1", "tax_rate"],
    ["a rate above 0 is taxable, whatever its code", { tax_lines: [{ rate: 5, code: "TW-EXEMPT" }] }, "3", "1", "tax_rate"],
    ["a 0 % rate whose code names the kind", { tax_lines: [{ rate: 0, code: "TW-ZERO" }] }, "1", "2", "tax_code"],
    ["a 0 % rate whose code names none: tax-free", { tax_lines: ZERO }, "1", "3", "tax_rate"],
    ["…or zero-rated in a zero-rated store", { tax_lines: ZERO }, "2", "2", "tax_rate"],
    ["no tax lines: the store's tax type", { tax_lines: [] }, "2", "2", "store"],
    ["no tax information at all: the store's tax type", {}, "1", "1", "store"],
  ])("%s", (_name, line, store, kind, basis) => {
    expect(lineTaxKind(line, store)).toEqual({ kind, basis })
  })
})

describe("the invoice's TaxType", () => {
  const lines = (...kinds: Array<"1" | "2" | "3">) => kinds.map((kind, i) => ({ kind, name: `line ${i + 1}` }))

  it("one kind: that TaxType; taxable with either other kind: 9", () => {
    expect(invoiceTaxPlan(lines("1", "1"))).toEqual({ ok: true, taxType: "1", zeroRated: false })
    expect(invoiceTaxPlan(lines("3"))).toEqual({ ok: true, taxType: "3", zeroRated: false })
    expect(invoiceTaxPlan(lines("2", "2"))).toEqual({ ok: true, taxType: "2", zeroRated: true })
    expect(invoiceTaxPlan(lines("1", "3"))).toEqual({ ok: true, taxType: "9", zeroRated: false })
    expect(invoiceTaxPlan(lines("2", "1"))).toEqual({ ok: true, taxType: "9", zeroRated: true })
  })

  it("zero-rated with tax-free: refused, naming the lines of each", () => {
    const plan = invoiceTaxPlan([...lines("1", "2"), { kind: "3", name: "Rice" }, { kind: "3", name: "Rice" }])
    expect(plan).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Zero-rated lines \(line 2\) and tax-free lines \(Rice\) cannot be on one invoice/),
    })
  })
})

const settings: InvoiceSettingsForPayload = {
  tax_type: "1",
  clearance_mark: null,
  zero_tax_rate_reason: null,
  item_word: "件",
  invoice_remark: null,
}
type Item = OrderForInvoice["items"][number]
const item = (title: string, total: number, tax: Partial<Item> = {}, quantity = 1): Item => ({
  id: title.toLowerCase(),
  title,
  quantity,
  unit_price: total / quantity,
  total,
  ...tax,
})
const orderOf = (items: Item[], shipping: OrderForInvoice["shipping_methods"] = []): OrderForInvoice => ({
  id: "order_1",
  currency_code: "twd",
  email: "buyer@example.com",
  total: [...items, ...shipping].reduce((sum, line) => sum + line.total, 0),
  items,
  shipping_methods: shipping,
})
const payloadOf = (order: OrderForInvoice, overrides: Partial<InvoiceSettingsForPayload> = {}) => {
  const decision = buildIssuePayload({ order, choice: DEFAULT_CHOICE, settings: { ...settings, ...overrides }, relateNumber: "MD1" })
  if (decision.kind !== "issue") throw new Error("expected an invoice")
  return decision
}
/** What the protocol client would refuse, as sent (the client's own checks, without ECPay). */
const clientIssues = (payload: object) =>
  findRequestIssues("Issue", { ...payload, Print: "0", Donation: "0", CustomerEmail: "buyer@example.com" })

describe("an order's invoice from its lines' tax kinds", () => {
  it("every line taxable (or without tax information in a taxable store): TaxType 1 as before, no ItemTaxType", () => {
    const { payload } = payloadOf(
      orderOf([item("Tea", 1050, { tax_lines: VAT }), item("Mug", 350)], [{ name: "Post", amount: 100, total: 100 }])
    )
    expect(payload.TaxType).toBe("1")
    expect(payload.Items.every((line) => !("ItemTaxType" in line))).toBe(true)
    expect(payload.ClearanceMark).toBeUndefined()
    expect(payload.vat).toBe("1")
  })

  it("every line tax-free: TaxType 3, whatever the store's setting", () => {
    const { payload } = payloadOf(orderOf([item("Rice", 500, { product_marking: "tax_free" })], [{ name: "Post", amount: 0, total: 0 }]))
    expect(payload.TaxType).toBe("3")
    expect(payload.Items.every((line) => !("ItemTaxType" in line))).toBe(true)
  })

  it("taxable and tax-free lines: TaxType 9, each line with its ItemTaxType, aligned with its source; split lines keep theirs", () => {
    const decision = payloadOf(
      orderOf(
        [item("Tea", 1050, { tax_lines: VAT }), item("Rice", 100, { tax_lines: [{ rate: 0, code: "TW-EXEMPT" }] }, 3)],
        [{ id: "ship", name: "Post", amount: 100, total: 100, tax_lines: VAT }]
      )
    )
    const { payload } = decision
    expect(payload.TaxType).toBe("9")
    // 100 over 3 rice: 2 × 33 and 1 × 34, both tax-free.
    expect(payload.Items.map((line) => [line.ItemName, line.ItemCount, line.ItemAmount, line.ItemTaxType])).toEqual([
      ["Tea", 1, 1050, "1"],
      ["Rice", 2, 66, "3"],
      ["Rice", 1, 34, "3"],
      ["運費 Post", 1, 100, "1"],
    ])
    expect(decision.line_sources).toEqual(["item:tea", "item:rice", "item:rice", "shipping:ship"])
    expect(payload.ClearanceMark).toBeUndefined()
    expect(taxKindConflict(payload)).toBeNull()
    expect(clientIssues(payload)).toEqual([])
  })

  it("a zero-rated line makes the invoice carry the clearance mark and the reason (the store's, else 1 and 71)", () => {
    const order = orderOf([
      item("Tea", 1050, { tax_lines: VAT }),
      item("Export tea", 2000, { product_marking: "zero_rated", tax_lines: VAT }),
    ])
    const { payload } = payloadOf(order)
    expect(payload).toMatchObject({ TaxType: "9", ClearanceMark: "1", ZeroTaxRateReason: "71" })
    expect(payload.Items.map((line) => line.ItemTaxType)).toEqual(["1", "2"])
    expect(clientIssues(payload)).toEqual([])
    expect(payloadOf(order, { clearance_mark: "2", zero_tax_rate_reason: "72" }).payload).toMatchObject({
      ClearanceMark: "2",
      ZeroTaxRateReason: "72",
    })
  })

  it("a free line does not make an invoice mixed", () => {
    const { payload } = payloadOf(orderOf([item("Tea", 1050, { tax_lines: VAT }), item("Sample", 0, { product_marking: "tax_free" })]))
    expect(payload.TaxType).toBe("1")
  })

  it("zero-rated with tax-free lines: built as 9, and refused before sending with the lines named", () => {
    const { payload } = payloadOf(
      orderOf([item("Export tea", 2000, { product_marking: "zero_rated" }), item("Rice", 500, { product_marking: "tax_free" })])
    )
    expect(payload.TaxType).toBe("9")
    expect(taxKindConflict(payload)).toMatch(/Zero-rated lines \(Export tea\) and tax-free lines \(Rice\)/)
    // The protocol client would refuse it too.
    expect(clientIssues(payload).map((issue) => issue.rule)).toContain("mixed-tax-zero-and-exempt")
  })

  it("tax-exclusive prices: the amounts are Medusa's line totals (tax included), so vat stays 1", () => {
    // 3 × 333 excluding 5 % tax: Medusa's total is 1048.95; the invoice says 1049, ItemPrice × ItemCount = ItemAmount.
    const order = orderOf([item("Tea", 1048.95, { unit_price: 333, tax_lines: VAT }, 3)])
    const decision = payloadOf(order)
    expect(decision.payload.SalesAmount).toBe(1049)
    expect(decision.payload.vat).toBe("1")
    expect(decision.payload.Items.reduce((sum, line) => sum + line.ItemAmount, 0)).toBe(1049)
    expect(clientIssues(decision.payload)).toEqual([])
  })

  it("taxFields of a stored mixed invoice (re-issue, retry) carries the clearance mark only with a zero-rated line", () => {
    expect(taxFields("9", { clearance_mark: null, zero_tax_rate_reason: null }, [{ ItemTaxType: "1" }, { ItemTaxType: "3" }])).toEqual({
      TaxType: "9",
    })
    expect(taxFields("9", { clearance_mark: "2", zero_tax_rate_reason: null }, [{ ItemTaxType: "1" }, { ItemTaxType: "2" }])).toEqual({
      TaxType: "9",
      ClearanceMark: "2",
      ZeroTaxRateReason: "71",
    })
  })
})

describe("銷售額 / 稅額 of a mixed company invoice", () => {
  const items = [
    { ItemAmount: 1050, ItemTaxType: "1" },
    { ItemAmount: 500, ItemTaxType: "3" },
    { ItemAmount: 100, ItemTaxType: "1" },
  ]
  it("splits the tax out of the taxable lines only", () => {
    // Taxable 1150 → 1095 + 55; the tax-free 500 carries none.
    expect(includedTax(1650, "9", items)).toBe(55)
    expect(companyAmounts({ company_tax_id: "12345675", total: 1650, tax_type: "9", tax_amount: null, items })).toEqual({
      sales_amount: 1595,
      tax_amount: 55,
      total: 1650,
    })
    expect(includedTax(1650, "9", [])).toBe(0)
  })
})
