import { CANCELED_ORDER_REASON } from "../../../../lib/cancel-settlement"
import { DEFAULT_CHOICE } from "../../../../lib/invoice-choice"
import { REFUND_REASON } from "../../../../lib/refund-allowance"
import { ADMIN, BUYER_EMAIL, describeOperations, ORDER_TOTAL, STAGE, SYSTEM, type AuditRow } from "./harness"

jest.setTimeout(60000)

const DAY_MS = 86_400_000

describeOperations(
  "connection test, online value checks, notification, settlement plans and the invoice choice",
  (h) => {
    // ---------------------------------------------------------------- test connection

    describe("test connection", () => {
      const settingsEvents = async () =>
        await h.sql<AuditRow>(
          `select * from ecpay_einvoice_event where action = 'settings.connection_tested' order by created_at asc, id asc`
        )

      it("proves the saved credentials with a harmless GetIssue, and audits the answer", async () => {
        const result = await h.service.testConnection({ actor: ADMIN })
        expect(result).toMatchObject({
          ok: true,
          code: "connected",
          environment: "simulator",
          merchant_id: STAGE.merchantId,
          latency_ms: expect.any(Number),
        })
        expect(h.requestsFor("GetIssue")).toHaveLength(1)
        expect(h.simulator.snapshot().invoices).toHaveLength(0)
        expect(await settingsEvents()).toEqual([
          expect.objectContaining({ success: true, actor_type: "user", data: { code: "connected", environment: "simulator" } }),
        ])
      })

      it("says plainly when the key is wrong, and never repeats it", async () => {
        const wrongKey = [...STAGE.hashKey].reverse().join("")
        await h.service.updateSettings({ hash_key: wrongKey })
        const result = await h.service.testConnection({ actor: ADMIN })
        expect(result).toMatchObject({ ok: false, code: "credentials_rejected" })
        expect(JSON.stringify(result)).not.toContain(wrongKey)
        const events = await settingsEvents()
        expect(events).toEqual([
          expect.objectContaining({ success: false, data: expect.objectContaining({ code: "credentials_rejected" }) }),
        ])
        expect(JSON.stringify(await h.allEvents())).not.toContain(wrongKey)
      })

      it("unreachable, rate limited (which pauses ECPay: the next test sends nothing), not configured", async () => {
        await h.service.updateSettings({ base_url: "http://127.0.0.1:9" })
        expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({ ok: false, code: "unreachable" })
        await h.service.updateSettings({ base_url: h.simulator.url })
        h.simulator.setFault({ operation: "GetIssue", type: "http_403" })
        expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({
          ok: false,
          code: "rate_limited",
          message: expect.stringMatching(/nothing is sent to ECPay until .*Taipei time/),
        })
        expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({ ok: false, code: "rate_limited" })
        expect(h.requestsFor("GetIssue")).toHaveLength(1)
        await h.service.updateSettings({ hash_iv: null })
        expect(await h.service.testConnection({ actor: ADMIN })).toMatchObject({
          ok: false,
          code: "not_configured",
          environment: null,
          merchant_id: null,
        })
        expect((await settingsEvents()).map((e) => e.data?.code)).toEqual(["unreachable", "rate_limited", "rate_limited", "not_configured"])
      })
    })

    // ---------------------------------------------------------------- online value checks

    describe("online value check (CheckBarcode, CheckLoveCode, GetCompanyNameByTaxID)", () => {
      const check = (type: "mobile_barcode" | "love_code" | "tax_id", value: string) => h.service.checkValueOnline({ type, value })

      it("asks ECPay whether a barcode or love code exists, and a tax ID's company name", async () => {
        expect(await check("mobile_barcode", "/ABC1234")).toMatchObject({ valid: true, rule: null, checked_online: true })
        expect(await check("mobile_barcode", "/0000000")).toMatchObject({ valid: false, rule: "not_found", checked_online: true })
        expect(await check("love_code", "168001")).toMatchObject({ valid: true, checked_online: true })
        expect(await check("love_code", "7654321")).toMatchObject({ valid: false, rule: "not_found", checked_online: true })
        h.simulator.addToRegistry({ companies: [{ taxId: "22099131", name: "好茶股份有限公司" }] })
        expect(await check("tax_id", "22099131")).toMatchObject({ valid: true, company_name: "好茶股份有限公司", checked_online: true })
        expect(h.simulator.requests.map((r) => r.operation)).toEqual([
          "CheckBarcode",
          "CheckBarcode",
          "CheckLoveCode",
          "CheckLoveCode",
          "GetCompanyNameByTaxID",
        ])
      })

      it("fails open: the government service down, ECPay unreachable or not configured accept the value unchecked", async () => {
        h.simulator.setFault({ type: "gov_down", times: -1 })
        expect(await check("mobile_barcode", "/ABC1234")).toMatchObject({ valid: true, rule: "unchecked", checked_online: false })
        expect(await check("tax_id", "22099131")).toMatchObject({ valid: true, rule: "unchecked", checked_online: false })
        h.simulator.clearFaults()
        h.simulator.setFault({ operation: "CheckLoveCode", type: "http_500" })
        expect(await check("love_code", "168001")).toMatchObject({ valid: true, rule: "unchecked", checked_online: false })
        await h.service.updateSettings({ hash_key: null })
        const before = h.simulator.requests.length
        expect(await check("love_code", "168001")).toMatchObject({ valid: true, rule: "unchecked", checked_online: false })
        expect(h.simulator.requests).toHaveLength(before)
      })
    })

    describe("online check limits (plugin option onlineChecks; defaults: 10 per client a minute, 30 per cart an hour, 60 for the store a minute, 4 at once)", () => {
      /** A well-formed mobile barcode per index, all different (so no answer could be reused). */
      const barcode = (index: number) => `/ABC${String(index).padStart(4, "0")}`
      const checkAs = (client: string | null, value: string, cartId: string | null = null) =>
        h.service.checkValueOnline({ type: "mobile_barcode", value, client, cart_id: cartId })
      const checkRequests = () => h.requestsFor("CheckBarcode").length
      const windowOf = async (key: string) =>
        (await h.sql(`select calls, window_ends_at from ecpay_einvoice_check_window where id = ?`, [key]))[0]

      it("60 fast checks from one client send at most 10 to ECPay; the rest are throttled with when to ask again", async () => {
        const answers: Array<Awaited<ReturnType<typeof checkAs>>> = []
        for (let index = 0; index < 60; index++) {
          answers.push(await checkAs("203.0.113.7", barcode(index)))
        }
        expect(checkRequests()).toBe(10)
        expect(answers.slice(0, 10).every((answer) => answer.checked_online)).toBe(true)
        const throttled = answers.slice(10)
        expect(throttled.every((answer) => answer.rule === "throttled" && answer.valid && !answer.checked_online)).toBe(true)
        expect(throttled.every((answer) => answer.retry_after_seconds! >= 1 && answer.retry_after_seconds! <= 60)).toBe(true)
        expect(throttled.every((answer) => answer.cache_seconds === 0)).toBe(true)
        // Another client is not held back by the first one.
        expect(await checkAs("198.51.100.2", barcode(100))).toMatchObject({ checked_online: true })
        expect(checkRequests()).toBe(11)
      })

      it("counts per cart and for the whole store, in the database (every process counts against the same window); a window that ended starts again", async () => {
        // As if other processes had already sent 30 checks for this cart and 60 for the store this minute.
        await checkAs("203.0.113.8", barcode(1), "cart_busy")
        await h.sql(`update ecpay_einvoice_check_window set calls = 30 where id = 'cart:cart_busy'`)
        expect(await checkAs("203.0.113.9", barcode(2), "cart_busy")).toMatchObject({ rule: "throttled" })
        expect((await windowOf("cart:cart_busy")).calls).toBe(31)
        await h.sql(`update ecpay_einvoice_check_window set calls = 60 where id = 'store'`)
        expect(await checkAs("203.0.113.10", barcode(3))).toMatchObject({ rule: "throttled", retry_after_seconds: expect.any(Number) })
        expect(checkRequests()).toBe(1)
        await h.sql(`update ecpay_einvoice_check_window set window_ends_at = now() - interval '1 second' where id = 'store'`)
        expect(await checkAs("203.0.113.10", barcode(4))).toMatchObject({ checked_online: true })
        expect((await windowOf("store")).calls).toBe(1)
        // Ended windows are pruned an hour later (the retry job does it every minute).
        await h.sql(`update ecpay_einvoice_check_window set window_ends_at = now() - interval '2 hours' where id = 'cart:cart_busy'`)
        expect(await h.service.pruneOnlineCheckWindows()).toBe(1)
        expect(await windowOf("cart:cart_busy")).toBeUndefined()
      })

      it("no more than 4 checks wait on ECPay at once in a process; the others are accepted unchecked without calling", async () => {
        h.simulator.setFault({ operation: "CheckBarcode", type: "latency", ms: 300, times: -1 })
        const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => checkAs(`192.0.2.${index}`, barcode(index))))
        expect(answers.filter((answer) => answer.checked_online)).toHaveLength(4)
        expect(answers.filter((answer) => answer.rule === "unchecked" && answer.cache_seconds === 0)).toHaveLength(2)
        expect(checkRequests()).toBe(4)
      })

      it("while ECPay is paused (after a 403), no check is sent and no quota is spent", async () => {
        await h.sql(`update ecpay_einvoice_setting set ecpay_paused_until = ?`, [new Date(Date.now() + 60_000)])
        expect(await checkAs("203.0.113.11", barcode(5))).toMatchObject({ rule: "unchecked", checked_online: false })
        expect(checkRequests()).toBe(0)
        expect(await windowOf("client:203.0.113.11")).toBeUndefined()
      })

      it("an answer is reusable for a day, a failure for a minute", async () => {
        expect(await checkAs(null, barcode(6))).toMatchObject({ checked_online: true, cache_seconds: 86400 })
        h.simulator.setFault({ type: "gov_down", times: -1 })
        expect(await checkAs(null, barcode(7))).toMatchObject({ rule: "unchecked", cache_seconds: 60 })
      })
    })

    // ---------------------------------------------------------------- Medusa notification

    describe("the shopper's notification of the issued invoice", () => {
      it("is sent through Medusa when the store turned it on, with the lookup link, and audited", async () => {
        await h.service.updateSettings({ notify_by_medusa: true, notification_template: "einvoice-issued" })
        const { order, invoice } = await h.issuedOrder()
        const sent: unknown[] = []
        expect(
          await h.service.notifyInvoiceIssued({ invoice_id: invoice.id, send: async (notification) => sent.push(notification) })
        ).toEqual({ sent: true })
        expect(sent).toEqual([
          expect.objectContaining({
            to: BUYER_EMAIL,
            channel: "email",
            template: "einvoice-issued",
            resource_id: invoice.id,
            idempotency_key: `ecpay-einvoice-issued:${invoice.id}`,
            data: expect.objectContaining({
              order_id: order.order.id,
              invoice_number: invoice.invoice_number,
              random_number: invoice.random_number,
              total: ORDER_TOTAL,
              lookup_url: expect.stringMatching(/einvoice\.nat\.gov\.tw/),
            }),
          }),
        ])
        expect((await h.events(order.order.id)).filter((e) => e.action === "invoice.notified")).toHaveLength(1)
      })

      it("is not sent while turned off; a failure to send is audited and does not undo the issue", async () => {
        const { order, invoice } = await h.issuedOrder()
        const send = jest.fn()
        expect(await h.service.notifyInvoiceIssued({ invoice_id: invoice.id, send })).toEqual({ sent: false })
        expect(send).not.toHaveBeenCalled()
        await h.service.updateSettings({ notify_by_medusa: true })
        expect(
          await h.service.notifyInvoiceIssued({ invoice_id: invoice.id, send: async () => Promise.reject(new Error("SMTP down")) })
        ).toEqual({ sent: false })
        expect((await h.events(order.order.id)).filter((e) => e.action === "invoice.notify_failed")).toEqual([
          expect.objectContaining({ success: false, reason: "SMTP down" }),
        ])
        expect((await h.invoice(invoice.id)).status).toBe("issued")
      })
    })

    // ---------------------------------------------------------------- settlement plans

    describe("what a canceled order's invoice needs", () => {
      const plan = (orderId: string, canceled = true) =>
        h.service.planCancelSettlement({ order_id: orderId, orderCanceled: async () => canceled })

      it("a void while it can be voided; nothing for an order still open or when the store says so", async () => {
        const { order } = await h.issuedOrder()
        expect(await plan(order.order.id)).toEqual({ action: "void", reason: CANCELED_ORDER_REASON, amount: 0 })
        expect(await plan(order.order.id, false)).toMatchObject({ action: "none" })
        expect(await plan(h.invoicedOrder().order.id)).toMatchObject({ action: "none" })
        await h.service.updateSettings({ auto_void_on_cancel: false })
        expect(await plan(order.order.id)).toMatchObject({ action: "none" })
      })

      it("an allowance for what is left once it cannot be voided (an allowance stands, or the period is locked)", async () => {
        const { order, invoice } = await h.issuedOrder()
        await h.allowance(order.order.id, { request: { amount: 300 } })
        // Keyed by the order's cancellation of that invoice: a second settlement gets the first allowance back.
        expect(await plan(order.order.id)).toEqual({
          action: "allowance",
          reason: CANCELED_ORDER_REASON,
          amount: ORDER_TOTAL - 300,
          idempotency_key: `cancel:${order.order.id}:${invoice.id}`,
        })
        h.simulator.setClock(new Date(Date.now() - 150 * DAY_MS))
        const old = await h.issuedOrder()
        expect(await plan(old.order.order.id)).toMatchObject({ action: "allowance", reason: CANCELED_ORDER_REASON, amount: ORDER_TOTAL })
      })
    })

    describe("what a refund needs", () => {
      const plan = (orderId: string, refunded: number, canceled = false) =>
        h.service.planRefundAllowance({ order_id: orderId, order: { refunded_total: refunded, canceled } })

      it("nothing while allowance-on-refund is off (the default), for a canceled order, or without an issued invoice", async () => {
        const { order } = await h.issuedOrder()
        expect(await plan(order.order.id, 350)).toMatchObject({ amount: 0 })
        await h.service.updateSettings({ auto_allowance_on_refund: true })
        expect(await plan(order.order.id, 350, true)).toMatchObject({ amount: 0 })
        expect(await plan(h.invoicedOrder().order.id, 350)).toMatchObject({ amount: 0 })
      })

      it("what was refunded and not yet allowed for a refund, on paper unless online can be used", async () => {
        await h.service.updateSettings({ auto_allowance_on_refund: true })
        const { order } = await h.issuedOrder()
        expect(await plan(order.order.id, 350)).toMatchObject({ amount: 350, agreement: "paper", reason: REFUND_REASON })
        await h.allowance(order.order.id, { request: { amount: 350 }, reason: REFUND_REASON, source: "refund" })
        // A second refund of 100: only the difference; the admin's own allowances do not count.
        await h.allowance(order.order.id, { request: { amount: 50 } })
        expect(await plan(order.order.id, 450)).toMatchObject({ amount: 100, agreement: "paper", reason: REFUND_REASON })
        // Online is the store's choice, but there is no callback URL here.
        await h.service.updateSettings({ allowance_agreement: "online" })
        expect(await plan(order.order.id, 450)).toMatchObject({ agreement: "paper" })
        // Never more than is left to allow.
        expect(await plan(order.order.id, 10_000)).toMatchObject({ amount: ORDER_TOTAL - 400 })
      })

      it("each of Medusa's refunds once, by its id: a refund already allowed (a repeated event) needs nothing more", async () => {
        await h.service.updateSettings({ auto_allowance_on_refund: true })
        const { order, invoice } = await h.issuedOrder()
        const refunds = [
          { id: "re_1", amount: 300, created_at: "2026-01-01T00:00:00.000Z" },
          { id: "re_2", amount: 200, created_at: "2026-01-02T00:00:00.000Z" },
        ]
        const planFor = (refund_id: string | null) =>
          h.service.planRefundAllowance({ order_id: order.order.id, refund_id, order: { refunded_total: 500, canceled: false, refunds } })
        const first = await planFor("re_1")
        expect(first).toEqual({
          amount: 300,
          agreement: "paper",
          reason: REFUND_REASON,
          refund_ids: ["re_1"],
          idempotency_key: `refund:${invoice.id}:re_1`,
        })
        await h.allowance(
          order.order.id,
          { request: { amount: 300 }, source: "refund", idempotency_key: first.idempotency_key, refund_ids: ["re_1"] },
          SYSTEM
        )
        expect(await planFor("re_1")).toMatchObject({ amount: 0, idempotency_key: null })
        expect(await planFor(null)).toMatchObject({ amount: 200, refund_ids: ["re_2"], idempotency_key: `refund:${invoice.id}:re_2` })

        // While an allowance of the invoice is pending (in flight, or of unknown outcome), refunds and a
        // cancellation wait for sync to settle it (the sync workflow runs them then) instead of being refused.
        const pending = await h.service.prepareAllowance({ order_id: order.order.id, request: { amount: 50 }, actor: ADMIN })
        expect(await planFor(null)).toMatchObject({ amount: 0, idempotency_key: null })
        expect(await h.service.planCancelSettlement({ order_id: order.order.id, orderCanceled: async () => true })).toMatchObject({
          action: "none",
        })
        await h.service.markAllowanceInterrupted(pending.allowance_id)
        expect(await planFor(null)).toMatchObject({ amount: 200 })
      })

      it("the retry job's catch-up: the orders whose issued invoice owes a refund its allowance", async () => {
        const { order, invoice } = await h.issuedOrder()
        const orderId = order.order.id
        // Medusa's refunds of the order, as the job reads them through Query.
        const orderRefunds = [
          { id: "re_1", amount: 300, created_at: "2026-12-01T00:00:00.000Z" },
          { id: "re_2", amount: 200, created_at: "2026-12-02T00:00:00.000Z" },
        ]
        const facts = async (orderIds: string[]) =>
          new Map(orderIds.map((id) => [id, { canceled: false, refunded_total: 500, refunds: orderRefunds }]))
        const owing = (refunds: Array<{ order_id: string; refund_id: string }>) => h.service.ordersOwingRefundAllowances(refunds, facts)
        const refunds = [
          { order_id: orderId, refund_id: "re_1" },
          // An order without an issued invoice owes nothing.
          { order_id: h.invoicedOrder().order.id, refund_id: "re_9" },
        ]
        // Not while allowance-on-refund is off (the default).
        expect(await owing(refunds)).toEqual([])
        await h.service.updateSettings({ auto_allowance_on_refund: true })
        expect(await owing(refunds)).toEqual([orderId])
        // Named by an allowance: covered.
        await h.allowance(
          orderId,
          { request: { amount: 300 }, source: "refund", idempotency_key: `refund:${invoice.id}:re_1`, refund_ids: ["re_1"] },
          SYSTEM
        )
        expect(await owing(refunds)).toEqual([])
        expect(await owing([{ order_id: orderId, refund_id: "re_2" }])).toEqual([orderId])
        // An allowance of the invoice pending: sync settles it first (and then allows what is due).
        const pending = await h.service.prepareAllowance({ order_id: orderId, request: { amount: 50 }, actor: ADMIN })
        expect(await owing([{ order_id: orderId, refund_id: "re_2" }])).toEqual([])
        await h.service.markAllowanceInterrupted(pending.allowance_id)
        expect(await owing([{ order_id: orderId, refund_id: "re_2" }])).toEqual([orderId])
        // Nothing left to allow: nothing owed.
        await h.allowance(orderId, { request: { amount: ORDER_TOTAL - 300 } })
        expect(await owing([{ order_id: orderId, refund_id: "re_2" }])).toEqual([])
      })

      it("the catch-up, given the orders' refunds, leaves alone a refund an order change's allowance already covers", async () => {
        const { order, invoice } = await h.issuedOrder()
        const orderId = order.order.id
        await h.service.updateSettings({ auto_allowance_on_refund: true })
        const withRefunds = (refunds: Array<{ id: string; amount: number; created_at: string }>) => async (orderIds: string[]) =>
          new Map(
            orderIds.map((id) => [
              id,
              { canceled: false, refunded_total: refunds.reduce((sum, refund) => sum + refund.amount, 0), refunds },
            ])
          )
        // A received return was allowed 300, and the shopper was refunded 300 for it: no allowance names that refund.
        await h.allowance(orderId, { request: { amount: 300 }, source: "return", idempotency_key: `return:${invoice.id}:ret_1` }, SYSTEM)
        const forReturn = { id: "re_1", amount: 300, created_at: "2026-12-01T00:00:00.000Z" }
        const refunds = [{ order_id: orderId, refund_id: "re_1" }]
        // No allowance names the refund, but the return's allowance covers it: not owed (the job used to run
        // the refund workflow for it every minute).
        expect(await h.service.ordersOwingRefundAllowances(refunds, withRefunds([forReturn]))).toEqual([])
        // A later refund beyond what the return covered is owed.
        const later = { id: "re_2", amount: 100, created_at: "2026-12-02T00:00:00.000Z" }
        expect(
          await h.service.ordersOwingRefundAllowances(
            [...refunds, { order_id: orderId, refund_id: "re_2" }],
            withRefunds([forReturn, later])
          )
        ).toEqual([orderId])
      })
    })

    // ---------------------------------------------------------------- the invoice choice

    describe("the invoice choice of a cart and its order", () => {
      const DONATION = { ...DEFAULT_CHOICE, type: "donation" as const, love_code: "168001" }
      const BARCODE = { ...DEFAULT_CHOICE, type: "mobile_barcode" as const, carrier_number: "/ABC1234" }

      it("the order's own choice, else its cart's, else the member carrier", async () => {
        expect(await h.service.resolveOrderChoice("order_a", "cart_a")).toEqual({ choice: DEFAULT_CHOICE, source: "default" })
        await h.service.storeCartChoice({ cart_id: "cart_a", customer_id: null, choice: DONATION })
        expect(await h.service.resolveOrderChoice("order_a", "cart_a")).toEqual({ choice: DONATION, source: "cart" })
        await h.service.storeOrderChoice("order_a", BARCODE)
        expect(await h.service.resolveOrderChoice("order_a", "cart_a")).toEqual({ choice: BARCODE, source: "order" })
        // A later choice for the cart replaces the earlier one.
        await h.service.storeCartChoice({ cart_id: "cart_a", customer_id: null, choice: BARCODE })
        expect(await h.service.listEinvoicePreferences({ scope: "cart", cart_id: "cart_a" })).toEqual([expect.objectContaining(BARCODE)])
      })

      it("a choice sent twice at once (a double-submitted checkout form) is stored once", async () => {
        const store = () => h.service.storeCartChoice({ cart_id: "cart_c", customer_id: null, choice: DONATION })
        await Promise.all([store(), store()])
        expect(await h.service.listEinvoicePreferences({ scope: "cart", cart_id: "cart_c" })).toEqual([expect.objectContaining(DONATION)])
      })

      it("is handed from the cart to its order once, and remembered for the customer's next checkout", async () => {
        expect(await h.service.attachChoiceToOrder({ order_id: "order_b", cart_id: "cart_b", customer_id: "cus_b" })).toEqual({
          attached: false,
        })
        await h.service.storeCartChoice({ cart_id: "cart_b", customer_id: "cus_b", choice: DONATION })
        const input = { order_id: "order_b", cart_id: "cart_b", customer_id: "cus_b" }
        // order.placed may be delivered twice, even at once.
        expect(await Promise.all([h.service.attachChoiceToOrder(input), h.service.attachChoiceToOrder(input)])).toEqual([
          { attached: true },
          { attached: true },
        ])
        expect(await h.service.listEinvoicePreferences({ scope: "order", order_id: "order_b" })).toEqual([
          expect.objectContaining(DONATION),
        ])
        expect(await h.service.listEinvoicePreferences({ scope: "customer", customer_id: "cus_b" })).toEqual([
          expect.objectContaining(DONATION),
        ])
        expect(await h.service.resolveOrderChoice("order_b", null)).toEqual({ choice: DONATION, source: "order" })
      })
    })
  },
  { simulator: { timestampToleranceSeconds: 366 * 24 * 3600 } }
)
