// The void-and-reissue (註銷重開) form's values, checks and request body: no React, so the unit tests can
// run it in node. The checks are the store's own choice rules (src/lib/invoice-choice-rules.ts, which the
// server's schema applies too); the server has the last word and names the field it refuses
// (`choice.tax_id`, `reason` …).
import { normalizeMobileBarcode, REASON_MAX_LENGTH } from "../../../lib/ecpay/validators"
import { TYPE_FIELDS, choiceProblems, lengthProblems, type ChoiceProblem, type ChoiceRule } from "../../../lib/invoice-choice-rules"
import type { FieldError } from "../../lib/admin-fetch"
import type { Charity, EinvoiceRecord, InvoiceChoiceBody, InvoiceType, ReissueInvoiceBody } from "../../lib/types"
import { INVOICE_TYPES } from "../../../lib/einvoice-types"
import { charCount } from "./allowance-form-model"

/** The invoice types a correction can choose, in the order the form offers them. */
export const REISSUE_TYPES: InvoiceType[] = [...INVOICE_TYPES]

export interface ReissueFormValues {
  reason: string
  type: InvoiceType
  /** Citizen certificate, mobile barcode, or the card's hidden code (EasyCard / iPASS). */
  carrierNumber: string
  /** The card's visible code (EasyCard / iPASS). */
  carrierNumber2: string
  loveCode: string
  taxId: string
  companyName: string
  /** Company invoice: print it on paper (and mail it to `address`). */
  print: boolean
  buyerName: string
  address: string
  /** Where ECPay sends the notice; empty = the order's e-mail. */
  email: string
}

/** The form's fields, as the server names them (`choice.<field>` in its field errors, or `reason`). */
export type ReissueField =
  | "reason"
  | "type"
  | "carrier_number"
  | "carrier_number2"
  | "love_code"
  | "tax_id"
  | "company_name"
  | "buyer_name"
  | "address"
  | "email"
  | "print"

/** A problem with the input: a key under `ecpayEinvoice.order.reissueForm.errors` and its values. */
export interface ReissueProblem {
  code: string
  values?: Record<string, string | number>
}

export type ReissueProblems = Partial<Record<ReissueField, ReissueProblem>>

/**
 * Fields of the choice the form does not offer: a company invoice's mobile barcode (the form corrects
 * the company data only), and `print` for a paper invoice (always printed).
 */
const NOT_OFFERED: Partial<Record<InvoiceType, readonly ReissueField[]>> = {
  company: ["carrier_number"],
  paper: ["print"],
}

/** Which inputs a type shows (and sends): the fields the type takes (and a paper invoice's buyer name). */
export function fieldsOfType(type: InvoiceType): ReissueField[] {
  const fields: ReissueField[] = [...(type === "paper" ? (["buyer_name"] as const) : []), ...TYPE_FIELDS[type]]
  return fields.filter((field) => !NOT_OFFERED[type]?.includes(field))
}

/**
 * The form as the invoice is now: its type, carrier, love code, company and buyer. A donation without
 * a love code on record starts at the store's default charity (else its first).
 */
export function initialReissueValues(
  invoice: Pick<
    EinvoiceRecord,
    | "type"
    | "carrier_type"
    | "carrier_number"
    | "carrier_number2"
    | "love_code"
    | "company_tax_id"
    | "company_name"
    | "print"
    | "buyer_name"
    | "buyer_address"
    | "buyer_email"
  > | null,
  defaultLoveCode: string | null = null
): ReissueFormValues {
  const type = invoice?.type ?? "member"
  // A company invoice kept on a mobile barcode has it as its carrier; the member carrier has no number.
  const carrierNumber = invoice && invoice.carrier_type && invoice.carrier_type !== "1" ? (invoice.carrier_number ?? "") : ""
  return {
    reason: "",
    type,
    carrierNumber,
    carrierNumber2: invoice?.carrier_number2 ?? "",
    loveCode: invoice?.love_code ?? defaultLoveCode ?? "",
    taxId: invoice?.company_tax_id ?? "",
    companyName: invoice?.company_name ?? "",
    print: type === "company" ? !!invoice?.print : false,
    buyerName: type === "company" ? "" : (invoice?.buyer_name ?? ""),
    address: invoice?.buyer_address ?? "",
    email: invoice?.buyer_email ?? "",
  }
}

/** The love code a donation starts with: the store's default charity, else its first, else none. */
export function defaultLoveCodeOf(charities: Charity[], defaultCode: string | null | undefined): string | null {
  if (defaultCode && charities.some((charity) => charity.code === defaultCode)) {
    return defaultCode
  }
  return charities[0]?.code ?? defaultCode ?? null
}

const given = (value: string) => value.trim() !== ""

