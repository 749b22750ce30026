/**
 * `npm run bench -- --scale`, the drain: a backlog of BENCH_DRAIN_ORDERS paid orders whose invoices are
 * due at once (what a store holds after ECPay's 30-minute pause, or a day of invoices scheduled N days
 * after payment), issued by the plugin's retry job in the store's own process, with ECPay (the simulator)
 * taking BENCH_DRAIN_LATENCY_MS to answer each Issue. The plugin may call ECPay `ecpayConcurrency` times at
 * once (the store's option, BENCH_ECPAY_CONCURRENCY), so the most it can issue is C ÷ latency a second:
 * `efficiency` is the throughput measured over that.
 *
 * The orders are one real order (placed through the store API, captured through the admin while the
 * store issues one day after capture, so the plugin writes its scheduled invoice) copied in SQL, every
 * row of it (items, shipping, payment collection, payment, capture, transactions) under new ids, each
 * with its own display id; each copy's invoice is a copy of that scheduled row, under its own id, order
 * and a RelateNumber of this run. Everything is deleted at the end.
 */
import type { RunningSimulator } from "../../../src/simulator"
import type { Client as PgClient } from "pg"
import { withClient } from "../../demo/lib/database"
import { sleep } from "../../demo/lib/processes"
import { cpuMs, round, vmRssKb, type MemoryProbe } from "./stats"
import { capture, plainOrder, type Context } from "./workload"

const SUFFIX = "_bdrain_"

export interface DrainResults {
  orders: number
  latency_ms: number
  concurrency: number
  issued: number
  /** Seconds from the first invoice issued to the last (issued_at, the server's clock). */
  seconds: number
  /** Invoices issued a second over those seconds. */
  per_second: number
  /** The most the plugin may issue a second: concurrency ÷ latency. */
  bound_per_second: number
  efficiency: number
  /** Server CPU per issued invoice over the drain, ms. */
  cpu_ms_per_invoice: number
  /** Share of one core the server used during the drain. */
  cpu_cores: number
  rss_before_mb: number
  rss_peak_mb: number
  /** The last reading before the drain ended (no collection forced). */
  rss_end_mb: number
  rss_after_mb: number
  /** (peak − before) ÷ before, over readings every 500 ms. */
  rss_growth: number
  /** (end − before) ÷ before: what stayed. */
  rss_end_growth: number
  /** Seconds from the invoices becoming due to the first one issued (the retry job runs every minute). */
  wait_for_job_s: number
}

export function drainOptionsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    orders: Number(env.BENCH_DRAIN_ORDERS ?? 2000),
    latencyMs: Number(env.BENCH_DRAIN_LATENCY_MS ?? 100),
  }
}

/** The order's line items, shipping methods and payment collections (its id is $1). */
const ITEMS = "(select item_id from order_item where order_id = $1)"
const SHIPPING_METHODS = "(select shipping_method_id from order_shipping where order_id = $1)"
const COLLECTIONS = "(select payment_collection_id from order_payment_collection where order_id = $1)"

/**
 * The copies of one order: for each table, which of its rows belong to the order, and the columns that
 * name a copied row (given the copy's suffix); every other column is kept as it is.
 */
const COPIED: Array<{ table: string; rows: string; ids: string[] }> = [
  { table: '"order"', rows: "id = $1", ids: ["id"] },
  { table: "order_summary", rows: "order_id = $1", ids: ["id", "order_id"] },
  { table: "order_line_item", rows: `id in ${ITEMS}`, ids: ["id"] },
  { table: "order_item", rows: "order_id = $1", ids: ["id", "order_id", "item_id"] },
  { table: "order_line_item_tax_line", rows: `item_id in ${ITEMS}`, ids: ["id", "item_id"] },
  { table: "order_shipping_method", rows: `id in ${SHIPPING_METHODS}`, ids: ["id"] },
  { table: "order_shipping", rows: "order_id = $1", ids: ["id", "order_id", "shipping_method_id"] },
  { table: "order_shipping_method_tax_line", rows: `shipping_method_id in ${SHIPPING_METHODS}`, ids: ["id", "shipping_method_id"] },
  { table: "payment_collection", rows: `id in ${COLLECTIONS}`, ids: ["id"] },
  { table: "order_payment_collection", rows: "order_id = $1", ids: ["id", "order_id", "payment_collection_id"] },
  { table: "payment_session", rows: `payment_collection_id in ${COLLECTIONS}`, ids: ["id", "payment_collection_id"] },
  { table: "payment", rows: `payment_collection_id in ${COLLECTIONS}`, ids: ["id", "payment_collection_id", "payment_session_id"] },
  {
    table: "capture",
    rows: `payment_id in (select id from payment where payment_collection_id in ${COLLECTIONS})`,
    ids: ["id", "payment_id"],
  },
  { table: "order_transaction", rows: "order_id = $1", ids: ["id", "order_id"] },
]

