import { z } from "./ecpay/zod"
import {
  isValidCitizenCertificate,
  isValidLoveCode,
  isValidMobileBarcode,
  isValidTaxId,
  normalizeMobileBarcode,
} from "./ecpay/validators"
import { INVOICE_TYPES, type InvoiceType } from "./einvoice-types"

/**
 * The shopper's invoice choice (what the storefront sends) and how it maps onto ECPay's Issue
 * fields. Formats come from the protocol layer's validators; every issue carries a `rule` id so the
 * store API can word it for the shopper in zh-TW or English (see `invoice-choice-messages`).
 */

export const MAX_NAME_LENGTH = 60
export const MAX_ADDRESS_LENGTH = 100
export const MAX_EMAIL_LENGTH = 80
export const MAX_PHONE_LENGTH = 20
export const MAX_CARD_CODE_LENGTH = 64

type Ctx = z.core.$RefinementCtx

function fail(ctx: Ctx, field: string, rule: string, message: string) {
  ctx.addIssue({ code: "custom", path: [field], message, params: { rule } })
}

const text = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, { message: `must be at most ${max} characters` })

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
    carrier_number: text(MAX_CARD_CODE_LENGTH).optional(),
    carrier_number2: text(MAX_CARD_CODE_LENGTH).optional(),
    love_code: text(7).optional(),
    tax_id: text(8).optional(),
    company_name: text(MAX_NAME_LENGTH).optional(),
    buyer_name: text(MAX_NAME_LENGTH).optional(),
    address: text(MAX_ADDRESS_LENGTH).optional(),
    email: text(MAX_EMAIL_LENGTH).optional(),
    phone: text(30).transform(normalizePhone).optional(),
    print: z.boolean({ error: "must be true or false" }).optional(),
  })
  .superRefine((choice, ctx) => {
    const given = (field: keyof typeof choice) => choice[field] !== undefined && choice[field] !== ""
    const forbid = (fields: Array<keyof typeof choice>) => {
      for (const field of fields) {
        if (given(field) && !(field === "print" && choice.print === false)) {
          fail(ctx, field, "not_for_type", `is not used for ${choice.type} invoices`)
        }
      }
    }
    const require = (field: keyof typeof choice) => {
      if (!given(field)) {
        fail(ctx, field, "required", `is required for ${choice.type} invoices`)
        return false
      }
      return true
    }

    if (given("email") && !z.email().safeParse(choice.email).success) {
      fail(ctx, "email", "email_format", "must be a valid e-mail address")
    }
    if (given("phone") && !/^[0-9]{1,20}$/.test(choice.phone!)) {
      fail(ctx, "phone", "phone_format", "must be digits only, at most 20")
    }

    switch (choice.type) {
      case "member":
        forbid(["carrier_number", "carrier_number2", "love_code", "tax_id", "company_name", "address", "print"])
        break
      case "citizen_certificate":
        forbid(["carrier_number2", "love_code", "tax_id", "company_name", "address", "print"])
        if (require("carrier_number") && !isValidCitizenCertificate(choice.carrier_number!.toUpperCase())) {
          fail(ctx, "carrier_number", "citizen_certificate_format", "must be 2 letters followed by 14 digits")
        }
        break
      case "mobile_barcode":
        forbid(["carrier_number2", "love_code", "tax_id", "company_name", "address", "print"])
        if (require("carrier_number") && !isValidMobileBarcode(normalizeMobileBarcode(choice.carrier_number!))) {
          fail(ctx, "carrier_number", "mobile_barcode_format", "must be '/' followed by 7 characters of 0-9, A-Z, +, -, .")
        }
        break
      case "donation":
        forbid(["carrier_number", "carrier_number2", "tax_id", "company_name", "address", "print"])
        if (require("love_code") && !isValidLoveCode(choice.love_code!)) {
          fail(ctx, "love_code", "love_code_format", "must be 3 to 7 digits")
        }
        break
      case "company":
        forbid(["carrier_number2", "love_code"])
        if (require("tax_id") && !isValidTaxId(choice.tax_id!)) {
          fail(ctx, "tax_id", "tax_id_checksum", "is not a valid 8-digit tax ID (統一編號)")
        }
        require("company_name")
        if (choice.print) {
          require("address")
        }
        if (given("carrier_number") && !isValidMobileBarcode(normalizeMobileBarcode(choice.carrier_number!))) {
          fail(ctx, "carrier_number", "mobile_barcode_format", "must be '/' followed by 7 characters of 0-9, A-Z, +, -, .")
        }
        break
      case "paper":
        forbid(["carrier_number", "carrier_number2", "love_code", "tax_id", "company_name"])
        if (choice.print === false) {
          fail(ctx, "print", "paper_is_printed", "a paper invoice is always printed")
        }
        require("buyer_name")
        require("address")
        break
      case "easycard":
      case "ipass":
        forbid(["love_code", "tax_id", "company_name", "address", "print"])
        for (const field of ["carrier_number", "carrier_number2"] as const) {
          if (require(field) && !/^[\x21-\x7e]+$/.test(choice[field]!)) {
            fail(ctx, field, "half_width", "must be half-width letters and digits")
          }
        }
        break
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
    CustomerName:
      choice.type === "company" ? choice.company_name ?? "" : choice.buyer_name || contact.name || "",
    CustomerAddr: choice.print ? choice.buyer_address || contact.address || "" : choice.buyer_address || "",
    CustomerEmail: email,
    CustomerPhone: email ? "" : phone,
    CustomerIdentifier: choice.type === "company" ? choice.company_tax_id ?? "" : "",
    Print: choice.print ? "1" : "0",
    Donation: choice.type === "donation" ? "1" : "0",
    LoveCode: choice.type === "donation" ? choice.love_code ?? "" : "",
    CarrierType: carrierType,
    CarrierNum: needsCarrierNum ? choice.carrier_number ?? "" : "",
    CarrierNum2: carrierType === "4" || carrierType === "5" ? choice.carrier_number2 ?? "" : "",
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
