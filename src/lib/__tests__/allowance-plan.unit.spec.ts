import { allowanceRequestFingerprint, invoiceLineStates, planAllowance } from "../allowance-plan"
import type { InvoiceLine } from "../invoice-amounts"

const items: InvoiceLine[] = [
  { ItemSeq: 1, ItemName: "高山烏龍茶", ItemCount: 2, ItemWord: "件", ItemPrice: 350, ItemAmount: 700 },
  { ItemSeq: 2, ItemName: "馬克杯", ItemCount: 3, ItemWord: "件", ItemPrice: 33, ItemAmount: 100 },
  { ItemSeq: 3, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 80, ItemAmount: 80 },
]
const plan = (
  request: Parameters<typeof planAllowance>[0]["request"],
  allowed: Parameters<typeof planAllowance>[0]["allowed"] = [],
  remaining = 880
) => planAllowance({ request, items, allowed, remaining, amountItemName: "折讓", itemWord: "式" })

describe("planAllowance by lines", () => {
  it("allows part of a line at its unit price, numbering the allowance's own items", () => {
    const result = plan({
      lines: [
        { seq: 1, quantity: 1 },
        { seq: 3, quantity: 1 },
      ],
    })
    expect(result).toEqual({
      ok: true,
      plan: {
        amount: 430,
        items: [
          { ItemSeq: 1, ItemName: "高山烏龍茶", ItemCount: 1, ItemWord: "件", ItemPrice: 350, ItemAmount: 350 },
          { ItemSeq: 2, ItemName: "運費", ItemCount: 1, ItemWord: "式", ItemPrice: 80, ItemAmount: 80 },
        ],
        lines: [
          { seq: 1, quantity: 1, amount: 350 },
          { seq: 3, quantity: 1, amount: 80 },
        ],
      },
    })
  })

  it("takes exactly what is left of a line when the rest of it is allowed, so a line never over- or under-runs", () => {
    // Mugs: 3 × 33 would be 99, but the line's amount is 100 (the split-line rounding of the invoice).
    const first = plan({ lines: [{ seq: 2, quantity: 2 }] })
    expect(first.ok && first.plan.amount).toBe(66)
    const rest = plan({ lines: [{ seq: 2, quantity: 1 }] }, [{ seq: 2, quantity: 2, amount: 66 }])
    expect(rest.ok && rest.plan.amount).toBe(34)
    expect(rest.ok && rest.plan.items[0].ItemAmount).toBe(34)
  })

  it("refuses more units than are left, naming the line", () => {
    const result = plan({ lines: [{ seq: 1, quantity: 2 }] }, [{ seq: 1, quantity: 1, amount: 350 }])
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: "allowance_line_exceeds",
        field: "lines.0.quantity",
        message: "line 1 (高山烏龍茶) has 1 of 2 left to allow, not 2",
      },
    })
  })

  it("refuses unknown or repeated lines and an empty choice", () => {
    expect(plan({ lines: [{ seq: 9, quantity: 1 }] })).toMatchObject({
      ok: false,
      refusal: { code: "allowance_line_unknown", field: "lines.0.seq" },
    })
    expect(
      plan({
        lines: [
          { seq: 1, quantity: 1 },
          { seq: 1, quantity: 1 },
        ],
      })
    ).toMatchObject({ ok: false, refusal: { field: "lines.1.seq" } })
    expect(plan({ lines: [{ seq: 1, quantity: 0 }] })).toMatchObject({ ok: false, refusal: { code: "allowance_empty" } })
  })

  it("refuses more than the invoice's remaining allowable amount", () => {
    expect(plan({ lines: [{ seq: 1, quantity: 2 }] }, [], 500)).toMatchObject({
      ok: false,
      refusal: { code: "allowance_exceeds_remaining", field: "lines" },
    })
  })
})

describe("planAllowance by amount", () => {
  it("makes one line named for the allowance", () => {
    expect(plan({ amount: 120 })).toEqual({
      ok: true,
      plan: {
        amount: 120,
        items: [{ ItemSeq: 1, ItemName: "折讓", ItemCount: 1, ItemWord: "式", ItemPrice: 120, ItemAmount: 120 }],
        lines: [],
      },
    })
  })

  it("refuses fractions, zero and more than is left", () => {
    expect(plan({ amount: 10.5 })).toMatchObject({ ok: false, refusal: { code: "allowance_empty", field: "amount" } })
    expect(plan({ amount: 0 })).toMatchObject({ ok: false, refusal: { field: "amount" } })
    expect(plan({ amount: 881 })).toMatchObject({ ok: false, refusal: { code: "allowance_exceeds_remaining", field: "amount" } })
    expect(plan({ amount: 880 }).ok).toBe(true)
  })
})

describe("invoiceLineStates", () => {
  it("sums what earlier allowances took from each line", () => {
    const states = invoiceLineStates(items, [
      { seq: 1, quantity: 1, amount: 350 },
      { seq: 2, quantity: 1, amount: 33 },
      { seq: 2, quantity: 1, amount: 33 },
    ])
    expect(states.map((line) => [line.seq, line.allowed_quantity, line.allowed_amount])).toEqual([
      [1, 1, 350],
      [2, 2, 66],
      [3, 0, 0],
    ])
  })
})

describe("allowanceRequestFingerprint", () => {
  const base = {
    order_id: "order_1",
    request: {
      lines: [
        { seq: 2, quantity: 1 },
        { seq: 1, quantity: 2 },
      ],
    },
    agreement: "paper",
  }

  it("is the same for the same request (line order, absent vs null, e-mail spaces do not matter)", () => {
    expect(allowanceRequestFingerprint(base)).toBe(
      allowanceRequestFingerprint({
        ...base,
        request: {
          lines: [
            { seq: 1, quantity: 2 },
            { seq: 2, quantity: 1 },
          ],
        },
        reason: null,
        notify_email: "  ",
      })
    )
  })

  it("differs for another amount, line, agreement, reason or order", () => {
    const same = allowanceRequestFingerprint(base)
    expect(allowanceRequestFingerprint({ ...base, request: { amount: 100 } })).not.toBe(same)
    expect(allowanceRequestFingerprint({ ...base, request: { lines: [{ seq: 1, quantity: 2 }] } })).not.toBe(same)
    expect(allowanceRequestFingerprint({ ...base, agreement: "online" })).not.toBe(same)
    expect(allowanceRequestFingerprint({ ...base, reason: "退貨" })).not.toBe(same)
    expect(allowanceRequestFingerprint({ ...base, order_id: "order_2" })).not.toBe(same)
  })
})

describe("planAllowance on a mixed-tax invoice", () => {
  it("carries each invoice line's ItemTaxType to the allowance line", () => {
    const items = [
      { ItemSeq: 1, ItemName: "茶", ItemCount: 1, ItemWord: "件", ItemPrice: 100, ItemAmount: 100, ItemTaxType: "1" as const },
      { ItemSeq: 2, ItemName: "書", ItemCount: 1, ItemWord: "本", ItemPrice: 300, ItemAmount: 300, ItemTaxType: "3" as const },
    ]
    const planned = planAllowance({
      request: { lines: [{ seq: 2, quantity: 1 }] },
      items,
      allowed: [],
      remaining: 400,
      amountItemName: "折讓",
      itemWord: "件",
    })
    expect(planned.ok && planned.plan.items).toEqual([
      { ItemSeq: 1, ItemName: "書", ItemCount: 1, ItemWord: "本", ItemPrice: 300, ItemAmount: 300, ItemTaxType: "3" },
    ])
  })
})
