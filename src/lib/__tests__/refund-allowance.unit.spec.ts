import { REFUND_REASON, refundAllowancePlan } from "../refund-allowance"

const invoice = { total: 1000, remaining_allowance_amount: 1000, buyer_email: "buyer@example.com" }
const plan = (overrides: Partial<Parameters<typeof refundAllowancePlan>[0]> = {}) =>
  refundAllowancePlan({ refunded_total: 300, invoice, allowances: [], agreement: "paper", callback_url: null, ...overrides })

describe("refundAllowancePlan", () => {
  it("allows what was refunded, in whole TWD (half up), on paper", () => {
    expect(plan({ refunded_total: 299.5 })).toEqual({ amount: 300, agreement: "paper", reason: REFUND_REASON })
  })

  it("subtracts what active refund allowances already cover, not other or inactive allowances", () => {
    const allowances = [
      { status: "issued", amount: 100, metadata: { source: "refund" } },
      { status: "awaiting_agreement", amount: 50, metadata: { source: "refund" } },
      { status: "voided", amount: 100, metadata: { source: "refund" } },
      { status: "failed", amount: 100, metadata: { source: "refund" } },
      { status: "issued", amount: 70, metadata: { source: "admin" } },
    ]
    expect(plan({ allowances, invoice: { ...invoice, remaining_allowance_amount: 780 } }).amount).toBe(150)
  })

  it("is capped by what is still allowable, pending allowances counted", () => {
    const allowances = [{ status: "pending", amount: 600, metadata: { source: "admin" } }]
    expect(plan({ refunded_total: 800, allowances }).amount).toBe(400)
  })

  it("is never negative", () => {
    const allowances = [{ status: "issued", amount: 500, metadata: { source: "refund" } }]
    expect(plan({ allowances }).amount).toBe(0)
  })

  it("agrees online only when the store says so and there is a buyer e-mail and a callback URL", () => {
    const url = "https://shop.example.com/hooks/ecpay-einvoice/allowance"
    expect(plan({ agreement: "online", callback_url: url }).agreement).toBe("online")
    expect(plan({ agreement: "online", callback_url: null }).agreement).toBe("paper")
    expect(plan({ agreement: "online", callback_url: url, invoice: { ...invoice, buyer_email: null } }).agreement).toBe("paper")
    expect(plan({ agreement: "paper", callback_url: url }).agreement).toBe("paper")
  })
})
