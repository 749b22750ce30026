import {
  additionalInvoicePlan,
  orderChangeAllowancePlan,
  linesForItem,
  type OrderChangeFacts,
  type OrderChangeInvoice,
} from "../order-change-allowance"
import { refundAllowancePlan } from "../refund-allowance"

/** 2 teas at 1200 (split 1 × 1199 + 1 × 1201 would be two lines; here one line), 1 mug at 350, shipping 100. */
const invoice: OrderChangeInvoice = {
  id: "einv_1",
  items: [
    { ItemSeq: 1, ItemName: "茶", ItemCount: 2, ItemWord: "件", ItemPrice: 1200, ItemAmount: 2400 },
    { ItemSeq: 2, ItemName: "杯", ItemCount: 1, ItemWord: "件", ItemPrice: 350, ItemAmount: 350 },
    { ItemSeq: 3, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 100, ItemAmount: 100 },
  ],
  line_sources: ["item:tea", "item:mug", "shipping:ship"],
  remaining_allowance_amount: 2850,
  total: 2850,
}

const plan = (change: OrderChangeFacts, extra: Partial<Parameters<typeof orderChangeAllowancePlan>[0]> = {}) =>
  orderChangeAllowancePlan({
    change,
    invoice,
    allowances: [],
    allowed: [],
    available: 2850,
    rate: 1,
    refunded_total: 0,
    agreement: "paper",
    callback_url: null,
    ...extra,
  })

