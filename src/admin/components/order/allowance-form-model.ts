// The allowance (折讓) form's values, arithmetic and checks: no React, so the unit tests can run it in
// node. The checks mirror the server's (src/lib/allowance-plan.ts); the server has the last word.
import type { FieldError } from "../../lib/admin-fetch"
import type { AfterIssueLine, AfterIssueView, AllowanceAgreement, CreateAllowanceBody } from "../../lib/types"
import { REASON_MAX_LENGTH } from "../../../lib/ecpay/validators"

export type AllowanceMode = "lines" | "amount"

export interface AllowanceFormValues {
  agreement: AllowanceAgreement
  mode: AllowanceMode
  /** The quantity to allow of each line, by ItemSeq, as typed ("" = none). */
  quantities: Record<number, string>
  /** The amount to allow, as typed (mode "amount"). */
  amount: string
  reason: string
  notifyEmail: string
}

/** The form's fields, as the server names them in its field errors. */
export type AllowanceField = "agreement" | "lines" | "amount" | "reason" | "notify_email"

/** A problem with the input: a key under `ecpayEinvoice.order.allowanceForm.errors` and its values. */
export interface Problem {
  code: string
  values?: Record<string, string | number>
}

export interface AllowanceProblems {
  fields: Partial<Record<AllowanceField, Problem>>
  /** By ItemSeq. */
  lines: Record<number, Problem>
}

export function initialAllowanceValues(after: AfterIssueView): AllowanceFormValues {
  return {
    agreement: after.default_agreement === "online" && !after.online_available ? "paper" : after.default_agreement,
    // By lines when any line is left to allow, else by amount.
    mode: after.lines.some((line) => lineLeft(line).quantity > 0) ? "lines" : "amount",
    quantities: {},
    amount: "",
    reason: "",
    notifyEmail: after.buyer_email ?? "",
  }
}

/** How much of a line earlier allowances left. */
export function lineLeft(line: AfterIssueLine): { quantity: number; amount: number } {
  return {
    quantity: Math.max(0, line.quantity - line.allowed_quantity),
    amount: Math.max(0, line.amount - line.allowed_amount),
  }
}

/** A line can be allowed when some of its quantity and amount is left (a discount line cannot). */
export function lineAllowable(line: AfterIssueLine): boolean {
  const left = lineLeft(line)
  return left.quantity > 0 && left.amount > 0 && line.price > 0
}

/** Allowing the rest of a line takes what is left of its amount; otherwise price × quantity. */
export function lineAllowanceAmount(line: AfterIssueLine, quantity: number): number {
  const left = lineLeft(line)
  if (quantity <= 0) {
    return 0
  }
  return quantity === left.quantity ? left.amount : Math.round(line.price * quantity)
}

/** A typed whole number, or null when the text is not one ("" is 0 when `emptyIsZero`). */
export function parseWhole(text: string, emptyIsZero = false): number | null {
  const value = text.trim()
  if (!value) {
    return emptyIsZero ? 0 : null
  }
  return /^\d+$/.test(value) ? Number(value) : null
}

/** The allowance's total as the form stands (invalid quantities count as 0). */
export function allowanceTotal(values: AllowanceFormValues, after: AfterIssueView): number {
  if (values.mode === "amount") {
    return parseWhole(values.amount) ?? 0
  }
  return after.lines.reduce((sum, line) => {
    const quantity = parseWhole(values.quantities[line.seq] ?? "", true) ?? 0
    return quantity > 0 && quantity <= lineLeft(line).quantity ? sum + lineAllowanceAmount(line, quantity) : sum
  }, 0)
}

/** Characters as a merchant counts them (a CJK character is one). */
export function charCount(text: string): number {
  return Array.from(text).length
}

const EMAIL = /^[^\s@;]+@[^\s@;]+\.[^\s@;]+$/

/** One address, or several separated by ";" (as ECPay's NotifyMail takes them). */
export function isEmailList(text: string): boolean {
  const parts = text.split(";").map((part) => part.trim())
  return parts.length > 0 && parts.every((part) => EMAIL.test(part))
}

/** The same checks the server makes before it calls ECPay, so most mistakes never leave the form. */
export function checkAllowance(values: AllowanceFormValues, after: AfterIssueView): AllowanceProblems {
  const problems: AllowanceProblems = { fields: {}, lines: {} }
  const remaining = after.remaining_allowance_amount

  if (values.agreement === "online" && !after.online_available) {
    problems.fields.agreement = { code: "onlineUnavailable" }
  }

  if (values.mode === "lines") {
    let chosen = 0
    for (const line of after.lines) {
      const quantity = parseWhole(values.quantities[line.seq] ?? "", true)
      const left = lineLeft(line).quantity
      if (quantity === null) {
        problems.lines[line.seq] = { code: "wholeNumber" }
      } else if (quantity > left) {
        problems.lines[line.seq] = { code: "lineExceeds", values: { left } }
      } else if (quantity > 0) {
        chosen++
      }
    }
    if (!chosen && !Object.keys(problems.lines).length) {
      problems.fields.lines = { code: "nothingChosen" }
    } else if (allowanceTotal(values, after) > remaining) {
      problems.fields.lines = { code: "exceedsRemaining", values: { amount: remaining } }
    }
  } else {
    const amount = parseWhole(values.amount)
    if (!values.amount.trim()) {
      problems.fields.amount = { code: "amountRequired" }
    } else if (amount === null || amount < 1) {
      problems.fields.amount = { code: "amountInvalid" }
    } else if (amount > remaining) {
      problems.fields.amount = { code: "exceedsRemaining", values: { amount: remaining } }
    }
  }

  if (charCount(values.reason.trim()) > REASON_MAX_LENGTH) {
    problems.fields.reason = { code: "reasonTooLong", values: { max: REASON_MAX_LENGTH } }
  }

  const email = values.notifyEmail.trim()
  if (!email && values.agreement === "online") {
    problems.fields.notify_email = { code: "emailRequired" }
  } else if (email && !isEmailList(email)) {
    problems.fields.notify_email = { code: "emailInvalid" }
  }
  return problems
}

