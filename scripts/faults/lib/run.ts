/**
 * What the fault suite does to the store, in order (see scripts/faults/index.ts for the why):
 *
 *   1. catalog and settings (automatic issuing on payment capture, a paper allowance for every refund);
 *   2. the simulator's faults on: 50 ms latency, 10 % of Issue / Allowance / Invalid answers dropped after
 *      ECPay applied them, 5 % HTTP 500 (nothing applied);
 *   3. orders through the store API, alternately on the two HTTP processes; each captured by the admin,
 *      payment.captured delivered a second time through the event bus; every `clickEvery`-th order also gets
 *      the admin's "Issue" on both processes at once; halfway through, ECPay answers 403 to everything for
 *      a few seconds;
 *   4. every `refundEvery`-th order: two partial refunds at once, one on each HTTP process, each
 *      payment.refunded delivered a second time; halfway through, one Medusa process is killed with SIGKILL
 *      and started again;
 *   5. the drain (see `drain`), then the void orders: "Void" on both processes at once (and again while
 *      ECPay's injected errors failed both, as the merchant would), and a second drain.
 */
import type { AdminEinvoiceSettingsResponse } from "../../../src/api/types"
import type { Fault, RequestLogEntry } from "../../../src/simulator"
import { ORDER_LOCK } from "../../../src/workflows/utils/order-lock"
import { withClient } from "../../demo/lib/database"
import type { Requester } from "../../demo/lib/medusa-http"
import { capturePayment, placeOrder, type AdminInvoiceView } from "../../demo/lib/orders"
import { sleep } from "../../demo/lib/processes"
import { CHARITIES, seedCatalog, type Catalog } from "../../demo/lib/seed"
import { HttpTally, trackedRequester } from "./http"
import { expireAbandonedOrderLocks, heldOrderLocks, type FaultStack, type ProcessName } from "./stack"

export interface RunOptions {
  /** Orders that must end with exactly one valid invoice (FAULTS_ORDERS). */
  orders: number
  /** Extra orders whose invoice is voided (by two clicks at once) once issued. */
  voids: number
  /** Orders placed at once. */
  concurrency: number
  /** Every n-th order gets two partial refunds at once. */
  refundEvery: number
  /** Every n-th order gets the admin's "Issue" on both HTTP processes at once. */
  clickEvery: number
  /** How long ECPay answers 403 to everything, halfway through the orders. */
  window403Ms: number
  /** The process killed with SIGKILL halfway through the refunds. */
  kill: ProcessName
  /** The drain gives up after this long. */
  drainTimeoutMs: number
  latencyMs: number
  dropRate: number
  http500Rate: number
}

export interface PlacedRef {
  index: number
  kind: "main" | "void"
  orderId: string
  displayId: number
  paymentId: string
  total: number
  /** What the suite asked Medusa to refund (Medusa's own answer decides what was refunded). */
  refundsRequested: number[]
}

export interface FaultTally {
  requests: number
  byOperation: Record<string, number>
  faults: Record<string, number>
}

export interface DrainResult {
  settled: boolean
  rounds: number
  seconds: number
  retryJobRuns: number
  merchantSyncs: number
  fastForwarded: number
  /** Order locks a killed process left, released before their lifetime ended. */
  locksReleased: number
  pausedWaitSeconds: number
  outstanding: string[]
}

export interface RunResult {
  placed: PlacedRef[]
  placeFailures: string[]
  prefix: string
  http: HttpTally
  simulator: FaultTally
  /** Admin "Issue" clicks sent in pairs. */
  issueClicks: number
  voidClicks: number
  duplicateEvents: { captured: number; refunded: number }
  refundCalls: { ok: number; refused: number; failed: number }
  kill: { process: ProcessName; atRefund: number; restartSeconds: number } | null
  window403: { startedAtOrder: number; ms: number } | null
  drains: DrainResult[]
  phases: Record<string, number>
}

type Log = (line: string) => void

const INVOICE_STATUSES_SETTLED = new Set(["issued", "voided", "failed", "skipped", "canceled"])
/**
 * An order lock held this long was left by the killed process: every action of the suite's store holds one
 * for a few seconds at most (the simulator answers within 50 ms plus its faults).
 */
const ABANDONED_LOCK_SECONDS = 30

