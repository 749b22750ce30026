import { REFUND_REASON, refundAllowancePlan } from "../refund-allowance"

const invoice = { total: 1000, remaining_allowance_amount: 1000, buyer_email: "buyer@example.com" }
const plan = (overrides: Partial<Parameters<typeof refundAllowancePlan>[0]> = {}) =>
  refundAllowancePlan({ refunded_total: 300, invoice, allowances: [], agreement: "paper", callback_url: null, ...overrides })

describe("refundAllowancePlan", () => {
  it("allows what was refunded, in whole TWD (half up), on paper", () => {
    expect(plan({ refunded_total: 299.5 })).toMatchObject({ amount: 300, agreement: "paper", reason: REFUND_REASON, refund_ids: [] })
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

  describe("Medusa's refunds one by one", () => {
    const refunds = [
      { id: "re_b", amount: 200, created_at: "2026-01-02T00:00:00.000Z" },
      { id: "re_a", amount: 300, created_at: "2026-01-01T00:00:00.000Z" },
    ]
    const keyed = { ...invoice, id: "inv_1" }

    it("the refund named, keyed by the invoice and the refund; without a name every refund not allowed yet, oldest first", () => {
      expect(plan({ refunds, refund_id: "re_b", invoice: keyed })).toMatchObject({
        amount: 200,
        refund_ids: ["re_b"],
        idempotency_key: "refund:inv_1:re_b",
      })
      expect(plan({ refunds, invoice: keyed })).toMatchObject({
        amount: 500,
        refund_ids: ["re_a", "re_b"],
        idempotency_key: "refund:inv_1:re_a+re_b",
      })
    })

    it("a refund an allowance names is covered, whatever became of it but a failure; unnamed older ones cover the oldest refunds", () => {
      const named = [{ status: "voided", amount: 300, metadata: { source: "refund", refund_ids: ["re_a"] } }]
      expect(plan({ refunds, refund_id: "re_a", invoice: keyed, allowances: named })).toMatchObject({ amount: 0, idempotency_key: null })
      const failed = [{ status: "failed", amount: 300, metadata: { source: "refund", refund_ids: ["re_a"] } }]
      expect(plan({ refunds, refund_id: "re_a", invoice: keyed, allowances: failed }).amount).toBe(300)
      const unnamed = [{ status: "issued", amount: 350, metadata: { source: "refund" } }]
      expect(plan({ refunds, invoice: { ...keyed, remaining_allowance_amount: 650 }, allowances: unnamed })).toMatchObject({
        amount: 150,
        refund_ids: ["re_b"],
      })
    })
  })
})
