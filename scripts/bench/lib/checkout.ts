/**
 * The checkout with automatic issuing, against the same checkout with the plugin's integration off:
 * what the shopper waits for (cart completion) and what the merchant waits for (capture), and the CPU an
 * automatically issued invoice costs the server.
 *
 * Both modes in one run, in blocks off, on, on, off: e-invoicing off (`enabled: false`), or on, issuing
 * automatically on capture at once. After each capture the bench waits, on the database, until the
 * invoice is issued (no request to the server), so that one order's issuing never runs during the next
 * order's requests: what is timed is whether the requests themselves wait for issuing.
 */
import type { AdminEinvoiceSettingsResponse } from "../../../src/api/types"
import { withClient } from "../../demo/lib/database"
import { sleep } from "../../demo/lib/processes"
import { cpuMs, Recorder, round, summarize, vmRssKb, type Summary } from "./stats"
import { capture, plainOrder, type Context } from "./workload"

export interface CheckoutMode {
  complete_cart: Summary | null
  capture: Summary | null
  /** Server CPU per capture and, when on, the invoice it issues (median; /proc's 10 ms steps). */
  cpu_ms_per_order: number
  /** Each capture's, in the order measured. */
  cpu_samples_ms: number[]
  /** The server's highest VmRSS during this mode's blocks (read every 500 ms), MB. */
  rss_peak_mb: number
}

export interface CheckoutResults {
  orders: number
  off: CheckoutMode
  on: CheckoutMode
  /** (median completion + median capture) with automatic issuing ÷ the same with the integration off. */
  overhead: number | null
  /** Server CPU per automatically issued invoice: the difference between the two modes, per order. */
  auto_issue_cpu_ms_per_invoice: number
  /** The server's VmRSS as the step began, MB (no collection forced). */
  rss_start_mb: number
}

export async function checkoutStep(input: {
  ctx: Context
  pid: number
  databaseUrl: string
  orders: number
  settleMs: number
  log: (line: string) => void
}): Promise<CheckoutResults> {
  const { ctx, pid, databaseUrl, orders, settleMs } = input
  const modes = {
    off: { rec: new Recorder(), cpu: [] as number[], count: 0, rssPeakKb: 0 },
    on: { rec: new Recorder(), cpu: [] as number[], count: 0, rssPeakKb: 0 },
  }
  // What Medusa's own work does to the server's memory, beside what issuing does.
  const rssStartKb = (await vmRssKb(pid)) ?? 0
  let current: "off" | "on" = "off"
  const sampler = setInterval(() => {
    void vmRssKb(pid).then((kb) => {
      modes[current].rssPeakKb = Math.max(modes[current].rssPeakKb, kb ?? 0)
    })
  }, 500)
  const block = async (mode: "off" | "on", count: number) => {
    current = mode
    await ctx.admin.post<AdminEinvoiceSettingsResponse>(
      "/admin/ecpay-einvoice/settings",
      mode === "on"
        ? { enabled: true, issue_mode: "automatic", issue_trigger: "payment_captured", issue_delay_days: 0 }
        : { enabled: false },
      `e-invoicing ${mode}`
    )
    const { rec } = modes[mode]
    // One untimed order first: the first after a switch pays for what the rest find warm.
    const first = await plainOrder(ctx, -1)
    await capture(ctx, first)
    if (mode === "on") {
      await waitIssued(databaseUrl, first)
    }
    const orderIds: string[] = []
    for (let i = 0; i < count; i++) {
      orderIds.push(await plainOrder(ctx, i, (complete) => rec.time("complete_cart", complete)))
    }
    // The CPU of each capture alone (placing an order costs ten times more, and would drown the
    // difference), until its invoice is issued when issuing is on; the median per mode, so that a
    // scheduled job running meanwhile does not count. The idle process's own CPU is subtracted.
    await sleep(settleMs)
    const idleStart = await cpuMs(pid)
    await sleep(settleMs)
    const idlePerMs = ((await cpuMs(pid)) - idleStart) / settleMs
    for (const orderId of orderIds) {
      const [cpuStart, started] = [await cpuMs(pid), Date.now()]
      await capture(ctx, orderId, (send) => rec.time("capture", send))
      if (mode === "on") {
        await waitIssued(databaseUrl, orderId)
      }
      modes[mode].cpu.push(Math.max(0, (await cpuMs(pid)) - cpuStart - idlePerMs * (Date.now() - started)))
    }
    modes[mode].count += count
    input.log(`  checkout: ${modes.off.count + modes.on.count}/${2 * orders} orders (e-invoicing ${mode})`)
  }
  // Off, on, on, off: what drifts over the run (the tables growing, the process warming) weighs on both.
  const half = Math.max(1, Math.floor(orders / 2))
  try {
    for (const [mode, count] of [
      ["off", half],
      ["on", half],
      ["on", orders - half],
      ["off", orders - half],
    ] as const) {
      if (count > 0) {
        await block(mode, count)
      }
    }
  } finally {
    clearInterval(sampler)
  }
  const result = (mode: "off" | "on"): CheckoutMode => ({
    complete_cart: summarize(modes[mode].rec.samples.get("complete_cart") ?? []),
    capture: summarize(modes[mode].rec.samples.get("capture") ?? []),
    cpu_ms_per_order: summarize(modes[mode].cpu)?.median_ms ?? 0,
    cpu_samples_ms: modes[mode].cpu.map((value) => round(value)),
    rss_peak_mb: round(modes[mode].rssPeakKb / 1024),
  })
  const [off, on] = [result("off"), result("on")]
  const waited = (mode: CheckoutMode) => (mode.complete_cart && mode.capture ? mode.complete_cart.median_ms + mode.capture.median_ms : null)
  const [withIssuing, without] = [waited(on), waited(off)]
  return {
    orders,
    off,
    on,
    overhead: withIssuing !== null && without ? round(withIssuing / without, 2) : null,
    auto_issue_cpu_ms_per_invoice: round(Math.max(0, on.cpu_ms_per_order - off.cpu_ms_per_order)),
    rss_start_mb: round(rssStartKb / 1024),
  }
}

/** Polls the invoice's row (the bench's own connection) until it is issued; 60 s at most. */
async function waitIssued(databaseUrl: string, orderId: string) {
  const deadline = Date.now() + 60_000
  await withClient(databaseUrl, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ status: string }>(
        "select status from ecpay_einvoice where order_id = $1 and kind = 'original' and deleted_at is null",
        [orderId]
      )
      const status = rows[0]?.status
      if (status === "issued") {
        return
      }
      if (status === "failed" || Date.now() > deadline) {
        throw new Error(`order ${orderId}: its invoice was not issued automatically (status ${status ?? "none"})`)
      }
      await sleep(25)
    }
  })
}