export class FaultRun {
  readonly http = new HttpTally()
  private readonly seenRequests = new WeakSet<RequestLogEntry>()
  readonly simulatorTally: FaultTally = { requests: 0, byOperation: {}, faults: {} }
  private tallyTimer: NodeJS.Timeout | null = null
  private adminHeaders: Record<string, string> = {}
  private catalog: Catalog | null = null
  private faultsOn = false
  private restarting: Promise<void> | null = null
  /** What an earlier drain gave up on (only owed refunds left, unchanged): not waited for again. */
  private givenUp = ""

  constructor(
    readonly stack: FaultStack,
    readonly options: RunOptions,
    readonly log: Log
  ) {}

  admin(on: ProcessName): Requester {
    return trackedRequester(on, this.stack.process(on).url, this.adminHeaders, this.http)
  }

  store(on: ProcessName): Requester {
    return trackedRequester(on, this.stack.process(on).url, { "x-publishable-api-key": this.catalog!.publishableKey }, this.http)
  }

  // ------------------------------------------------------------------------------------ faults

  baseFaults(): Fault[] {
    const { latencyMs, dropRate, http500Rate } = this.options
    return [
      { type: "latency", ms: latencyMs, times: -1 },
      ...["Issue", "Allowance", "Invalid"].map((operation): Fault => ({
        type: "drop_after_commit",
        operation,
        probability: dropRate,
        times: -1,
      })),
      { type: "http_500", probability: http500Rate, times: -1 },
    ]
  }

  setFaults(extra: Fault[] = []) {
    const sim = this.stack.simulator!
    sim.clearFaults()
    // A 403 window goes first: while it lasts, it answers every request.
    for (const fault of [...extra, ...(this.faultsOn ? this.baseFaults() : [])]) sim.setFault(fault)
  }

  /** Counts the simulator's requests and the faults it injected (its log keeps only the last 5,000). */
  private tallyRequests() {
    for (const entry of this.stack.simulator!.requests) {
      if (this.seenRequests.has(entry)) continue
      this.seenRequests.add(entry)
      const t = this.simulatorTally
      t.requests += 1
      t.byOperation[entry.operation] = (t.byOperation[entry.operation] ?? 0) + 1
      if (entry.fault && entry.fault !== "latency")
        t.faults[`${entry.operation} ${entry.fault}`] = (t.faults[`${entry.operation} ${entry.fault}`] ?? 0) + 1
    }
  }

  // -------------------------------------------------------------------------------------- run

