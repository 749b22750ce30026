import { companyAmounts, includedTax } from "../sales-tax"

describe("銷售額 / 稅額 of a company invoice", () => {
  it.each([
    [2850, "1", 136],
    [1050, "1", 50],
    [1, "1", 0],
    [21, "1", 1],
    [2850, "2", 0],
    [2850, "3", 0],
  ])("total %i, TaxType %s → tax %i (the total ÷ 1.05 rounded is the sales amount)", (total, taxType, tax) => {
    expect(includedTax(total, taxType)).toBe(tax)
  })

  it("a company invoice splits its total; ECPay's stored figure wins; no split without a tax ID", () => {
    const company = { company_tax_id: "12345675", total: 2850, tax_type: "1", tax_amount: null }
    expect(companyAmounts(company)).toEqual({ sales_amount: 2714, tax_amount: 136, total: 2850 })
    expect(companyAmounts({ ...company, tax_amount: 137 })).toEqual({ sales_amount: 2713, tax_amount: 137, total: 2850 })
    expect(companyAmounts({ ...company, company_tax_id: null })).toBeNull()
  })
})
