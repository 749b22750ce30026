import { allocateWholeAmounts, buildInvoiceAmounts, recordedRounding, roundHalfUp, totalRounding } from "../invoice-amounts"

const line = (name: string, quantity: number, unitPrice: number, total: number, discount = 0) => ({
  name,
  quantity,
  unitPrice,
  total,
  unit: "件",
  discount,
})

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe("roundHalfUp", () => {
  it.each([
    [2.5, 3],
    [2.4999, 2],
    [1.005 * 100, 101],
    [0, 0],
    [1957.5, 1958],
  ])("%p → %p", (value, expected) => expect(roundHalfUp(value)).toBe(expected))
})

describe("allocateWholeAmounts", () => {
  it("keeps whole amounts as they are", () => {
    expect(allocateWholeAmounts([1200, 350, 100], 1650)).toEqual([1200, 350, 100])
  })

  it("gives the missing dollars to the lines that lost the largest fractions", () => {
    expect(allocateWholeAmounts([33.4, 33.3, 33.3], 100)).toEqual([34, 33, 33])
  })

  it("always sums exactly to the target, also when lines and target disagree", () => {
    for (const [amounts, target] of [
      [[1080, 315, 90], 1485],
      [[999.99, 0.01], 1000],
      [[10.5, 10.5, 10.5], 32],
      [[100, 200], 301],
    ] as Array<[number[], number]>) {
      expect(sum(allocateWholeAmounts(amounts, target))).toBe(target)
    }
  })
})

describe("buildInvoiceAmounts", () => {
  it("lists items and shipping with integer prices that add up to what was paid", () => {
    const result = buildInvoiceAmounts([line("茶葉禮盒", 2, 1200, 2400), line("馬克杯", 1, 350, 350), line("運費", 1, 100, 100)], 2850)
    expect(result.salesAmount).toBe(2850)
    expect(result.items.map((i) => [i.ItemName, i.ItemCount, i.ItemPrice, i.ItemAmount])).toEqual([
      ["茶葉禮盒", 2, 1200, 2400],
      ["馬克杯", 1, 350, 350],
      ["運費", 1, 100, 100],
    ])
    expect(result.items.map((i) => i.ItemSeq)).toEqual([1, 2, 3])
  })

  it("reconciles a 10% promotion over several quantities exactly (the classic 1956 vs 1957 mismatch)", () => {
    // 3 × 363 = 1089, less 10% = 980.1; 2 × 489 = 978, less 10% = 880.2; shipping 100 → 1960.3 paid as 1960.
    const result = buildInvoiceAmounts([line("A", 3, 363, 980.1, 108.9), line("B", 2, 489, 880.2, 97.8), line("運費", 1, 100, 100)], 1960.3)
    expect(result.salesAmount).toBe(1960)
    expect(sum(result.items.map((i) => i.ItemAmount))).toBe(1960)
    for (const item of result.items) {
      expect(Number.isInteger(item.ItemPrice)).toBe(true)
      expect(item.ItemPrice * item.ItemCount).toBe(item.ItemAmount)
    }
    expect(result.items.find((i) => i.ItemName === "A")?.ItemRemark).toBe("折扣 108.90")
  })

  it("splits a line whose amount does not divide by its quantity into adjacent unit prices", () => {
    const result = buildInvoiceAmounts([line("茶包", 3, 40, 100)], 100)
    expect(result.items.map((i) => [i.ItemCount, i.ItemPrice])).toEqual([
      [2, 33],
      [1, 34],
    ])
  })

  it("drops free lines and reports zero when nothing was paid", () => {
    expect(buildInvoiceAmounts([line("贈品", 1, 0, 0)], 0)).toEqual({ salesAmount: 0, items: [], sources: [] })
    const paid = buildInvoiceAmounts([line("贈品", 1, 0, 0), { ...line("茶", 3, 100, 100), source: "item:tea" }], 100)
    expect(paid.items).toHaveLength(2)
    // Each invoice line names the order line it came from, also when one order line became two invoice lines.
    expect(paid.sources).toEqual(["item:tea", "item:tea"])
  })

  it("truncates long names to ECPay's 100 characters (by character, not byte)", () => {
    const result = buildInvoiceAmounts([line("茶".repeat(150), 1, 10, 10)], 10)
    expect(Array.from(result.items[0].ItemName)).toHaveLength(100)
  })
})

describe("totalRounding: a paid total with cents", () => {
  it.each([
    [1400.5, { paid_total: 1400.5, invoiced_total: 1401, difference: 0.5 }],
    [2266.95, { paid_total: 2266.95, invoiced_total: 2267, difference: 0.05 }],
    [1400.4, { paid_total: 1400.4, invoiced_total: 1400, difference: -0.4 }],
    [1400, null],
  ])("%p → %j", (paid, expected) => {
    expect(totalRounding(paid)).toEqual(expected)
  })

  it("reads back what an invoice recorded; nothing from other metadata", () => {
    const rounding = { paid_total: 1400.5, invoiced_total: 1401, difference: 0.5 }
    expect(recordedRounding({ total_rounding: rounding })).toEqual(rounding)
    expect(recordedRounding({ other: 1 })).toBeNull()
    expect(recordedRounding(null)).toBeNull()
  })
})
