import { deriveRelateNumber } from "../relate-number"
import { autoIssuePlan } from "../auto-issue"
import { allowanceActions, allowedActions, availableToAllow } from "../einvoice-actions"
import { nextAttemptAt } from "../retry-backoff"
import { isValidRelateNumber } from "../ecpay"

describe("deriveRelateNumber", () => {
  it("is stable for an order and valid for ECPay", () => {
    const a = deriveRelateNumber({ prefix: "MD", orderId: "order_01JABCDEF", displayId: 42 })
    expect(deriveRelateNumber({ prefix: "MD", orderId: "order_01JABCDEF", displayId: 42 })).toBe(a)
    expect(a).toMatch(/^MD42[0-9A-Z]{6}$/)
    expect(isValidRelateNumber(a)).toBe(true)
  })

  it("differs between orders with the same display id (another database) and per re-issue", () => {
    const a = deriveRelateNumber({ prefix: "MD", orderId: "order_A", displayId: 1 })
    expect(deriveRelateNumber({ prefix: "MD", orderId: "order_B", displayId: 1 })).not.toBe(a)
    expect(deriveRelateNumber({ prefix: "MD", orderId: "order_A", displayId: 1, sequence: 2 })).toBe(`${a}R2`)
  })

  it("stays within 30 characters whatever the prefix and display id", () => {
    const value = deriveRelateNumber({ prefix: "ABCDEFGHIJKL", orderId: "o", displayId: 123456789012345, sequence: 12 })
    expect(value.length).toBeLessThanOrEqual(30)
    expect(isValidRelateNumber(value)).toBe(true)
  })
})

describe("autoIssuePlan", () => {
  const settings = { issue_mode: "automatic" as const, issue_trigger: "payment_captured" as const, issue_delay_days: 0 }
  const now = new Date("2026-11-25T00:00:00Z")

  it("issues on capture, also when reported as order.placed", () => {
    expect(autoIssuePlan(settings, "payment_captured", now)).toEqual({ issueAt: null })
    expect(autoIssuePlan(settings, "order_placed", now)).toEqual({ issueAt: null })
    expect(autoIssuePlan(settings, "shipment", now)).toBeNull()
  })

  it("does nothing in manual mode", () => {
    expect(autoIssuePlan({ ...settings, issue_mode: "manual" }, "payment_captured", now)).toBeNull()
  })

  it("schedules N days later", () => {
    expect(autoIssuePlan({ ...settings, issue_trigger: "shipment", issue_delay_days: 3 }, "shipment", now)).toEqual({
      issueAt: new Date("2026-11-28T00:00:00Z"),
    })
  })
})

describe("allowedActions", () => {
  const base = { enabled: true, paid: true, canceled: false }
  it.each([
    [{ ...base, invoice: null }, ["issue"]],
    [{ ...base, paid: false, invoice: null }, []],
    [{ ...base, enabled: false, invoice: null }, []],
    [{ ...base, canceled: true, invoice: null }, []],
    [{ ...base, invoice: { status: "failed" } }, ["retry", "correct"]],
    // A pending attempt keeps the data it was (maybe) sent with: retried as it is, not corrected.
    [{ ...base, invoice: { status: "pending" } }, ["retry"]],
    [{ ...base, invoice: { status: "skipped" } }, ["issue"]],
  ])("%j → %j", (context, expected) => expect(allowedActions(context)).toEqual(expected))

  const now = new Date("2026-11-25T04:00:00Z")
  const issued = { status: "issued", invoice_date: new Date("2026-11-20T02:00:00Z"), total: 500, remaining_allowance_amount: 500 }

  it("offers void, reissue, allowance, resend and sync on an issued invoice within its period", () => {
    expect(allowedActions({ ...base, now, invoice: issued })).toEqual(["void", "reissue", "allowance", "resend", "sync"])
  })

  it("drops void and reissue once the invoice has an active allowance, or its period has locked", () => {
    expect(allowedActions({ ...base, now, invoice: issued, allowances: [{ status: "issued" }] })).toEqual(["allowance", "resend", "sync"])
    expect(allowedActions({ ...base, now, invoice: issued, allowances: [{ status: "voided" }, { status: "rejected" }] })).toContain("void")
    // Nov–Dec 2026 locks at 2027-01-14 00:00 Taipei = 2027-01-13 16:00 UTC.
    expect(allowedActions({ ...base, now: new Date("2027-01-13T15:59:59Z"), invoice: issued })).toContain("void")
    expect(allowedActions({ ...base, now: new Date("2027-01-13T16:00:00Z"), invoice: issued })).not.toContain("void")
  })

  it("drops allowance when nothing is left to allow", () => {
    expect(allowedActions({ ...base, now, invoice: { ...issued, remaining_allowance_amount: 0 } })).toEqual([
      "void",
      "reissue",
      "resend",
      "sync",
    ])
  })

  it("offers a new issue after a void (unless the order is canceled), and resend / sync of the voided one", () => {
    expect(allowedActions({ ...base, now, invoice: { ...issued, status: "voided" } })).toEqual(["issue", "resend", "sync"])
    expect(allowedActions({ ...base, canceled: true, now, invoice: { ...issued, status: "voided" } })).toEqual(["resend", "sync"])
  })

  it("offers nothing after issuing while e-invoicing is off", () => {
    expect(allowedActions({ ...base, enabled: false, now, invoice: issued })).toEqual([])
  })
})

