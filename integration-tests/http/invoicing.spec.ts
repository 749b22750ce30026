import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { RunningSimulator } from "../../src/simulator"
import { computeCheckMacValue, EcpayInvoiceClient, formatTaipeiDate } from "../../src/lib/ecpay"
import { invoicePeriodOf } from "../../src/lib/invoice-period"
import retryEinvoicesJob, { runRetry } from "../../src/jobs/retry-einvoices"
import syncEinvoicesJob from "../../src/jobs/sync-einvoices"
import { SecretBox } from "../../src/lib/secret-box"
import { migratedDatabase } from "../helpers/migrated-database"
import { columnsContaining, consoleLines } from "../helpers/secret-scan"
import { CHARITIES, configureEinvoice, einvoiceService, eventually, issueRequests, startTestSimulator, STAGE } from "../helpers/einvoice"
import { capturePayment, createPercentagePromotion, createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180000)

/**
 * The plugin inside a running store, end to end: the order's life drives its invoice (capture,
 * fulfillment, cancel, refund), the admin's routes act on it (issue, void, allowance, resend, sync,
 * re-issue, bulk, list, export), ECPay's callback answers it, the jobs retry and sync it. One store
 * and one app for the whole file (the runner restores the database before each test).
 *
 * What an ECPay operation does when ECPay refuses, times out, drops the reply, rate-limits or has
 * already done it is tested without the app, in src/modules/einvoice/__tests__/operations.
 */

const DAY_MS = 86_400_000
/** 2 × tea (1200) + 1 × mug (350) + shipping (100). */
const ORDER_TOTAL = 2850
const BUYER_EMAIL = "buyer@example.com"
const CALLBACK_PATH = "/hooks/ecpay-einvoice/allowance"
/** The admin's actions on an issued invoice that can still be voided (void-and-reissue shares the void's conditions)… */
const VOIDABLE_ACTIONS = ["void", "reissue", "allowance", "resend", "sync"]
/** …on one that cannot (allowances stand, or its period is locked)… */
const VOID_BLOCKED_ACTIONS = ["allowance", "resend", "sync"]
/** …and on a voided one: a new invoice may be issued. */
const VOIDED_ACTIONS = ["issue", "resend", "sync"]

interface AuditEvent {
  action: string
  actor_type: string
  success: boolean
  reason: string | null
  rtn_code: string | null
  rtn_msg: string | null
  data: Record<string, unknown> | null
}

const database = migratedDatabase("invoicing")