/** The wording of each rule: a key under `ecpayEinvoice.order.reissueForm.errors`. */
export const RULE_ERROR_CODES: Record<ChoiceRule, string> = {
  required: "required",
  not_for_type: "notForType",
  email_format: "email",
  phone_format: "phone",
  citizen_certificate_format: "citizenCertificate",
  mobile_barcode_format: "mobileBarcode",
  love_code_format: "loveCode",
  tax_id_checksum: "taxId",
  paper_is_printed: "paperIsPrinted",
  half_width: "halfWidth",
  too_long: "tooLong",
}

/**
 * The form's own checks: the store's choice rules applied to the choice the form would send, one
 * problem per field (the first the rules name; a length only when nothing else is wrong with it).
 */
export function checkReissue(values: ReissueFormValues): ReissueProblems {
  const problems: ReissueProblems = {}
  const reason = values.reason.trim()
  if (!reason) {
    problems.reason = { code: "reasonRequired" }
  } else if (charCount(reason) > REASON_MAX_LENGTH) {
    problems.reason = { code: "tooLong", values: { max: REASON_MAX_LENGTH } }
  }

  const choice = reissueChoice(values)
  const found: Array<ChoiceProblem & { max?: number }> = [...choiceProblems(choice), ...lengthProblems(choice)]
  for (const problem of found) {
    const field = problem.field as ReissueField
    if (FIELDS.includes(field) && !problems[field]) {
      problems[field] = {
        code: RULE_ERROR_CODES[problem.rule],
        ...(problem.max !== undefined ? { values: { max: problem.max } } : {}),
      }
    }
  }
  return problems
}

export function hasReissueProblems(problems: ReissueProblems): boolean {
  return Object.keys(problems).length > 0
}

/** The choice as the server takes it: only the fields the type uses, normalised like checkout does. */
export function reissueChoice(values: ReissueFormValues): InvoiceChoiceBody {
  const choice: InvoiceChoiceBody = { type: values.type }
  const trim = (value: string) => value.trim()
  switch (values.type) {
    case "citizen_certificate":
      choice.carrier_number = trim(values.carrierNumber).toUpperCase()
      break
    case "mobile_barcode":
      choice.carrier_number = normalizeMobileBarcode(trim(values.carrierNumber))
      break
    case "donation":
      choice.love_code = trim(values.loveCode)
      break
    case "company":
      choice.tax_id = trim(values.taxId)
      choice.company_name = trim(values.companyName)
      choice.print = values.print
      if (given(values.address)) {
        choice.address = trim(values.address)
      }
      break
    case "paper":
      choice.buyer_name = trim(values.buyerName)
      choice.address = trim(values.address)
      break
    case "easycard":
    case "ipass":
      choice.carrier_number = trim(values.carrierNumber)
      choice.carrier_number2 = trim(values.carrierNumber2)
      break
    case "member":
      break
  }
  if (given(values.email)) {
    choice.email = trim(values.email)
  }
  return choice
}

export function reissueBody(values: ReissueFormValues): ReissueInvoiceBody {
  return { reason: values.reason.trim(), choice: reissueChoice(values) }
}

/** Where the server's refusal goes: beside a field of the form, or above the form. */
export interface ReissueErrorPlacement {
  fields: Partial<Record<ReissueField, string>>
  general: string[]
}

const FIELDS: ReissueField[] = [
  "reason",
  "type",
  "carrier_number",
  "carrier_number2",
  "love_code",
  "tax_id",
  "company_name",
  "buyer_name",
  "address",
  "email",
  "print",
]

/**
 * Puts the server's field errors beside their fields (`choice.tax_id` → the tax ID input, `reason` →
 * the reason); a field the form does not show for the chosen type (or no field) goes above the form,
 * named, so nothing the server said is lost.
 */
export function placeReissueErrors(
  error: { code?: string; message: string; errors: FieldError[] },
  type: InvoiceType,
  text: (code: string | undefined, message: string) => string
): ReissueErrorPlacement {
  const placement: ReissueErrorPlacement = { fields: {}, general: [] }
  const shown = new Set<ReissueField>(["reason", "type", "email", ...fieldsOfType(type)])
  if (!error.errors.length) {
    placement.general.push(text(error.code, error.message))
    return placement
  }
  for (const entry of error.errors) {
    const name = entry.field.replace(/^choice\./, "") as ReissueField
    const known = FIELDS.includes(name) && (entry.field === "reason" || entry.field.startsWith("choice."))
    if (known && shown.has(name)) {
      placement.fields[name] = placement.fields[name] ? `${placement.fields[name]} ${entry.message}` : entry.message
    } else {
      placement.general.push(`${entry.field}: ${entry.message}`)
    }
  }
  return placement
}
