import { allowedActions } from "../einvoice-actions"
import { awardTier, isWinning, needsPrinting, paperReason, type PaperFields } from "../invoice-paper"

const member: PaperFields = {
  status: "issued",
  print: false,
  donation: false,
  carrier_type: "1",
  award_status: null,
  remaining_allowance_amount: 1000,
}

describe("winning invoices (the award status sync stores)", () => {
  it.each([
    ["6", true, 6],
    ["12", true, 12],
    // IIS_Award_Flag alone: won, tier unknown.
    ["1", true, 1],
    ["0", false, null],
    ["X", false, null],
    ["", false, null],
    [null, false, null],
  ])("%j → winning %j, tier %j", (status, winning, tier) => {
    expect(isWinning(status)).toBe(winning)
    expect(awardTier(status)).toBe(tier)
  })
})

describe("paperReason", () => {
  it("a printed invoice (paper, or a company invoice without carrier) needs paper", () => {
    expect(paperReason({ ...member, print: true, carrier_type: "" })).toBe("printed")
  })

  it("a member-carrier invoice needs paper only once it won", () => {
    expect(paperReason(member)).toBeNull()
    expect(paperReason({ ...member, award_status: "3" })).toBe("winning")
  })

  it("no paper for a winning donated, mobile-barcode or citizen-certificate invoice (the prize is paid without it)", () => {
    expect(paperReason({ ...member, award_status: "3", donation: true })).toBeNull()
    expect(paperReason({ ...member, award_status: "3", carrier_type: "3" })).toBeNull()
    expect(paperReason({ ...member, award_status: "3", carrier_type: "2" })).toBeNull()
  })

  it("nothing for an invoice that is not issued, or is fully reduced by allowances (ECPay prints no proof)", () => {
    expect(paperReason({ ...member, print: true, status: "voided" })).toBeNull()
    expect(paperReason({ ...member, print: true, status: "pending" })).toBeNull()
    expect(paperReason({ ...member, print: true, remaining_allowance_amount: 0 })).toBeNull()
    expect(paperReason({ ...member, print: true, remaining_allowance_amount: null })).toBe("printed")
  })

  it("needsPrinting: until marked printed", () => {
    expect(needsPrinting({ ...member, print: true, printed_at: null })).toBe(true)
    expect(needsPrinting({ ...member, print: true, printed_at: "2026-12-01T00:00:00Z" })).toBe(false)
    expect(needsPrinting({ ...member, printed_at: null })).toBe(false)
  })
})

describe("the card's print and winning-notice actions", () => {
  const context = { enabled: true, paid: true, canceled: false, now: new Date() }
  const issued = { ...member, invoice_date: new Date(), total: 1000 }

  it("print for an invoice that needs paper, the winning notice for a winning one", () => {
    expect(allowedActions({ ...context, invoice: issued })).toEqual(["void", "reissue", "allowance", "resend", "sync"])
    expect(allowedActions({ ...context, invoice: { ...issued, print: true, carrier_type: "" } })).toEqual([
      "void",
      "reissue",
      "allowance",
      "print",
      "resend",
      "sync",
    ])
    expect(allowedActions({ ...context, invoice: { ...issued, award_status: "6" } })).toEqual([
      "void",
      "reissue",
      "allowance",
      "print",
      "resend",
      "notify_award",
      "sync",
    ])
    // A winning donation: its notice, no paper.
    expect(allowedActions({ ...context, invoice: { ...issued, award_status: "6", donation: true } })).toContain("notify_award")
    expect(allowedActions({ ...context, invoice: { ...issued, award_status: "6", donation: true } })).not.toContain("print")
  })

  it("neither while e-invoicing is off, nor on a voided invoice", () => {
    expect(allowedActions({ ...context, enabled: false, invoice: { ...issued, print: true, award_status: "6" } })).toEqual([])
    expect(allowedActions({ ...context, invoice: { ...issued, status: "voided", print: true, award_status: "6" } })).toEqual([
      "issue",
      "resend",
      "sync",
    ])
  })
})