export function hasProblems(problems: AllowanceProblems): boolean {
  return Object.keys(problems.fields).length > 0 || Object.keys(problems.lines).length > 0
}

/** The request body: only the lines with a quantity, or the amount; empty texts left out. */
export function allowanceBody(values: AllowanceFormValues, after: AfterIssueView): CreateAllowanceBody {
  const body: CreateAllowanceBody = { agreement: values.agreement }
  if (values.mode === "lines") {
    body.lines = after.lines
      .map((line) => ({ seq: line.seq, quantity: parseWhole(values.quantities[line.seq] ?? "", true) ?? 0 }))
      .filter((line) => line.quantity > 0)
  } else {
    body.amount = parseWhole(values.amount) ?? 0
  }
  const reason = values.reason.trim()
  if (reason) {
    body.reason = reason
  }
  const email = values.notifyEmail.trim()
  if (email) {
    body.notify_email = email
  }
  return body
}

/** What the form hands to the allowance action: the body and its submission's `Idempotency-Key`. */
export type AllowanceSubmissionBody = CreateAllowanceBody & { idempotency_key?: string }

/** One form submission: its key and the body it was sent with. */
export interface AllowanceSubmission {
  key: string
  body: string
}

/**
 * The `Idempotency-Key` of a submission: a retry of the same body (after a lost answer or an error)
 * keeps the key, so the server answers the first allowance instead of making a second; a changed body
 * is a new request with a new key. The form forgets it whenever it opens.
 */
export function submissionKey(previous: AllowanceSubmission | null, body: CreateAllowanceBody, newKey: () => string): AllowanceSubmission {
  const text = JSON.stringify(body)
  return previous && previous.body === text ? previous : { key: newKey(), body: text }
}

/** A random key: crypto.randomUUID where the page is a secure context, else 16 random bytes in hex. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID()
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("")
}

/** The server's refusal codes that are about one field of the form. */
const CODE_FIELDS: Record<string, AllowanceField | "mode"> = {
  allowance_exceeds_remaining: "mode",
  allowance_empty: "mode",
  allowance_line_exceeds: "lines",
  allowance_line_unknown: "lines",
  email_required: "notify_email",
  callback_url_missing: "agreement",
}

export interface ServerErrorPlacement {
  fields: Partial<Record<AllowanceField, string>>
  /** By ItemSeq. */
  lines: Record<number, string>
  /** What belongs to no field. */
  general: string[]
}

/**
 * Puts a 400's field errors beside the fields they name ("lines.0.quantity" is the first line of the
 * body sent, "amount", "notify_email"…); a refusal code without field errors goes to the field it is
 * about, and anything else above the form. `text(code, message)` words a refusal code.
 */
export function placeServerErrors(
  error: { code?: string; message: string; errors: FieldError[] },
  body: CreateAllowanceBody,
  mode: AllowanceMode,
  text: (code: string | undefined, message: string) => string
): ServerErrorPlacement {
  const placement: ServerErrorPlacement = { fields: {}, lines: {}, general: [] }
  const put = (field: string, message: string) => {
    const line = /^lines[.[](\d+)\]?(?:\.|$)/.exec(field)
    const seq = line ? body.lines?.[Number(line[1])]?.seq : undefined
    if (seq !== undefined) {
      placement.lines[seq] = message
    } else if (field === "lines" || field.startsWith("lines") || field === "amount") {
      placement.fields[mode === "amount" ? "amount" : "lines"] = message
    } else if (field === "agreement" || field === "reason" || field === "notify_email") {
      placement.fields[field] = message
    } else {
      placement.general.push(message)
    }
  }
  if (error.errors.length) {
    for (const entry of error.errors) {
      // One field error that comes with a refusal code: worded in the merchant's language.
      put(entry.field, error.errors.length === 1 && error.code ? text(error.code, entry.message) : entry.message)
    }
    return placement
  }
  const field = error.code ? CODE_FIELDS[error.code] : undefined
  const message = text(error.code, error.message)
  if (field) {
    put(field === "mode" ? (mode === "amount" ? "amount" : "lines") : field, message)
  } else {
    placement.general.push(message)
  }
  return placement
}
