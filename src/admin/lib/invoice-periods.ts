// Bimonthly VAT periods (Jan–Feb … Nov–Dec) for the invoices page, computed in the browser with the
// server's own rules (src/lib/invoice-period.ts: Taipei time, labels such as "2026-11/12").
import { invoicePeriodOf, parsePeriodLabel, type InvoicePeriod } from "../../lib/invoice-period"

export type { InvoicePeriod }
export { invoicePeriodOf, parsePeriodLabel }

const pad = (value: number) => String(value).padStart(2, "0")

/** The period of `term` (1 = Jan–Feb … 6 = Nov–Dec) in `year`. */
export function periodOf(year: number, term: number): InvoicePeriod {
  return { year, term, label: `${year}-${pad(term * 2 - 1)}/${pad(term * 2)}` }
}

/** The current period (Taipei) and the `count - 1` before it, newest first. */
export function recentPeriods(now: Date = new Date(), count = 6): InvoicePeriod[] {
  const current = invoicePeriodOf(now)
  const periods: InvoicePeriod[] = []
  for (let back = 0; back < count; back++) {
    const index = current.year * 6 + (current.term - 1) - back
    periods.push(periodOf(Math.floor(index / 6), (index % 6) + 1))
  }
  return periods
}

/** The file name the export is saved under when the server's is not readable: einvoices-2026-11-12.csv. */
export function exportFileName(label: string, kind: "invoices" | "allowances" = "invoices"): string {
  return `${kind === "allowances" ? "allowances" : "einvoices"}-${label.replace("/", "-")}.csv`
}