describe("availableToAllow", () => {
  it("keeps the amount of allowances with an unknown outcome reserved", () => {
    const invoice = { total: 1000, remaining_allowance_amount: 700 }
    expect(availableToAllow(invoice)).toBe(700)
    expect(
      availableToAllow(invoice, [
        { status: "pending", amount: 300 },
        { status: "issued", amount: 300 },
        { status: "failed", amount: 50 },
      ])
    ).toBe(400)
    expect(availableToAllow({ total: 1000, remaining_allowance_amount: null })).toBe(1000)
    expect(availableToAllow(invoice, [{ status: "pending", amount: 900 }])).toBe(0)
  })

  it("offers no allowance once pending ones take what is left", () => {
    const now = new Date("2026-11-25T04:00:00Z")
    const invoice = { status: "issued", invoice_date: new Date("2026-11-20T02:00:00Z"), total: 500, remaining_allowance_amount: 500 }
    expect(
      allowedActions({ enabled: true, paid: true, canceled: false, now, invoice, allowances: [{ status: "pending", amount: 500 }] })
    ).toEqual(["resend", "sync"])
  })
})

describe("allowanceActions", () => {
  const now = new Date("2026-11-25T04:00:00Z")
  it("voids an issued allowance until its period locks, cancels one awaiting agreement", () => {
    const date = new Date("2026-11-21T00:00:00Z")
    expect(allowanceActions({ status: "issued", allowance_date: date }, { enabled: true, now })).toEqual(["void"])
    expect(allowanceActions({ status: "issued", allowance_date: date }, { enabled: true, now: new Date("2027-01-14T00:00:00Z") })).toEqual(
      []
    )
    expect(allowanceActions({ status: "awaiting_agreement" }, { enabled: true, now })).toEqual(["cancel"])
    for (const status of ["pending", "failed", "rejected", "voided"]) {
      expect(allowanceActions({ status, allowance_date: date }, { enabled: true, now })).toEqual([])
    }
    expect(allowanceActions({ status: "issued", allowance_date: date }, { enabled: false, now })).toEqual([])
  })
})

describe("nextAttemptAt", () => {
  const now = new Date("2026-11-25T00:00:00Z")
  it("backs off exponentially up to six hours, and honours a minimum", () => {
    expect(nextAttemptAt(1, now).getTime() - now.getTime()).toBe(60_000)
    expect(nextAttemptAt(3, now).getTime() - now.getTime()).toBe(240_000)
    expect(nextAttemptAt(30, now).getTime() - now.getTime()).toBe(6 * 3600_000)
    expect(nextAttemptAt(1, now, 30 * 60_000).getTime() - now.getTime()).toBe(30 * 60_000)
  })
})
