import { RtnCode } from "../codes"
import { INVOICE_NO, RuleViolation, readString, type Fields } from "../rules"
import type { InvoiceRecord } from "../state"
import { formatTaipeiDate, formatTaipeiDateTime, parseDateInput } from "../time"
import type { OperationContext, OperationReply } from "./types"

export function fail(code: number, message: string): never {
  throw new RuleViolation(code, message)
}

export function success(message: string, fields: Record<string, unknown> = {}): OperationReply {
  return { RtnCode: RtnCode.SUCCESS, RtnMsg: message, ...fields }
}

export function readInvoiceNo(fields: Fields, key = "InvoiceNo", label = key): string {
  return readString(fields, key, {
    required: true,
    max: 10,
    pattern: INVOICE_NO,
    patternHint: "須為 2 碼英文加 8 碼數字",
    label,
  })
}

/** Reads a date (`yyyy-MM-dd` / `yyyy/MM/dd`, optional time) and returns its normalised parts. */
export function readDate(fields: Fields, key: string, options: { required: boolean; allowTime: boolean; label?: string }) {
  const label = options.label ?? key
  const text = readString(fields, key, { required: options.required, max: 20, label })
  if (!text) return null
  const parsed = parseDateInput(text)
  if (!parsed || (!options.allowTime && parsed.time !== null)) {
    fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為 yyyy-MM-dd 或 yyyy/MM/dd${options.allowTime ? "（可加 HH:mm:ss）" : ""}`)
  }
  return parsed
}

export function findInvoiceOrFail(ctx: OperationContext, invoiceNo: string): InvoiceRecord {
  const invoice = ctx.store.findInvoice(ctx.merchantId, invoiceNo)
  if (!invoice) fail(RtnCode.INVOICE_NOT_FOUND, `無發票號碼資料：${invoiceNo}`)
  return invoice
}

/** The InvoiceDate sent with Invalid / Allowance / GetIssue… must be the invoice's issue date. */
export function checkInvoiceDate(invoice: InvoiceRecord, date: { date: string } | null, label = "InvoiceDate"): void {
  if (date && date.date !== formatTaipeiDate(invoice.invoiceDate)) {
    fail(RtnCode.INVOICE_DATE_MISMATCH, `${label} 與發票 ${invoice.invoiceNo} 的開立日期不符`)
  }
}

export const taipeiDateTime = formatTaipeiDateTime
