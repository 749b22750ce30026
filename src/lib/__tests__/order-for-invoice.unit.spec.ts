import { toInvoicedOrder, type QueriedOrder } from "../order-for-invoice"

const order: QueriedOrder = {
  id: "order_1",
  currency_code: "twd",
  total: 1650,
  items: [
    {
      id: "tea",
      created_at: "2026-12-01T00:00:00Z",
      title: "茶",
      quantity: 2,
      unit_price: 1200,
      // Medusa's line total leaves the returned unit out.
      total: 1200,
      detail: { return_received_quantity: 1, return_dismissed_quantity: 0 },
    },
    { id: "mug", created_at: "2026-12-01T00:00:01Z", title: "杯", quantity: 1, unit_price: 350, total: 350 },
  ],
  shipping_methods: [{ id: "ship", name: "宅配", amount: 100, total: 100 }],
}

describe("toInvoicedOrder", () => {
  it("invoices the units the shopper keeps: a line's returned units are out of its quantity as they are out of its total", () => {
    const { order: converted } = toInvoicedOrder(order, { cart_id: null, payment_status: "captured" })
    expect(converted.items.map((item) => [item.id, item.quantity, item.total])).toEqual([
      ["tea", 1, 1200],
      ["mug", 1, 350],
    ])
    expect(converted.shipping_methods[0]).toMatchObject({ id: "ship", total: 100 })
  })
})
