import { DEFAULT_CHOICE } from "../invoice-choice"
import { buildIssuePayload, recordedConversion, type OrderForInvoice } from "../order-invoice-payload"

const settings = { tax_type: "1", clearance_mark: null, zero_tax_rate_reason: null, item_word: "件", invoice_remark: null }

/** 2 × 19.99 + shipping 5, in `currency`. */
const order = (currency: string, total = 44.98): OrderForInvoice => ({
  id: "order_1",
  currency_code: currency,
  email: "buyer@example.com",
  total,
  items: [{ title: "Tea", quantity: 2, unit_price: 19.99, total: 39.98 }],
  shipping_methods: [{ name: "Post", amount: 5, total: 5 }],
})

const issue = (input: OrderForInvoice, rates?: Array<{ currency_code: string; rate: number }>) =>
  buildIssuePayload({ order: input, choice: DEFAULT_CHOICE, settings: { ...settings, currency_rates: rates }, relateNumber: "MD1" })

describe("an order in another currency", () => {
  it("without a rate for it: skipped, saying so and where to set one", () => {
    const decision = issue(order("usd"))
    expect(decision).toEqual({ kind: "skip", reason: expect.stringMatching(/^Currency USD: not invoiced .*set a TWD rate for USD/) })
    expect(issue(order("usd"), [{ currency_code: "jpy", rate: 0.21 }]).kind).toBe("skip")
  })

  it("with a rate: every amount converted to whole TWD, adding up to the converted total; the conversion recorded, no rounding note", () => {
    const decision = issue(order("usd"), [{ currency_code: "usd", rate: 31.5 }])
    if (decision.kind !== "issue") throw new Error("expected an invoice")
    // 44.98 × 31.5 = 1416.87 → 1417 TWD.
    expect(decision.payload.SalesAmount).toBe(1417)
    expect(decision.payload.Items.reduce((sum, item) => sum + item.ItemAmount, 0)).toBe(1417)
    for (const item of decision.payload.Items) {
      expect(Number.isInteger(item.ItemPrice)).toBe(true)
      expect(item.ItemPrice * item.ItemCount).toBe(item.ItemAmount)
    }
    expect(decision.conversion).toEqual({ currency_code: "usd", rate: 31.5, order_total: 44.98 })
    expect(decision.rounding).toBeNull()
  })

  it("a TWD order is not converted, and its cents are a rounding", () => {
    const decision = issue(order("twd", 1400.5), [{ currency_code: "usd", rate: 31.5 }])
    if (decision.kind !== "issue") throw new Error("expected an invoice")
    expect(decision.conversion).toBeNull()
    expect(decision.rounding).toEqual({ paid_total: 1400.5, invoiced_total: 1401, difference: 0.5 })
  })

  it("reads back the conversion an invoice recorded", () => {
    const conversion = { currency_code: "usd", rate: 31.5, order_total: 44.98 }
    expect(recordedConversion({ currency_conversion: conversion })).toEqual(conversion)
    expect(recordedConversion({ total_rounding: {} })).toBeNull()
    expect(recordedConversion(null)).toBeNull()
  })
})
