import type { AfterIssueView } from "../../../lib/types"
import {
  allowanceBody,
  allowanceTotal,
  charCount,
  checkAllowance,
  hasProblems,
  initialAllowanceValues,
  isEmailList,
  lineAllowanceAmount,
  placeServerErrors,
  submissionKey,
  type AllowanceFormValues,
} from "../allowance-form-model"
import { formatDeadline } from "../format"

/** 2 teas at 1,200, 1 mug at 350, shipping 100; one tea already allowed. */
const AFTER: AfterIssueView = {
  period: "2026-11/12",
  void_deadline: "2027-01-13T16:00:00.000Z",
  voidable: true,
  void_blocked_by: "allowances",
  remaining_allowance_amount: 1650,
  lines: [
    { seq: 1, name: "茶葉禮盒", quantity: 2, price: 1200, amount: 2400, allowed_quantity: 1, allowed_amount: 1200 },
    { seq: 2, name: "馬克杯", quantity: 3, price: 116.67, amount: 350, allowed_quantity: 0, allowed_amount: 0 },
    { seq: 3, name: "運費", quantity: 1, price: 100, amount: 100, allowed_quantity: 0, allowed_amount: 0 },
  ],
  default_agreement: "online",
  buyer_email: "buyer@example.com",
  online_available: false,
}

const values = (changes: Partial<AllowanceFormValues> = {}): AllowanceFormValues => ({
  ...initialAllowanceValues(AFTER),
  ...changes,
})