medusaIntegrationTestRunner({
  dbName: database.dbName,
  hooks: database.hooks,
  testSuite: ({ api, getContainer, dbConnection }) => {
    const noThrow = { validateStatus: () => true }
    let simulator: RunningSimulator
    let fixture: StoreFixture
    /**
     * Orders placed before the snapshot, so every test starts with them (placing one takes 1.5-3 s):
     * two of 2 teas + 1 mug (2850 TWD, no invoice choice), authorized, not invoiced…
     */
    const ready: string[] = []
    /** …one the same with a company invoice chosen at checkout… */
    let companyOrder: string
    /** …and 3 mugs + 1 tea with the promotion code TEA15 (15% off the items). */
    let promotedOrder: string

    // Runs before the runner snapshots the database, so every test starts from this store and these orders.
    beforeAll(async () => {
      await database.keep()
      // A year of timestamp tolerance lets a test date an invoice in an earlier VAT period with the
      // simulator clock while the plugin stamps its requests with the real time.
      simulator = await startTestSimulator({ timestampToleranceSeconds: 366 * 24 * 3600 })
      fixture = await createStoreFixture(getContainer(), api)
      // Automatic on payment capture; tests of the admin's actions switch to manual issuing first.
      await configureEinvoice(getContainer(), simulator)
      const placeAndSettle = async (place: () => Promise<{ orderId: string }>) => {
        const placed = handled("order.placed")
        const { orderId } = await place()
        await placed
        return orderId
      }
      for (let i = 0; i < 2; i++) {
        ready.push(await placeAndSettle(() => order()))
      }
      companyOrder = await placeAndSettle(() => order({ type: "company", tax_id: "12345675", company_name: "好茶股份有限公司" }))
      await createPercentagePromotion(api, fixture, { code: "TEA15", percent: 15 })
      promotedOrder = await placeAndSettle(() =>
        placeOrder(api, fixture, {
          items: [
            { variantId: fixture.variants.mugId, quantity: 3 },
            { variantId: fixture.variants.teaId, quantity: 1 },
          ],
          promoCode: "TEA15",
        })
      )
      // Authorized only: nothing is invoiced, nothing reached ECPay.
      expect(await service().listEinvoices({ order_id: [...ready, companyOrder, promotedOrder] })).toHaveLength(0)
      expect(simulator.requests).toHaveLength(0)
    })
    afterAll(async () => {
      await simulator.close()
    })
    beforeEach(() => {
      simulator.reset()
    })

    // ------------------------------------------------------------------ helpers

    const service = () => einvoiceService(getContainer())
    const admin = () => ({ headers: fixture.adminHeaders, ...noThrow })
    const invoicesOf = (orderId: string) => service().listEinvoices({ order_id: orderId })
    const url = (orderId: string, action?: string) => `/admin/orders/${orderId}/einvoice${action ? `/${action}` : ""}`
    /** POSTs an after-issue action as the logged-in admin; never throws on a status. */
    const act = (orderId: string, action: string, body: unknown = {}) => api.post(url(orderId, action), body, admin())
    const viewOf = async (orderId: string) => (await api.get(url(orderId), { headers: fixture.adminHeaders })).data
    const eventsNamed = (view: { events: AuditEvent[] }, action: string) => view.events.filter((e) => e.action === action)
    const auditActions = (view: { events: AuditEvent[] }) => view.events.map((e) => e.action)
    const requestsFor = (operation: string) => simulator.requests.filter((entry) => entry.operation === operation)
    const invoiceAtEcpay = (invoiceNo: string) => simulator.snapshot().invoices.find((i) => i.invoiceNo === invoiceNo)
    const allowanceAtEcpay = (allowanceNo: string) => simulator.snapshot().allowances.find((a) => a.allowanceNo === allowanceNo)
    const simulatorInvoicesFor = (relateNumber: string) =>
      simulator.snapshot().invoices.filter((invoice) => invoice.relateNumber.toUpperCase() === relateNumber.toUpperCase())
    /** ECPay's back office, as far as these tests need it: the protocol, with the store's credentials. */
    const backOffice = () => new EcpayInvoiceClient({ ...STAGE, environment: "stage", baseUrl: simulator.url })
    const postCallback = (fields: Record<string, string>) =>
      api.post(CALLBACK_PATH, new URLSearchParams(fields).toString(), {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        ...noThrow,
      })
    /** Resolves once every subscriber of `event` (the plugin's included) has finished. */
    const handled = (event: string) => TestEventUtils.waitSubscribersExecution(event, getContainer().resolve(Modules.EVENT_BUS))
    const manualIssuing = () => service().updateSettings({ issue_mode: "manual" })

    /** 2 teas and 1 mug (2850 TWD with shipping), optionally with the shopper's invoice choice. */
    const order = (choice?: Record<string, unknown>, extra: Partial<Parameters<typeof placeOrder>[2]> = {}) =>
      placeOrder(api, fixture, {
        items: [
          { variantId: fixture.variants.teaId, quantity: 2 },
          { variantId: fixture.variants.mugId, quantity: 1 },
        ],
        beforeComplete: choice
          ? async (cartId) => {
              await api.post(`/store/carts/${cartId}/einvoice`, choice, { headers: fixture.storeHeaders })
            }
          : undefined,
        ...extra,
      })
    /** Captures through the admin API and waits until the plugin's payment.captured handler has run. */
    const captureAndSettle = async (orderId: string) => {
      const settled = handled("payment.captured")
      const paymentId = await capturePayment(api, fixture, orderId)
      await settled
      return paymentId
    }
    const issuedInvoice = async (orderId: string) =>
      eventually(async () => {
        const [invoice] = await invoicesOf(orderId)
        expect(invoice?.status).toBe("issued")
        return invoice
      })
    /** The invoice once its first attempt failed transiently and a retry time was set. */
    const pendingRetry = async (orderId: string) =>
      eventually(async () => {
        const [invoice] = await invoicesOf(orderId)
        expect(invoice?.status).toBe("pending")
        expect(invoice.attempts).toBe(1)
        expect(invoice.next_attempt_at).toBeTruthy()
        return invoice
      })
    /** With manual issuing: a paid order (2850 TWD) whose invoice the admin issued. */
    const adminIssuedOrder = async () => {
      const orderId = ready[0]
      await captureAndSettle(orderId)
      const { data } = await api.post(url(orderId, "issue"), {}, { headers: fixture.adminHeaders })
      expect(data.invoice).toMatchObject({ status: "issued", total: ORDER_TOTAL })
      return { orderId, invoice: data.invoice as { id: string; invoice_number: string; invoice_date: string; relate_number: string } }
    }
    /** With automatic issuing: a paid order (2850 TWD) whose invoice was issued on capture. */
    const autoIssuedOrder = async () => {
      const orderId = ready[0]
      // The whole issue workflow, not just the invoice's row: what it does after issuing (allowing refunds
      // made before) would otherwise run into the test's next steps.
      const captured = handled("payment.captured")
      const paymentId = await capturePayment(api, fixture, orderId)
      await captured
      const invoice = await eventually(async () => {
        const [found] = await service().listEinvoices({ order_id: orderId, status: "issued" })
        expect(found?.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)
        return found
      })
      return { orderId, paymentId, invoice }
    }

    // ================================================================== issuing

    describe("issuing", () => {
      it("issues automatically on capture what the shopper chose at checkout: nothing before, exactly one invoice after", async () => {
        // The company invoice was chosen at checkout (before the snapshot).
        const orderId = companyOrder
        const before = await api.get(url(orderId), { headers: fixture.adminHeaders })
        expect(before.data.invoice).toBeNull()
        expect(before.data.actions).toEqual([])
        expect(issueRequests(simulator)).toHaveLength(0)

        await capturePayment(api, fixture, orderId)
        const invoice = await issuedInvoice(orderId)
        expect(invoice.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)
        expect(invoice.random_number).toMatch(/^\d{4}$/)
        expect(invoice.total).toBe(ORDER_TOTAL)

        expect(simulatorInvoicesFor(invoice.relate_number)).toHaveLength(1)
        const sent = issueRequests(simulator)
        expect(sent).toHaveLength(1)
        expect(sent[0].data).toMatchObject({
          CustomerIdentifier: "12345675",
          CustomerName: "好茶股份有限公司",
          CarrierType: "1",
          Print: "0",
          SalesAmount: ORDER_TOTAL,
        })

        const { data } = await api.get(url(orderId), { headers: fixture.adminHeaders })
        expect(data.invoice).toMatchObject({ status: "issued", invoice_number: invoice.invoice_number, order_id: orderId })
        expect(auditActions(data)).toEqual(expect.arrayContaining(["invoice.issue_requested", "invoice.issued"]))
        // A company invoice: 銷售額 / 稅額 / 總計 as ECPay splits the total (2850 ÷ 1.05 → 2714 + 136).
        const split = { sales_amount: 2714, tax_amount: 136, total: ORDER_TOTAL }
        expect(data.invoice).toMatchObject({ tax_amount: 136, company_amounts: split })
        const shopper = await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })
        expect(shopper.data.einvoice).toMatchObject({ status: "issued", invoice_number: invoice.invoice_number, company_amounts: split })
      })

      it("issues an order paid at checkout (only order.placed fires)", async () => {
        const { orderId } = await order(undefined, { paymentProviderId: "pp_autocapture_autocapture" })
        const invoice = await issuedInvoice(orderId)
        expect(simulatorInvoicesFor(invoice.relate_number)).toHaveLength(1)
      })

      it("in manual mode: an unpaid order is refused naming the payment state, capture issues nothing, the admin call does", async () => {
        await manualIssuing()
        const orderId = ready[0]
        const unpaid = await act(orderId, "issue")
        expect(unpaid.status).toBe(400)
        expect(unpaid.data.message).toMatch(/Only paid orders.*authorized/)
        expect(unpaid.data.code).toBe("order_not_paid")
        expect(issueRequests(simulator)).toHaveLength(0)

        await captureAndSettle(orderId)
        expect(await invoicesOf(orderId)).toHaveLength(0)

        const view = await viewOf(orderId)
        expect(view.actions).toEqual(["issue"])
        expect(view.preview).toMatchObject({ kind: "issue", SalesAmount: ORDER_TOTAL, CarrierType: "1" })
        expect(view.preview.Items.map((i: { ItemAmount: number }) => i.ItemAmount).reduce((a: number, b: number) => a + b)).toBe(
          ORDER_TOTAL
        )

        const { data } = await api.post(url(orderId, "issue"), {}, { headers: fixture.adminHeaders })
        expect(data.invoice).toMatchObject({ status: "issued" })
        // Issued: no more issuing, only what comes after it.
        expect(data.actions).toEqual(VOIDABLE_ACTIONS)
        expect(issueRequests(simulator)).toHaveLength(1)
      })

      it("issues on fulfillment when that is the trigger, not on capture", async () => {
        await service().updateSettings({ issue_trigger: "fulfillment" })
        const orderId = ready[0]
        await captureAndSettle(orderId)
        expect(await invoicesOf(orderId)).toHaveLength(0)

        const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items`, { headers: fixture.adminHeaders })
        const fulfilled = await api.post(
          `/admin/orders/${orderId}/fulfillments`,
          {
            location_id: fixture.stockLocationId,
            items: data.order.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity })),
          },
          admin()
        )
        expect(fulfilled.status).toBe(200)
        await issuedInvoice(orderId)
      })

      it("schedules the invoice N days after capture; canceling the order first drops it", async () => {
        await service().updateSettings({ issue_delay_days: 3 })
        const orderId = ready[0]
        await capturePayment(api, fixture, orderId)
        const scheduled = await eventually(async () => {
          const [invoice] = await invoicesOf(orderId)
          expect(invoice?.status).toBe("pending")
          return invoice
        })
        const days = (new Date(scheduled.next_attempt_at!).getTime() - Date.now()) / DAY_MS
        expect(days).toBeGreaterThan(2.9)
        expect(days).toBeLessThanOrEqual(3)
        expect(scheduled.attempts).toBe(0)
        await retryEinvoicesJob(getContainer())
        expect(issueRequests(simulator)).toHaveLength(0)

        await api.post(`/admin/orders/${orderId}/cancel`, {}, { headers: fixture.adminHeaders })
        const dropped = await eventually(async () => {
          const [invoice] = await invoicesOf(orderId)
          expect(invoice.status).toBe("skipped")
          return invoice
        })
        expect(dropped.status_reason).toMatch(/canceled/)
        await service().updateEinvoices({ id: dropped.id, next_attempt_at: new Date(Date.now() - 1000) })
        await retryEinvoicesJob(getContainer())
        expect(issueRequests(simulator)).toHaveLength(0)
      })

      it("emits ecpay_einvoice.issued and notifies the shopper through Medusa with the lookup link", async () => {
        await service().updateSettings({ notify_by_medusa: true, notification_template: "einvoice-issued" })
        const eventBus = getContainer().resolve(Modules.EVENT_BUS)
        const received: unknown[] = []
        eventBus.subscribe(
          "ecpay_einvoice.issued",
          async (event: { data: unknown }) => {
            received.push(event.data)
          },
          { subscriberId: "test-einvoice-issued" }
        )

        const orderId = ready[0]
        await capturePayment(api, fixture, orderId)
        const invoice = await issuedInvoice(orderId)
        await eventually(async () =>
          expect(received).toEqual([expect.objectContaining({ id: invoice.id, order_id: orderId, invoice_number: invoice.invoice_number })])
        )

        const notifications = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ resource_id: invoice.id })
        expect(notifications).toHaveLength(1)
        expect(notifications[0]).toMatchObject({ to: BUYER_EMAIL, channel: "email", template: "einvoice-issued" })
        expect(notifications[0].data).toMatchObject({
          invoice_number: invoice.invoice_number,
          random_number: invoice.random_number,
          lookup_url: expect.stringMatching(/einvoice\.nat\.gov\.tw/),
        })
      })

      it("two concurrent issue requests for one order make one invoice", async () => {
        await manualIssuing()
        const orderId = ready[0]
        await capturePayment(api, fixture, orderId)
        const responses = await Promise.all([act(orderId, "issue"), act(orderId, "issue")])
        expect(responses.map((r) => r.status)).toEqual([200, 200])
        const invoices = await invoicesOf(orderId)
        expect(invoices).toHaveLength(1)
        expect(invoices[0].status).toBe("issued")
        expect(issueRequests(simulator)).toHaveLength(1)
      })

      it("the retry job issues a pending invoice once it is due, and one whose attempt was interrupted mid-way", async () => {
        // An HTTP 500: pending with a retry time; the job leaves it until then.
        const due = { orderId: ready[0] }
        simulator.setFault({ operation: "Issue", type: "http_500" })
        await capturePayment(api, fixture, due.orderId)
        const pending = await pendingRetry(due.orderId)
        expect(pending.last_error_message).toMatch(/500/)
        await retryEinvoicesJob(getContainer())
        expect((await invoicesOf(due.orderId))[0].status).toBe("pending")
        await service().updateEinvoices({ id: pending.id, next_attempt_at: new Date(Date.now() - 1000) })
        await retryEinvoicesJob(getContainer())
        const [issued] = await invoicesOf(due.orderId)
        expect(issued.status).toBe("issued")
        expect(issued.relate_number).toBe(pending.relate_number)
        expect(simulatorInvoicesFor(issued.relate_number)).toHaveLength(1)

        // As if the process had stopped during the attempt: no retry time; picked up once untouched for a while.
        const interrupted = { orderId: ready[1] }
        simulator.setFault({ operation: "Issue", type: "http_500" })
        await capturePayment(api, fixture, interrupted.orderId)
        const stuck = await pendingRetry(interrupted.orderId)
        await service().updateEinvoices({ id: stuck.id, next_attempt_at: null })
        await retryEinvoicesJob(getContainer())
        expect((await invoicesOf(interrupted.orderId))[0].status).toBe("pending")
        await dbConnection.raw(`update ecpay_einvoice set updated_at = now() - interval '11 minutes' where id = ?`, [stuck.id])
        await retryEinvoicesJob(getContainer())
        const [picked] = await invoicesOf(interrupted.orderId)
        expect(picked.status).toBe("issued")
        expect(simulatorInvoicesFor(picked.relate_number)).toHaveLength(1)
      })

      it("one retry run at a time: a run started meanwhile leaves the backlog to the one under way, which issues all of it", async () => {
        await service().updateSettings({ issue_delay_days: 3 })
        for (const orderId of ready) {
          await capturePayment(api, fixture, orderId)
        }
        const scheduled = await Promise.all(
          ready.map((orderId) =>
            eventually(async () => {
              const [invoice] = await invoicesOf(orderId)
              expect(invoice?.status).toBe("pending")
              return invoice
            })
          )
        )
        await dbConnection.raw(`update ecpay_einvoice set next_attempt_at = now() - interval '1 second' where id in (?, ?)`, [
          scheduled[0].id,
          scheduled[1].id,
        ])
        // ECPay answers slowly: the first run is still issuing when the second starts.
        simulator.setFault({ operation: "Issue", type: "latency", ms: 300, times: -1 })
        const runs = await Promise.all([retryEinvoicesJob(getContainer()), retryEinvoicesJob(getContainer())])
        simulator.clearFaults()
        expect(runs).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ processed: 2, paused_until: null }),
            { processed: 0, paused_until: null, held_by: "another_run" },
          ])
        )
        for (const orderId of ready) {
          expect((await invoicesOf(orderId))[0].status).toBe("issued")
        }
        expect(issueRequests(simulator)).toHaveLength(2)
        // The lease ends with its run: the next run is not held.
        expect(await retryEinvoicesJob(getContainer())).toMatchObject({ processed: 0, paused_until: null })
        expect((await retryEinvoicesJob(getContainer())).held_by).toBeUndefined()
      })

      it("amounts come from Medusa's totals: a percentage promotion over quantities and shipping reconciles exactly; a zero total is skipped", async () => {
        // 3 mugs + 1 tea with TEA15, placed before the snapshot.
        const promoted = { orderId: promotedOrder }
        await capturePayment(api, fixture, promoted.orderId)
        const invoice = await issuedInvoice(promoted.orderId)
        // (3 × 350 + 1200) × 0.85 + 100 shipping = 2012.5 paid → SalesAmount 2013 (half up).
        expect(invoice.total).toBe(2013)
        // Never silently: the difference is on the invoice, in the view and in the audit trail.
        const rounding = { paid_total: 2012.5, invoiced_total: 2013, difference: 0.5 }
        const view = await viewOf(promoted.orderId)
        expect(view.invoice.total_rounding).toEqual(rounding)
        expect(eventsNamed(view, "invoice.total_rounded").map((e) => e.data)).toEqual([rounding])
        // The settings page says so before it happens: the active percentage promotion is named.
        const settings = await api.get("/admin/ecpay-einvoice/settings", admin())
        expect(settings.data.rounding_risks).toEqual({ percentage_promotions: ["TEA15"] })
        const [sent] = issueRequests(simulator)
        const items = (sent.data as { Items: Array<{ ItemName: string; ItemCount: number; ItemPrice: number; ItemAmount: number }> }).Items
        expect(items.reduce((sum, item) => sum + item.ItemAmount, 0)).toBe(2013)
        for (const item of items) {
          expect(Number.isInteger(item.ItemPrice)).toBe(true)
          expect(item.ItemPrice * item.ItemCount).toBe(item.ItemAmount)
        }
        expect(items.filter((i) => i.ItemName.startsWith("馬克杯")).reduce((n, i) => n + i.ItemCount, 0)).toBe(3)
        expect(items.filter((i) => i.ItemName.startsWith("茶葉禮盒")).reduce((n, i) => n + i.ItemCount, 0)).toBe(1)
        expect(items.some((i) => i.ItemName.startsWith("運費"))).toBe(true)

        await createPercentagePromotion(api, fixture, { code: "FREE", percent: 100 })
        await api.post(
          "/admin/promotions",
          {
            code: "FREESHIP",
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: {
              type: "percentage",
              target_type: "shipping_methods",
              allocation: "across",
              value: 100,
              currency_code: "twd",
            },
          },
          { headers: fixture.adminHeaders }
        )
        await manualIssuing()
        const sentBefore = issueRequests(simulator).length
        const free = await placeOrder(api, fixture, {
          items: [{ variantId: fixture.variants.mugId, quantity: 1 }],
          promoCode: "FREE",
          beforeComplete: async (cartId) => {
            await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: ["FREESHIP"] }, { headers: fixture.storeHeaders })
          },
        })
        const { data: adminOrder } = await api.get(`/admin/orders/${free.orderId}?fields=id,total`, { headers: fixture.adminHeaders })
        expect(adminOrder.order.total).toBe(0)
        const { data } = await api.post(url(free.orderId, "issue"), {}, { headers: fixture.adminHeaders })
        const [skipped] = await invoicesOf(free.orderId)
        expect(data.result.outcome).toBe("skipped")
        expect(skipped).toMatchObject({ status: "skipped" })
        expect(skipped.status_reason).toMatch(/zero/)
        expect(issueRequests(simulator)).toHaveLength(sentBefore)
      })

      it("bulk issue answers per order, and 400 naming order_ids to a body it cannot read", async () => {
        for (const body of [{}, { order_ids: [] }, { order_ids: ["a", "a"] }, { order_ids: "order_1" }]) {
          const response = await api.post("/admin/einvoices/bulk-issue", body, admin())
          expect({ body, status: response.status }).toEqual({ body, status: 400 })
          expect(response.data.errors[0].field).toMatch(/order_ids/)
        }

        await manualIssuing()
        const paid = { orderId: ready[0] }
        await capturePayment(api, fixture, paid.orderId)
        const unpaid = { orderId: ready[1] }
        const { data } = await api.post(
          "/admin/einvoices/bulk-issue",
          { order_ids: [paid.orderId, unpaid.orderId, "order_missing"] },
          { headers: fixture.adminHeaders }
        )
        expect(data.results).toEqual([
          expect.objectContaining({ order_id: paid.orderId, ok: true, status: "issued" }),
          expect.objectContaining({
            order_id: unpaid.orderId,
            ok: false,
            error: expect.objectContaining({ message: expect.stringMatching(/Only paid orders/) }),
          }),
          expect.objectContaining({
            order_id: "order_missing",
            ok: false,
            error: expect.objectContaining({ message: expect.stringMatching(/not found/) }),
          }),
        ])
        expect(data.summary).toEqual({ requested: 3, issued: 1, failed: 2 })
      })

      it("fix, then retry: a refused invoice is issued with the merchant's corrected choice (validated, audited); not while an attempt may have reached ECPay", async () => {
        await manualIssuing()
        await captureAndSettle(ready[0])
        simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "載具號碼有誤", times: 1 })
        expect((await act(ready[0], "issue")).data.result.outcome).toBe("failed")

        const sentBefore = issueRequests(simulator).length
        const invalid = await act(ready[0], "issue", { choice: { type: "mobile_barcode", carrier_number: "ABC" } })
        expect(invalid.status).toBe(400)
        expect(invalid.data.errors.map((e: { field: string }) => e.field)).toContain("choice.carrier_number")
        expect((await act(ready[0], "issue", { choice: { type: "donation", love_code: CHARITIES[0].code }, extra: 1 })).status).toBe(400)
        expect(issueRequests(simulator)).toHaveLength(sentBefore)

        const fixed = await act(ready[0], "issue", { choice: { type: "donation", love_code: CHARITIES[0].code } })
        expect(fixed.status).toBe(200)
        expect(fixed.data.result.outcome).toBe("issued")
        expect(fixed.data.invoice).toMatchObject({ status: "issued", type: "donation", love_code: CHARITIES[0].code, donation: true })
        const sent = issueRequests(simulator).at(-1)!
        expect(issueRequests(simulator)).toHaveLength(sentBefore + 1)
        expect(sent.data).toMatchObject({ Donation: "1", LoveCode: CHARITIES[0].code, CarrierType: "" })
        const corrected = eventsNamed(fixed.data, "invoice.choice_corrected")
        expect(corrected).toHaveLength(1)
        expect(corrected[0].data).toMatchObject({ before: { type: "member" }, after: { type: "donation", love_code: CHARITIES[0].code } })

        // An attempt whose outcome is unknown (HTTP 500) keeps the data it was sent with.
        simulator.setFault({ operation: "Issue", type: "http_500" })
        await captureAndSettle(ready[1])
        expect((await act(ready[1], "issue")).data.result.outcome).not.toBe("issued")
        const locked = await act(ready[1], "issue", { choice: { type: "donation", love_code: CHARITIES[0].code } })
        expect(locked.status).toBe(400)
        expect(locked.data).toMatchObject({ code: "choice_locked" })
        expect(locked.data.message).toMatch(/may have reached ECPay/)
      })

      it("needs attention: failed and pending invoices whatever the period, paid orders without an invoice; bulk issue clears them", async () => {
        await manualIssuing()
        await captureAndSettle(ready[0])
        await captureAndSettle(companyOrder)
        simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "模擬拒絕", times: 1 })
        expect((await act(companyOrder, "issue")).data.result.outcome).toBe("failed")

        const attention = async () => (await api.get("/admin/einvoices/attention", { headers: fixture.adminHeaders })).data
        const before = await attention()
        expect(before.counts).toEqual({ failed: 1, pending: 0, held: 0, without_invoice: 1, total: 2 })
        expect(before.invoices).toEqual([expect.objectContaining({ order_id: companyOrder, status: "failed", last_error_code: "1100099" })])
        // The unpaid order (ready[1]) and the promoted one (authorized only) are not listed.
        expect(before.orders_without_invoice).toEqual([expect.objectContaining({ order_id: ready[0], currency_code: "twd" })])
        expect(new Date(before.since).getTime()).toBeLessThanOrEqual(Date.now())
        // The list's default view (this period) cannot show a failed invoice: it has no invoice date.
        const { current_period } = (await api.get("/admin/einvoices", admin())).data
        const { data: list } = await api.get(`/admin/einvoices?period=${encodeURIComponent(current_period)}`, admin())
        expect(list.einvoices).toEqual([])

        const bad = await api.get("/admin/einvoices/attention?limit=0", admin())
        expect(bad.status).toBe(400)
        expect(bad.data.errors).toEqual([expect.objectContaining({ field: "limit" })])

        const { data: bulk } = await api.post(
          "/admin/einvoices/bulk-issue",
          { order_ids: [companyOrder, ready[0]] },
          { headers: fixture.adminHeaders }
        )
        expect(bulk.summary).toEqual({ requested: 2, issued: 2, failed: 0 })
        const after = await attention()
        expect(after.counts).toEqual({ failed: 0, pending: 0, held: 0, without_invoice: 0, total: 0 })
        expect(after.invoices).toEqual([])
        expect(after.orders_without_invoice).toEqual([])
      })
    })

    // ================================================================== void

    describe("void (作廢)", () => {
      it("voids the invoice at ECPay, records why, and lets the order be invoiced again", async () => {
        await manualIssuing()
        const { orderId, invoice } = await adminIssuedOrder()
        const before = await viewOf(orderId)
        expect(before.actions).toEqual(VOIDABLE_ACTIONS)
        expect(before.after_issue).toMatchObject({ voidable: true, void_blocked_by: null, remaining_allowance_amount: ORDER_TOTAL })

        const emitted = handled("ecpay_einvoice.voided")
        const response = await act(orderId, "void", { reason: "買受人取消訂單" })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({
          action: "void",
          outcome: "voided",
          invoice_id: invoice.id,
          invoice_number: invoice.invoice_number,
          status: "voided",
          error_code: null,
        })
        expect(await emitted).toEqual([
          expect.objectContaining({
            name: "ecpay_einvoice.voided",
            data: { id: invoice.id, order_id: orderId, invoice_number: invoice.invoice_number },
          }),
        ])

        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toMatchObject({ reason: "買受人取消訂單" })
        expect(requestsFor("Invalid")).toEqual([
          expect.objectContaining({
            rtnCode: 1,
            data: expect.objectContaining({ InvoiceNo: invoice.invoice_number, Reason: "買受人取消訂單" }),
          }),
        ])

        const view = await viewOf(orderId)
        expect(view.invoice).toMatchObject({
          id: invoice.id,
          status: "voided",
          void_reason: "買受人取消訂單",
          voided_at: expect.any(String),
        })
        expect(auditActions(view)).toEqual(expect.arrayContaining(["invoice.void_requested", "invoice.voided"]))
        expect(eventsNamed(view, "invoice.voided")[0]).toMatchObject({ actor_type: "user", reason: "買受人取消訂單", rtn_code: "1" })
        expect(view.actions).toEqual(VOIDED_ACTIONS)
        expect(view.preview).toMatchObject({ kind: "issue", SalesAmount: ORDER_TOTAL })

        const reissued = await act(orderId, "issue")
        expect(reissued.status).toBe(200)
        expect(reissued.data.invoice).toMatchObject({ status: "issued", total: ORDER_TOTAL })
        expect(reissued.data.invoice.invoice_number).not.toBe(invoice.invoice_number)
        expect(reissued.data.invoice.relate_number).not.toBe(invoice.relate_number)
        expect(simulator.snapshot().invoices.find((i) => i.invoiceNo === reissued.data.invoice.invoice_number)).toMatchObject({
          relateNumber: reissued.data.invoice.relate_number,
          voided: null,
        })

        const after = await viewOf(orderId)
        expect(after.invoices).toHaveLength(2)
        expect(after.invoices.filter((i: { status: string }) => i.status !== "voided")).toEqual([
          expect.objectContaining({ id: reissued.data.invoice.id, status: "issued" }),
        ])
        expect(after.actions).toEqual(VOIDABLE_ACTIONS)
      })

      it("refuses an order without an issued invoice, and a missing, blank or too long reason or unknown fields naming the field, without calling ECPay", async () => {
        await manualIssuing()
        const orderId = ready[0]
        await captureAndSettle(orderId)
        const notIssued = await act(orderId, "void", { reason: "重複開立" })
        expect(notIssued.status).toBe(400)
        expect(notIssued.data.code).toBe("invoice_not_issued")

        await act(orderId, "issue")
        const cases: Array<[unknown, string]> = [
          [{}, "reason"],
          [{ reason: "   " }, "reason"],
          [{ reason: "退".repeat(21) }, "reason"],
          [{ reason: "退貨", notify: true }, "notify"],
        ]
        for (const [body, field] of cases) {
          const response = await act(orderId, "void", body)
          expect({ body, status: response.status }).toEqual({ body, status: 400 })
          expect(response.data.errors).toEqual([expect.objectContaining({ field })])
          expect(response.data.message).toContain(field)
        }
        expect(requestsFor("Invalid")).toHaveLength(0)
        expect((await viewOf(orderId)).invoice.status).toBe("issued")
      })

      it("refuses once the invoice's period is locked and points to an allowance, without calling ECPay", async () => {
        await manualIssuing()
        // ECPay dates the invoice 150 days ago: its period's void deadline (at most 75 days after) is gone.
        simulator.setClock(new Date(Date.now() - 150 * DAY_MS))
        const { orderId, invoice } = await adminIssuedOrder()
        expect(Date.now() - new Date(invoice.invoice_date).getTime()).toBeGreaterThan(149 * DAY_MS)

        const view = await viewOf(orderId)
        expect(view.after_issue).toMatchObject({ voidable: false, void_blocked_by: "deadline" })
        expect(new Date(view.after_issue.void_deadline).getTime()).toBeLessThan(Date.now())
        expect(view.actions).toEqual(VOID_BLOCKED_ACTIONS)

        const response = await act(orderId, "void", { reason: "買受人退貨" })
        expect(response.status).toBe(400)
        expect(response.data.code).toBe("void_past_deadline")
        expect(response.data.message).toMatch(/until \d{4}-\d{2}-13 23:59:59/)
        expect(response.data.message).toMatch(/allowance/)
        expect(requestsFor("Invalid")).toHaveLength(0)
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toBeNull()
      })
    })

    // ================================================================== allowances

    describe("allowance (折讓) agreed on paper", () => {
      it("allows one unit of a line, blocks the void, refuses what would over-allow, and offers no online agreement without the store's public URL", async () => {
        const savedBackendUrl = process.env.MEDUSA_BACKEND_URL
        delete process.env.MEDUSA_BACKEND_URL
        try {
          await manualIssuing()
          const { orderId, invoice } = await adminIssuedOrder()
          const before = await viewOf(orderId)
          expect(before.after_issue).toMatchObject({ online_available: false, default_agreement: "paper", buyer_email: BUYER_EMAIL })
          const line = before.after_issue.lines[0]
          expect(line).toMatchObject({ seq: 1, allowed_quantity: 0, allowed_amount: 0 })
          expect(line.quantity).toBeGreaterThan(0)

          const online = await act(orderId, "allowances", { agreement: "online", amount: 300, notify_email: "buyer2@example.com" })
          expect(online.status).toBe(400)
          expect(online.data.code).toBe("callback_url_missing")
          expect(requestsFor("AllowanceByCollegiate")).toHaveLength(0)
          expect((await viewOf(orderId)).allowances).toHaveLength(0)

          const response = await act(orderId, "allowances", { lines: [{ seq: 1, quantity: 1 }], reason: "商品瑕疵" })
          expect(response.status).toBe(200)
          const { result } = response.data
          expect(result).toMatchObject({ action: "allowance", outcome: "issued", status: "issued", invoice_number: invoice.invoice_number })
          expect(result.allowance_number).toMatch(/^\d{16}$/)

          const sent = requestsFor("Allowance")
          expect(sent).toHaveLength(1)
          expect(sent[0].data).toMatchObject({
            InvoiceNo: invoice.invoice_number,
            AllowanceAmount: line.price,
            Items: [expect.objectContaining({ ItemName: line.name, ItemCount: 1, ItemPrice: line.price, ItemAmount: line.price })],
          })
          expect(allowanceAtEcpay(result.allowance_number)).toMatchObject({
            invoiceNo: invoice.invoice_number,
            mode: "paper",
            status: "issued",
            amount: line.price,
          })
          expect(invoiceAtEcpay(invoice.invoice_number)?.remainingAllowanceAmount).toBe(ORDER_TOTAL - line.price)

          const view = response.data
          expect(view.allowances).toEqual([
            expect.objectContaining({
              id: result.allowance_id,
              allowance_number: result.allowance_number,
              status: "issued",
              agreement: "paper",
              amount: line.price,
              reason: "商品瑕疵",
              actions: ["void"],
            }),
          ])
          expect(view.after_issue).toMatchObject({
            remaining_allowance_amount: ORDER_TOTAL - line.price,
            // Still within the period: only the allowance keeps it from being voided.
            voidable: true,
            void_blocked_by: "allowances",
          })
          expect(view.after_issue.lines[0]).toMatchObject({ seq: 1, allowed_quantity: 1, allowed_amount: line.price })
          expect(view.actions).toEqual(VOID_BLOCKED_ACTIONS)
          expect(auditActions(view)).toEqual(expect.arrayContaining(["allowance.requested", "allowance.issued"]))

          // The invoice cannot be voided while the allowance stands.
          const voided = await act(orderId, "void", { reason: "買受人退貨" })
          expect(voided.status).toBe(400)
          expect(voided.data.code).toBe("invoice_has_allowances")

          const overLine = await act(orderId, "allowances", { lines: [{ seq: 1, quantity: line.quantity }] })
          expect(overLine.status).toBe(400)
          expect(overLine.data.code).toBe("allowance_line_exceeds")
          expect(overLine.data.message).toMatch(/lines\.0\.quantity/)

          const overAmount = await act(orderId, "allowances", { amount: ORDER_TOTAL - line.price + 1 })
          expect(overAmount.status).toBe(400)
          expect(overAmount.data.code).toBe("allowance_exceeds_remaining")

          const both = await act(orderId, "allowances", { lines: [{ seq: 2, quantity: 1 }], amount: 100 })
          expect(both.status).toBe(400)
          expect(both.data.errors).toEqual([
            expect.objectContaining({ field: "amount", message: expect.stringMatching(/either lines or amount/) }),
          ])

          const neither = await act(orderId, "allowances", { reason: "商品瑕疵" })
          expect(neither.status).toBe(400)
          expect(neither.data.errors).toEqual([
            expect.objectContaining({ field: "lines", message: expect.stringMatching(/either lines or amount/) }),
          ])

          expect(requestsFor("Allowance")).toHaveLength(1)
          expect((await viewOf(orderId)).allowances).toHaveLength(1)
        } finally {
          restoreEnv("MEDUSA_BACKEND_URL", savedBackendUrl)
        }
      })

      it("allows an amount, then voids that allowance (a reason is required): the amount is allowable again and the invoice voidable", async () => {
        await manualIssuing()
        const { orderId, invoice } = await adminIssuedOrder()
        // One form submission, sent with its Idempotency-Key; the admin's retry of it answers the first allowance.
        const keyed = (key: string) => ({ headers: { ...fixture.adminHeaders, "idempotency-key": key }, ...noThrow })
        const made = await api.post(url(orderId, "allowances"), { amount: 500, reason: "運送延遲補償" }, keyed("form-500"))
        expect(made.data.result).toMatchObject({ outcome: "issued" })
        const { allowance_id: allowanceId, allowance_number: allowanceNumber } = made.data.result
        const retried = await api.post(url(orderId, "allowances"), { amount: 500, reason: "運送延遲補償" }, keyed("form-500"))
        expect(retried.status).toBe(200)
        expect(retried.data.result).toMatchObject({
          outcome: "issued",
          replayed: true,
          allowance_id: allowanceId,
          allowance_number: allowanceNumber,
        })
        const reused = await api.post(url(orderId, "allowances"), { amount: 400 }, keyed("form-500"))
        expect(reused.status).toBe(409)
        expect(reused.data).toMatchObject({ code: "idempotency_key_reused", message: expect.stringContaining('"form-500"') })
        expect(requestsFor("Allowance")).toHaveLength(1)
        expect(retried.data.allowances).toHaveLength(1)
        expect(made.data.after_issue.remaining_allowance_amount).toBe(ORDER_TOTAL - 500)
        expect(made.data.actions).not.toContain("void")
        expect(requestsFor("Allowance")[0].data).toMatchObject({
          AllowanceAmount: 500,
          Items: [expect.objectContaining({ ItemName: "折讓", ItemCount: 1, ItemPrice: 500, ItemAmount: 500 })],
        })

        const noReason = await act(orderId, `allowances/${allowanceId}/void`, {})
        expect(noReason.status).toBe(400)
        expect(noReason.data.errors).toEqual([expect.objectContaining({ field: "reason" })])
        expect(requestsFor("AllowanceInvalid")).toHaveLength(0)

        const response = await act(orderId, `allowances/${allowanceId}/void`, { reason: "折讓開錯" })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({
          action: "allowance_void",
          outcome: "voided",
          status: "voided",
          allowance_id: allowanceId,
          allowance_number: allowanceNumber,
        })
        expect(allowanceAtEcpay(allowanceNumber)).toMatchObject({
          status: "voided",
          voided: expect.objectContaining({ reason: "折讓開錯" }),
        })
        expect(requestsFor("AllowanceInvalid")).toHaveLength(1)
        expect(invoiceAtEcpay(invoice.invoice_number)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)

        const view = response.data
        expect(view.allowances).toEqual([
          expect.objectContaining({
            id: allowanceId,
            status: "voided",
            void_reason: "折讓開錯",
            voided_at: expect.any(String),
            actions: [],
          }),
        ])
        expect(view.after_issue).toMatchObject({ remaining_allowance_amount: ORDER_TOTAL, voidable: true, void_blocked_by: null })
        expect(view.actions).toEqual(VOIDABLE_ACTIONS)
        expect(eventsNamed(view, "allowance.voided")[0]).toMatchObject({ actor_type: "user", reason: "折讓開錯", rtn_code: "1" })

        const again = await act(orderId, `allowances/${allowanceId}/void`, { reason: "折讓開錯" })
        expect(again.status).toBe(400)
        expect(again.data.code).toBe("allowance_not_voidable")
        expect(requestsFor("AllowanceInvalid")).toHaveLength(1)
      })
    })

    describe("allowance agreed online (ECPay asks the buyer by e-mail)", () => {
      it("waits for the buyer; the buyer's agreement, posted by ECPay, issues it, once and only when authentic; a post about an unknown allowance is a 404", async () => {
        const savedBackendUrl = process.env.MEDUSA_BACKEND_URL
        const backendUrl: string = api.defaults.baseURL
        process.env.MEDUSA_BACKEND_URL = backendUrl
        try {
          // An authentic post about an allowance the store does not have.
          const unknownFields: Record<string, string> = {
            RtnCode: "1",
            RtnMsg: "買受人已同意折讓",
            IA_Allow_No: "2026010100000001",
            IA_Invoice_No: "ZZ00000001",
            IA_Date: "2026-01-01 12:00:00",
            IIS_Remain_Allowance_Amt: "0",
            MerchantID: STAGE.merchantId,
          }
          unknownFields.CheckMacValue = computeCheckMacValue(unknownFields, STAGE.hashKey, STAGE.hashIV)
          const unknown = await postCallback(unknownFields)
          expect(unknown.status).toBe(404)
          // A fixed reason: an unauthenticated caller learns nothing about the store's invoices.
          expect(unknown.data).toBe("0|unknown allowance")

          await manualIssuing()
          const { orderId, invoice } = await adminIssuedOrder()
          const response = await act(orderId, "allowances", {
            agreement: "online",
            amount: 300,
            notify_email: "buyer2@example.com",
            reason: "部分退貨",
          })
          expect(response.status).toBe(200)
          const { result } = response.data
          expect(result).toMatchObject({ action: "allowance", outcome: "awaiting_agreement", status: "awaiting_agreement" })
          expect(result.allowance_number).toMatch(/^\d{16}$/)
          const number: string = result.allowance_number
          expect(requestsFor("AllowanceByCollegiate")).toEqual([
            expect.objectContaining({
              rtnCode: 1,
              data: expect.objectContaining({
                NotifyMail: "buyer2@example.com",
                AllowanceAmount: 300,
                ReturnURL: `${backendUrl}${CALLBACK_PATH}`,
              }),
            }),
          ])
          expect(allowanceAtEcpay(number)).toMatchObject({ mode: "online", status: "pending", amount: 300 })
          expect(response.data.after_issue).toMatchObject({ online_available: true, remaining_allowance_amount: ORDER_TOTAL - 300 })
          expect(response.data.allowances).toEqual([
            expect.objectContaining({
              id: result.allowance_id,
              status: "awaiting_agreement",
              agreement: "online",
              notify_email: "buyer2@example.com",
              expires_at: expect.any(String),
              actions: ["cancel"],
            }),
          ])
          expect(auditActions(response.data)).toContain("allowance.awaiting_agreement")

          // A forged refusal (CheckMacValue that does not verify) changes nothing.
          const forged = await postCallback({
            RtnCode: "0",
            RtnMsg: "買受人不同意折讓",
            IA_Allow_No: number,
            IA_Invoice_No: invoice.invoice_number,
            IA_Date: "2026-01-01 00:00:00",
            IIS_Remain_Allowance_Amt: String(ORDER_TOTAL),
            MerchantID: STAGE.merchantId,
            CheckMacValue: "0".repeat(64),
          })
          expect(forged.status).toBe(401)
          expect(forged.data).toMatch(/^0\|CheckMacValue/)
          expect((await viewOf(orderId)).allowances[0].status).toBe("awaiting_agreement")

          const answer = await simulator.agreeAllowance(number)
          expect(answer).toMatchObject({ url: `${backendUrl}${CALLBACK_PATH}`, httpStatus: 200, acknowledged: true })

          const agreed = await viewOf(orderId)
          expect(agreed.allowances).toEqual([
            expect.objectContaining({ id: result.allowance_id, status: "issued", allowance_number: number, actions: ["void"] }),
          ])
          expect(agreed.after_issue.remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
          expect(eventsNamed(agreed, "allowance.agreed")).toEqual([expect.objectContaining({ actor_type: "ecpay", rtn_code: "1" })])
          expect(allowanceAtEcpay(number)?.status).toBe("issued")

          // ECPay may post the same answer again: acknowledged, nothing changes.
          const repeat = await postCallback(answer.fields)
          expect(repeat.status).toBe(200)
          expect(repeat.data).toBe("1|OK")

          // The same answer with a changed amount does not verify.
          const tampered = await postCallback({ ...answer.fields, IIS_Remain_Allowance_Amt: String(ORDER_TOTAL) })
          expect(tampered.status).toBe(401)
          expect(tampered.data).toMatch(/^0\|CheckMacValue/)

          const after = await viewOf(orderId)
          expect(after.allowances).toEqual(agreed.allowances)
          expect(after.after_issue.remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
          expect(eventsNamed(after, "allowance.agreed")).toHaveLength(1)
          expect(after.events).toHaveLength(agreed.events.length)
        } finally {
          restoreEnv("MEDUSA_BACKEND_URL", savedBackendUrl)
        }
      })
    })

    // ================================================================== resend, sync, re-issue

    describe("resend notification", () => {
      it("has ECPay send the invoice notice again, to the buyer or another address; refuses an address that is not one, naming email", async () => {
        await manualIssuing()
        const { orderId, invoice } = await adminIssuedOrder()
        const bad = await act(orderId, "resend", { email: "not-an-email" })
        expect(bad.status).toBe(400)
        expect(bad.data.errors).toEqual([expect.objectContaining({ field: "email" })])
        expect(requestsFor("InvoiceNotify")).toHaveLength(0)

        const response = await act(orderId, "resend", {})
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({
          action: "resend",
          outcome: "sent",
          invoice_number: invoice.invoice_number,
          error_code: null,
        })
        expect(requestsFor("InvoiceNotify")).toEqual([
          expect.objectContaining({
            rtnCode: 1,
            data: expect.objectContaining({ InvoiceNo: invoice.invoice_number, NotifyMail: BUYER_EMAIL, InvoiceTag: "I" }),
          }),
        ])
        expect(simulator.snapshot().notifications).toEqual([
          expect.objectContaining({ invoiceNo: invoice.invoice_number, mail: BUYER_EMAIL }),
        ])
        expect(eventsNamed(response.data, "invoice.notification_sent")[0]).toMatchObject({
          actor_type: "user",
          data: expect.objectContaining({ email: BUYER_EMAIL }),
        })

        const other = await act(orderId, "resend", { email: "accounting@example.com" })
        expect(other.data.result.outcome).toBe("sent")
        expect(simulator.snapshot().notifications.map((n) => n.mail)).toEqual([BUYER_EMAIL, "accounting@example.com"])
      })
    })

    describe("sync from ECPay", () => {
      it("picks up a void made in ECPay's back office", async () => {
        await manualIssuing()
        const { orderId, invoice } = await adminIssuedOrder()
        await backOffice().invalid({
          InvoiceNo: invoice.invoice_number,
          InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date)),
          Reason: "後台作廢",
        })
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toMatchObject({ reason: "後台作廢" })
        expect((await viewOf(orderId)).invoice.status).toBe("issued")

        const response = await act(orderId, "sync")
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({ action: "sync", outcome: "synced", status: "voided" })
        expect(response.data.result.changes).toContain("voided")
        expect(response.data.invoice).toMatchObject({ id: invoice.id, status: "voided", void_reason: "後台作廢" })
        expect(response.data.actions).toEqual(VOIDED_ACTIONS)
        expect(eventsNamed(response.data, "invoice.synced")[0].data).toMatchObject({ changes: expect.arrayContaining(["voided"]) })
      })

      it("the sync job picks up an allowance made in ECPay's back office, then leaves the invoice alone for 12 hours", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        await backOffice().allowance({
          InvoiceNo: invoice.invoice_number!,
          InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
          AllowanceNotify: "N",
          AllowanceAmount: 100,
          Items: [{ ItemSeq: 1, ItemName: "後台折讓", ItemCount: 1, ItemWord: "式", ItemPrice: 100, ItemAmount: 100 }],
        })
        const lookups = () =>
          simulator.requests.filter(
            (entry) => entry.operation === "GetIssue" && (entry.data as { RelateNumber?: string })?.RelateNumber === invoice.relate_number
          ).length
        const before = lookups()
        const first = await syncEinvoicesJob(getContainer())
        expect(first.processed).toBeGreaterThanOrEqual(1)
        expect(lookups()).toBe(before + 1)
        const imported = await service().listEinvoiceAllowances({ einvoice_id: invoice.id })
        expect(imported).toEqual([expect.objectContaining({ status: "issued", amount: 100 })])
        expect((await service().retrieveEinvoice(invoice.id)).remaining_allowance_amount).toBe(invoice.total - 100)

        // Synced just now: the next run leaves it alone.
        const again = await syncEinvoicesJob(getContainer())
        expect(again.processed).toBe(0)
        expect(lookups()).toBe(before + 1)

        const forced = await act(orderId, "sync")
        expect(forced.data.result).toMatchObject({ outcome: "synced", changes: [] })
      })
    })

    describe("void and re-issue (註銷重開)", () => {
      it("refuses bad corrected data naming the field, then moves the invoice to a donation under the same number, keeping lines and amount", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        const bad = await act(orderId, "reissue", {
          reason: "改統編",
          choice: { type: "company", tax_id: "12345678", company_name: "測試公司" },
        })
        expect(bad.status).toBe(400)
        expect(bad.data.errors.map((error: { field: string }) => error.field)).toContain("choice.tax_id")
        const noReason = await act(orderId, "reissue", { choice: { type: "member" } })
        expect(noReason.status).toBe(400)
        expect(noReason.data.errors).toContainEqual(expect.objectContaining({ field: "reason" }))
        expect(requestsFor("VoidWithReIssue")).toHaveLength(0)

        const response = await act(orderId, "reissue", { reason: "改為捐贈", choice: { type: "donation", love_code: CHARITIES[0].code } })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({ action: "reissue", outcome: "reissued", invoice_number: invoice.invoice_number })
        expect(response.data.invoice).toMatchObject({
          invoice_number: invoice.invoice_number,
          status: "issued",
          type: "donation",
          donation: true,
          love_code: CHARITIES[0].code,
          total: invoice.total,
        })
        const atEcpay = invoiceAtEcpay(invoice.invoice_number!)
        expect(atEcpay!.content).toMatchObject({ donation: "1", loveCode: CHARITIES[0].code, salesAmount: invoice.total })
        expect(atEcpay!.reissues).toHaveLength(1)
        expect(auditActions(response.data)).toContain("invoice.reissued")
      })
    })

    // ================================================================== the order's life

    describe("order canceled", () => {
      it("voids the issued invoice at ECPay with the reason 訂單取消 when void-on-cancel is on (the default)", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        const canceled = await api.post(`/admin/orders/${orderId}/cancel`, {}, admin())
        expect(canceled.status).toBe(200)

        const voided = await eventually(async () => {
          const row = await service().retrieveEinvoice(invoice.id)
          expect(row.status).toBe("voided")
          return row
        })
        expect(voided.void_reason).toBe("訂單取消")
        expect(invoiceAtEcpay(invoice.invoice_number!)!.voided).toMatchObject({ reason: "訂單取消" })
        const view = await viewOf(orderId)
        expect(view.events.map((event: AuditEvent) => [event.action, event.actor_type])).toContainEqual(["invoice.voided", "system"])
        // A canceled order is not invoiced again.
        expect(view.actions).not.toContain("issue")
      })
    })

    describe("refund", () => {
      it("becomes a paper allowance for the refunded amount, once per refund, when allowance-on-refund is on; the shopper sees it and the period's export lists it", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true })
        const { orderId, paymentId, invoice } = await autoIssuedOrder()
        expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 350 }, admin())).status).toBe(200)
        const first = await eventually(async () => {
          const [allowance] = await service().listEinvoiceAllowances({ einvoice_id: invoice.id })
          expect(allowance?.status).toBe("issued")
          return allowance
        })
        expect(first).toMatchObject({ amount: 350, agreement: "paper", reason: "退款折讓" })
        expect(first.allowance_number).toMatch(/^\d{16}$/)

        expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 100 }, admin())).status).toBe(200)
        const both = await eventually(async () => {
          const rows = await service().listEinvoiceAllowances({ einvoice_id: invoice.id, status: "issued" })
          expect(rows).toHaveLength(2)
          return rows
        })
        expect(both.map((row) => row.amount).sort((a, b) => a - b)).toEqual([100, 350])
        // Each keyed by its refund: the event delivered again (or to a second process) allows nothing more.
        for (const row of both) {
          expect(row.idempotency_key).toMatch(new RegExp(`^refund:${invoice.id}:[^+]+$`))
        }
        const again = handled("payment.refunded")
        await getContainer()
          .resolve(Modules.EVENT_BUS)
          .emit({ name: "payment.refunded", data: { id: paymentId } })
        await again
        expect(await service().listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(2)
        expect(requestsFor("Allowance")).toHaveLength(2)
        expect(invoiceAtEcpay(invoice.invoice_number!)!.remainingAllowanceAmount).toBe(invoice.total - 450)
        expect((await service().retrieveEinvoice(invoice.id)).remaining_allowance_amount).toBe(invoice.total - 450)
        // The shopper sees the allowances of their invoice.
        const shopper = (await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })).data
        expect(shopper.einvoice.allowances.map((entry: { amount: number; status: string }) => [entry.amount, entry.status]).sort()).toEqual(
          [
            [100, "issued"],
            [350, "issued"],
          ]
        )
        expect(shopper.einvoice.allowances[0].allowance_number).toMatch(/^\d{16}$/)

        // The accountant's export of the period's allowances (by allowance date) lists both.
        const period = invoicePeriodOf(new Date(both[0].allowance_date!)).label
        const csv = await api.get(`/admin/einvoices/export?period=${encodeURIComponent(period)}&kind=allowances`, admin())
        expect(csv.status).toBe(200)
        expect(csv.headers["content-disposition"]).toContain(`allowances-${period.replace("/", "-")}.csv`)
        for (const row of both) {
          expect(String(csv.data)).toContain(`${row.allowance_number},`)
        }
        const bad = await api.get(`/admin/einvoices/export?period=${encodeURIComponent(period)}&kind=credits`, admin())
        expect(bad.status).toBe(400)
        expect(bad.data.errors.map((error: { field: string }) => error.field)).toEqual(["kind"])
      })

      it("the retry job allows a refund whose payment.refunded never arrived (a process died with it), once, after a grace period", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true })
        const { paymentId, invoice } = await autoIssuedOrder()
        // Refunded without the event: the payment module alone, as if the process handling it had died.
        const payments = getContainer().resolve(Modules.PAYMENT)
        await payments.refundPayment({ payment_id: paymentId, amount: 200 })
        const [refund] = await payments.listRefunds({ payment_id: paymentId })
        const allowancesOf = () => service().listEinvoiceAllowances({ einvoice_id: invoice.id })
        // Two minutes are left to its own event first.
        expect((await retryEinvoicesJob(getContainer())).refunds_caught_up).toBe(0)
        expect(await allowancesOf()).toHaveLength(0)

        await dbConnection.raw(`update refund set created_at = now() - interval '5 minutes' where id = ?`, [refund.id])
        expect((await retryEinvoicesJob(getContainer())).refunds_caught_up).toBe(1)
        const [allowance] = await allowancesOf()
        expect(allowance).toMatchObject({
          amount: 200,
          status: "issued",
          reason: "退款折讓",
          idempotency_key: `refund:${invoice.id}:${refund.id}`,
        })
        // Covered now: the next runs (and the event, were it to come after all) allow nothing more.
        expect((await retryEinvoicesJob(getContainer())).refunds_caught_up).toBe(0)
        const again = handled("payment.refunded")
        await getContainer()
          .resolve(Modules.EVENT_BUS)
          .emit({ name: "payment.refunded", data: { id: paymentId } })
        await again
        expect(await allowancesOf()).toHaveLength(1)
        expect(requestsFor("Allowance")).toHaveLength(1)
      })

      it("a backlog the run cannot finish does not hold back the refund catch-up; the next run issues it", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true })
        const { paymentId, invoice } = await autoIssuedOrder()
        // The backlog: another order's invoice, scheduled after capture and due now.
        await service().updateSettings({ issue_delay_days: 3 })
        await capturePayment(api, fixture, ready[1])
        const scheduled = await eventually(async () => {
          const [row] = await invoicesOf(ready[1])
          expect(row?.status).toBe("pending")
          return row
        })
        await service().updateEinvoices({ id: scheduled.id, next_attempt_at: new Date(Date.now() - 1000) })
        // A refund whose payment.refunded was lost, past its grace period.
        const payments = getContainer().resolve(Modules.PAYMENT)
        await payments.refundPayment({ payment_id: paymentId, amount: 200 })
        const [refund] = await payments.listRefunds({ payment_id: paymentId })
        await dbConnection.raw(`update refund set created_at = now() - interval '5 minutes' where id = ?`, [refund.id])

        // The drain's budget is spent before it takes the due invoice: the refund is allowed all the same.
        expect(await runRetry(getContainer(), { drainBudgetMs: 0 })).toMatchObject({
          processed: 0,
          refunds_caught_up: 1,
          paused_until: null,
        })
        expect((await invoicesOf(ready[1]))[0].status).toBe("pending")
        const [allowance] = await service().listEinvoiceAllowances({ einvoice_id: invoice.id })
        expect(allowance).toMatchObject({ amount: 200, status: "issued", idempotency_key: `refund:${invoice.id}:${refund.id}` })

        expect(await retryEinvoicesJob(getContainer())).toMatchObject({ processed: 1, refunds_caught_up: 0 })
        expect((await invoicesOf(ready[1]))[0].status).toBe("issued")
      })

      it("covers a refund made before the invoice was issued, once the invoice is issued", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true, issue_mode: "manual" })
        const orderId = ready[0]
        const paymentId = await capturePayment(api, fixture, orderId)
        const refunded = handled("payment.refunded")
        expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 200 }, admin())).status).toBe(200)
        await refunded
        expect(await service().listEinvoices({ order_id: orderId })).toHaveLength(0)

        const issued = await act(orderId, "issue")
        expect(issued.data.invoice.status).toBe("issued")
        const allowance = await eventually(async () => {
          const [row] = await service().listEinvoiceAllowances({ einvoice_id: issued.data.invoice.id })
          expect(row?.status).toBe("issued")
          return row
        })
        expect(allowance).toMatchObject({ amount: 200, reason: "退款折讓" })
      })
    })

    describe("order changes after issuing (returns, exchanges, claims, edits)", () => {
      /** Medusa's admin API, expecting a 2xx; the body otherwise, in the failure message. */
      const ok = async (request: ReturnType<typeof api.post>) => {
        const response = await request
        if (response.status >= 300) {
          throw new Error(`${response.status}: ${JSON.stringify(response.data)}`)
        }
        return response.data
      }
      const orderItems = async (orderId: string) =>
        (await ok(api.get(`/admin/orders/${orderId}?fields=id,*items`, admin()))).order.items as Array<{
          id: string
          quantity: number
          title: string
        }>
      const fulfillAll = async (orderId: string) => {
        const items = await orderItems(orderId)
        await ok(
          api.post(
            `/admin/orders/${orderId}/fulfillments`,
            { location_id: fixture.stockLocationId, items: items.map((i) => ({ id: i.id, quantity: i.quantity })) },
            admin()
          )
        )
        return items
      }
      /** Receives a requested return through Medusa's admin routes; resolves once the plugin has handled order.return_received. */
      const receiveReturn = async (returnId: string, items: Array<{ id: string; quantity: number }>) => {
        await ok(api.post(`/admin/returns/${returnId}/receive`, {}, admin()))
        await ok(api.post(`/admin/returns/${returnId}/receive-items`, { items }, admin()))
        const received = handled("order.return_received")
        await ok(api.post(`/admin/returns/${returnId}/receive/confirm`, {}, admin()))
        await received
      }
      /** Requests a return of these order items (Medusa's admin routes); its id. */
      const requestReturn = async (orderId: string, items: Array<{ id: string; quantity: number }>) => {
        const created = await ok(api.post(`/admin/returns`, { order_id: orderId, location_id: fixture.stockLocationId }, admin()))
        await ok(api.post(`/admin/returns/${created.return.id}/request-items`, { items }, admin()))
        await ok(api.post(`/admin/returns/${created.return.id}/request`, {}, admin()))
        return created.return.id as string
      }
      /** Confirms an exchange of one unit of an order item for one unit of a variant; its id and its return's. */
      const requestExchange = async (orderId: string, itemId: string, variantId: string) => {
        const { exchange } = await ok(api.post(`/admin/exchanges`, { order_id: orderId }, admin()))
        const inbound = { items: [{ id: itemId, quantity: 1 }], location_id: fixture.stockLocationId }
        await ok(api.post(`/admin/exchanges/${exchange.id}/inbound/items`, inbound, admin()))
        await ok(api.post(`/admin/exchanges/${exchange.id}/outbound/items`, { items: [{ variant_id: variantId, quantity: 1 }] }, admin()))
        await ok(api.post(`/admin/exchanges/${exchange.id}/request`, {}, admin()))
        const confirmed = await ok(api.get(`/admin/exchanges/${exchange.id}?fields=id,return_id`, admin()))
        return { exchangeId: exchange.id as string, returnId: confirmed.exchange.return_id as string }
      }
      /** Runs and confirms an order edit (its actions made by `change`); resolves once order-edit.confirmed is handled. */
      const editOrder = async (orderId: string, change: () => Promise<unknown>) => {
        await ok(api.post(`/admin/order-edits`, { order_id: orderId }, admin()))
        await change()
        await ok(api.post(`/admin/order-edits/${orderId}/request`, {}, admin()))
        const confirmed = handled("order-edit.confirmed")
        await ok(api.post(`/admin/order-edits/${orderId}/confirm`, {}, admin()))
        await confirmed
      }
      const allowancesOf = (invoiceId: string) => service().listEinvoiceAllowances({ einvoice_id: invoiceId })
      const redeliver = async (event: string, data: Record<string, unknown>) => {
        const again = handled(event)
        await getContainer().resolve(Modules.EVENT_BUS).emit({ name: event, data })
        await again
      }

      it("a received return becomes an allowance for the returned lines, once, and the refund that pays for it is not allowed again", async () => {
        await service().updateSettings({ auto_allowance_on_return: true, auto_allowance_on_refund: true })
        const { orderId, paymentId, invoice } = await autoIssuedOrder()
        expect((invoice.metadata as { line_sources?: string[] }).line_sources).toHaveLength(3)
        const items = await fulfillAll(orderId)
        const tea = items.find((item) => item.quantity === 2)!

        const returnId = await requestReturn(orderId, [{ id: tea.id, quantity: 1 }])
        // Requested is not received: nothing yet.
        expect(await allowancesOf(invoice.id)).toHaveLength(0)
        await receiveReturn(returnId, [{ id: tea.id, quantity: 1 }])

        const [allowance] = await eventually(async () => {
          const rows = await allowancesOf(invoice.id)
          expect(rows[0]?.status).toBe("issued")
          return rows
        })
        expect(allowance).toMatchObject({ amount: 1200, reason: "退貨折讓", idempotency_key: `return:${invoice.id}:${returnId}` })
        // The tea line, one unit: the line the shopper sent back, as ECPay received it.
        const [sent] = requestsFor("Allowance")
        expect(sent.data).toMatchObject({
          AllowanceAmount: 1200,
          Items: [{ ItemSeq: 1, ItemName: "茶葉禮盒 標準", ItemCount: 1, ItemPrice: 1200, ItemAmount: 1200 }],
        })

        // The event again (a redelivery, or a second process): nothing more.
        await redeliver("order.return_received", { order_id: orderId, return_id: returnId })
        // The merchant refunds the returned tea: the return's allowance already gave it back on the invoice.
        const refunded = handled("payment.refunded")
        await ok(api.post(`/admin/payments/${paymentId}/refund`, { amount: 1200 }, admin()))
        await refunded
        expect(await allowancesOf(invoice.id)).toHaveLength(1)
        expect(requestsFor("Allowance")).toHaveLength(1)
        expect((await service().retrieveEinvoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 1200)
      })

      it("a return received in two receipts allows each receipt's units once", async () => {
        await service().updateSettings({ auto_allowance_on_return: true })
        const { orderId, invoice } = await autoIssuedOrder()
        const items = await fulfillAll(orderId)
        const tea = items.find((item) => item.quantity === 2)!
        const returnId = await requestReturn(orderId, [{ id: tea.id, quantity: 2 }])
        await receiveReturn(returnId, [{ id: tea.id, quantity: 1 }])
        await receiveReturn(returnId, [{ id: tea.id, quantity: 1 }])
        const rows = await eventually(async () => {
          const found = await service().listEinvoiceAllowances({ einvoice_id: invoice.id, status: "issued" })
          expect(found).toHaveLength(2)
          return found
        })
        expect(rows.map((row) => [row.idempotency_key, row.amount]).sort()).toEqual([
          [`return:${invoice.id}:${returnId}`, 1200],
          [`return:${invoice.id}:${returnId}:2`, 1200],
        ])
        await redeliver("order.return_received", { order_id: orderId, return_id: returnId })
        expect(requestsFor("Allowance")).toHaveLength(2)
      })

      it("the retry job allows a received return whose event found allowing off or was lost, once, after a grace period", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        const items = await fulfillAll(orderId)
        const mug = items.find((item) => item.quantity === 1)!
        // Received while allowing on returns was off: the event's handler allowed nothing, as a lost event would.
        const returnId = await requestReturn(orderId, [{ id: mug.id, quantity: 1 }])
        await receiveReturn(returnId, [{ id: mug.id, quantity: 1 }])
        await service().updateSettings({ auto_allowance_on_return: true })
        // Two minutes are left to its own event first.
        expect((await retryEinvoicesJob(getContainer())).changes_caught_up).toBe(0)

        await dbConnection.raw(`update order_change set confirmed_at = now() - interval '5 minutes' where return_id = ?`, [returnId])
        expect((await retryEinvoicesJob(getContainer())).changes_caught_up).toBe(1)
        const [allowance] = await allowancesOf(invoice.id)
        expect(allowance).toMatchObject({
          amount: 350,
          status: "issued",
          reason: "退貨折讓",
          idempotency_key: `return:${invoice.id}:${returnId}`,
        })
        expect((await retryEinvoicesJob(getContainer())).changes_caught_up).toBe(0)
        await redeliver("order.return_received", { order_id: orderId, return_id: returnId })
        expect(requestsFor("Allowance")).toHaveLength(1)
      })

      it("before the invoice is issued, it simply follows the changed order: a return received first leaves the returned unit out", async () => {
        await service().updateSettings({ issue_mode: "manual", auto_allowance_on_return: true })
        const orderId = ready[0]
        await captureAndSettle(orderId)
        const items = await fulfillAll(orderId)
        const tea = items.find((item) => item.quantity === 2)!
        const returnId = await requestReturn(orderId, [{ id: tea.id, quantity: 1 }])
        await receiveReturn(returnId, [{ id: tea.id, quantity: 1 }])

        const issued = await act(orderId, "issue")
        expect(issued.data.invoice).toMatchObject({ status: "issued", total: ORDER_TOTAL - 1200 })
        const [sent] = issueRequests(simulator)
        expect(sent.data).toMatchObject({
          SalesAmount: ORDER_TOTAL - 1200,
          // The lines in any order (items added in the same instant sort by id).
          Items: expect.arrayContaining([
            expect.objectContaining({ ItemName: "茶葉禮盒 標準", ItemCount: 1, ItemPrice: 1200, ItemAmount: 1200 }),
            expect.objectContaining({ ItemName: "馬克杯 標準", ItemAmount: 350 }),
            expect.objectContaining({ ItemAmount: 100 }),
          ]),
        })
        // Nothing to allow afterwards: the invoice never billed the returned unit.
        expect(requestsFor("Allowance")).toHaveLength(0)
      })

      it("with 'void and re-issue' preferred, an edit voids the invoice and issues one for the edited order, once", async () => {
        await service().updateSettings({ auto_allowance_on_edit: true, edit_correction: "reissue" })
        const { orderId, invoice } = await autoIssuedOrder()
        const tea = (await orderItems(orderId)).find((item) => item.quantity === 2)!
        await editOrder(orderId, () => ok(api.post(`/admin/order-edits/${orderId}/items/item/${tea.id}`, { quantity: 1 }, admin())))

        const invoices = await service().listEinvoices({ order_id: orderId }, { order: { created_at: "ASC" } })
        expect(invoices.map((row) => [row.status, row.total])).toEqual([
          ["voided", ORDER_TOTAL],
          ["issued", ORDER_TOTAL - 1200],
        ])
        expect(invoices[0]).toMatchObject({ id: invoice.id, void_reason: "訂單變更重新開立" })
        expect(invoices[1].relate_number).toBe(`${invoice.relate_number}R2`)
        expect(requestsFor("Invalid")).toHaveLength(1)
        expect(issueRequests(simulator).at(-1)!.data).toMatchObject({
          SalesAmount: ORDER_TOTAL - 1200,
          Items: expect.arrayContaining([expect.objectContaining({ ItemName: "茶葉禮盒 標準", ItemCount: 1, ItemAmount: 1200 })]),
        })
        expect(requestsFor("Allowance")).toHaveLength(0)
        // Delivered again: the new invoice already matches the order.
        await redeliver("order-edit.confirmed", { order_id: orderId, actions: [] })
        expect(await service().listEinvoices({ order_id: orderId })).toHaveLength(2)
        expect(requestsFor("Invalid")).toHaveLength(1)
      })

      it("what an edit or an exchange adds after issuing is invoiced separately (補開發票) once the shopper has paid it, once", async () => {
        await service().updateSettings({ auto_allowance_on_return: true, auto_allowance_on_edit: true })
        const { orderId, invoice } = await autoIssuedOrder()
        /** Marks the order's unpaid payment collection paid (the merchant collected the difference). */
        const collectDifference = async () => {
          const { order } = await ok(api.get(`/admin/orders/${orderId}?fields=id,*payment_collections`, admin()))
          const unpaid = (order.payment_collections as Array<{ id: string; status: string }>).find((c) => c.status === "not_paid")!
          const captured = handled("payment.captured")
          await ok(api.post(`/admin/payment-collections/${unpaid.id}/mark-as-paid`, { order_id: orderId }, admin()))
          await captured
        }

        // An edit adds a mug (350): recorded, not issued while the shopper has not paid it.
        await editOrder(orderId, () =>
          ok(api.post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: fixture.variants.mugId, quantity: 1 }] }, admin()))
        )
        const [waiting] = await service().listAdditionalInvoices(orderId)
        expect(waiting).toMatchObject({ kind: "additional", status: "pending", attempts: 0, total: 350 })
        expect(waiting.source_key).toMatch(new RegExp(`^edit:${invoice.id}:v\\d+$`))
        // Only the original invoice reached ECPay so far.
        expect(issueRequests(simulator)).toHaveLength(1)
        // The edit took nothing off: no allowance.
        expect(await allowancesOf(invoice.id)).toHaveLength(0)

        await collectDifference()
        const added = await eventually(async () => {
          const [row] = await service().listAdditionalInvoices(orderId)
          expect(row.status).toBe("issued")
          return row
        })
        expect(added.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)
        expect(added.relate_number).toBe(`${invoice.relate_number}A1`)
        const [, sent] = issueRequests(simulator)
        expect(sent.data).toMatchObject({
          RelateNumber: added.relate_number,
          SalesAmount: 350,
          Items: [{ ItemName: "馬克杯 標準", ItemCount: 1, ItemAmount: 350 }],
        })
        // The same event again: nothing more.
        await redeliver("order-edit.confirmed", { order_id: orderId, actions: [] })
        expect(await service().listAdditionalInvoices(orderId)).toHaveLength(1)

        // An exchange of the mug (350) for a tea (1200): 850 more, invoiced as the exchange's difference.
        const items = await fulfillAll(orderId)
        const mug = items.find((item) => item.quantity === 1 && item.title === "馬克杯")!
        const exchange = await requestExchange(orderId, mug.id, fixture.variants.teaId)
        await receiveReturn(exchange.returnId, [{ id: mug.id, quantity: 1 }])
        await collectDifference()
        const [, difference] = await eventually(async () => {
          const rows = await service().listAdditionalInvoices(orderId)
          expect(rows[1]?.status).toBe("issued")
          return rows
        })
        expect(difference).toMatchObject({
          total: 850,
          source_key: `exchange:${invoice.id}:${exchange.exchangeId}`,
          relate_number: `${invoice.relate_number}A2`,
        })
        expect((difference.items as unknown as Array<{ ItemName: string }>)[0].ItemName).toBe("換貨差額 茶葉禮盒 標準")
        // Netted: no allowance for the returned mug.
        expect(await allowancesOf(invoice.id)).toHaveLength(0)

        // The card and the shopper see both.
        const view = await viewOf(orderId)
        expect(view.invoice.id).toBe(invoice.id)
        expect(view.additional_invoices.map((row: { total: number; status: string }) => [row.total, row.status])).toEqual([
          [350, "issued"],
          [850, "issued"],
        ])
        const shopper = (await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })).data
        expect(shopper.einvoice.invoice_number).toBe(invoice.invoice_number)
        expect(shopper.additional_einvoices.map((row: { total: number }) => row.total)).toEqual([350, 850])
      })

      it("canceling the order voids its additional invoice with the original, and drops one still waiting for payment", async () => {
        await service().updateSettings({ auto_allowance_on_edit: true })
        const { orderId, invoice } = await autoIssuedOrder()
        const addMug = () =>
          editOrder(orderId, () =>
            ok(api.post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: fixture.variants.mugId, quantity: 1 }] }, admin()))
          )
        await addMug()
        const { order } = await ok(api.get(`/admin/orders/${orderId}?fields=id,*payment_collections`, admin()))
        const unpaid = (order.payment_collections as Array<{ id: string; status: string }>).find((c) => c.status === "not_paid")!
        const captured = handled("payment.captured")
        await ok(api.post(`/admin/payment-collections/${unpaid.id}/mark-as-paid`, { order_id: orderId }, admin()))
        await captured
        // A second mug, not paid for: its additional invoice waits.
        await addMug()
        const [paid, waiting] = await eventually(async () => {
          const rows = await service().listAdditionalInvoices(orderId)
          expect(rows.map((row) => row.status)).toEqual(["issued", "pending"])
          return rows
        })

        const canceled = handled("order.canceled")
        expect((await api.post(`/admin/orders/${orderId}/cancel`, {}, admin())).status).toBe(200)
        await canceled
        expect((await service().retrieveEinvoice(invoice.id)).status).toBe("voided")
        expect(await service().retrieveEinvoice(paid.id)).toMatchObject({ status: "voided", void_reason: "訂單取消" })
        expect(invoiceAtEcpay(paid.invoice_number!)!.voided).toMatchObject({ reason: "訂單取消" })
        expect(await service().retrieveEinvoice(waiting.id)).toMatchObject({
          status: "skipped",
          status_reason: "The order was canceled before the additional invoice was issued",
        })
        expect(issueRequests(simulator)).toHaveLength(2)
      })

      it("an edit that takes goods off allows them; an exchange for cheaper goods allows the difference once its return arrives; a refund claim allows the claimed lines", async () => {
        await service().updateSettings({ auto_allowance_on_return: true, auto_allowance_on_edit: true })
        const { orderId, invoice } = await autoIssuedOrder()
        const tea = (await orderItems(orderId)).find((item) => item.quantity === 2)!
        // Before anything ships, an edit takes the second tea off the order (Medusa edits only unfulfilled goods).
        await editOrder(orderId, () => ok(api.post(`/admin/order-edits/${orderId}/items/item/${tea.id}`, { quantity: 1 }, admin())))
        const editAllowance = await eventually(async () => {
          const [row] = await allowancesOf(invoice.id)
          expect(row?.status).toBe("issued")
          return row
        })
        expect(editAllowance).toMatchObject({ amount: 1200, reason: "訂單變更折讓" })
        expect(editAllowance.idempotency_key).toMatch(new RegExp(`^edit:${invoice.id}:v\\d+$`))
        await redeliver("order-edit.confirmed", { order_id: orderId, actions: [] })
        expect(await allowancesOf(invoice.id)).toHaveLength(1)
        const items = await fulfillAll(orderId)
        const mug = items.find((item) => item.id !== tea.id)!

        // Exchange one tea (1200) for one mug (350): 850 back to the shopper.
        const exchange = await requestExchange(orderId, tea.id, fixture.variants.mugId)
        // Confirmed, the tea not back yet: nothing new.
        expect(await allowancesOf(invoice.id)).toHaveLength(1)
        await receiveReturn(exchange.returnId, [{ id: tea.id, quantity: 1 }])
        const exchangeAllowance = await eventually(async () => {
          const [row] = await service().listEinvoiceAllowances({
            einvoice_id: invoice.id,
            idempotency_key: `exchange:${invoice.id}:${exchange.exchangeId}`,
          })
          expect(row?.status).toBe("issued")
          return row
        })
        expect(exchangeAllowance).toMatchObject({
          amount: 850,
          reason: "換貨差額折讓",
          idempotency_key: `exchange:${invoice.id}:${exchange.exchangeId}`,
        })

        // A refund claim for the mug: the claimed line.
        const claim = (await ok(api.post(`/admin/claims`, { order_id: orderId, type: "refund" }, admin()))).claim
        await ok(
          api.post(`/admin/claims/${claim.id}/claim-items`, { items: [{ id: mug.id, quantity: 1, reason: "production_failure" }] }, admin())
        )
        const claimed = handled("order.claim_created")
        await ok(api.post(`/admin/claims/${claim.id}/request`, {}, admin()))
        await claimed
        const claimAllowance = await eventually(async () => {
          const [row] = await service().listEinvoiceAllowances({
            einvoice_id: invoice.id,
            idempotency_key: `claim:${invoice.id}:${claim.id}`,
          })
          expect(row?.status).toBe("issued")
          return row
        })
        expect(claimAllowance).toMatchObject({ amount: 350, reason: "客訴退款折讓" })
        await redeliver("order.claim_created", { order_id: orderId, claim_id: claim.id })

        expect(await allowancesOf(invoice.id)).toHaveLength(3)
        expect(requestsFor("Allowance")).toHaveLength(3)
      })
    })

    // ================================================================== invoices list, export, bulk resend, auth

    describe("invoices list, CSV export and bulk resend", () => {
      it("exports a period larger than a page (written page by page), each invoice once and oldest first", async () => {
        const count = 1234
        // Issued invoices of the current period, as a store that has issued that many holds them.
        await dbConnection.raw(
          `insert into ecpay_einvoice (id, order_id, status, relate_number, invoice_number, invoice_date, total, type, created_at, updated_at)
           select 'einv_page_' || g, 'order_page_' || g, 'issued', 'PAGE' || g, 'PG' || lpad(g::text, 8, '0'),
                  now() - (${count} - g) * interval '1 millisecond', 100, 'member',
                  now() - (${count} - g) * interval '1 millisecond', now()
           from generate_series(1, ${count}) as g`
        )
        const period = invoicePeriodOf(new Date()).label
        const csv = await api.get(`/admin/einvoices/export?period=${encodeURIComponent(period)}`, admin())
        expect(csv.status).toBe(200)
        const rows = String(csv.data).split("\r\n").slice(1, -1)
        const numbers = rows.map((row) => row.split(",")[0]).filter((number) => number.startsWith("PG"))
        expect(numbers).toHaveLength(count)
        expect(new Set(numbers).size).toBe(count)
        expect(numbers[0]).toBe("PG00000001")
        expect(numbers.at(-1)).toBe(`PG${String(count).padStart(8, "0")}`)
      })

      it("lists invoices by status and period, exports the period as CSV and resends in bulk", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        const period = invoicePeriodOf(new Date(invoice.invoice_date!)).label

        const listed = await api.get(`/admin/einvoices?status=issued&period=${encodeURIComponent(period)}`, admin())
        expect(listed.status).toBe(200)
        expect(listed.data.einvoices.map((row: { invoice_number: string }) => row.invoice_number)).toContain(invoice.invoice_number)
        expect(
          listed.data.einvoices.every((row: { status: string; period: string }) => row.status === "issued" && row.period === period)
        ).toBe(true)
        const byNumber = await api.get(`/admin/einvoices?q=${invoice.invoice_number}`, admin())
        expect(byNumber.data.einvoices).toEqual([expect.objectContaining({ id: invoice.id, allowance_total: 0 })])
        const voidedOnly = await api.get(`/admin/einvoices?status=voided&q=${invoice.invoice_number}`, admin())
        expect(voidedOnly.data.count).toBe(0)

        for (const [query, field] of [
          ["period=2026-12/01", "period"],
          ["status=lost", "status"],
          ["limit=500", "limit"],
          ["colour=red", "colour"],
        ]) {
          const bad = await api.get(`/admin/einvoices?${query}`, admin())
          expect(bad.status).toBe(400)
          expect(bad.data.errors.map((error: { field: string }) => error.field)).toContain(field)
        }

        // Raw bytes: axios would strip the byte-order mark that Excel needs.
        const csv = await api.get(`/admin/einvoices/export?period=${encodeURIComponent(period)}`, {
          ...admin(),
          responseType: "arraybuffer",
        })
        expect(csv.status).toBe(200)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        expect(csv.headers["content-disposition"]).toContain(`einvoices-${period.replace("/", "-")}.csv`)
        const bytes = Buffer.from(csv.data)
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        const text = bytes.subarray(3).toString("utf8")
        expect(text.startsWith("發票號碼 Invoice number,")).toBe(true)
        const line = text.split("\r\n").find((row) => row.startsWith(invoice.invoice_number!))
        expect(line).toContain(`,${invoice.total},`)
        expect((await api.get(`/admin/einvoices/export`, admin())).status).toBe(400)

        const resent = await api.post(`/admin/einvoices/bulk-resend`, { order_ids: [orderId, "order_missing"] }, admin())
        expect(resent.status).toBe(200)
        expect(resent.data.summary).toEqual({ requested: 2, sent: 1, failed: 1 })
        expect(resent.data.results[0]).toMatchObject({
          order_id: orderId,
          ok: true,
          outcome: "sent",
          invoice_number: invoice.invoice_number,
        })
        expect(resent.data.results[1]).toMatchObject({ order_id: "order_missing", ok: false, error: { code: "invoice_not_issued" } })
        const notices = simulator.snapshot().notifications.filter((entry) => entry.invoiceNo === invoice.invoice_number)
        expect(notices).toEqual([expect.objectContaining({ invoiceTag: "I", notify: "E", notified: "C", mail: invoice.buyer_email })])

        expect((await api.get(`/admin/einvoices`, noThrow)).status).toBe(401)
      })
    })

    describe("printing and winning invoices", () => {
      it("a member-carrier invoice that wins: synced, listed as winning and to print, printed, marked once, notified; bad bodies 400 naming the field", async () => {
        const { orderId, invoice } = await autoIssuedOrder()
        // A carrier invoice that has not won needs no paper: refused before ECPay is asked.
        const early = await act(orderId, "print", {})
        expect(early.status).toBe(400)
        expect(early.data).toMatchObject({ code: "invoice_not_printable" })
        expect(requestsFor("InvoicePrint")).toHaveLength(0)
        expect((await act(orderId, "resend", { notice: "award" })).data).toMatchObject({ code: "invoice_not_winning" })

        simulator.awardInvoice(invoice.invoice_number!, 6)
        const synced = await act(orderId, "sync")
        expect(synced.data.result.changes).toContain("award_status")
        expect(synced.data.invoice).toMatchObject({
          award_status: "6",
          winning: true,
          award_tier: 6,
          paper_reason: "winning",
          printed_at: null,
        })
        expect(synced.data.actions).toEqual(["void", "reissue", "allowance", "print", "resend", "notify_award", "sync"])

        const winning = await api.get(`/admin/einvoices?award=winning`, admin())
        expect(winning.data.einvoices.map((row: { id: string }) => row.id)).toEqual([invoice.id])
        const toPrint = await api.get(`/admin/einvoices?paper=to_print`, admin())
        expect(toPrint.data).toMatchObject({ count: 1, einvoices: [expect.objectContaining({ id: invoice.id, paper_reason: "winning" })] })

        const printed = await act(orderId, "print", { style: 2 })
        expect(printed.status).toBe(200)
        expect(printed.data.result).toMatchObject({ action: "print", outcome: "opened", invoice_number: invoice.invoice_number })
        const page = await fetch(printed.data.result.print_url)
        expect(await page.text()).toContain(invoice.invoice_number)
        expect(requestsFor("InvoicePrint")[0].data).toMatchObject({ InvoiceNo: invoice.invoice_number, PrintStyle: 2 })

        const bulk = await api.post(`/admin/einvoices/bulk-print`, { order_ids: [orderId, "order_missing"] }, admin())
        expect(bulk.data.summary).toEqual({ requested: 2, sent: 1, failed: 1 })
        expect(bulk.data.results[0]).toMatchObject({
          order_id: orderId,
          ok: true,
          invoice_id: invoice.id,
          print_url: expect.stringContaining("/__print/"),
        })
        expect(bulk.data.results[1]).toMatchObject({ ok: false, print_url: null, error: { code: "invoice_not_issued" } })

        const marked = await api.post(`/admin/einvoices/mark-printed`, { invoice_ids: [invoice.id, "einv_missing"] }, admin())
        expect(marked.status).toBe(200)
        expect(marked.data.summary).toEqual({ requested: 2, marked: 1, already_printed: 0, refused: 1 })
        const again = await api.post(`/admin/einvoices/mark-printed`, { invoice_ids: [invoice.id] }, admin())
        expect(again.data.results).toEqual([
          expect.objectContaining({ outcome: "already_printed", printed_by: marked.data.results[0].printed_by }),
        ])
        expect((await api.get(`/admin/einvoices?paper=to_print`, admin())).data.count).toBe(0)
        const view = await viewOf(orderId)
        expect(view.invoice.printed_at).not.toBeNull()
        expect(eventsNamed(view, "invoice.printed")).toHaveLength(1)
        expect(eventsNamed(view, "invoice.printed")[0]).toMatchObject({ actor_type: "user" })

        const notified = await act(orderId, "resend", { notice: "award" })
        expect(notified.data.result).toMatchObject({ action: "resend", outcome: "sent" })
        expect(requestsFor("InvoiceNotify").at(-1)?.data).toMatchObject({ InvoiceNo: invoice.invoice_number, InvoiceTag: "AW" })

        // CSV: the award and the printed mark.
        const period = invoicePeriodOf(new Date(invoice.invoice_date!)).label
        const csv = (await api.get(`/admin/einvoices/export?period=${encodeURIComponent(period)}`, admin())).data as string
        const line = csv.split("\r\n").find((row) => row.startsWith(invoice.invoice_number!))!
        expect(line).toMatch(/,6,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

        for (const [path, body, field] of [
          [url(orderId, "print"), { style: 4 }, "style"],
          [url(orderId, "print"), { colour: "red" }, "colour"],
          [url(orderId, "resend"), { notice: "lottery" }, "notice"],
          ["/admin/einvoices/mark-printed", { invoice_ids: [] }, "invoice_ids"],
          ["/admin/einvoices/mark-printed", { invoice_ids: [invoice.id, invoice.id] }, "invoice_ids"],
          ["/admin/einvoices/bulk-print", { order_ids: [orderId], style: "A4" }, "style"],
        ] as const) {
          const bad = await api.post(path, body, admin())
          expect({ path, status: bad.status }).toEqual({ path, status: 400 })
          expect(bad.data.errors.map((error: { field: string }) => error.field)).toContain(field)
        }
        for (const query of ["award=lost", "paper=printed"]) {
          expect((await api.get(`/admin/einvoices?${query}`, admin())).status).toBe(400)
        }
        for (const [path, body] of [
          [url(orderId, "print"), {}],
          ["/admin/einvoices/mark-printed", { invoice_ids: [invoice.id] }],
          ["/admin/einvoices/bulk-print", { order_ids: [orderId] }],
        ] as const) {
          expect((await api.post(path, body, noThrow)).status).toBe(401)
        }
      })
    })

    describe("admin authentication", () => {
      it("every after-issue route answers 401 without the admin token and changes nothing", async () => {
        await manualIssuing()
        const { orderId } = await adminIssuedOrder()
        const made = await act(orderId, "allowances", { amount: 100 })
        const allowanceId = made.data.result.allowance_id
        const before = simulator.requests.length
        const routes: Array<[string, unknown]> = [
          ["issue", {}],
          ["void", { reason: "買受人退貨" }],
          ["allowances", { amount: 100 }],
          [`allowances/${allowanceId}/void`, { reason: "折讓開錯" }],
          ["resend", {}],
          ["sync", {}],
          ["reissue", { reason: "改為捐贈", choice: { type: "donation", love_code: CHARITIES[0].code } }],
        ]
        for (const [action, body] of routes) {
          const response = await api.post(url(orderId, action), body, noThrow)
          expect({ action, status: response.status }).toEqual({ action, status: 401 })
        }
        expect((await api.get(url(orderId), noThrow)).status).toBe(401)
        expect((await api.post("/admin/einvoices/bulk-issue", { order_ids: [orderId] }, noThrow)).status).toBe(401)
        expect(simulator.requests.length).toBe(before)
        const view = await viewOf(orderId)
        expect(view.allowances).toEqual([expect.objectContaining({ id: allowanceId, status: "issued" })])
        expect(view.invoice.status).toBe("issued")
      })
    })

    // ================================================================== the secret key changed

    describe("stored credentials that cannot be decrypted (the plugin's secret key changed)", () => {
      it("the settings say so, nothing reaches ECPay, invoices wait instead of failing, the jobs hold; entering them again resumes", async () => {
        // As if the store restarted with another secretKey: the stored values were sealed with a key it lacks.
        const lostKey = new SecretBox("the-key-before-the-change-0123456789")
        await dbConnection.raw(`update ecpay_einvoice_setting set hash_key_encrypted = ?, hash_iv_encrypted = ?`, [
          await lostKey.seal(STAGE.hashKey, "ecpay_einvoice_setting:default:hash_key"),
          await lostKey.seal(STAGE.hashIV, "ecpay_einvoice_setting:default:hash_iv"),
        ])
        const settings = await api.get("/admin/ecpay-einvoice/settings", admin())
        expect(settings.status).toBe(200)
        expect(settings.data.settings).toMatchObject({ hash_key: "unreadable", hash_iv: "unreadable" })
        const tested = await api.post("/admin/ecpay-einvoice/settings/test-connection", {}, admin())
        expect(tested.status).toBe(200)
        expect(tested.data).toMatchObject({
          ok: false,
          code: "credentials_unreadable",
          message: expect.stringMatching(/enter the credentials again/),
        })

        // Captured: the invoice waits, saying why, without spending an attempt.
        const orderId = ready[0]
        await captureAndSettle(orderId)
        const waiting = await eventually(async () => {
          const [invoice] = await invoicesOf(orderId)
          expect(invoice).toMatchObject({ status: "pending", last_error_code: "credentials_unreadable", attempts: 0 })
          return invoice
        })
        const retried = await act(orderId, "issue")
        expect(retried.status).toBeLessThan(500)
        expect(retried.data.invoice ?? retried.data).toMatchObject({ status: "pending", last_error_code: "credentials_unreadable" })
        await service().updateEinvoices({ id: waiting.id, next_attempt_at: new Date(Date.now() - 1000) })
        expect(await retryEinvoicesJob(getContainer())).toMatchObject({ processed: 0, held_by: "credentials_unreadable" })
        expect(await syncEinvoicesJob(getContainer())).toMatchObject({ processed: 0, held_by: "credentials_unreadable" })
        expect(simulator.requests).toHaveLength(0)

        // Entered again: the next run of the retry job issues the invoice that waited, once.
        const saved = await api.post("/admin/ecpay-einvoice/settings", { hash_key: STAGE.hashKey, hash_iv: STAGE.hashIV }, admin())
        expect(saved.data.settings).toMatchObject({ hash_key: "set", hash_iv: "set" })
        await service().updateEinvoices({ id: waiting.id, next_attempt_at: new Date(Date.now() - 1000) })
        expect(await retryEinvoicesJob(getContainer())).toMatchObject({ processed: 1 })
        expect((await invoicesOf(orderId))[0]).toMatchObject({ status: "issued", last_error_code: null })
        expect(issueRequests(simulator)).toHaveLength(1)
      })
    })

    // ================================================================== secrets (runs last: it reads the file's logs)

    describe("secrets", () => {
      it("the HashKey and HashIV are nowhere in plaintext: no column of any table, no audit row, no log line of this file's app", async () => {
        // What touches the credentials: saving them through the admin, a connection test with a wrong key,
        // issuing, voiding and an allowance.
        const saved = await api.post("/admin/ecpay-einvoice/settings", { hash_key: STAGE.hashKey, hash_iv: STAGE.hashIV }, admin())
        expect(saved.status).toBe(200)
        const wrongKey = [...STAGE.hashKey].reverse().join("")
        await service().updateSettings({ hash_key: wrongKey })
        expect((await api.post("/admin/ecpay-einvoice/settings/test-connection", {}, admin())).data).toMatchObject({ ok: false })
        await service().updateSettings({ hash_key: STAGE.hashKey })
        const { orderId } = await autoIssuedOrder()
        expect((await act(orderId, "allowances", { amount: 100 })).status).toBe(200)
        expect((await act(orderId, "resend", {})).status).toBe(200)

        const secrets = [STAGE.hashKey, STAGE.hashIV, wrongKey]
        expect(await columnsContaining(dbConnection, secrets)).toEqual([])
        const logged = consoleLines()
        expect(logged.length).toBeGreaterThan(100)
        expect(logged.filter((line) => secrets.some((secret) => line.includes(secret)))).toEqual([])
      })
    })
  },
})

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) {
    delete process.env[name]
  } else {
    process.env[name] = value
  }
}
