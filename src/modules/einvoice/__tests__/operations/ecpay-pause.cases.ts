import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../.."
import retryEinvoicesJob from "../../../../jobs/retry-einvoices"
import syncEinvoicesJob from "../../../../jobs/sync-einvoices"
import { ADMIN, SYSTEM, actionsOf, describeOperations, sleep } from "./harness"

/** The pause length of this file (plugin option rateLimitPauseMinutes): 6 seconds, so a test can see it end. */
const PAUSE_MS = 6_000
/** The plugin option ecpayConcurrency of this file (not the default, 2). */
const CONCURRENCY = 3

/**
 * The store-wide ECPay pause: a 403 from any call stops every call to ECPay, in every process (the end is
 * on the settings row), until it ends.
 */
describeOperations(
  "ECPay pause after HTTP 403",
  (h) => {
    const pausedUntil = async (): Promise<Date | null> => {
      const [row] = await h.sql<{ ecpay_paused_until: Date | null }>(`select ecpay_paused_until from ecpay_einvoice_setting`)
      return row?.ecpay_paused_until ? new Date(row.ecpay_paused_until) : null
    }
    /** Another process's pause, as it lands in the database (nothing in this process saw a 403). */
    const pauseElsewhere = async (ms: number) => {
      await h.sql(`update ecpay_einvoice_setting set ecpay_paused_until = ?`, [new Date(Date.now() + ms)])
      return (await pausedUntil())!
    }

    it("a 403 on a checkout check pauses issuing, every operation and the jobs until the pause ends; then ECPay is called again", async () => {
      const { order: issued } = await h.issuedOrder()
      const sent = h.simulator.requests.length

      h.simulator.setFault({ operation: "CheckBarcode", type: "http_403" })
      const before = Date.now()
      // The checkout check fails open: the carrier is accepted, unchecked.
      expect(await h.service.checkValueOnline({ type: "mobile_barcode", value: "/ABC1234" })).toMatchObject({
        valid: true,
        rule: "unchecked",
        checked_online: false,
      })
      const until = (await pausedUntil())!
      expect(until.getTime()).toBeGreaterThanOrEqual(before + PAUSE_MS)
      expect(until.getTime()).toBeLessThanOrEqual(Date.now() + PAUSE_MS)
      expect(await h.service.ecpayPausedUntil()).toEqual(until)
      expect((await h.allEvents()).filter((e) => e.action === "ecpay.paused")).toEqual([
        expect.objectContaining({ success: false, rtn_code: "http_403", data: { until: until.toISOString(), operation: "check_value" } }),
      ])
      expect(h.simulator.requests).toHaveLength(sent + 1)

      // Until then nothing reaches ECPay, whatever asks.
      const order = h.invoicedOrder()
      const { submitted } = await h.issue(order, "payment_captured", SYSTEM)
      expect(submitted).toMatchObject({
        status: "pending",
        error_code: "ecpay_paused",
        error_message: expect.stringMatching(/Taipei time/),
      })
      const pending = await h.invoice(submitted!.invoice_id!)
      expect(pending).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: until })
      expect(await h.service.checkValueOnline({ type: "love_code", value: "168001" })).toMatchObject({ checked_online: false })
      expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({ ok: false, code: "rate_limited" })
      expect(await h.service.voidInvoice({ order_id: issued.order.id, reason: "test", actor: ADMIN })).toMatchObject({
        outcome: "failed",
        status: "issued",
        error_code: "ecpay_paused",
      })
      expect(await h.service.resendNotification({ order_id: issued.order.id, actor: ADMIN })).toMatchObject({
        outcome: "failed",
        error_code: "ecpay_paused",
      })
      expect(await h.service.syncInvoice({ order_id: issued.order.id, actor: ADMIN })).toMatchObject({ outcome: "unknown" })
      expect(h.simulator.requests).toHaveLength(sent + 1)
      expect(Date.now()).toBeLessThan(until.getTime())

      // The jobs skip their runs, saying so once per pause.
      const warnings: string[] = []
      const container = {
        resolve: (key: string) => (key === EINVOICE_MODULE ? h.service : { warn: (line: string) => warnings.push(line) }),
      } as unknown as MedusaContainer
      expect(await retryEinvoicesJob(container)).toEqual({ processed: 0, paused_until: until })
      expect(await retryEinvoicesJob(container)).toEqual({ processed: 0, paused_until: until })
      expect(await syncEinvoicesJob(container)).toEqual({ processed: 0, paused_until: until })
      expect(warnings).toEqual([
        expect.stringMatching(/ecpay-einvoice-retry skips .* until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Taipei time\)/),
        expect.stringMatching(/ecpay-einvoice-sync skips/),
      ])
      expect(h.simulator.requests).toHaveLength(sent + 1)

      // At its end, ECPay is called again: the pending invoice is issued.
      await sleep(until.getTime() - Date.now() + 50)
      expect(await h.service.ecpayPausedUntil()).toBeNull()
      const { submitted: retried } = await h.issue(order, "retry", SYSTEM)
      expect(retried).toMatchObject({ status: "issued" })
      expect(h.requestsFor("Issue")).toHaveLength(2)
      expect(h.atEcpayByRelateNumber(pending.relate_number)).toHaveLength(1)
    })

    it("a 403 on Issue: pending until the pause ends, and a retry meanwhile sends nothing (not even the reconciliation)", async () => {
      h.simulator.setFault({ operation: "Issue", type: "http_403" })
      const order = h.invoicedOrder()
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "pending", error_code: "http_403", error_message: expect.stringMatching(/rate-limiting/) })
      const until = (await pausedUntil())!
      const invoice = await h.invoice(submitted!.invoice_id!)
      expect(invoice).toMatchObject({ attempts: 1, next_attempt_at: until })
      const [scheduled] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.retry_scheduled")
      expect(scheduled).toMatchObject({ rtn_code: "http_403", data: { next_attempt_at: until.toISOString() } })

      // Held longer by another process: the retry waits for that end, and asks ECPay nothing.
      const later = await pauseElsewhere(10 * 60_000)
      const { submitted: retried } = await h.issue(order, "retry", SYSTEM)
      expect(retried).toMatchObject({ status: "pending", error_code: "ecpay_paused" })
      expect(await h.invoice(invoice.id)).toMatchObject({ attempts: 1, next_attempt_at: later })
      expect(h.simulator.requests.map((r) => r.operation)).toEqual(["Issue"])
    })

    it("a 403 on the reconciliation after a lost reply: pending until the pause ends, not the 1-minute back-off", async () => {
      h.simulator.setFault({ operation: "Issue", type: "http_500" })
      h.simulator.setFault({ operation: "GetIssue", type: "http_403" })
      const order = h.invoicedOrder()
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "pending" })
      const until = (await pausedUntil())!
      expect(until).not.toBeNull()
      expect(await h.invoice(submitted!.invoice_id!)).toMatchObject({ attempts: 1, next_attempt_at: until })
      expect(h.simulator.requests.map((r) => r.operation)).toEqual(["Issue", "GetIssue"])
    })

    it("is shared through the database: a pause another process started stops this one; 403s only ever move its end later", async () => {
      const { order } = await h.issuedOrder()
      const sent = h.simulator.requests.length
      const elsewhere = await pauseElsewhere(10 * 60_000)
      expect(await h.service.ecpayPausedUntil()).toEqual(elsewhere)
      expect(await h.service.resendNotification({ order_id: order.order.id, actor: ADMIN })).toMatchObject({ error_code: "ecpay_paused" })
      expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({
        code: "rate_limited",
        message: expect.stringMatching(/paused/),
      })
      expect(h.simulator.requests).toHaveLength(sent)
      // A 403 in flight elsewhere (shorter pause) does not shorten it.
      expect(await h.service.pauseEcpay()).toEqual(elsewhere)
      expect(await pausedUntil()).toEqual(elsewhere)

      // Several 403s at once agree on the latest end.
      await h.sql(`update ecpay_einvoice_setting set ecpay_paused_until = null`)
      const ends = await Promise.all([1, 2, 3, 4].map(() => h.service.pauseEcpay({ operation: "issue" })))
      const stored = (await pausedUntil())!
      expect(Math.max(...ends.map((end) => end.getTime()))).toBe(stored.getTime())
      expect(actionsOf(await h.allEvents())).toContain("ecpay.paused")
    })

    it("the retry job's lease: one holder at a time across processes, renewed by its holder, taken over once it runs out, given back only by its holder", async () => {
      const lease = async () =>
        (await h.sql<{ retry_lease_owner: string | null }>(`select retry_lease_owner from ecpay_einvoice_setting`))[0]?.retry_lease_owner ??
        null
      // A store that never saved its settings: the row is made.
      expect(await h.service.takeRetryLease("run-a", 120)).toBe(true)
      expect(await lease()).toBe("run-a")
      expect(await h.service.takeRetryLease("run-b", 120)).toBe(false)
      expect(await h.service.takeRetryLease("run-a", 120)).toBe(true)
      await h.service.releaseRetryLease("run-b")
      expect(await lease()).toBe("run-a")
      // run-a's process died: once its time has run out another run takes it.
      await h.sql(`update ecpay_einvoice_setting set retry_lease_until = now() - interval '1 second'`)
      expect(await h.service.takeRetryLease("run-b", 120)).toBe(true)
      expect(await h.service.takeRetryLease("run-a", 120)).toBe(false)
      await h.service.releaseRetryLease("run-b")
      expect(await lease()).toBeNull()
      expect(await h.service.takeRetryLease("run-c", 120)).toBe(true)
      // Several runs starting at once: exactly one holds it.
      await h.service.releaseRetryLease("run-c")
      const taken = await Promise.all(["x", "y", "z", "w"].map((owner) => h.service.takeRetryLease(owner, 120)))
      expect(taken.filter(Boolean)).toHaveLength(1)
    })

    it("sends at most ecpayConcurrency calls at once: the others wait their turn, and all are issued", async () => {
      const latencyMs = 150
      h.simulator.setFault({ operation: "Issue", type: "latency", ms: latencyMs, times: -1 })
      const gate = h.service.ecpayCalls
      expect(gate.size).toBe(CONCURRENCY)
      let mostActive = 0
      let mostQueued = 0
      const sampler = setInterval(() => {
        mostActive = Math.max(mostActive, gate.active)
        mostQueued = Math.max(mostQueued, gate.queued)
      }, 5)
      const started = Date.now()
      const runs = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => h.issue(h.invoicedOrder(), "payment_captured", SYSTEM)))
      const elapsed = Date.now() - started
      clearInterval(sampler)
      h.simulator.clearFaults()
      expect(runs.map((run) => run.submitted?.status)).toEqual(Array(7).fill("issued"))
      expect(new Set(runs.map((run) => run.submitted?.invoice_number)).size).toBe(7)
      expect(mostActive).toBe(CONCURRENCY)
      expect(mostQueued).toBeGreaterThanOrEqual(1)
      // Seven calls, three at a time, each answered after 150 ms: three turns at least.
      expect(elapsed).toBeGreaterThanOrEqual(3 * latencyMs)
      expect([gate.active, gate.queued]).toEqual([0, 0])
    })
  },
  { moduleOptions: { rateLimitPauseMinutes: PAUSE_MS / 60_000, ecpayConcurrency: CONCURRENCY } }
)