  async run(): Promise<RunResult> {
    const phases: Record<string, number> = {}
    const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const started = Date.now()
      this.log(`— ${name}`)
      try {
        return await fn()
      } finally {
        phases[name] = Math.round((Date.now() - started) / 100) / 10
      }
    }
    this.tallyTimer = setInterval(() => this.tallyRequests(), 200)
    try {
      const { adminEmail: email, adminPassword: password } = this.stack.options.demo
      const login = await trackedRequester("server", this.stack.process("server").url, {}, this.http).post<{ token: string }>(
        "/auth/user/emailpass",
        { email, password },
        "admin login"
      )
      this.adminHeaders = { authorization: `Bearer ${login.token}` }
      const prefix = await phase("catalog and settings", () => this.setUp())

      this.faultsOn = true
      this.setFaults()
      const result: RunResult = {
        placed: [],
        placeFailures: [],
        prefix,
        http: this.http,
        simulator: this.simulatorTally,
        issueClicks: 0,
        voidClicks: 0,
        duplicateEvents: { captured: 0, refunded: 0 },
        refundCalls: { ok: 0, refused: 0, failed: 0 },
        kill: null,
        window403: null,
        drains: [],
        phases,
      }
      await phase("orders", () => this.placeOrders(result))
      await phase("refunds", () => this.refunds(result))
      result.drains.push(await phase("drain", () => this.drain(result)))
      await phase("restart", async () => {
        await this.restarting
      })
      await phase("voids", () => this.voids(result))
      result.drains.push(await phase("drain after voids", () => this.drain(result)))
      this.faultsOn = false
      this.setFaults()
      this.tallyRequests()
      return result
    } finally {
      if (this.tallyTimer) clearInterval(this.tallyTimer)
    }
  }

  private async setUp(): Promise<string> {
    const admin = this.admin("server")
    this.catalog = await seedCatalog(admin, () => undefined)
    const { settings } = await admin.post<AdminEinvoiceSettingsResponse>(
      "/admin/ecpay-einvoice/settings",
      {
        enabled: true,
        enabled_types: ["member", "mobile_barcode", "citizen_certificate", "donation", "company", "paper"],
        charities: CHARITIES,
        default_love_code: CHARITIES[0].code,
        issue_mode: "automatic",
        issue_trigger: "payment_captured",
        issue_delay_days: 0,
        auto_void_on_cancel: true,
        auto_allowance_on_refund: true,
        allowance_agreement: "paper",
      },
      "settings"
    )
    return settings.relate_number_prefix
  }

  private async placeOrders(result: RunResult) {
    const { orders, voids, concurrency, clickEvery, window403Ms } = this.options
    const total = orders + voids
    let next = 0
    let done = 0
    let windowStarted = false
    // Spread over the catalog (1,000 in stock each), one or two of each.
    const products = this.catalog!.products
    const worker = async () => {
      while (next < total) {
        const index = next++
        const kind = index < orders ? "main" : "void"
        const on: ProcessName = index % 2 === 0 ? "server" : "shared"
        const other: ProcessName = on === "server" ? "shared" : "server"
        try {
          const placed = await placeOrder(this.store(on), this.catalog!, {
            items: [{ variantId: products[index % products.length].variantId, quantity: 1 + (index % 2) }],
            email: `faults-${index}@example.com`,
            choice: index % 5 === 4 ? { type: "mobile_barcode", carrier_number: "/FAULTS1" } : { type: "member" },
          })
          const paymentId = await capturePayment(this.admin(on), placed.orderId)
          // payment.captured a second time, through the bus (the subscriber may run in another process).
          await this.admin(other).post("/admin/faults/emit", { name: "payment.captured", data: { id: paymentId } }, "emit payment.captured")
          result.duplicateEvents.captured += 1
          if (index % clickEvery === 0) {
            result.issueClicks += 2
            await Promise.allSettled(
              (["server", "shared"] as const).map((p) =>
                this.admin(p).post(`/admin/orders/${placed.orderId}/einvoice/issue`, {}, "issue click")
              )
            )
          }
          result.placed.push({
            index,
            kind,
            orderId: placed.orderId,
            displayId: placed.displayId,
            paymentId,
            total: placed.total,
            refundsRequested: [],
          })
        } catch (error) {
          result.placeFailures.push(`order ${index}: ${String((error as Error).message ?? error).slice(0, 400)}`)
        }
        done += 1
        if (!windowStarted && window403Ms > 0 && done >= Math.floor(total / 2)) {
          windowStarted = true
          result.window403 = { startedAtOrder: done, ms: window403Ms }
          this.log(`  ECPay answers 403 to everything for ${window403Ms / 1000} s (after ${done} orders)`)
          this.setFaults([{ type: "http_403", times: -1 }])
          setTimeout(() => this.setFaults(), window403Ms).unref()
        }
        if (done % 20 === 0 || done === total) this.log(`  ${done}/${total} orders placed and captured`)
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    result.placed.sort((a, b) => a.index - b.index)
  }

  private async refunds(result: RunResult) {
    const targets = result.placed.filter((order) => order.kind === "main" && order.index % this.options.refundEvery === 0)
    let done = 0
    let next = 0
    let restart: Promise<void> | null = null
    const worker = async () => {
      while (next < targets.length) {
        const order = targets[next++]
        // Two partial refunds at once, one on each HTTP process; small amounts, below the order's total.
        const amounts = [30 + (order.index % 7) * 10, 20 + (order.index % 5) * 10]
        order.refundsRequested = amounts
        const outcomes = await Promise.allSettled(
          (["server", "shared"] as const).map((p, i) =>
            this.admin(p).post(`/admin/payments/${order.paymentId}/refund`, { amount: amounts[i] }, "refund")
          )
        )
        for (const outcome of outcomes) {
          if (outcome.status === "fulfilled") result.refundCalls.ok += 1
          else if ((outcome.reason as { status?: number }).status && (outcome.reason as { status: number }).status < 500)
            result.refundCalls.refused += 1
          else result.refundCalls.failed += 1
        }
        // payment.refunded a second time.
        await this.admin(order.index % 2 ? "server" : "shared")
          .post("/admin/faults/emit", { name: "payment.refunded", data: { id: order.paymentId } }, "emit payment.refunded")
          .then(() => (result.duplicateEvents.refunded += 1))
          .catch(() => undefined)
        done += 1
        if (!restart && done >= Math.ceil(targets.length / 2)) {
          const killed = this.options.kill
          this.log(`  SIGKILL to the ${killed} process (after ${done} of ${targets.length} refunded orders), then start it again`)
          this.stack.kill(killed)
          const started = Date.now()
          result.kill = { process: killed, atRefund: done, restartSeconds: 0 }
          restart = (async () => {
            await sleep(1000)
            await this.stack.restart(killed)
            result.kill!.restartSeconds = Math.round((Date.now() - started) / 100) / 10
            this.log(`  the ${killed} process is back (${result.kill!.restartSeconds} s)`)
          })()
        }
      }
    }
    // Requests to a killed HTTP process fail at the network level; they go to the one still up.
    await Promise.all(Array.from({ length: Math.min(4, this.options.concurrency) }, worker))
    if (!restart && result.placed.length) {
      this.stack.kill(this.options.kill)
      result.kill = { process: this.options.kill, atRefund: done, restartSeconds: 0 }
      restart = this.stack.restart(this.options.kill)
    }
    // The drain starts while the killed process comes back; the run waits for it before counting.
    this.restarting = restart
  }

  private async voids(result: RunResult) {
    const targets = result.placed.filter((order) => order.kind === "void")
    await Promise.all(
      targets.map(async (order) => {
        const view = await this.admin("server")
          .get<AdminInvoiceView>(`/admin/orders/${order.orderId}/einvoice`, "invoice view")
          .catch(() => null)
        if (view?.invoice?.status !== "issued") {
          this.log(`  order ${order.displayId}: invoice ${view?.invoice?.status ?? "missing"} after the drain; not voided`)
          return
        }
        result.voidClicks += 2
        await Promise.allSettled(
          (["server", "shared"] as const).map((p) =>
            this.admin(p).post(`/admin/orders/${order.orderId}/einvoice/void`, { reason: "faults: void" }, "void click")
          )
        )
        // ECPay's injected errors can fail both clicks (the card then says "void failed: HTTP 500"): the
        // merchant clicks again, as many times as it takes.
        for (let attempt = 0; attempt < 10; attempt++) {
          const after = await this.admin("server")
            .get<AdminInvoiceView>(`/admin/orders/${order.orderId}/einvoice`, "invoice view")
            .catch(() => null)
          if (after?.invoice?.status !== "issued") {
            break
          }
          result.voidClicks += 1
          await this.admin("server")
            .post(`/admin/orders/${order.orderId}/einvoice/void`, { reason: "faults: void" }, "void click again")
            .catch(() => undefined)
        }
      })
    )
  }

  // ------------------------------------------------------------------------------------ drain

  /**
   * Until nothing is left to do, or `drainTimeoutMs`: waits out a store-wide ECPay pause; moves the retry
   * time of pending invoices to now (as if their back-off had passed: the retry window is minutes long,
   * the suite does not wait for it), an attempt left without a retry time back by the job's stall
   * limit, Medusa's recent refunds back past the job's two-minute grace for refund catch-up, and a
   * pending allowance never sent back past sync's ten minutes; releases an order lock held longer than
   * `ABANDONED_LOCK_SECONDS` (as if its 120 s lifetime had passed); runs the plugin's retry job once (the
   * function the scheduler runs every minute); asks for a sync (the merchant's "Sync with ECPay", which the
   * admin tells them to use) on every order with an allowance still pending. Settled: no invoice or allowance pending, every order invoiced, every refund
   * covered, twice in a row.
   */
  async drain(result: RunResult): Promise<DrainResult> {
    const started = Date.now()
    const out: DrainResult = {
      settled: false,
      rounds: 0,
      seconds: 0,
      retryJobRuns: 0,
      merchantSyncs: 0,
      fastForwarded: 0,
      locksReleased: 0,
      pausedWaitSeconds: 0,
      outstanding: [],
    }
    const url = this.stack.runDatabaseUrl
    let quietRounds = 0
    // Only owed refunds left, unchanged, with nothing pending, for longer than an order's lock can outlive
    // the process that took it (the one killed may have held it; the catch-up waits for it): nothing will
    // change any more.
    const givesUpAfterMs = (ORDER_LOCK.ttlSeconds + 30) * 1000
    let stuckSince = 0
    let lastState = ""
    // Checked every two seconds, not once a round: a merchant sync of the round may be waiting for that lock.
    let releasing = false
    const lockReleaser = setInterval(() => {
      if (releasing) return
      releasing = true
      expireAbandonedOrderLocks(this.stack.options.redisUrl, ORDER_LOCK.ttlSeconds, ABANDONED_LOCK_SECONDS)
        .then((released) => (out.locksReleased += released))
        .catch((error) => this.log(`  releasing abandoned order locks: ${String(error.message).slice(0, 200)}`))
        .finally(() => (releasing = false))
    }, 2000)
    try {
      while (Date.now() - started < this.options.drainTimeoutMs) {
        out.rounds += 1
        const pausedMs = await pausedFor(url)
        if (pausedMs > 0) {
          out.pausedWaitSeconds += Math.round(pausedMs / 100) / 10
          this.log(`  ECPay paused store-wide for ${Math.ceil(pausedMs / 1000)} s more; waiting`)
          await sleep(Math.min(pausedMs + 250, 30_000))
          continue
        }
        const state = await outstanding(url, result)
        if (!state.length) {
          quietRounds += 1
          if (quietRounds >= 2) {
            out.settled = true
            break
          }
          await sleep(2000)
          continue
        }
        quietRounds = 0
        out.outstanding = state
        const onlyOwed = state.every((line) => line.includes("not allowed yet"))
        const key = state.join("|")
        if (!onlyOwed || key !== lastState) stuckSince = Date.now()
        lastState = key
        if (onlyOwed && key === this.givenUp) {
          this.log(`  the same ${state.length} refunds without their allowance as before: not waiting again`)
          break
        }
        if (Date.now() - stuckSince > givesUpAfterMs) {
          this.givenUp = key
          this.log(`  nothing pending, ${state.length} refunds without their allowance for ${givesUpAfterMs / 1000} s: giving up`)
          break
        }
        out.fastForwarded += await fastForward(url)
        const jobStarted = Date.now()
        await this.admin("server")
          .post<{ result: { processed?: number; reconciled?: number } | null }>("/admin/faults/jobs", { job: "retry" }, "retry job")
          .then((answer) => {
            out.retryJobRuns += 1
            const seconds = (Date.now() - jobStarted) / 1000
            if (seconds > 5)
              this.log(
                `  retry job: ${answer.result?.processed ?? "?"} invoices, ${answer.result?.reconciled ?? 0} allowance syncs in ${seconds.toFixed(1)} s`
              )
          })
          .catch((error) => this.log(`  retry job: ${String(error.message).slice(0, 300)}`))
        for (const orderId of await ordersWithPendingAllowances(url)) {
          out.merchantSyncs += 1
          await this.admin("server")
            .post(`/admin/orders/${orderId}/einvoice/sync`, {}, "sync")
            .catch(() => undefined)
        }
        if (out.rounds % 5 === 0) {
          const locks = onlyOwed ? await heldOrderLocks(this.stack.options.redisUrl) : []
          const held = locks.length
            ? `; ${locks.length} order locks held, up to ${Math.max(...locks.map((lock) => lock.secondsLeft))} s more`
            : ""
          this.log(`  draining: ${state.length} left (${state.slice(0, 3).join("; ")})${held}`)
        }
        await sleep(1500)
      }
    } finally {
      clearInterval(lockReleaser)
    }
    out.seconds = Math.round((Date.now() - started) / 100) / 10
    if (out.settled) out.outstanding = []
    this.log(`  ${out.settled ? "settled" : "NOT settled"} after ${out.seconds} s, ${out.rounds} rounds`)
    return out
  }
}

/** Milliseconds left of a store-wide ECPay pause (0: none; also when the plugin has no such pause). */
async function pausedFor(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `select column_name from information_schema.columns where table_name = 'ecpay_einvoice_setting' and column_name = 'ecpay_paused_until'`
    )
    if (!rows.length) return 0
    const paused = await client.query(`select max(ecpay_paused_until) as until from ecpay_einvoice_setting where deleted_at is null`)
    const until = paused.rows[0]?.until as Date | null
    return until ? Math.max(0, new Date(until).getTime() - Date.now()) : 0
  })
}

