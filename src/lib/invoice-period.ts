/**
 * Taiwan's bimonthly VAT periods (Jan–Feb … Nov–Dec) and the void deadline: an invoice or allowance can
 * be voided until 23:59:59 Asia/Taipei on the 13th of the odd month after its period (Jan–Feb invoices
 * until 13 March; Nov–Dec until 13 January). Taiwan keeps UTC+8 all year.
 */

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000

export interface InvoicePeriod {
  year: number
  /** 1 = Jan–Feb … 6 = Nov–Dec */
  term: number
  /** e.g. "2026-11/12" */
  label: string
}

function taipeiYearMonth(at: Date): { year: number; month: number } {
  const shifted = new Date(at.getTime() + TAIPEI_OFFSET_MS)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 }
}

const pad = (value: number) => String(value).padStart(2, "0")

export function invoicePeriodOf(at: Date): InvoicePeriod {
  const { year, month } = taipeiYearMonth(at)
  const term = Math.ceil(month / 2)
  return { year, term, label: `${year}-${pad(term * 2 - 1)}/${pad(term * 2)}` }
}

/** The period with this label ("2026-11/12"), or null when the label is not one. */
export function parsePeriodLabel(label: string): InvoicePeriod | null {
  const match = /^(\d{4})-(\d{2})\/(\d{2})$/.exec(label)
  if (!match) {
    return null
  }
  const [year, first, second] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (first % 2 !== 1 || second !== first + 1 || first > 11) {
    return null
  }
  return { year, term: (first + 1) / 2, label }
}

/** The first and the last instant (exclusive) of a period. */
export function periodRange(period: InvoicePeriod): { from: Date; to: Date } {
  const startMonth = period.term * 2 - 1
  const from = new Date(Date.UTC(period.year, startMonth - 1, 1) - TAIPEI_OFFSET_MS)
  const to = new Date(Date.UTC(period.year, startMonth + 1, 1) - TAIPEI_OFFSET_MS)
  return { from, to }
}

/** The instant voiding locks for a document dated `documentDate`: 00:00 Taipei on the 14th of the next odd month. */
export function voidDeadline(documentDate: Date): Date {
  const { year, term } = invoicePeriodOf(documentDate)
  const oddMonth = term * 2 + 1
  const [lockYear, lockMonth] = oddMonth > 12 ? [year + 1, 1] : [year, oddMonth]
  return new Date(Date.UTC(lockYear, lockMonth - 1, 14) - TAIPEI_OFFSET_MS)
}

export function isPastVoidDeadline(documentDate: Date, now: Date = new Date()): boolean {
  return now.getTime() >= voidDeadline(documentDate).getTime()
}

/** The last voidable moment in words ECPay's merchants know: "2027-01-13 23:59:59". */
export function lastVoidableMoment(documentDate: Date): string {
  const last = new Date(voidDeadline(documentDate).getTime() - 1000 + TAIPEI_OFFSET_MS)
  return `${last.getUTCFullYear()}-${pad(last.getUTCMonth() + 1)}-${pad(last.getUTCDate())} 23:59:59`
}
