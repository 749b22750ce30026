import { invoicePeriodOf, isPastVoidDeadline, lastVoidableMoment, parsePeriodLabel, periodRange, voidDeadline } from "../invoice-period"

/** An instant given as Taipei wall-clock time. */
const taipei = (text: string) => new Date(`${text}+08:00`)

describe("invoice periods", () => {
  it.each([
    ["2026-01-01T00:00:00", "2026-01/02", 1],
    ["2026-02-28T23:59:59", "2026-01/02", 1],
    ["2026-03-01T00:00:00", "2026-03/04", 2],
    ["2026-11-25T12:00:00", "2026-11/12", 6],
    ["2026-12-31T23:59:59", "2026-11/12", 6],
  ])("%s Taipei is in period %s", (at, label, term) => {
    expect(invoicePeriodOf(taipei(at))).toEqual({ year: Number(label.slice(0, 4)), term, label })
  })

  it("uses Taipei time, not UTC: 1 March 07:00 Taipei is still 28 Feb in UTC", () => {
    expect(invoicePeriodOf(taipei("2026-03-01T07:00:00")).label).toBe("2026-03/04")
  })

  it("round-trips labels and refuses ones that are not periods", () => {
    expect(parsePeriodLabel("2026-11/12")).toEqual({ year: 2026, term: 6, label: "2026-11/12" })
    for (const bad of ["2026-02/03", "2026-13/14", "2026-1/2", "26-01/02", ""]) {
      expect(parsePeriodLabel(bad)).toBeNull()
    }
    const range = periodRange(parsePeriodLabel("2026-11/12")!)
    expect(range.from).toEqual(taipei("2026-11-01T00:00:00"))
    expect(range.to).toEqual(taipei("2027-01-01T00:00:00"))
  })
})

describe("void deadline (23:59:59 Taipei on the 13th of the next odd month)", () => {
  it.each([
    ["2026-01-05T10:00:00", "2026-03-14T00:00:00", "2026-03-13 23:59:59"],
    ["2026-02-28T23:00:00", "2026-03-14T00:00:00", "2026-03-13 23:59:59"],
    ["2026-04-30T10:00:00", "2026-05-14T00:00:00", "2026-05-13 23:59:59"],
    ["2026-11-25T10:00:00", "2027-01-14T00:00:00", "2027-01-13 23:59:59"],
    ["2026-12-31T23:59:59", "2027-01-14T00:00:00", "2027-01-13 23:59:59"],
  ])("an invoice of %s locks at %s Taipei", (issued, lock, last) => {
    expect(voidDeadline(taipei(issued))).toEqual(taipei(lock))
    expect(lastVoidableMoment(taipei(issued))).toBe(last)
  })

  it("is voidable through the last second of the 13th and not a second later", () => {
    const issued = taipei("2026-11-25T10:00:00")
    expect(isPastVoidDeadline(issued, taipei("2027-01-13T23:59:59"))).toBe(false)
    expect(isPastVoidDeadline(issued, taipei("2027-01-14T00:00:00"))).toBe(true)
  })
})