/** As if the retry back-off (and, for an attempt cut off without a retry time, the stall limit) had passed. */
async function fastForward(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const due = await client.query(
      `update ecpay_einvoice set next_attempt_at = now() where status = 'pending' and deleted_at is null and next_attempt_at > now()`
    )
    const stalled = await client.query(
      `update ecpay_einvoice set updated_at = now() - interval '11 minutes'
        where status = 'pending' and deleted_at is null and next_attempt_at is null and updated_at < now() - interval '5 seconds'`
    )
    // The retry job leaves a refund to its own payment.refunded for two minutes before catching it up; the
    // drain does not wait for that either (only refunds older than 5 s: their events have had their chance).
    const refunds = await client.query(
      `update refund set created_at = now() - interval '3 minutes'
        where deleted_at is null and created_at > now() - interval '3 minutes' and created_at < now() - interval '5 seconds'`
    )
    // Sync leaves a pending allowance that was never sent alone for ten minutes (another process may be
    // sending it): one a killed process wrote and never sent is moved past that, as if they had passed.
    const unsent = await client.query(
      `update ecpay_einvoice_allowance set created_at = now() - interval '11 minutes'
        where status = 'pending' and submitted_at is null and deleted_at is null
          and created_at > now() - interval '11 minutes' and created_at < now() - interval '5 seconds'`
    )
    return (due.rowCount ?? 0) + (stalled.rowCount ?? 0) + (refunds.rowCount ?? 0) + (unsent.rowCount ?? 0)
  })
}

