import { isValidCitizenCertificate, isValidLoveCode, isValidMobileBarcode, isValidTaxId, normalizeMobileBarcode } from "./ecpay/validators"
import type { InvoiceType } from "./einvoice-types"

/**
 * The rules of a shopper's invoice choice, without zod: which fields each invoice type takes, which it
 * requires, their formats and lengths. The store's schema (`invoice-choice.ts`) applies them to every
 * choice a storefront or the admin's reissue sends; the admin's reissue form applies the same rules
 * in the browser (this module must stay free of zod and of server code: it is in the admin bundle).
 */

/** Every field of a choice (besides `type`). */
export type ChoiceField =
  "carrier_number" | "carrier_number2" | "love_code" | "tax_id" | "company_name" | "buyer_name" | "address" | "email" | "phone" | "print"

/** The stable ids of the rules; the store API sends them as `rule`, the admin maps them to its wording. */
export type ChoiceRule =
  | "required"
  | "not_for_type"
  | "email_format"
  | "phone_format"
  | "citizen_certificate_format"
  | "mobile_barcode_format"
  | "love_code_format"
  | "tax_id_checksum"
  | "paper_is_printed"
  | "half_width"
  | "too_long"

export interface ChoiceProblem {
  field: ChoiceField
  rule: ChoiceRule
  /** English, as the schema reports it (the store API words it per locale from `rule`). */
  message: string
}

/** The choice as the rules read it: text already trimmed, the phone already normalised. */
export interface ChoiceValues {
  type: InvoiceType
  carrier_number?: string
  carrier_number2?: string
  love_code?: string
  tax_id?: string
  company_name?: string
  buyer_name?: string
  address?: string
  email?: string
  phone?: string
  print?: boolean
}

export const MAX_NAME_LENGTH = 60
export const MAX_ADDRESS_LENGTH = 100
export const MAX_EMAIL_LENGTH = 80
export const MAX_PHONE_LENGTH = 20
export const MAX_CARD_CODE_LENGTH = 64

/**
 * The longest text each field takes (after trimming). The phone is taken at up to 30 characters as
 * typed (spaces, dashes, +886) and must be at most `MAX_PHONE_LENGTH` digits once normalised.
 */
export const CHOICE_MAX_LENGTHS = {
  carrier_number: MAX_CARD_CODE_LENGTH,
  carrier_number2: MAX_CARD_CODE_LENGTH,
  love_code: 7,
  tax_id: 8,
  company_name: MAX_NAME_LENGTH,
  buyer_name: MAX_NAME_LENGTH,
  address: MAX_ADDRESS_LENGTH,
  email: MAX_EMAIL_LENGTH,
  phone: 30,
} as const satisfies Partial<Record<ChoiceField, number>>

/** Fields any type takes: the buyer's name and where ECPay sends the notice. */
export const COMMON_CHOICE_FIELDS = ["buyer_name", "email", "phone"] as const satisfies readonly ChoiceField[]

/** The fields that belong to some types only, in the order their problems are reported. */
export const TYPE_SPECIFIC_FIELDS = [
  "carrier_number",
  "carrier_number2",
  "love_code",
  "tax_id",
  "company_name",
  "address",
  "print",
] as const satisfies readonly ChoiceField[]

export type TypeSpecificField = (typeof TYPE_SPECIFIC_FIELDS)[number]

/** Which type-specific fields each invoice type takes; any other one is refused (`not_for_type`). */
export const TYPE_FIELDS: Record<InvoiceType, readonly TypeSpecificField[]> = {
  member: [],
  citizen_certificate: ["carrier_number"],
  mobile_barcode: ["carrier_number"],
  donation: ["love_code"],
  // The carrier number is optional: a mobile barcode to keep the company invoice on.
  company: ["tax_id", "company_name", "print", "address", "carrier_number"],
  // A paper invoice is always printed (`print: false` is refused).
  paper: ["address", "print"],
  easycard: ["carrier_number", "carrier_number2"],
  ipass: ["carrier_number", "carrier_number2"],
}

/**
 * zod's own e-mail pattern (`z.regexes.email`, what `z.email()` checks), so that the browser and
 * the server agree; a unit test keeps the two equal.
 */
// Character for character zod's (the unit test compares the sources), its needless escapes included.
// eslint-disable-next-line no-useless-escape
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/