/** Deletes every copy (and its invoices and their audit entries). */
async function removeCopies(databaseUrl: string, templateOrderId?: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    if (templateOrderId) {
      // Its scheduled invoice would be issued a day later, in another run.
      await client.query("delete from ecpay_einvoice where order_id = $1 and status = 'pending'", [templateOrderId])
    }
    await client.query(`delete from ecpay_einvoice_event where order_id like '%${SUFFIX}%'`)
    await client.query(`delete from ecpay_einvoice where order_id like '%${SUFFIX}%'`)
    for (const { table } of [...COPIED].reverse()) {
      await client.query(`delete from ${table} where id like '%${SUFFIX}%'`)
    }
  })
}

/** `count` copies of order `orderId`, each with a copy of its scheduled invoice (due in an hour). */
async function copyOrder(databaseUrl: string, orderId: string, count: number, stamp: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query("begin")
    for (const { table, rows, ids } of COPIED) {
      const names = await columnsOf(client, table.replace(/"/g, ""))
      const values = names.map((name) => {
        if (ids.includes(name)) return `case when "${name}" is null then null else "${name}" || '${SUFFIX}' || g end`
        if (table === '"order"' && name === "display_id") return "nextval('order_display_id_seq')"
        return `"${name}"`
      })
      await client.query(
        `insert into ${table} (${names.map((name) => `"${name}"`).join(", ")})
         select ${values.join(", ")} from ${table}, generate_series(1, $2::int) as g where ${rows}`,
        [orderId, count]
      )
    }
    const copied: Record<string, string> = {
      id: `id || '${SUFFIX}' || g`,
      order_id: `order_id || '${SUFFIX}' || g`,
      relate_number: `'BD' || $3 || lpad(g::text, 5, '0')`,
      order_display_id: `(select display_id from "order" where id = $1 || '${SUFFIX}' || g)`,
      next_attempt_at: "now() + interval '1 hour'",
    }
    const names = await columnsOf(client, "ecpay_einvoice")
    const { rowCount } = await client.query(
      `insert into ecpay_einvoice (${names.map((name) => `"${name}"`).join(", ")})
       select ${names.map((name) => copied[name] ?? `"${name}"`).join(", ")}
       from ecpay_einvoice, generate_series(1, $2::int) as g
       where order_id = $1 and status = 'pending' and deleted_at is null`,
      [orderId, count, stamp]
    )
    if (rowCount !== count) {
      throw new Error(`the template order's scheduled invoice was not found (${rowCount} copies made)`)
    }
    await client.query("commit")
    await client.query("analyze")
  })
}

/** A table's columns, in order. */
async function columnsOf(client: PgClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position",
    [table]
  )
  return rows.map(({ column_name }) => column_name)
}

async function waitForScheduledInvoice(databaseUrl: string, orderId: string): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const { rows } = await withClient(databaseUrl, (client) =>
      client.query("select 1 from ecpay_einvoice where order_id = $1 and status = 'pending' and next_attempt_at > now()", [orderId])
    )
    if (rows.length) return
    if (Date.now() > deadline) throw new Error(`the plugin did not schedule the invoice of order ${orderId} within 30 s`)
    await sleep(200)
  }
}

