/**
 * Asia/Taipei calendar helpers. Taiwan has used a fixed UTC+8 offset without DST since 1980, so plain
 * offset arithmetic is exact and avoids depending on the host's ICU time-zone data.
 */
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000

export interface TaipeiParts {
  year: number
  month: number // 1–12
  day: number
  hour: number
  minute: number
  second: number
}

export function taipeiParts(at: Date): TaipeiParts {
  const shifted = new Date(at.getTime() + TAIPEI_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  }
}

/** The instant of a Taipei wall-clock time. */
export function fromTaipei(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - TAIPEI_OFFSET_MS)
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** `yyyy-MM-dd` in Taipei. */
export function formatTaipeiDate(at: Date): string {
  const p = taipeiParts(at)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** `yyyy-MM-dd HH:mm:ss` in Taipei, the format ECPay uses for InvoiceDate / IA_Date. */
export function formatTaipeiDateTime(at: Date): string {
  const p = taipeiParts(at)
  return `${formatTaipeiDate(at)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** `yyyyMMdd` in Taipei (used to build allowance numbers). */
export function compactTaipeiDate(at: Date): string {
  return formatTaipeiDate(at).replace(/-/g, "")
}

/** A bimonthly VAT period: term 1 = Jan–Feb … term 6 = Nov–Dec. */
export interface InvoicePeriod {
  year: number
  term: number
}

export function periodOf(at: Date): InvoicePeriod {
  const { year, month } = taipeiParts(at)
  return { year, term: Math.ceil(month / 2) }
}

export function periodKey(period: InvoicePeriod): string {
  return `${period.year}-${period.term}`
}

/**
 * First instant at which documents of the period containing `documentDate` are locked: 00:00 Taipei on
 * the 14th of the odd month after the period (i.e. right after 23:59:59 on the 13th). Jan–Feb → 14 March;
 * Nov–Dec → 14 January of the next year.
 */
export function periodLockInstant(documentDate: Date): Date {
  const { year, term } = periodOf(documentDate)
  const nextOddMonth = term * 2 + 1
  return nextOddMonth > 12 ? fromTaipei(year + 1, 1, 14) : fromTaipei(year, nextOddMonth, 14)
}

export function isPeriodLocked(documentDate: Date, now: Date): boolean {
  return now.getTime() >= periodLockInstant(documentDate).getTime()
}

/**
 * Parses the date inputs ECPay accepts: `yyyy-MM-dd`, `yyyy/MM/dd`, optionally followed by ` HH:mm:ss`
 * (a `+` between is tolerated, as some clients send it). Returns normalised parts or null.
 */
export function parseDateInput(text: string): { date: string; time: string | null } | null {
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ +T](\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim())
  if (!match) return null
  const [, y, mo, d, h, mi, s] = match
  const probe = new Date(Date.UTC(+y, +mo - 1, +d))
  if (probe.getUTCMonth() !== +mo - 1 || probe.getUTCDate() !== +d) return null
  if (h !== undefined && (+h > 23 || +mi > 59 || +s > 59)) return null
  return { date: `${y}-${mo}-${d}`, time: h === undefined ? null : `${h}:${mi}:${s}` }
}
