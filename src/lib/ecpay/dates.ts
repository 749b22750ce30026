/**
 * ECPay dates are Asia/Taipei wall-clock strings. Taiwan has used a fixed UTC+8 offset without daylight
 * saving since 1980, so a constant offset is exact for every invoice date.
 */

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000

const DATE_PATTERN = /^(\d{4})([-/])(\d{2})\2(\d{2})$/
// Responses may carry "+" for the space when ECPay's encoder and decoder disagree.
const DATE_TIME_PATTERN = /^(\d{4})([-/])(\d{2})\2(\d{2})[ +](\d{2}):(\d{2}):(\d{2})$/

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function isValidWallClock({ year, month, day, hour, minute, second }: WallClock): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59
}

function parseWallClock(value: string, withTime: boolean): WallClock | undefined {
  const match = (withTime ? DATE_TIME_PATTERN : DATE_PATTERN).exec(value)
  if (!match) {
    return undefined
  }
  const [, year, , month, day, hour = "0", minute = "0", second = "0"] = match
  const clock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  }
  return isValidWallClock(clock) ? clock : undefined
}

/** `yyyy-MM-dd` or `yyyy/MM/dd`, a real calendar date. */
export function isEcpayDate(value: string): boolean {
  return parseWallClock(value, false) !== undefined
}

/** `yyyy-MM-dd HH:mm:ss` or `yyyy/MM/dd HH:mm:ss`, a real date and time. */
export function isEcpayDateTime(value: string): boolean {
  return parseWallClock(value, true) !== undefined && !value.includes("+")
}

/**
 * Parses an ECPay date-time (`yyyy-MM-dd HH:mm:ss`, `/` separators or `+` for the space accepted) or date
 * (midnight) in Asia/Taipei. Throws a RangeError for anything else.
 */
export function parseEcpayDateTime(value: string): Date {
  const clock = parseWallClock(value, true) ?? parseWallClock(value, false)
  if (!clock) {
    throw new RangeError(`not an ECPay date-time: ${JSON.stringify(value)}`)
  }
  const utc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second)
  return new Date(utc - TAIPEI_OFFSET_MS)
}

const twoDigits = (value: number) => String(value).padStart(2, "0")

/** Formats as Asia/Taipei `yyyy-MM-dd`, or `yyyy-MM-dd HH:mm:ss` with `withTime`. */
export function formatTaipeiDate(date: Date, withTime = false): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError("cannot format an invalid Date")
  }
  const taipei = new Date(date.getTime() + TAIPEI_OFFSET_MS)
  const day = `${taipei.getUTCFullYear()}-${twoDigits(taipei.getUTCMonth() + 1)}-${twoDigits(taipei.getUTCDate())}`
  if (!withTime) {
    return day
  }
  const time = [taipei.getUTCHours(), taipei.getUTCMinutes(), taipei.getUTCSeconds()].map(twoDigits).join(":")
  return `${day} ${time}`
}
