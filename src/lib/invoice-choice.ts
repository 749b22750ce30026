import { z } from "./ecpay/zod"
import { normalizeMobileBarcode } from "./ecpay/validators"
import { INVOICE_TYPES, type InvoiceType } from "./einvoice-types"
import { CHOICE_MAX_LENGTHS, choiceProblems } from "./invoice-choice-rules"
import { isStorableText } from "./storable-text"

/**
 * The shopper's invoice choice (what the storefront sends) and how it maps onto ECPay's Issue
 * fields. The rules themselves (fields per type, formats, lengths) are `invoice-choice-rules`, shared
 * with the admin's reissue form; every issue carries a `rule` id so the store API can word it for the
 * shopper in zh-TW or English (see `invoice-choice-messages`).
 */

export { MAX_ADDRESS_LENGTH, MAX_CARD_CODE_LENGTH, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH } from "./invoice-choice-rules"

const text = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    // PostgreSQL stores no NUL character: saving the choice would be a 500.
    .refine(isStorableText, { message: "must not contain control characters", params: { rule: "control_character" } })

/** Taiwanese phone numbers, normalised to digits (+886 9xx → 09xx). */
export function normalizePhone(value: string): string {
  const digits = value.replace(/[\s\-()]/g, "")
  return digits.startsWith("+886") ? `0${digits.slice(4)}` : digits
}

export const InvoiceChoiceSchema = z
  .strictObject({
    type: z.enum(INVOICE_TYPES, {
      error: `must be one of ${INVOICE_TYPES.join(", ")}`,
    }),
    carrier_number: text(CHOICE_MAX_LENGTHS.carrier_number).optional(),
    carrier_number2: text(CHOICE_MAX_LENGTHS.carrier_number2).optional(),
    love_code: text(CHOICE_MAX_LENGTHS.love_code).optional(),
    tax_id: text(CHOICE_MAX_LENGTHS.tax_id).optional(),
    company_name: text(CHOICE_MAX_LENGTHS.company_name).optional(),
    buyer_name: text(CHOICE_MAX_LENGTHS.buyer_name).optional(),
    address: text(CHOICE_MAX_LENGTHS.address).optional(),
    email: text(CHOICE_MAX_LENGTHS.email).optional(),
    phone: text(CHOICE_MAX_LENGTHS.phone).transform(normalizePhone).optional(),
    print: z.boolean({ error: "must be true or false" }).optional(),
  })
  .superRefine((choice, ctx) => {
    for (const { field, rule, message } of choiceProblems(choice)) {
      ctx.addIssue({ code: "custom", path: [field], message, params: { rule } })
    }
  })

export type InvoiceChoiceInput = z.input<typeof InvoiceChoiceSchema>
export type InvoiceChoice = z.output<typeof InvoiceChoiceSchema>

/** The choice as stored: normalised, with only the fields its type uses. */
export interface StoredChoice {
  type: InvoiceType
  carrier_number: string | null
  carrier_number2: string | null
  love_code: string | null
  company_tax_id: string | null
  company_name: string | null
  buyer_name: string | null
  buyer_address: string | null
  buyer_email: string | null
  buyer_phone: string | null
  print: boolean
}

export function toStoredChoice(choice: InvoiceChoice): StoredChoice {
  const carrier =
    choice.type === "mobile_barcode" || (choice.type === "company" && choice.carrier_number)
      ? normalizeMobileBarcode(choice.carrier_number!)
      : choice.type === "citizen_certificate"
        ? choice.carrier_number!.toUpperCase()
        : choice.type === "easycard" || choice.type === "ipass"
          ? choice.carrier_number!
          : null
  return {
    type: choice.type,
    carrier_number: carrier,
    carrier_number2: choice.type === "easycard" || choice.type === "ipass" ? choice.carrier_number2! : null,
    love_code: choice.type === "donation" ? choice.love_code! : null,
    company_tax_id: choice.type === "company" ? choice.tax_id! : null,
    company_name: choice.type === "company" ? choice.company_name! : null,
    buyer_name: choice.buyer_name || null,
    buyer_address: choice.address || null,
    buyer_email: choice.email || null,
    buyer_phone: choice.phone || null,
    print: choice.type === "paper" || (choice.type === "company" && choice.print === true),
  }
}

/** What ECPay needs to know about the buyer and where the invoice goes. */
export interface IssueBuyerFields {
  CustomerName: string
  CustomerAddr: string
  CustomerEmail: string
  CustomerPhone: string
  CustomerIdentifier: string
  Print: "0" | "1"
  Donation: "0" | "1"
  LoveCode: string
  CarrierType: "" | "1" | "2" | "3" | "4" | "5"
  CarrierNum: string
  CarrierNum2: string
}

const CARRIER_TYPES: Partial<Record<InvoiceType, IssueBuyerFields["CarrierType"]>> = {
  member: "1",
  citizen_certificate: "2",
  mobile_barcode: "3",
  easycard: "4",
  ipass: "5",
}

/**
 * Maps a stored choice onto ECPay's Issue fields. `contact` is the order's e-mail / phone / name,
 * used where the choice gives none. A donation goes without a carrier; a company invoice that is not
 * printed goes to the mobile barcode given, else to the ECPay member carrier.
 */
export function toIssueBuyerFields(
  choice: StoredChoice,
  contact: { email?: string | null; phone?: string | null; name?: string | null; address?: string | null }
): IssueBuyerFields {
  const email = choice.buyer_email || contact.email || ""
  const phone = choice.buyer_phone || (contact.phone ? normalizePhone(contact.phone) : "")
  let carrierType: IssueBuyerFields["CarrierType"] = CARRIER_TYPES[choice.type] ?? ""
  if (choice.type === "company") {
    carrierType = choice.carrier_number ? "3" : choice.print ? "" : "1"
  }
  const needsCarrierNum = carrierType !== "" && carrierType !== "1"
  return {
    CustomerName: choice.type === "company" ? (choice.company_name ?? "") : choice.buyer_name || contact.name || "",
    CustomerAddr: choice.print ? choice.buyer_address || contact.address || "" : choice.buyer_address || "",
    CustomerEmail: email,
    CustomerPhone: email ? "" : phone,
    CustomerIdentifier: choice.type === "company" ? (choice.company_tax_id ?? "") : "",
    Print: choice.print ? "1" : "0",
    Donation: choice.type === "donation" ? "1" : "0",
    LoveCode: choice.type === "donation" ? (choice.love_code ?? "") : "",
    CarrierType: carrierType,
    CarrierNum: needsCarrierNum ? (choice.carrier_number ?? "") : "",
    CarrierNum2: carrierType === "4" || carrierType === "5" ? (choice.carrier_number2 ?? "") : "",
  }
}

/** Without a choice the invoice goes to the ECPay member carrier of the order's e-mail. */
export const DEFAULT_CHOICE: StoredChoice = {
  type: "member",
  carrier_number: null,
  carrier_number2: null,
  love_code: null,
  company_tax_id: null,
  company_name: null,
  buyer_name: null,
  buyer_address: null,
  buyer_email: null,
  buyer_phone: null,
  print: false,
}