describe("orderChangeAllowancePlan", () => {
  it("a return allows the returned units of their invoice lines, keyed by the return", () => {
    expect(plan({ kind: "return", return_id: "ret_1", items: [{ item_id: "tea", quantity: 1 }] })).toMatchObject({
      kind: "allow",
      source: "return",
      request: { lines: [{ seq: 1, quantity: 1 }] },
      amount: 1200,
      reason: "退貨折讓",
      idempotency_key: "return:einv_1:ret_1",
    })
  })

  it("a return received in several receipts allows what arrived since the last one, each receipt once", () => {
    const base = "return:einv_1:ret_1"
    const first = plan({ kind: "return", return_id: "ret_1", items: [{ item_id: "tea", quantity: 1 }] })
    expect(first).toMatchObject({ kind: "allow", idempotency_key: base, covers: { tea: 1 }, request: { lines: [{ seq: 1, quantity: 1 }] } })
    const made = { status: "issued", amount: 1200, idempotency_key: base, metadata: { source: "return", change_items: { tea: 1 } } }
    const both: OrderChangeFacts = { kind: "return", return_id: "ret_1", items: [{ item_id: "tea", quantity: 2 }] }
    const allowed = [{ seq: 1, quantity: 1, amount: 1200 }]
    expect(plan(both, { allowances: [made], allowed, available: 1650 })).toMatchObject({
      kind: "allow",
      idempotency_key: `${base}:2`,
      covers: { tea: 2 },
      request: { lines: [{ seq: 1, quantity: 1 }] },
      amount: 1200,
    })
    // That receipt's event again: nothing more.
    const second = { ...made, idempotency_key: `${base}:2`, metadata: { source: "return", change_items: { tea: 2 } } }
    expect(plan(both, { allowances: [made, second], allowed: [{ seq: 1, quantity: 2, amount: 2400 }], available: 450 })).toMatchObject({
      kind: "none",
    })
  })

  it("never allows a line past what is left of it, and allows nothing when every returned unit is already allowed", () => {
    const allowed = [{ seq: 1, quantity: 2, amount: 2400 }]
    expect(plan({ kind: "return", return_id: "ret_1", items: [{ item_id: "tea", quantity: 1 }] }, { allowed })).toMatchObject({
      kind: "none",
    })
    expect(linesForItem(invoice, [{ seq: 1, quantity: 1, amount: 1200 }], "tea", 2)).toEqual({
      lines: [{ seq: 1, quantity: 1 }],
      unplaced: 1,
    })
  })

  it("spreads a returned item over the two lines an uneven line became", () => {
    const split: OrderChangeInvoice = {
      ...invoice,
      items: [
        { ItemSeq: 1, ItemName: "茶", ItemCount: 2, ItemWord: "件", ItemPrice: 33, ItemAmount: 66 },
        { ItemSeq: 2, ItemName: "茶", ItemCount: 1, ItemWord: "件", ItemPrice: 34, ItemAmount: 34 },
      ],
      line_sources: ["item:tea", "item:tea"],
    }
    expect(linesForItem(split, [{ seq: 1, quantity: 1, amount: 33 }], "tea", 2).lines).toEqual([
      { seq: 1, quantity: 1 },
      { seq: 2, quantity: 1 },
    ])
  })

  it("an exchange is netted: cheaper new goods allow the difference; dearer ones allow nothing and say what to invoice", () => {
    const cheaper = plan({ kind: "exchange", exchange_id: "exc_1", returned: [{ item_id: "tea", quantity: 1 }], new_items_total: 350 })
    expect(cheaper).toMatchObject({
      kind: "allow",
      request: { amount: 850 },
      amount: 850,
      reason: "換貨差額折讓",
      idempotency_key: "exchange:einv_1:exc_1",
    })
    const dearer = plan({ kind: "exchange", exchange_id: "exc_1", returned: [{ item_id: "mug", quantity: 1 }], new_items_total: 1200 })
    expect(dearer).toMatchObject({ kind: "none", reason: expect.stringContaining("850 TWD more") })
    expect(
      plan({ kind: "exchange", exchange_id: "exc_1", returned: [{ item_id: "mug", quantity: 1 }], new_items_total: 350 })
    ).toMatchObject({
      kind: "none",
    })
  })

  it("a refund claim allows the claimed lines; a replacement claim allows nothing", () => {
    const items = [{ item_id: "mug", quantity: 1 }]
    expect(plan({ kind: "claim", claim_id: "claim_1", type: "refund", items })).toMatchObject({
      kind: "allow",
      amount: 350,
      reason: "客訴退款折讓",
    })
    expect(plan({ kind: "claim", claim_id: "claim_1", type: "replace", items })).toMatchObject({ kind: "none" })
  })

  it("an edit allows the units taken off, less what earlier edits allowed", () => {
    const change: OrderChangeFacts = {
      kind: "edit",
      change_id: "ordch_2",
      items: [
        { item_id: "tea", quantity: 1 },
        { item_id: "mug", quantity: 1 },
        { item_id: "new", quantity: 3 },
      ],
    }
    expect(plan(change)).toMatchObject({
      kind: "allow",
      request: { lines: [{ seq: 1, quantity: 1 }] },
      amount: 1200,
      idempotency_key: "edit:einv_1:ordch_2",
    })
    const earlierEdit = { status: "issued", amount: 1200, metadata: { source: "edit", lines: [{ seq: 1, quantity: 1, amount: 1200 }] } }
    expect(plan(change, { allowances: [earlierEdit], allowed: [{ seq: 1, quantity: 1, amount: 1200 }] })).toMatchObject({ kind: "none" })
  })

  it("does not double a refund already allowed: the change allows only what exceeds it, by amount", () => {
    const refundAllowance = { status: "issued", amount: 1000, metadata: { source: "refund", refund_ids: ["ref_1"] } }
    const change: OrderChangeFacts = { kind: "return", return_id: "ret_1", items: [{ item_id: "tea", quantity: 1 }] }
    expect(plan(change, { allowances: [refundAllowance], refunded_total: 1000 })).toMatchObject({
      kind: "allow",
      request: { amount: 200 },
      amount: 200,
    })
    const fullRefund = { ...refundAllowance, amount: 1200 }
    expect(plan(change, { allowances: [fullRefund], refunded_total: 1200 })).toMatchObject({ kind: "none" })
  })

  it("converts at the invoice's rate and refuses an invoice issued before lines were recorded", () => {
    const usd = plan(
      { kind: "exchange", exchange_id: "exc_1", returned: [{ item_id: "tea", quantity: 1 }], new_items_total: 10 },
      { rate: 30 }
    )
    expect(usd).toMatchObject({ amount: 900 })
    expect(
      plan({ kind: "return", return_id: "r", items: [{ item_id: "tea", quantity: 1 }] }, { invoice: { ...invoice, line_sources: null } })
    ).toMatchObject({ kind: "none" })
  })
})