const PHONE_PATTERN = /^[0-9]{1,20}$/
const HALF_WIDTH_PATTERN = /^[\x21-\x7e]+$/
const MOBILE_BARCODE_MESSAGE = "must be '/' followed by 7 characters of 0-9, A-Z, +, -, ."

/**
 * What is wrong with a choice, in the order the store API reports it: e-mail and phone formats,
 * fields the type does not take, then the type's required fields and their formats. Lengths are
 * `lengthProblems`. Empty when the choice is acceptable.
 */
export function choiceProblems(choice: ChoiceValues): ChoiceProblem[] {
  const problems: ChoiceProblem[] = []
  const fail = (field: ChoiceField, rule: ChoiceRule, message: string) => problems.push({ field, rule, message })
  const given = (field: ChoiceField) => choice[field] !== undefined && choice[field] !== ""
  const require = (field: ChoiceField) => {
    if (!given(field)) {
      fail(field, "required", `is required for ${choice.type} invoices`)
      return false
    }
    return true
  }

  if (given("email") && !EMAIL_PATTERN.test(choice.email!)) {
    fail("email", "email_format", "must be a valid e-mail address")
  }
  if (given("phone") && !PHONE_PATTERN.test(choice.phone!)) {
    fail("phone", "phone_format", "must be digits only, at most 20")
  }

  // An unknown type is the schema's to report; it has no fields to refuse.
  const taken: readonly ChoiceField[] | undefined = TYPE_FIELDS[choice.type]
  for (const field of taken ? TYPE_SPECIFIC_FIELDS : []) {
    // `print: false` is no print: refused by no type (paper says why it must print below).
    if (!taken!.includes(field) && given(field) && !(field === "print" && choice.print === false)) {
      fail(field, "not_for_type", `is not used for ${choice.type} invoices`)
    }
  }

  switch (choice.type) {
    case "citizen_certificate":
      if (require("carrier_number") && !isValidCitizenCertificate(choice.carrier_number!.toUpperCase())) {
        fail("carrier_number", "citizen_certificate_format", "must be 2 letters followed by 14 digits")
      }
      break
    case "mobile_barcode":
      if (require("carrier_number") && !isValidMobileBarcode(normalizeMobileBarcode(choice.carrier_number!))) {
        fail("carrier_number", "mobile_barcode_format", MOBILE_BARCODE_MESSAGE)
      }
      break
    case "donation":
      if (require("love_code") && !isValidLoveCode(choice.love_code!)) {
        fail("love_code", "love_code_format", "must be 3 to 7 digits")
      }
      break
    case "company":
      if (require("tax_id") && !isValidTaxId(choice.tax_id!)) {
        fail("tax_id", "tax_id_checksum", "is not a valid 8-digit tax ID (統一編號)")
      }
      require("company_name")
      if (choice.print) {
        require("address")
      }
      if (given("carrier_number") && !isValidMobileBarcode(normalizeMobileBarcode(choice.carrier_number!))) {
        fail("carrier_number", "mobile_barcode_format", MOBILE_BARCODE_MESSAGE)
      }
      break
    case "paper":
      if (choice.print === false) {
        fail("print", "paper_is_printed", "a paper invoice is always printed")
      }
      require("buyer_name")
      require("address")
      break
    case "easycard":
    case "ipass":
      for (const field of ["carrier_number", "carrier_number2"] as const) {
        if (require(field) && !HALF_WIDTH_PATTERN.test(choice[field]!)) {
          fail(field, "half_width", "must be half-width letters and digits")
        }
      }
      break
    case "member":
      break
  }
  return problems
}

/**
 * The text fields longer than they may be (`CHOICE_MAX_LENGTHS`, counted after trimming). The store's
 * schema checks the same limits field by field (zod's `too_big`, reported as rule `too_long`).
 */
export function lengthProblems(choice: ChoiceValues): Array<ChoiceProblem & { max: number }> {
  const problems: Array<ChoiceProblem & { max: number }> = []
  for (const [field, max] of Object.entries(CHOICE_MAX_LENGTHS) as Array<[keyof typeof CHOICE_MAX_LENGTHS, number]>) {
    const value = choice[field]
    if (typeof value === "string" && value.trim().length > max) {
      problems.push({ field, rule: "too_long", message: `must be at most ${max} characters`, max })
    }
  }
  return problems
}
