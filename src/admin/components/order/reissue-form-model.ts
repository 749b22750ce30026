// The void-and-reissue (註銷重開) form's values, checks and request body: no React, so the unit tests can
// run it in node. The checks mirror the store's choice rules (src/lib/invoice-choice.ts); the server
// has the last word and names the field it refuses (`choice.tax_id`, `reason` …).
import {
  isValidCitizenCertificate,
  isValidLoveCode,
  isValidMobileBarcode,
  isValidTaxId,
  normalizeMobileBarcode,
} from "../../../lib/ecpay/validators"
import type { FieldError } from "../../lib/admin-fetch"
import type { Charity, EinvoiceRecord, InvoiceChoiceBody, InvoiceType, ReissueInvoiceBody } from "../../lib/types"
import { INVOICE_TYPES } from "../../../lib/einvoice-types"
import { REASON_MAX_LENGTH } from "../../../lib/ecpay/validators"
import { charCount } from "./allowance-form-model"

/** The invoice types a correction can choose, in the order the form offers them. */
export const REISSUE_TYPES: InvoiceType[] = [...INVOICE_TYPES]

export const MAX_NAME_LENGTH = 60
export const MAX_ADDRESS_LENGTH = 100
export const MAX_EMAIL_LENGTH = 80
export const MAX_CARD_CODE_LENGTH = 64

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

/** Which inputs a type shows (and sends). */
export function fieldsOfType(type: InvoiceType): ReissueField[] {
  switch (type) {
    case "member":
      return []
    case "citizen_certificate":
    case "mobile_barcode":
      return ["carrier_number"]
    case "donation":
      return ["love_code"]
    case "company":
      return ["tax_id", "company_name", "print", "address"]
    case "paper":
      return ["buyer_name", "address"]
    case "easycard":
    case "ipass":
      return ["carrier_number", "carrier_number2"]
  }
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
  const carrierNumber =
    invoice && invoice.carrier_type && invoice.carrier_type !== "1" ? invoice.carrier_number ?? "" : ""
  return {
    reason: "",
    type,
    carrierNumber,
    carrierNumber2: invoice?.carrier_number2 ?? "",
    loveCode: invoice?.love_code ?? defaultLoveCode ?? "",
    taxId: invoice?.company_tax_id ?? "",
    companyName: invoice?.company_name ?? "",
    print: type === "company" ? !!invoice?.print : false,
    buyerName: type === "company" ? "" : invoice?.buyer_name ?? "",
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
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const HALF_WIDTH = /^[\x21-\x7e]+$/

/** The form's own checks: the same rules as the store's checkout, per type. */
export function checkReissue(values: ReissueFormValues): ReissueProblems {
  const problems: ReissueProblems = {}
  const reason = values.reason.trim()
  if (!reason) {
    problems.reason = { code: "reasonRequired" }
  } else if (charCount(reason) > REASON_MAX_LENGTH) {
    problems.reason = { code: "tooLong", values: { max: REASON_MAX_LENGTH } }
  }

  const required = (field: ReissueField, value: string) => {
    if (!given(value)) {
      problems[field] = { code: "required" }
      return false
    }
    return true
  }
  const maxLength = (field: ReissueField, value: string, max: number) => {
    if (!problems[field] && value.trim().length > max) {
      problems[field] = { code: "tooLong", values: { max } }
    }
  }

  switch (values.type) {
    case "citizen_certificate":
      if (required("carrier_number", values.carrierNumber) && !isValidCitizenCertificate(values.carrierNumber.trim().toUpperCase())) {
        problems.carrier_number = { code: "citizenCertificate" }
      }
      break
    case "mobile_barcode":
      if (required("carrier_number", values.carrierNumber) && !isValidMobileBarcode(normalizeMobileBarcode(values.carrierNumber.trim()))) {
        problems.carrier_number = { code: "mobileBarcode" }
      }
      break
    case "donation":
      if (required("love_code", values.loveCode) && !isValidLoveCode(values.loveCode.trim())) {
        problems.love_code = { code: "loveCode" }
      }
      break
    case "company":
      if (required("tax_id", values.taxId) && !isValidTaxId(values.taxId.trim())) {
        problems.tax_id = { code: "taxId" }
      }
      required("company_name", values.companyName)
      maxLength("company_name", values.companyName, MAX_NAME_LENGTH)
      if (values.print) {
        required("address", values.address)
      }
      maxLength("address", values.address, MAX_ADDRESS_LENGTH)
      break
    case "paper":
      required("buyer_name", values.buyerName)
      maxLength("buyer_name", values.buyerName, MAX_NAME_LENGTH)
      required("address", values.address)
      maxLength("address", values.address, MAX_ADDRESS_LENGTH)
      break
    case "easycard":
    case "ipass":
      for (const [field, value] of [
        ["carrier_number", values.carrierNumber],
        ["carrier_number2", values.carrierNumber2],
      ] as const) {
        if (required(field, value)) {
          if (!HALF_WIDTH.test(value.trim())) {
            problems[field] = { code: "halfWidth" }
          }
          maxLength(field, value, MAX_CARD_CODE_LENGTH)
        }
      }
      break
    case "member":
      break
  }

  const email = values.email.trim()
  if (email && (!EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH)) {
    problems.email = { code: "email" }
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