async function ordersWithPendingAllowances(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `select distinct e.order_id from ecpay_einvoice_allowance a join ecpay_einvoice e on e.id = a.einvoice_id
        where a.deleted_at is null and a.status not in ('issued', 'voided', 'failed', 'rejected', 'awaiting_agreement')`
    )
    return rows.map((row) => row.order_id as string)
  })
}

/** What is still to be done, in words (empty: settled). */
async function outstanding(url: string, result: RunResult): Promise<string[]> {
  const ids = result.placed.map((order) => order.orderId)
  if (!ids.length) return []
  return withClient(url, async (client) => {
    const left: string[] = []
    const invoices = await client.query(
      `select order_id, status from ecpay_einvoice where deleted_at is null and order_id = any($1::text[])`,
      [ids]
    )
    const byOrder = new Map<string, string[]>()
    for (const row of invoices.rows) byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row.status])
    for (const order of result.placed) {
      const statuses = byOrder.get(order.orderId) ?? []
      if (!statuses.length) left.push(`order ${order.displayId}: no invoice yet`)
      for (const status of statuses) if (!INVOICE_STATUSES_SETTLED.has(status)) left.push(`order ${order.displayId}: invoice ${status}`)
    }
    const allowances = await client.query(
      `select e.order_id, a.status from ecpay_einvoice_allowance a join ecpay_einvoice e on e.id = a.einvoice_id
        where a.deleted_at is null and a.status not in ('issued', 'voided', 'failed', 'rejected')`
    )
    for (const row of allowances.rows) left.push(`order ${row.order_id}: allowance ${row.status}`)
    const owed = await refundsOwed(client, ids)
    for (const [orderId, amount] of owed) left.push(`order ${orderId}: NT$${amount} refunded but not allowed yet`)
    return left
  })
}

