/**
 * The CSV exports of a period, for the accountant's bimonthly VAT filing (401 申報): the invoices issued in
 * it, and the allowances (折讓) dated in it (an allowance belongs to the period of its own date). UTF-8 with
 * a byte-order mark so that Excel opens the Chinese headers correctly; CRLF line ends (RFC 4180).
 */
import { awardTier, isWinning } from "./invoice-paper"

export interface CsvInvoice {
  invoice_number: string | null
  invoice_date: Date | string | null
  order_display_id: number | null
  order_id: string
  relate_number: string
  /** "additional": a further invoice for what an order change added (補開發票). */
  kind?: string | null
  status: string
  type: string
  company_tax_id: string | null
  company_name: string | null
  buyer_name: string | null
  carrier_type: string | null
  carrier_number: string | null
  love_code: string | null
  total: number
  /** 銷售額 / 稅額 of a company invoice (lib/sales-tax); null on B2C invoices, which split no tax out. */
  company_amounts: { sales_amount: number; tax_amount: number } | null
  allowance_total: number
  voided_at: Date | string | null
  void_reason: string | null
  award_status: string | null
  printed_at: Date | string | null
}

type Columns<Row> = Array<[string, (row: Row) => string | number | null]>

const INVOICE_COLUMNS: Columns<CsvInvoice> = [
  ["發票號碼 Invoice number", (row) => row.invoice_number],
  ["開立時間 Issued (Taipei)", (row) => taipeiDateTime(row.invoice_date)],
  ["訂單 Order", (row) => (row.order_display_id !== null ? `#${row.order_display_id}` : row.order_id)],
  ["RelateNumber", (row) => row.relate_number],
  ["狀態 Status", (row) => row.status],
  ["補開 Additional", (row) => (row.kind === "additional" ? "Y" : null)],
  ["類型 Type", (row) => row.type],
  ["買方統編 Buyer tax ID", (row) => row.company_tax_id],
  ["買方名稱 Buyer", (row) => row.company_name ?? row.buyer_name],
  ["載具類別 Carrier type", (row) => row.carrier_type],
  ["載具號碼 Carrier number", (row) => row.carrier_number],
  ["捐贈碼 Love code", (row) => row.love_code],
  ["銷售額含稅 Total (TWD)", (row) => row.total],
  ["銷售額未稅 Sales excl. tax", (row) => row.company_amounts?.sales_amount ?? null],
  ["稅額 Tax", (row) => row.company_amounts?.tax_amount ?? null],
  ["折讓 Allowances (TWD)", (row) => row.allowance_total],
  ["作廢時間 Voided (Taipei)", (row) => taipeiDateTime(row.voided_at)],
  ["作廢原因 Void reason", (row) => row.void_reason],
  ["中獎 Winning", (row) => (isWinning(row.award_status) ? (awardTier(row.award_status) ?? "Y") : null)],
  ["證明聯列印 Printed (Taipei)", (row) => taipeiDateTime(row.printed_at)],
]

export interface CsvAllowance {
  allowance_number: string | null
  allowance_date: Date | string | null
  invoice_number: string | null
  invoice_date: Date | string | null
  order_display_id: number | null
  order_id: string
  status: string
  agreement: string
  amount: number
  reason: string | null
  voided_at: Date | string | null
  void_reason: string | null
}

const ALLOWANCE_COLUMNS: Columns<CsvAllowance> = [
  ["折讓單號 Allowance number", (row) => row.allowance_number],
  ["折讓時間 Allowance date (Taipei)", (row) => taipeiDateTime(row.allowance_date)],
  ["發票號碼 Invoice number", (row) => row.invoice_number],
  ["發票開立時間 Invoice issued (Taipei)", (row) => taipeiDateTime(row.invoice_date)],
  ["訂單 Order", (row) => (row.order_display_id !== null ? `#${row.order_display_id}` : row.order_id)],
  ["狀態 Status", (row) => row.status],
  ["同意方式 Agreement", (row) => row.agreement],
  ["折讓金額含稅 Amount (TWD)", (row) => row.amount],
  ["原因 Reason", (row) => row.reason],
  ["作廢時間 Voided (Taipei)", (row) => taipeiDateTime(row.voided_at)],
  ["作廢原因 Void reason", (row) => row.void_reason],
]

export function invoicesCsv(rows: CsvInvoice[]): string {
  return csvHead(INVOICE_COLUMNS) + csvLines(INVOICE_COLUMNS, rows)
}

export function allowancesCsv(rows: CsvAllowance[]): string {
  return csvHead(ALLOWANCE_COLUMNS) + csvLines(ALLOWANCE_COLUMNS, rows)
}

/** The same CSV in parts, for writing it page by page: its head (BOM and header line), then its lines. */
export const invoicesCsvParts = { head: () => csvHead(INVOICE_COLUMNS), lines: (rows: CsvInvoice[]) => csvLines(INVOICE_COLUMNS, rows) }
export const allowancesCsvParts = {
  head: () => csvHead(ALLOWANCE_COLUMNS),
  lines: (rows: CsvAllowance[]) => csvLines(ALLOWANCE_COLUMNS, rows),
}

function csvHead<Row>(columns: Columns<Row>): string {
  return `\uFEFF${columns.map(([header]) => csvField(header)).join(",")}\r\n`
}

function csvLines<Row>(columns: Columns<Row>, rows: Row[]): string {
  return rows.map((row) => `${columns.map(([, read]) => csvField(read(row))).join(",")}\r\n`).join("")
}

/** Quotes a field when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return ""
  }
  let text = String(value)
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function taipeiDateTime(value: Date | string | null): string | null {
  if (!value) {
    return null
  }
  const shifted = new Date(new Date(value).getTime() + 8 * 60 * 60 * 1000)
  return shifted.toISOString().slice(0, 19).replace("T", " ")
}
