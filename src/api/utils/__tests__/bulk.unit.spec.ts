import type { BulkError } from "../../types"
import { perOrder } from "../bulk"

interface Row {
  order_id: string
  ok: boolean
  error: BulkError | null
}

describe("bulk actions and the ECPay pause", () => {
  const failed = (order_id: string, error: BulkError): Row => ({ order_id, ok: false, error })
  const until = new Date("2026-12-06T23:30:00Z")

  it("stop at the pause: the orders left are not attempted and say until when", async () => {
    let paused: Date | null = null
    const acted: string[] = []
    const answer = await perOrder<Row>(
      ["a", "b", "c"],
      async (orderId) => {
        acted.push(orderId)
        // ECPay answers 403 to the first order's call: the pause starts.
        paused = until
        return { order_id: orderId, ok: false, error: { code: "http_403", message: "rate-limited" } }
      },
      failed,
      async () => paused
    )
    expect(acted).toEqual(["a"])
    expect(answer.paused_until).toEqual(until)
    expect(answer.results).toEqual([
      { order_id: "a", ok: false, error: { code: "http_403", message: "rate-limited" } },
      ...["b", "c"].map((order_id) =>
        failed(order_id, { code: "ecpay_paused", message: "not attempted: ECPay paused until 2026-12-07 07:30:00 (Taipei time)" })
      ),
    ])
  })

  it("attempt every order while ECPay is not paused, an error answering for its order only", async () => {
    const answer = await perOrder<Row>(
      ["a", "b"],
      async (orderId) => {
        if (orderId === "a") {
          throw Object.assign(new Error("Only paid orders can be invoiced"), { code: "order_not_paid" })
        }
        return { order_id: orderId, ok: true, error: null }
      },
      failed,
      async () => null
    )
    expect(answer).toEqual({
      paused_until: null,
      results: [
        failed("a", { code: "order_not_paid", message: "Only paid orders can be invoiced" }),
        { order_id: "b", ok: true, error: null },
      ],
    })
  })
})
