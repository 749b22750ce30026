/**
 * The checkout with automatic issuing, against the same checkout with the plugin's integration off:
 * what the shopper waits for (cart completion) and what the merchant waits for (capture), and the CPU an
 * automatically issued invoice costs the server.
 *
 * The same orders twice, in one run: first with e-invoicing off (`enabled: false`), then on, issuing
 * automatically on capture at once. After each capture the bench waits, on the database, until the
 * invoice is issued (no request to the server), so that one order's issuing never runs during the next
 * order's requests: what is timed is whether the requests themselves wait for issuing.
 */
import type { AdminEinvoiceSettingsResponse } from "../../../src/api/types"
import { withClient } from "../../demo/lib/database"
import { sleep } from "../../demo/lib/processes"
import { cpuOver, Recorder, summarize, type Summary } from "./stats"
import { capture, plainOrder, type Context } from "./workload"

export interface CheckoutMode {
  complete_cart: Summary | null
  capture: Summary | null
  /** Server CPU per capture and, when on, the invoice it issues. */
  cpu_ms_per_order: number
}

export interface CheckoutResults {
  orders: number
  off: CheckoutMode
  on: CheckoutMode
  /** (median completion + median capture) with automatic issuing ÷ the same with the integration off. */
  overhead: number | null
  /** Server CPU per automatically issued invoice: the difference between the two modes, per order. */
  auto_issue_cpu_ms_per_invoice: number
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
  const run = async (mode: "off" | "on"): Promise<CheckoutMode> => {
    await ctx.admin.post<AdminEinvoiceSettingsResponse>(
      "/admin/ecpay-einvoice/settings",
      mode === "on"
        ? { enabled: true, issue_mode: "automatic", issue_trigger: "payment_captured", issue_delay_days: 0 }
        : { enabled: false },
      `e-invoicing ${mode}`
    )
    const rec = new Recorder()
    // One untimed order first: the first of a mode pays for caches the rest find warm.
    const first = await plainOrder(ctx, -1)
    await capture(ctx, first)
    if (mode === "on") {
      await waitIssued(databaseUrl, first)
    }
    const orderIds: string[] = []
    for (let i = 0; i < orders; i++) {
      orderIds.push(await plainOrder(ctx, i, (complete) => rec.time("complete_cart", complete)))
      input.log(`  checkout, e-invoicing ${mode}: ${i + 1}/${orders} orders placed`)
    }
    // The CPU over the captures alone (placing an order costs ten times more, and would drown the
    // difference): with automatic issuing, each capture's invoice is issued before the next capture.
    const cpu = await cpuOver(
      pid,
      async () => {
        for (const orderId of orderIds) {
          await capture(ctx, orderId, (send) => rec.time("capture", send))
          if (mode === "on") {
            await waitIssued(databaseUrl, orderId)
          }
        }
      },
      settleMs
    )
    return {
      complete_cart: summarize(rec.samples.get("complete_cart") ?? []),
      capture: summarize(rec.samples.get("capture") ?? []),
      cpu_ms_per_order: Math.round((cpu / orders) * 10) / 10,
    }
  }
  const off = await run("off")
  const on = await run("on")
  const waited = (mode: CheckoutMode) => (mode.complete_cart && mode.capture ? mode.complete_cart.median_ms + mode.capture.median_ms : null)
  const [withIssuing, without] = [waited(on), waited(off)]
  return {
    orders,
    off,
    on,
    overhead: withIssuing !== null && without ? Math.round((withIssuing / without) * 100) / 100 : null,
    auto_issue_cpu_ms_per_invoice: Math.round(Math.max(0, on.cpu_ms_per_order - off.cpu_ms_per_order) * 10) / 10,
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
