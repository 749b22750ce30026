/**
 * `npm run bench -- --scale`, the lists at scale: the invoice list, a search by invoice number, the CSV
 * export of the current period and the hourly sync's selection, timed with BENCH_SCALE_BASE invoices in
 * the store and again with BENCH_SCALE_INVOICES. The period looked at holds the same invoices at both
 * sizes (the extra ones are in earlier periods), so a flat time means the work does not grow with the
 * table: the ratios should stay near 1.
 *
 * The invoices are bulk-inserted rows (`einv_scale_…`, issued, synced an hour ago), as a store that has
 * issued that many would hold; they are deleted and written again at each run.
 */
import type { AdminEinvoiceListResponse } from "../../../src/api/types"
import type { Requester } from "../../demo/lib/medusa-http"
import { withClient } from "../../demo/lib/database"
import { round, summarize, type Summary } from "./stats"

/** Invoices of the current period among the synthetic ones (the same at every size). */
const IN_PERIOD = 500
/** Timed repetitions of each measurement at each size (the median is kept). */
const REPEATS = 7
const PREFIX = "einv_scale_"

export interface ScaleSize {
  invoices: number
  list_ms: Summary
  search_ms: Summary
  export_ms: Summary
  /** The hourly sync job's selection of due invoices (its two queries, run here on the database). */
  sync_select_ms: Summary
  export_bytes: number
}

export interface ScaleResults {
  base: ScaleSize
  scaled: ScaleSize
  ratios: { list: number | null; search: number | null; export: number | null; sync: number | null }
}

export function scaleOptionsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    base: Number(env.BENCH_SCALE_BASE ?? 1000),
    invoices: Number(env.BENCH_SCALE_INVOICES ?? 100_000),
  }
}

/** Replaces the synthetic invoices with `count` of them: IN_PERIOD in the current period, the rest before it. */
async function seedInvoices(databaseUrl: string, count: number, periodStart: Date): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(`delete from ecpay_einvoice where id like '${PREFIX}%'`)
    await client.query(
      `insert into ecpay_einvoice
         (id, order_id, status, relate_number, invoice_number, random_number, invoice_date, issued_at, synced_at,
          total, remaining_allowance_amount, type, carrier_type, carrier_number, buyer_email, created_at, updated_at)
       select '${PREFIX}' || g, 'order_scale_' || g, 'issued', 'SCALE' || g, 'SC' || lpad(g::text, 8, '0'), '1234',
              at, at, now() - interval '1 hour', 1000 + g % 900, 1000 + g % 900, 'member', '1', 'buyer' || g || '@example.com',
              'buyer' || g || '@example.com', at, at
       from (
         select g,
                case when g <= $2 then now() - (g % 600) * interval '1 minute'
                     else $3::timestamptz - (g - $2) * interval '2 minutes' end as at
         from generate_series(1, $1::int) as g
       ) as rows`,
      [count, Math.min(IN_PERIOD, count), periodStart.toISOString()]
    )
    await client.query("analyze ecpay_einvoice")
  })
}

/** The sync job's two selections (never synced, then the stalest), as it runs them each hour. */
async function syncSelection(databaseUrl: string): Promise<number> {
  return await withClient(databaseUrl, async (client) => {
    const started = performance.now()
    await client.query(
      `select id from ecpay_einvoice where status = 'issued' and issued_at >= now() - interval '120 days'
         and synced_at is null and deleted_at is null order by issued_at asc limit 20`
    )
    await client.query(
      `select id from ecpay_einvoice where status = 'issued' and issued_at >= now() - interval '120 days'
         and synced_at <= now() - interval '12 hours' and deleted_at is null order by synced_at asc limit 20`
    )
    return performance.now() - started
  })
}

async function timed(repeats: number, run: () => Promise<unknown>): Promise<Summary> {
  const samples: number[] = []
  await run() // untimed: warms the route and the database's caches
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  return summarize(samples)!
}

async function measure(admin: Requester, databaseUrl: string, period: string, invoices: number): Promise<ScaleSize> {
  const periodParam = encodeURIComponent(period)
  let exportBytes = 0
  const list_ms = await timed(REPEATS, () => admin.get(`/admin/einvoices?period=${periodParam}&limit=20`, "invoice list"))
  // A number from the middle of the current period's invoices.
  const number = `SC${String(Math.ceil(Math.min(IN_PERIOD, invoices) / 2)).padStart(8, "0")}`
  const search_ms = await timed(REPEATS, async () => {
    const found = await admin.get<AdminEinvoiceListResponse>(`/admin/einvoices?q=${number}&limit=20`, "search by number")
    if (found.einvoices.length !== 1) throw new Error(`searching ${number} found ${found.einvoices.length} invoices, not 1`)
  })
  const export_ms = await timed(REPEATS, async () => {
    const csv = await admin.get<string>(`/admin/einvoices/export?period=${periodParam}`, "export")
    exportBytes = Buffer.byteLength(String(csv))
  })
  const syncSamples: number[] = []
  await syncSelection(databaseUrl)
  for (let i = 0; i < REPEATS; i++) syncSamples.push(await syncSelection(databaseUrl))
  return { invoices, list_ms, search_ms, export_ms, sync_select_ms: summarize(syncSamples)!, export_bytes: exportBytes }
}

const ratio = (scaled: Summary, base: Summary) => (base.median_ms > 0 ? round(scaled.median_ms / base.median_ms, 2) : null)

/** Seeds `base`, measures, seeds `invoices`, measures again; removes the synthetic invoices at the end. */
export async function scaleStep(args: {
  admin: Requester
  databaseUrl: string
  period: string
  periodStart: Date
  base: number
  invoices: number
  log: (line: string) => void
}): Promise<ScaleResults> {
  const { admin, databaseUrl, period, periodStart, log } = args
  try {
    log(`  scale: ${args.base} invoices …`)
    await seedInvoices(databaseUrl, args.base, periodStart)
    const base = await measure(admin, databaseUrl, period, args.base)
    log(`  scale: ${args.invoices} invoices …`)
    await seedInvoices(databaseUrl, args.invoices, periodStart)
    const scaled = await measure(admin, databaseUrl, period, args.invoices)
    return {
      base,
      scaled,
      ratios: {
        list: ratio(scaled.list_ms, base.list_ms),
        search: ratio(scaled.search_ms, base.search_ms),
        export: ratio(scaled.export_ms, base.export_ms),
        sync: ratio(scaled.sync_select_ms, base.sync_select_ms),
      },
    }
  } finally {
    await withClient(databaseUrl, (client) => client.query(`delete from ecpay_einvoice where id like '${PREFIX}%'`))
  }
}
