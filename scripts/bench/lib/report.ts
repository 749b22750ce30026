/**
 * The bench's results: one JSON document (.bench/results.json) and a table for the terminal.
 */
import type { ScaleResults } from "./scale"
import type { CheckoutResults } from "./checkout"
import type { DrainResults } from "./drain"
import { round, type RssReading, type Summary } from "./stats"
import { OPERATIONS, SHORT_NAMES } from "./workload"

export interface OperationResult extends Summary {
  key: string
  label: string
  kind: "medusa" | "plugin"
  baseline: string | null
  /** This operation's median ÷ its baseline's median (both from this run). */
  ratio_to_baseline: number | null
  samples_ms: number[]
}

export interface MemoryStep {
  count: number
  /** VmRSS growth (after a full collection when the readings say gc: true), MB. */
  growth_mb: number
  per_item_mb: number
  /** V8 heap in use, growth after a full collection (null without one), MB. */
  heap_growth_mb: number | null
  heap_per_item_mb: number | null
}

export interface MemoryResult {
  /** VmRSS of the `medusa start` process (the group leader; `group` lists every process of its group). */
  pid: number
  readings: {
    ready: RssReading
    /** After the warm-up and the timed rounds. */
    after_warmup: RssReading
    after_orders: RssReading
    after_invoices: RssReading
  }
  /** Medusa's baseline: placing (and capturing) plain orders without an invoice choice. */
  orders: MemoryStep
  /** Issuing one invoice for each of those orders (POST /admin/orders/:id/einvoice/issue). */
  invoices: MemoryStep
  /** RSS per invoice ÷ RSS per order (null when the orders' RSS did not grow) */
  ratio_invoice_to_order: number | null
  /** The same for the V8 heap in use */
  heap_ratio_invoice_to_order: number | null
}

export interface BenchResults {
  version: 1
  started_at: string
  finished_at: string
  /** Seconds: the whole run, the store's preparation, the measurements. */
  duration_s: { total: number; setup: number; measure: number }
  settings: { iterations: number; warmup: number; memory_invoices: number; settle_ms: number }
  environment: {
    node: string
    platform: string
    cpus: number
    cpu_model: string
    medusa: string
    plugin: string
    database: string
    /** The bench database is kept between runs: what it held before this run. */
    database_before: { orders: number; einvoices: number }
    ecpay: string
  }
  setup_timings_s: Record<string, number>
  operations: OperationResult[]
  memory: MemoryResult
  /** `--scale`: the lists timed at BENCH_SCALE_BASE and at BENCH_SCALE_INVOICES invoices. */
  scale?: ScaleResults
  /** `--scale`: a backlog of BENCH_DRAIN_ORDERS due invoices issued by the retry job, ECPay answering slowly. */
  drain?: DrainResults
  /**
   * The server's CPU time (user + system, 10 ms steps) per Medusa capture, per invoice issued
   * automatically on capture (the checkout step) and per invoice issued by hand (POST …/einvoice/issue,
   * whose answer also carries the admin's whole invoice view).
   */
  cpu: { capture_ms_per_order: number; issue_ms_per_invoice: number; manual_issue_ms_per_invoice: number }
  /** The checkout with automatic issuing against the same with e-invoicing off. */
  checkout: CheckoutResults
  /** The issue-level ratios measured in this run (numbers; a key is absent when its step did not run). */
  ratios: Partial<
    Record<
      | "checkout_overhead"
      | "issue_cpu_vs_capture"
      | "manual_issue_cpu_vs_capture"
      | "list_100k_vs_1k"
      | "search_100k_vs_1k"
      | "export_100k_vs_1k"
      | "sync_100k_vs_1k"
      | "drain_efficiency"
      | "drain_rss_growth",
      number
    >
  >
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null)

export function operationResults(samples: Map<string, number[]>, summarize: (values: number[]) => Summary | null): OperationResult[] {
  const summaries = new Map(OPERATIONS.map((op) => [op.key, summarize(samples.get(op.key) ?? [])]))
  return OPERATIONS.flatMap((op) => {
    const summary = summaries.get(op.key)
    if (!summary) return []
    const base = op.baseline ? summaries.get(op.baseline) : null
    return [
      {
        key: op.key,
        label: op.label,
        kind: op.kind,
        baseline: op.baseline ?? null,
        ...summary,
        ratio_to_baseline: base ? ratio(summary.median_ms, base.median_ms) : null,
        samples_ms: (samples.get(op.key) ?? []).map((value) => round(value)),
      },
    ]
  })
}

