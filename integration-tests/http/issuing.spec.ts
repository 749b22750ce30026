import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { RunningSimulator } from "../../src/simulator"
import retryEinvoicesJob from "../../src/jobs/retry-einvoices"
import { issueEinvoiceWorkflow } from "../../src/workflows/issue-einvoice"
import {
  configureEinvoice,
  einvoiceService,
  eventually,
  issueRequests,
  startTestSimulator,
  STAGE,
} from "../helpers/einvoice"
import {
  capturePayment,
  createPercentagePromotion,
  createStoreFixture,
  placeOrder,
  type StoreFixture,
} from "../helpers/store-fixture"

jest.setTimeout(180000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    const noThrow = { validateStatus: () => true }
    let simulator: RunningSimulator
    let fixture: StoreFixture

    beforeAll(async () => {
      simulator = await startTestSimulator()
      fixture = await createStoreFixture(getContainer(), api)
      await configureEinvoice(getContainer(), simulator)
    })
    afterAll(async () => {
      await simulator.close()
    })
    beforeEach(() => {
      simulator.reset()
    })

    const service = () => einvoiceService(getContainer())
    const invoicesOf = (orderId: string) => service().listEinvoices({ order_id: orderId })
    const simulatorInvoicesFor = (relateNumber: string) =>
      simulator.snapshot().invoices.filter((invoice: any) => invoice.relateNumber.toUpperCase() === relateNumber.toUpperCase())
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
    /** The invoice once its first attempt failed transiently and a retry time was set. */
    const pendingRetry = async (orderId: string) =>
      eventually(async () => {
        const [invoice] = await invoicesOf(orderId)
        expect(invoice?.status).toBe("pending")
        expect(invoice.attempts).toBe(1)
        expect(invoice.next_attempt_at).toBeTruthy()
        return invoice
      })
    /** Captures through the admin API and waits until the plugin's payment.captured handler has run. */
    const captureAndSettle = async (orderId: string) => {
      const settled = TestEventUtils.waitSubscribersExecution(
        "payment.captured",
        getContainer().resolve(Modules.EVENT_BUS)
      )
      await capturePayment(api, fixture, orderId)
      await settled
    }
    const issuedInvoice = async (orderId: string) =>
      eventually(async () => {
        const [invoice] = await invoicesOf(orderId)
        expect(invoice?.status).toBe("issued")
        return invoice
      })

    describe("automatic issuing on payment capture, for every invoice type", () => {
      it.each([
        ["member carrier", undefined, { CarrierType: "1", CarrierNum: "", Donation: "0", Print: "0", CustomerEmail: "buyer@example.com" }],
        ["citizen certificate", { type: "citizen_certificate", carrier_number: "AB12345678901234" }, { CarrierType: "2", CarrierNum: "AB12345678901234" }],
        ["mobile barcode", { type: "mobile_barcode", carrier_number: "/ABC1234" }, { CarrierType: "3", CarrierNum: "/ABC1234" }],
        ["donation", { type: "donation", love_code: "168001" }, { Donation: "1", LoveCode: "168001", Print: "0" }],
        ["company", { type: "company", tax_id: "12345675", company_name: "好茶股份有限公司" }, { CustomerIdentifier: "12345675", CustomerName: "好茶股份有限公司", CarrierType: "1", Print: "0" }],
        ["paper", { type: "paper", buyer_name: "王小明", address: "110台北市信義路五段7號" }, { Print: "1", CarrierType: "", CustomerName: "王小明", CustomerAddr: "110台北市信義路五段7號" }],
      ])("%s: nothing before capture, exactly one invoice after", async (_label, choice, expected) => {
        const { orderId } = await order(choice)
        const before = await api.get(`/admin/orders/${orderId}/einvoice`, { headers: fixture.adminHeaders })
        expect(before.data.invoice).toBeNull()
        expect(before.data.actions).toEqual([])
        expect(issueRequests(simulator)).toHaveLength(0)

        await capturePayment(api, fixture, orderId)
        const invoice = await issuedInvoice(orderId)
        expect(invoice.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)
        expect(invoice.random_number).toMatch(/^\d{4}$/)
        expect(invoice.total).toBe(2850)

        const atEcpay = simulatorInvoicesFor(invoice.relate_number)
        expect(atEcpay).toHaveLength(1)
        const sent = issueRequests(simulator)
        expect(sent).toHaveLength(1)
        expect(sent[0].data).toMatchObject({ ...expected, SalesAmount: 2850 })

        const { data } = await api.get(`/admin/orders/${orderId}/einvoice`, { headers: fixture.adminHeaders })
        expect(data.invoice).toMatchObject({ status: "issued", invoice_number: invoice.invoice_number, order_id: orderId })
        expect(data.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["invoice.issue_requested", "invoice.issued"]))
        const shopper = await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })
        expect(shopper.data.einvoice).toMatchObject({ status: "issued", invoice_number: invoice.invoice_number })
      })

      it("issues an order paid at checkout (only order.placed fires)", async () => {
        const { orderId } = await order(undefined, { paymentProviderId: "pp_autocapture_autocapture" })
        const invoice = await issuedInvoice(orderId)
        expect(simulatorInvoicesFor(invoice.relate_number)).toHaveLength(1)
      })

      it("does not issue on capture in manual mode; the admin call does", async () => {
        await service().updateSettings({ issue_mode: "manual" })
        const { orderId } = await order()
        await captureAndSettle(orderId)
        expect(await invoicesOf(orderId)).toHaveLength(0)

        const view = await api.get(`/admin/orders/${orderId}/einvoice`, { headers: fixture.adminHeaders })
        expect(view.data.actions).toEqual(["issue"])
        expect(view.data.preview).toMatchObject({ kind: "issue", SalesAmount: 2850, CarrierType: "1" })
        expect(view.data.preview.Items.map((i: any) => i.ItemAmount).reduce((a: number, b: number) => a + b)).toBe(2850)

        const { data } = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders })
        expect(data.invoice).toMatchObject({ status: "issued" })
        // Issued: no more issuing, only what comes after it.
        expect(data.actions).toEqual(["void", "reissue", "allowance", "resend", "sync"])
        expect(issueRequests(simulator)).toHaveLength(1)
      })

      it("refuses to issue an unpaid order, naming the payment state", async () => {
        const { orderId } = await order()
        const response = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders, ...noThrow })
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/Only paid orders.*authorized/)
        expect(response.data.code).toBe("order_not_paid")
        expect(issueRequests(simulator)).toHaveLength(0)
      })
    })

    describe("timing, cancellation, events and notification", () => {
      it("issues on fulfillment when that is the trigger, not on capture", async () => {
        await service().updateSettings({ issue_trigger: "fulfillment" })
        const { orderId } = await order()
        await captureAndSettle(orderId)
        expect(await invoicesOf(orderId)).toHaveLength(0)

        const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*items`, { headers: fixture.adminHeaders })
        const fulfilled = await api.post(
          `/admin/orders/${orderId}/fulfillments`,
          { location_id: fixture.stockLocationId, items: data.order.items.map((i: any) => ({ id: i.id, quantity: i.quantity })) },
          { headers: fixture.adminHeaders, ...noThrow }
        )
        expect(fulfilled.status).toBe(200)
        await issuedInvoice(orderId)
      })

      it("schedules the invoice N days after capture; canceling the order first drops it", async () => {
        await service().updateSettings({ issue_delay_days: 3 })
        const { orderId } = await order()
        await capturePayment(api, fixture, orderId)
        const scheduled = await eventually(async () => {
          const [invoice] = await invoicesOf(orderId)
          expect(invoice?.status).toBe("pending")
          return invoice
        })
        const days = (new Date(scheduled.next_attempt_at!).getTime() - Date.now()) / 86_400_000
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
        const received: any[] = []
        eventBus.subscribe("ecpay_einvoice.issued", async (event: any) => {
          received.push(event.data)
        }, { subscriberId: "test-einvoice-issued" })

        const { orderId } = await order()
        await capturePayment(api, fixture, orderId)
        const invoice = await issuedInvoice(orderId)
        await eventually(async () => expect(received).toEqual([expect.objectContaining({ id: invoice.id, order_id: orderId, invoice_number: invoice.invoice_number })]))

        const notifications = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ resource_id: invoice.id })
        expect(notifications).toHaveLength(1)
        expect(notifications[0]).toMatchObject({ to: "buyer@example.com", channel: "email", template: "einvoice-issued" })
        expect(notifications[0].data).toMatchObject({
          invoice_number: invoice.invoice_number,
          random_number: invoice.random_number,
          lookup_url: expect.stringMatching(/einvoice\.nat\.gov\.tw/),
        })
      })
    })

    describe("exactly one invoice, whatever fails", () => {
      it("reconciles a response dropped after ECPay issued: one invoice, no second successful Issue", async () => {
        await service().updateSettings({ issue_mode: "manual" })
        const { orderId } = await order()
        await capturePayment(api, fixture, orderId)
        simulator.setFault({ operation: "Issue", type: "drop_after_commit" })
        const { data } = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders })
        expect(data.invoice.status).toBe("issued")
        expect(simulatorInvoicesFor(data.invoice.relate_number)).toHaveLength(1)
        expect(issueRequests(simulator).filter((r) => r.rtnCode === 1)).toHaveLength(1)
        expect(data.events.map((e: any) => e.data?.via).filter(Boolean)).toContain("reconciled after unknown outcome")
      })

      it("two concurrent issue requests for one order make one invoice", async () => {
        await service().updateSettings({ issue_mode: "manual" })
        const { orderId } = await order()
        await capturePayment(api, fixture, orderId)
        const responses = await Promise.all([
          api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders, ...noThrow }),
          api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders, ...noThrow }),
        ])
        expect(responses.map((r) => r.status)).toEqual([200, 200])
        const invoices = await invoicesOf(orderId)
        expect(invoices).toHaveLength(1)
        expect(invoices[0].status).toBe("issued")
        expect(issueRequests(simulator)).toHaveLength(1)
      })

      it("the same event delivered twice makes one invoice", async () => {
        const { orderId } = await order()
        await capturePayment(api, fixture, orderId)
        await issuedInvoice(orderId)
        const container = getContainer()
        await Promise.all([
          issueEinvoiceWorkflow(container).run({ input: { order_id: orderId, trigger: "payment_captured", actor: { type: "system" } } }),
          issueEinvoiceWorkflow(container).run({ input: { order_id: orderId, trigger: "order_placed", actor: { type: "system" } } }),
        ])
        expect(await invoicesOf(orderId)).toHaveLength(1)
        expect(issueRequests(simulator)).toHaveLength(1)
      })

      it("an HTTP 500 leaves the invoice pending; the retry job issues it", async () => {
        const { orderId } = await order()
        simulator.setFault({ operation: "Issue", type: "http_500" })
        await capturePayment(api, fixture, orderId)
        const pending = await pendingRetry(orderId)
        expect(pending.last_error_message).toMatch(/500/)
        expect(pending.next_attempt_at).toBeTruthy()

        // Not due yet: the job leaves it alone.
        await retryEinvoicesJob(getContainer())
        expect((await invoicesOf(orderId))[0].status).toBe("pending")

        await service().updateEinvoices({ id: pending.id, next_attempt_at: new Date(Date.now() - 1000) })
        await retryEinvoicesJob(getContainer())
        const [issued] = await invoicesOf(orderId)
        expect(issued.status).toBe("issued")
        expect(issued.relate_number).toBe(pending.relate_number)
        expect(simulatorInvoicesFor(issued.relate_number)).toHaveLength(1)
      })

      it("the retry job also picks up an attempt interrupted mid-way (pending, no retry time)", async () => {
        const { orderId } = await order()
        simulator.setFault({ operation: "Issue", type: "http_500" })
        await capturePayment(api, fixture, orderId)
        const pending = await pendingRetry(orderId)
        // As if the process had stopped during the attempt: no retry time, untouched for a while.
        await service().updateEinvoices({ id: pending.id, next_attempt_at: null })
        await retryEinvoicesJob(getContainer())
        expect((await invoicesOf(orderId))[0].status).toBe("pending")
        await dbConnection.raw(`update ecpay_einvoice set updated_at = now() - interval '11 minutes' where id = ?`, [pending.id])
        await retryEinvoicesJob(getContainer())
        const [issued] = await invoicesOf(orderId)
        expect(issued.status).toBe("issued")
        expect(simulatorInvoicesFor(issued.relate_number)).toHaveLength(1)
      })

      it("a refusal by ECPay leaves the invoice failed with ECPay's code and message; retry issues it", async () => {
        const { orderId } = await order()
        simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "測試拒絕：字軌已用完" })
        await capturePayment(api, fixture, orderId)
        const failed = await eventually(async () => {
          const [invoice] = await invoicesOf(orderId)
          expect(invoice?.status).toBe("failed")
          return invoice
        })
        expect(failed).toMatchObject({ last_error_code: "1100099", last_error_message: "測試拒絕：字軌已用完" })
        const view = await api.get(`/admin/orders/${orderId}/einvoice`, { headers: fixture.adminHeaders })
        expect(view.data.actions).toEqual(["retry"])

        const { data } = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders })
        expect(data.invoice.status).toBe("issued")
        expect(await invoicesOf(orderId)).toHaveLength(1)
      })
    })

    describe("amounts", () => {
      it("reconciles a percentage promotion over several quantities and shipping exactly", async () => {
        await createPercentagePromotion(api, fixture, { code: "TEA15", percent: 15 })
        const { orderId } = await placeOrder(api, fixture, {
          items: [
            { variantId: fixture.variants.mugId, quantity: 3 },
            { variantId: fixture.variants.teaId, quantity: 1 },
          ],
          promoCode: "TEA15",
        })
        await capturePayment(api, fixture, orderId)
        const invoice = await issuedInvoice(orderId)
        // (3 × 350 + 1200) × 0.85 + 100 shipping = 2012.5 paid → SalesAmount 2013 (half up).
        expect(invoice.total).toBe(2013)
        const [sent] = issueRequests(simulator)
        const items = (sent.data as any).Items as Array<{ ItemName: string; ItemCount: number; ItemPrice: number; ItemAmount: number }>
        expect(items.reduce((sum, item) => sum + item.ItemAmount, 0)).toBe(2013)
        for (const item of items) {
          expect(Number.isInteger(item.ItemPrice)).toBe(true)
          expect(item.ItemPrice * item.ItemCount).toBe(item.ItemAmount)
        }
        expect(items.filter((i) => i.ItemName.startsWith("馬克杯")).reduce((n, i) => n + i.ItemCount, 0)).toBe(3)
        expect(items.filter((i) => i.ItemName.startsWith("茶葉禮盒")).reduce((n, i) => n + i.ItemCount, 0)).toBe(1)
        expect(items.some((i) => i.ItemName.startsWith("運費"))).toBe(true)
      })

      it("skips a zero-total order with the reason", async () => {
        await createPercentagePromotion(api, fixture, { code: "FREE", percent: 100 })
        await api.post(
          "/admin/promotions",
          {
            code: "FREESHIP",
            type: "standard",
            status: "active",
            is_automatic: false,
            application_method: { type: "percentage", target_type: "shipping_methods", allocation: "across", value: 100, currency_code: "twd" },
          },
          { headers: fixture.adminHeaders }
        )
        await service().updateSettings({ issue_mode: "manual" })
        const { orderId } = await placeOrder(api, fixture, {
          items: [{ variantId: fixture.variants.mugId, quantity: 1 }],
          promoCode: "FREE",
          beforeComplete: async (cartId) => {
            await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: ["FREESHIP"] }, { headers: fixture.storeHeaders })
          },
        })
        const { data: adminOrder } = await api.get(`/admin/orders/${orderId}?fields=id,total`, { headers: fixture.adminHeaders })
        expect(adminOrder.order.total).toBe(0)
        const { data } = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, { headers: fixture.adminHeaders })
        const [invoice] = await invoicesOf(orderId)
        expect(data.result.outcome).toBe("skipped")
        expect(invoice).toMatchObject({ status: "skipped" })
        expect(invoice.status_reason).toMatch(/zero/)
        expect(issueRequests(simulator)).toHaveLength(0)
      })
    })

    describe("bulk issue and settings connection", () => {
      it("issues several orders and answers per order", async () => {
        await service().updateSettings({ issue_mode: "manual" })
        const paid = await order()
        await capturePayment(api, fixture, paid.orderId)
        const unpaid = await order()
        const { data } = await api.post(
          "/admin/einvoices/bulk-issue",
          { order_ids: [paid.orderId, unpaid.orderId, "order_missing"] },
          { headers: fixture.adminHeaders }
        )
        expect(data.results).toEqual([
          expect.objectContaining({ order_id: paid.orderId, ok: true, status: "issued" }),
          expect.objectContaining({ order_id: unpaid.orderId, ok: false, error: expect.objectContaining({ message: expect.stringMatching(/Only paid orders/) }) }),
          expect.objectContaining({ order_id: "order_missing", ok: false, error: expect.objectContaining({ message: expect.stringMatching(/not found/) }) }),
        ])
        expect(data.summary).toEqual({ requested: 3, issued: 1, failed: 2 })
      })

      it.each([[{}], [{ order_ids: [] }], [{ order_ids: ["a", "a"] }], [{ order_ids: "order_1" }]])(
        "bulk issue answers 400 to %j",
        async (body) => {
          const response = await api.post("/admin/einvoices/bulk-issue", body, { headers: fixture.adminHeaders, ...noThrow })
          expect(response.status).toBe(400)
          expect(response.data.errors[0].field).toMatch(/order_ids/)
        }
      )

      it("tests the connection with the saved credentials, and says plainly when they are wrong", async () => {
        const ok = await api.post("/admin/ecpay-einvoice/settings/test-connection", {}, { headers: fixture.adminHeaders })
        expect(ok.data).toMatchObject({ ok: true, code: "connected", merchant_id: "2000132" })
        const wrongKey = [...STAGE.hashKey].reverse().join("")
        await service().updateSettings({ hash_key: wrongKey })
        const wrong = await api.post("/admin/ecpay-einvoice/settings/test-connection", {}, { headers: fixture.adminHeaders })
        expect(wrong.data).toMatchObject({ ok: false, code: "credentials_rejected" })
        expect(JSON.stringify(wrong.data)).not.toContain(wrongKey)
      })
    })
  },
})