type Client = Parameters<Parameters<typeof withClient>[1]>[0]

/** Orders whose refunds exceed their issued allowances (and which have an issued invoice to allow against). */
export async function refundsOwed(client: Client, ids: string[]): Promise<Map<string, number>> {
  const refunded = await refundedByOrder(client, ids)
  const allowed = await allowedByOrder(client, ids)
  const issued = await client.query(
    `select distinct order_id from ecpay_einvoice where status = 'issued' and deleted_at is null and order_id = any($1::text[])`,
    [ids]
  )
  const owed = new Map<string, number>()
  for (const row of issued.rows) {
    const gap = (refunded.get(row.order_id) ?? 0) - (allowed.get(row.order_id) ?? 0)
    if (gap > 0) owed.set(row.order_id, gap)
  }
  return owed
}

/** TWD refunded per order, as Medusa recorded it. */
export async function refundedByOrder(client: Client, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await client.query(
    `select opc.order_id, sum(r.amount)::float as refunded
       from refund r
       join payment p on p.id = r.payment_id
       join order_payment_collection opc on opc.payment_collection_id = p.payment_collection_id and opc.deleted_at is null
      where r.deleted_at is null and opc.order_id = any($1::text[])
      group by opc.order_id`,
    [ids]
  )
  return new Map(rows.map((row) => [row.order_id as string, Number(row.refunded)]))
}

/** TWD of issued allowances per order, as the plugin recorded them. */
export async function allowedByOrder(client: Client, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await client.query(
    `select e.order_id, sum(a.amount)::float as allowed, count(*)::int as count
       from ecpay_einvoice_allowance a join ecpay_einvoice e on e.id = a.einvoice_id
      where a.deleted_at is null and a.status = 'issued' and e.order_id = any($1::text[])
      group by e.order_id`,
    [ids]
  )
  return new Map(rows.map((row) => [row.order_id as string, Number(row.allowed)]))
}