describe("refundAllowancePlan after order changes", () => {
  it("a refund that pays for a returned line is covered by the return's allowance; a refund beyond it is allowed", () => {
    const returnAllowance = { status: "issued", amount: 1200, metadata: { source: "return" } }
    const base = {
      invoice: { id: "einv_1", remaining_allowance_amount: 1650, total: 2850 },
      agreement: "paper" as const,
      callback_url: null,
    }
    expect(
      refundAllowancePlan({ ...base, refunded_total: 1200, refunds: [{ id: "ref_1", amount: 1200 }], allowances: [returnAllowance] }).amount
    ).toBe(0)
    const more = refundAllowancePlan({
      ...base,
      refunded_total: 1400,
      refunds: [
        { id: "ref_1", amount: 1200, created_at: "2026-01-01" },
        { id: "ref_2", amount: 200, created_at: "2026-01-02" },
      ],
      allowances: [returnAllowance],
    })
    expect(more).toMatchObject({ amount: 200, refund_ids: ["ref_2"] })
  })
})

describe("additionalInvoicePlan", () => {
  const additional = (change: OrderChangeFacts, earlier: Parameters<typeof additionalInvoicePlan>[0]["additional"] = []) =>
    additionalInvoicePlan({ change, invoice, additional: earlier, allowed: [], rate: 1 })

  it("an exchange for dearer goods invoices the difference, named after the new goods, once per exchange", () => {
    const change: OrderChangeFacts = {
      kind: "exchange",
      exchange_id: "exc_1",
      returned: [{ item_id: "mug", quantity: 1 }],
      new_items_total: 1200,
      new_item_names: ["茶葉禮盒"],
    }
    expect(additional(change)).toEqual({
      source: "exchange",
      source_key: "exchange:einv_1:exc_1",
      lines: [{ name: "換貨差額 茶葉禮盒", quantity: 1, total: 850, source: null }],
      amount: 850,
    })
    expect(additional({ ...change, new_items_total: 350 })).toBeNull()
  })

  it("an edit invoices the units no invoice of the order bills yet; a return is never invoiced", () => {
    const change: OrderChangeFacts = {
      kind: "edit",
      change_id: "v4",
      items: [
        { item_id: "tea", quantity: 3, name: "茶", total: 3600 },
        { item_id: "mug", quantity: 1, name: "杯", total: 350 },
        { item_id: "cake", quantity: 2, name: "鳳梨酥", total: 500 },
      ],
    }
    expect(additional(change)).toMatchObject({
      source_key: "edit:einv_1:v4",
      lines: [
        { name: "茶", quantity: 1, total: 1200, source: "item:tea" },
        { name: "鳳梨酥", quantity: 2, total: 500, source: "item:cake" },
      ],
      amount: 1700,
    })
    // An earlier additional invoice billed the cakes already (a failed one bills nothing).
    const earlier = {
      status: "issued",
      items: [{ ItemSeq: 1, ItemName: "鳳梨酥", ItemCount: 2, ItemWord: "件", ItemPrice: 250, ItemAmount: 500 }],
      line_sources: ["item:cake"],
    }
    expect(additional(change, [earlier])?.amount).toBe(1200)
    expect(additional(change, [{ ...earlier, status: "failed" }])?.amount).toBe(1700)
    expect(additional({ kind: "return", return_id: "r", items: [{ item_id: "tea", quantity: 1 }] })).toBeNull()
  })
})