export function memoryStep(before: RssReading, after: RssReading, count: number): MemoryStep {
  const growth = round(after.rss_mb - before.rss_mb)
  const heap = before.heap_used_mb !== null && after.heap_used_mb !== null ? round(after.heap_used_mb - before.heap_used_mb) : null
  return {
    count,
    growth_mb: growth,
    per_item_mb: round(growth / count, 3),
    heap_growth_mb: heap,
    heap_per_item_mb: heap === null ? null : round(heap / count, 3),
  }
}

/** `a` ÷ `b`; null when the baseline `b` did not grow (a ratio against nothing says nothing). */
export function memoryRatio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? round(a / b, 2) : null
}

const pad = (value: string, width: number) => value + " ".repeat(Math.max(0, width - [...value].length))
const lpad = (value: string, width: number) => " ".repeat(Math.max(0, width - [...value].length)) + value
const ms = (value: number) => value.toFixed(1)
const signed = (value: number, digits = 1) => `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`

export function formatTable(results: BenchResults): string {
  const lines: string[] = []
  const width = Math.max(...results.operations.map((op) => [...op.label].length)) + 2
  const header = `${pad("Operation", width)}${lpad("median ms", 10)}${lpad("p95 ms", 9)}   ratio of medians`
  const env = results.environment
  lines.push(
    "",
    `ECPay e-invoice plugin bench — Medusa ${env.medusa}, plugin ${env.plugin}, node ${env.node}, ${env.cpus} CPU (${env.cpu_model})`,
    `${results.settings.iterations} timed rounds after ${results.settings.warmup} warm-up rounds; ECPay: ${env.ecpay}; database: ${env.database}` +
      ` (held ${env.database_before.orders} orders before this run)`,
    "",
    header,
    "-".repeat([...header].length + 12)
  )
  for (const kind of ["medusa", "plugin"] as const) {
    lines.push(kind === "medusa" ? "Medusa (baselines)" : "Plugin")
    for (const op of results.operations.filter((o) => o.kind === kind)) {
      const comparison =
        op.baseline && op.ratio_to_baseline !== null ? `${op.ratio_to_baseline.toFixed(2)}× ${SHORT_NAMES[op.baseline] ?? op.baseline}` : ""
      lines.push(`  ${pad(op.label, width - 2)}${lpad(ms(op.median_ms), 10)}${lpad(ms(op.p95_ms), 9)}   ${comparison}`)
    }
  }
  const mem = results.memory
  const r = mem.readings
  const gc = Object.values(r).every((reading) => reading.gc)
  const heap = (value: number | null) => (value === null ? "" : lpad(value.toFixed(1), 8))
  const step = (m: MemoryStep, unit: string, ratioRss: number | null, ratioHeap: number | null) =>
    `   RSS ${signed(m.growth_mb)} MB (${signed(m.per_item_mb, 3)}/${unit}${ratioRss !== null ? `, ${ratioRss.toFixed(2)}× an order` : ""})` +
    (m.heap_growth_mb !== null
      ? `, heap ${signed(m.heap_growth_mb)} MB (${signed(m.heap_per_item_mb ?? 0, 3)}/${unit}${ratioHeap !== null ? `, ${ratioHeap.toFixed(2)}× an order` : ""})`
      : "")
  lines.push(
    "",
    `Memory of the medusa start process (pid ${mem.pid}): VmRSS${gc ? " and V8 heap used, each read after a full garbage collection" : " (no forced collection)"}`,
    `  ${pad("", 38)}${lpad("RSS MB", 8)}${gc ? lpad("heap MB", 9) : ""}`,
    `  ${pad("ready", 38)}${lpad(r.ready.rss_mb.toFixed(1), 8)}${heap(r.ready.heap_used_mb)}`,
    `  ${pad("after warm-up + timed rounds", 38)}${lpad(r.after_warmup.rss_mb.toFixed(1), 8)}${heap(r.after_warmup.heap_used_mb)}`,
    `  ${pad(`after ${mem.orders.count} plain orders (Medusa)`, 38)}${lpad(r.after_orders.rss_mb.toFixed(1), 8)}${heap(r.after_orders.heap_used_mb)}` +
      step(mem.orders, "order", null, null),
    `  ${pad(`after issuing ${mem.invoices.count} invoices (plugin)`, 38)}${lpad(r.after_invoices.rss_mb.toFixed(1), 8)}${heap(r.after_invoices.heap_used_mb)}` +
      step(mem.invoices, "invoice", mem.ratio_invoice_to_order, mem.heap_ratio_invoice_to_order)
  )
  const others = Object.keys(r.after_invoices.group).filter((pid) => pid !== String(mem.pid))
  if (others.length) {
    lines.push(`  (other processes in its group: ${others.map((pid) => `${pid} ${r.after_invoices.group[pid]} MB`).join(", ")})`)
  }
  lines.push(
    "",
    `Server CPU time (user + system), medians: a capture ${results.checkout.off.cpu_ms_per_order.toFixed(1)} ms, an invoice issued on capture ${results.cpu.issue_ms_per_invoice.toFixed(1)} ms` +
      (results.ratios.issue_cpu_vs_capture !== undefined ? ` (${results.ratios.issue_cpu_vs_capture.toFixed(2)}× a capture)` : ""),
    `Server CPU time, totals over ${results.memory.orders.count} orders: per capture ${results.cpu.capture_ms_per_order.toFixed(1)} ms, per invoice issued by hand ${results.cpu.manual_issue_ms_per_invoice.toFixed(1)} ms` +
      (results.ratios.manual_issue_cpu_vs_capture !== undefined ? ` (${results.ratios.manual_issue_cpu_vs_capture.toFixed(2)}×)` : ""),
    checkoutLine(results.checkout)
  )
  const scale = results.scale
  if (scale) {
    const row = (label: string, key: "list_ms" | "search_ms" | "export_ms" | "sync_select_ms", ratioValue: number | null) =>
      `  ${pad(label, 44)}${lpad(ms(scale.base[key].median_ms), 10)}${lpad(ms(scale.scaled[key].median_ms), 12)}   ${ratioValue === null ? "" : `${ratioValue.toFixed(2)}×`}`
    lines.push(
      "",
      `Lists at scale (median ms of ${scale.base.list_ms.samples} runs; the same period, the table grown from ${scale.base.invoices} to ${scale.scaled.invoices} invoices)`,
      `  ${pad("", 44)}${lpad(`${scale.base.invoices}`, 10)}${lpad(`${scale.scaled.invoices}`, 12)}   ratio`,
      row("GET /admin/einvoices?period=… (20 a page)", "list_ms", scale.ratios.list),
      row("GET /admin/einvoices?q=<invoice number>", "search_ms", scale.ratios.search),
      row("GET /admin/einvoices/export?period=…", "export_ms", scale.ratios.export),
      row("hourly sync: selecting the due invoices", "sync_select_ms", scale.ratios.sync)
    )
  }
  const drain = results.drain
  if (drain) {
    lines.push(
      "",
      `Drain (${drain.orders} due invoices, ECPay answering in ${drain.latency_ms} ms, ecpayConcurrency ${drain.concurrency}):` +
        ` ${drain.per_second.toFixed(1)} issued a second over ${drain.seconds.toFixed(1)} s, of at most ${drain.bound_per_second.toFixed(1)}` +
        ` (${drain.efficiency.toFixed(2)}×)`,
      `  server CPU ${drain.cpu_ms_per_invoice.toFixed(1)} ms an invoice (${drain.cpu_cores.toFixed(2)} of a core);` +
        ` RSS ${drain.rss_before_mb.toFixed(0)} MB before, ${drain.rss_peak_mb.toFixed(0)} MB at most (+${(drain.rss_growth * 100).toFixed(1)} %),` +
        ` ${drain.rss_end_mb.toFixed(0)} MB at the end (+${(drain.rss_end_growth * 100).toFixed(1)} %), ${drain.rss_after_mb.toFixed(0)} MB after a collection;` +
        ` the retry job started ${drain.wait_for_job_s.toFixed(0)} s after the invoices fell due`
    )
  }
  lines.push(
    "",
    `Took ${results.duration_s.total.toFixed(0)} s (setup ${results.duration_s.setup.toFixed(0)} s, measuring ${results.duration_s.measure.toFixed(0)} s).`
  )
  return lines.map((line) => line.trimEnd()).join("\n")
}

/** The checkout comparison in one line: the two medians of each mode and the overhead. */
function checkoutLine(checkout: CheckoutResults): string {
  const median = (summary: Summary | null) => (summary ? `${ms(summary.median_ms)} ms` : "n/a")
  return (
    `Checkout (${checkout.orders} orders each; median completion + capture): e-invoicing off ${median(checkout.off.complete_cart)} + ${median(checkout.off.capture)},` +
    ` automatic issuing on ${median(checkout.on.complete_cart)} + ${median(checkout.on.capture)}` +
    (checkout.overhead !== null ? ` (${checkout.overhead.toFixed(2)}×)` : "") +
    `; server RSS ${checkout.rss_start_mb.toFixed(0)} MB at the start, at most ${checkout.off.rss_peak_mb.toFixed(0)} MB with e-invoicing off, ${checkout.on.rss_peak_mb.toFixed(0)} MB on`
  )
}