describe("allowance form", () => {
  it("starts from the store's agreement (paper when online is unavailable), by items, with the buyer's e-mail", () => {
    expect(initialAllowanceValues(AFTER)).toEqual({
      agreement: "paper",
      mode: "lines",
      quantities: {},
      amount: "",
      reason: "",
      notifyEmail: "buyer@example.com",
    })
    expect(initialAllowanceValues({ ...AFTER, online_available: true }).agreement).toBe("online")
  })

  it("prices a line as the server does: the rest of a line takes what is left of its amount", () => {
    const mug = AFTER.lines[1]
    expect(lineAllowanceAmount(mug, 1)).toBe(117)
    expect(lineAllowanceAmount(mug, 3)).toBe(350)
    expect(lineAllowanceAmount(AFTER.lines[0], 1)).toBe(1200)
    expect(lineAllowanceAmount(AFTER.lines[0], 0)).toBe(0)
    expect(allowanceTotal(values({ quantities: { 1: "1", 3: "1" } }), AFTER)).toBe(1300)
    expect(allowanceTotal(values({ mode: "amount", amount: "500" }), AFTER)).toBe(500)
  })

  it("checks what the server checks before anything is sent", () => {
    expect(checkAllowance(values(), AFTER).fields.lines).toEqual({ code: "nothingChosen" })
    expect(checkAllowance(values({ quantities: { 1: "2" } }), AFTER).lines[1]).toEqual({ code: "lineExceeds", values: { left: 1 } })
    expect(checkAllowance(values({ quantities: { 2: "1.5" } }), AFTER).lines[2]).toEqual({ code: "wholeNumber" })
    // Everything left comes to exactly what is allowable; with less allowable, it is too much.
    expect(checkAllowance(values({ quantities: { 1: "1", 2: "3", 3: "1" } }), AFTER).fields.lines).toBeUndefined()
    expect(
      checkAllowance(values({ quantities: { 1: "1", 2: "3", 3: "1" } }), { ...AFTER, remaining_allowance_amount: 1600 }).fields.lines
    ).toEqual({ code: "exceedsRemaining", values: { amount: 1600 } })
    expect(checkAllowance(values({ mode: "amount" }), AFTER).fields.amount).toEqual({ code: "amountRequired" })
    expect(checkAllowance(values({ mode: "amount", amount: "0" }), AFTER).fields.amount).toEqual({ code: "amountInvalid" })
    expect(checkAllowance(values({ mode: "amount", amount: "1651" }), AFTER).fields.amount?.code).toBe("exceedsRemaining")
    expect(checkAllowance(values({ agreement: "online" }), AFTER).fields.agreement).toEqual({ code: "onlineUnavailable" })
    const online = { ...AFTER, online_available: true }
    expect(checkAllowance(values({ agreement: "online", notifyEmail: " " }), online).fields.notify_email).toEqual({ code: "emailRequired" })
    expect(checkAllowance(values({ notifyEmail: "not-an-address" }), AFTER).fields.notify_email).toEqual({ code: "emailInvalid" })
    expect(checkAllowance(values({ reason: "一二三四五六七八九十一二三四五六七八九十一" }), AFTER).fields.reason?.code).toBe(
      "reasonTooLong"
    )
    expect(hasProblems(checkAllowance(values({ quantities: { 1: "1" }, reason: "退貨 1 件" }), AFTER))).toBe(false)
  })

  it("sends only the lines with a quantity, or the amount, and leaves empty texts out", () => {
    expect(allowanceBody(values({ quantities: { 1: "1", 2: "", 3: "0" }, reason: " 退貨 " }), AFTER)).toEqual({
      agreement: "paper",
      lines: [{ seq: 1, quantity: 1 }],
      reason: "退貨",
      notify_email: "buyer@example.com",
    })
    expect(allowanceBody(values({ mode: "amount", amount: "300", notifyEmail: "" }), AFTER)).toEqual({ agreement: "paper", amount: 300 })
  })

  it("puts the server's field errors beside the fields they name", () => {
    const body = { agreement: "paper" as const, lines: [{ seq: 3, quantity: 2 }] }
    const text = (code: string | undefined, message: string) => (code === "allowance_line_exceeds" ? "worded" : message)
    expect(
      placeServerErrors(
        { code: "allowance_line_exceeds", message: "no", errors: [{ field: "lines.0.quantity", message: "line 3 has 1 left" }] },
        body,
        "lines",
        text
      )
    ).toEqual({ fields: {}, lines: { 3: "worded" }, general: [] })
    expect(placeServerErrors({ code: "email_required", message: "an e-mail is needed", errors: [] }, body, "lines", text)).toEqual({
      fields: { notify_email: "an e-mail is needed" },
      lines: {},
      general: [],
    })
    expect(placeServerErrors({ code: "allowance_exceeds_remaining", message: "too much", errors: [] }, body, "amount", text)).toEqual({
      fields: { amount: "too much" },
      lines: {},
      general: [],
    })
    expect(placeServerErrors({ message: "odd", errors: [{ field: "other", message: "odd" }] }, body, "lines", text).general).toEqual([
      "odd",
    ])
  })

  it("counts characters as typed and accepts ECPay's e-mail lists", () => {
    expect(charCount("訂單取消")).toBe(4)
    expect(isEmailList("a@example.com")).toBe(true)
    expect(isEmailList("a@example.com; b@example.com")).toBe(true)
    expect(isEmailList("a@example")).toBe(false)
  })

  it("shows a void deadline as its last minute in Taiwan", () => {
    // Voiding locks at 2027-01-14 00:00 Taipei (2027-01-13 16:00 UTC).
    expect(formatDeadline("2027-01-13T16:00:00.000Z")).toBe("2027-01-13 23:59")
    expect(formatDeadline(null)).toBe("-")
  })
})

describe("the allowance form's Idempotency-Key", () => {
  it("one key per submission: a retry of the same body keeps it, a changed body gets a new one", () => {
    let n = 0
    const next = () => `key-${++n}`
    const first = submissionKey(null, { agreement: "paper", amount: 100 }, next)
    expect(first.key).toBe("key-1")
    expect(submissionKey(first, { agreement: "paper", amount: 100 }, next)).toBe(first)
    expect(submissionKey(first, { agreement: "paper", amount: 200 }, next).key).toBe("key-2")
  })
})
