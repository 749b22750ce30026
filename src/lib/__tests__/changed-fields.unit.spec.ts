import { changedFields } from "../changed-fields"

describe("the fields an update would change", () => {
  const row = {
    id: "einv_1",
    total: 1050,
    buyer_name: null,
    items: [{ ItemName: "烏龍茶", ItemCount: 1, ItemPrice: 1050, ItemAmount: 1050 }],
    metadata: { total_rounding: { paid_total: 1050.4, invoiced_total: 1050 } },
    issued_at: new Date("2026-12-07T10:00:00Z"),
  }

  it("is empty when the row already holds every value, whatever the key order of its JSON and null for undefined", () => {
    expect(
      changedFields(row, {
        total: 1050,
        buyer_name: undefined,
        items: [{ ItemAmount: 1050, ItemPrice: 1050, ItemCount: 1, ItemName: "烏龍茶" }],
        metadata: { total_rounding: { invoiced_total: 1050, paid_total: 1050.4 } },
        issued_at: "2026-12-07T10:00:00.000Z",
      })
    ).toEqual({})
  })

  it("names each value that differs, inside JSON too, and a field the row lacks", () => {
    expect(
      changedFields(row, {
        total: 1100,
        buyer_name: "王小明",
        items: [{ ItemName: "烏龍茶", ItemCount: 2, ItemPrice: 1050, ItemAmount: 2100 }],
        metadata: null,
        carrier_number: "/ABC1234",
      })
    ).toEqual({
      total: 1100,
      buyer_name: "王小明",
      items: [{ ItemName: "烏龍茶", ItemCount: 2, ItemPrice: 1050, ItemAmount: 2100 }],
      metadata: null,
      carrier_number: "/ABC1234",
    })
    expect(changedFields(row, { items: [...row.items, ...row.items] })).toHaveProperty("items")
    expect(changedFields(row, { items: {} })).toHaveProperty("items")
  })
})