async function issuedSoFar(databaseUrl: string) {
  return await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ issued: string; first: Date | null; last: Date | null; other: string }>(
      `select count(*) filter (where status = 'issued') as issued,
              min(issued_at) as first, max(issued_at) as last,
              count(*) filter (where status not in ('issued', 'pending')) as other
       from ecpay_einvoice where order_id like '%${SUFFIX}%'`
    )
    return { issued: Number(rows[0].issued), first: rows[0].first, last: rows[0].last, other: Number(rows[0].other) }
  })
}

export async function drainStep(args: {
  ctx: Context
  pid: number
  databaseUrl: string
  simulator: RunningSimulator
  memory: MemoryProbe
  orders: number
  latencyMs: number
  concurrency: number
  log: (line: string) => void
}): Promise<DrainResults> {
  const { ctx, pid, databaseUrl, simulator, memory, orders, latencyMs, concurrency, log } = args
  await removeCopies(databaseUrl)
  let template: string | undefined
  try {
    log(`  drain: ${orders} paid orders (copies of one), ECPay answering in ${latencyMs} ms, ecpayConcurrency ${concurrency} …`)
    // The plugin schedules the template's invoice a day after its capture: the row every copy starts from.
    await ctx.admin.post(
      "/admin/ecpay-einvoice/settings",
      { enabled: true, issue_mode: "automatic", issue_trigger: "payment_captured", issue_delay_days: 1 },
      "schedule issuing"
    )
    template = await plainOrder(ctx, 0)
    await capture(ctx, template)
    await waitForScheduledInvoice(databaseUrl, template)
    await copyOrder(databaseUrl, template, orders, String(Math.floor(Date.now() / 1000)))
    simulator.setFault({ operation: "Issue", type: "latency", ms: latencyMs, times: -1 })
    const before = await memory.read()
    let peakKb = before.rss_mb * 1024
    let lastKb = peakKb
    const cpuBefore = await cpuMs(pid)
    const due = Date.now()
    await withClient(databaseUrl, (client) =>
      client.query(`update ecpay_einvoice set next_attempt_at = now() where order_id like '%${SUFFIX}%'`)
    )
    const deadline = due + 60_000 + (orders / Math.max(1, concurrency)) * latencyMs * 5 + 120_000
    let state = await issuedSoFar(databaseUrl)
    let reported = 0
    while (state.issued + state.other < orders) {
      if (Date.now() > deadline) {
        throw new Error(`the drain did not finish: ${state.issued} of ${orders} issued, ${state.other} ended otherwise`)
      }
      await sleep(500)
      lastKb = (await vmRssKb(pid)) ?? lastKb
      peakKb = Math.max(peakKb, lastKb)
      state = await issuedSoFar(databaseUrl)
      if (state.issued - reported >= 250) {
        reported = state.issued
        log(`  drain: ${state.issued}/${orders} issued`)
      }
    }
    const cpu = (await cpuMs(pid)) - cpuBefore
    const after = await memory.read()
    if (state.other > 0 || !state.first || !state.last) {
      throw new Error(`${state.other} of the drain's invoices were not issued (see the store's log)`)
    }
    const seconds = (state.last.getTime() - state.first.getTime()) / 1000
    const perSecond = seconds > 0 ? (state.issued - 1) / seconds : 0
    const bound = (concurrency * 1000) / latencyMs
    return {
      orders,
      latency_ms: latencyMs,
      concurrency,
      issued: state.issued,
      seconds: round(seconds, 1),
      per_second: round(perSecond, 1),
      bound_per_second: round(bound, 1),
      efficiency: round(perSecond / bound, 2),
      cpu_ms_per_invoice: round(cpu / state.issued, 1),
      cpu_cores: round(cpu / 1000 / Math.max(seconds, 0.001), 2),
      rss_before_mb: before.rss_mb,
      rss_peak_mb: round(peakKb / 1024, 1),
      rss_end_mb: round(lastKb / 1024, 1),
      rss_after_mb: after.rss_mb,
      rss_growth: round((peakKb / 1024 - before.rss_mb) / before.rss_mb, 3),
      rss_end_growth: round((lastKb / 1024 - before.rss_mb) / before.rss_mb, 3),
      wait_for_job_s: round((state.first.getTime() - due) / 1000, 1),
    }
  } finally {
    simulator.clearFaults()
    await removeCopies(databaseUrl, template)
  }
}
