// Pure helpers of the order e-invoice card: no React, so the unit tests can run them in node.
import type { AllowanceStatus, EinvoiceRecord, EinvoiceStatus, IssuePreviewIssue } from "../../lib/types"

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** The card's status: the invoice's, or `none` while the order has no invoice. */
export type CardStatus = EinvoiceStatus | "none"

export const STATUS_COLORS: Record<CardStatus, BadgeColor> = {
  none: "grey",
  pending: "orange",
  issued: "green",
  failed: "red",
  skipped: "grey",
  voided: "purple",
}

export const ALLOWANCE_STATUS_COLORS: Record<AllowanceStatus, BadgeColor> = {
  pending: "orange",
  awaiting_agreement: "blue",
  issued: "green",
  rejected: "grey",
  failed: "red",
  voided: "purple",
}

/** The dashboard's language code (i18next) as a BCP 47 locale for Intl. */
export function intlLocale(language: string | undefined): string {
  if (!language) {
    return "en"
  }
  if (language === "zhTW") {
    return "zh-TW"
  }
  if (language === "zhCN") {
    return "zh-CN"
  }
  return language.replace("_", "-")
}

/** Whole New Taiwan dollars, as printed on an invoice: "NT$2,850" (negative: "-NT$50"). */
export function formatTwd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(Number(amount))) {
    return "-"
  }
  const value = Number(amount)
  const digits = Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: 2 })
  return `${value < 0 ? "-" : ""}NT$${digits}`
}

const TAIPEI = "Asia/Taipei"

/**
 * A moment in Taiwan time, "2025-05-01 14:03" (with seconds when asked), whatever the browser's own
 * time zone: invoice dates and deadlines are Taipei dates.
 */
export function formatTaipeiDateTime(value: string | Date | null | undefined, withSeconds = false): string {
  if (!value) {
    return "-"
  }
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    return String(value)
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: TAIPEI,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value])
  )
  const time = `${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ""}`
  return `${parts.year}-${parts.month}-${parts.day} ${time}`
}

/**
 * The last minute of a deadline given as the instant it locks: voiding locks at 00:00 Taipei on the
 * 14th, so the merchant reads "until 2027-01-13 23:59".
 */
export function formatDeadline(lockInstant: string | null | undefined): string {
  if (!lockInstant) {
    return "-"
  }
  const date = new Date(lockInstant)
  if (Number.isNaN(date.getTime())) {
    return String(lockInstant)
  }
  return formatTaipeiDateTime(new Date(date.getTime() - 60_000))
}

/**
 * Which sentence tells the merchant what to do about a failure, from the code the server stored
 * (`last_error_code`): the plugin's own codes, ECPay's TransCode failures (`trans_*`) and ECPay's
 * numeric RtnCodes (a refusal of the invoice data).
 */
export type FailureAdvice =
  | "not_configured"
  | "credentials_unreadable"
  | "validation"
  | "rate_limited"
  | "credentials"
  | "relate_number_conflict"
  | "currency"
  | "unreachable"
  | "ecpay_refused"
  | "invoice_track"
  | "carrier"
  | "tax_id"
  | "generic"

/** ECPay's codes for an invoice track (字軌) problem: none added for the term, not enabled, or numbers used up. */
export const INVOICE_TRACK_CODES = ["5070350", "1500047"]

/**
 * What the merchant can do about a failure. ECPay publishes no full list of its refusal codes: besides the
 * known 字軌 codes, a refusal is read by what ECPay's message names (the track, the carrier or love code,
 * the tax ID), so that the advice points to the right place: ECPay's back office, the shopper, the company data.
 */
export function failureAdvice(code: string | null | undefined, message?: string | null): FailureAdvice {
  const value = (code ?? "").trim()
  if (!value) {
    return "generic"
  }
  if (value === "not_configured" || value === "credentials_unreadable") {
    return value
  }
  if (value === "validation") {
    return "validation"
  }
  if (value === "http_403" || value === "ratelimit" || value === "rate_limited" || value === "ecpay_paused") {
    return "rate_limited"
  }
  if (value.startsWith("trans_")) {
    return "credentials"
  }
  if (value === "relate_number_conflict") {
    return "relate_number_conflict"
  }
  if (value === "currency_not_twd") {
    return "currency"
  }
  if (["transport", "http", "responseformat", "reconcile_unavailable", "timeout"].includes(value)) {
    return "unreachable"
  }
  if (/^-?\d+$/.test(value)) {
    return refusalAdvice(value, message ?? "")
  }
  return "generic"
}

/** True when the code is ECPay's own reply (a TransCode or RtnCode), so the card can say "ECPay replied". */
export function isEcpayCode(code: string | null | undefined): boolean {
  return !!code && (/^-?\d+$/.test(code) || code.startsWith("trans_"))
}

/** ECPay's code as ECPay writes it: `trans_9100003` → `9100003`. */
export function ecpayCodeText(code: string): string {
  return code.startsWith("trans_") ? code.slice("trans_".length) : code
}

/** Where the invoice goes, in a form both the issued invoice and the Issue preview can give. */
export type Destination =
  | { kind: "donation"; loveCode: string }
  | { kind: "company"; taxId: string; name: string | null; print: boolean; carrierType: string | null; carrierNumber: string | null }
  | { kind: "carrier"; carrierType: string; carrierNumber: string | null }
  | { kind: "paper" }

export function destinationOfInvoice(
  invoice: Pick<EinvoiceRecord, "donation" | "love_code" | "company_tax_id" | "company_name" | "print" | "carrier_type" | "carrier_number">
): Destination {
  if (invoice.donation && invoice.love_code) {
    return { kind: "donation", loveCode: invoice.love_code }
  }
  if (invoice.company_tax_id) {
    return {
      kind: "company",
      taxId: invoice.company_tax_id,
      name: invoice.company_name,
      print: invoice.print,
      carrierType: invoice.carrier_type || null,
      carrierNumber: invoice.carrier_number || null,
    }
  }
  if (invoice.carrier_type) {
    return { kind: "carrier", carrierType: invoice.carrier_type, carrierNumber: invoice.carrier_number || null }
  }
  return { kind: "paper" }
}

export function destinationOfPreview(preview: IssuePreviewIssue): Destination {
  return destinationOfInvoice({
    donation: preview.Donation === "1",
    love_code: preview.LoveCode || null,
    company_tax_id: preview.CustomerIdentifier || null,
    company_name: preview.CustomerName || null,
    print: preview.Print === "1",
    carrier_type: preview.CarrierType || null,
    carrier_number: preview.CarrierNum || null,
  })
}

/** ECPay's CarrierType codes. */
export const CARRIER_TYPES = ["1", "2", "3", "4", "5"] as const

function refusalAdvice(code: string, message: string): FailureAdvice {
  if (INVOICE_TRACK_CODES.includes(code) || /字軌|配號|InvoiceWord|track/i.test(message)) {
    return "invoice_track"
  }
  if (/載具|條碼|CarrierNum|CarrierType|愛心碼|捐贈碼|LoveCode|barcode/i.test(message)) {
    return "carrier"
  }
  if (/統一編號|統編|CustomerIdentifier|tax ?id/i.test(message)) {
    return "tax_id"
  }
  return "ecpay_refused"
}
