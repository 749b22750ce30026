import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { RunningSimulator } from "../../src/simulator"
import { EcpayInvoiceClient, formatTaipeiDate } from "../../src/lib/ecpay"
import { invoicePeriodOf } from "../../src/lib/invoice-period"
import syncEinvoicesJob from "../../src/jobs/sync-einvoices"
import { CHARITIES, configureEinvoice, einvoiceService, eventually, startTestSimulator, STAGE } from "../helpers/einvoice"
import { capturePayment, createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180000)

/**
 * What happens to an issued invoice when the order's life goes on: canceled (void, or nothing when the
 * store says so), refunded (an allowance), corrected (void-and-reissue), changed at ECPay (sync job); and
 * the invoices list, CSV export and bulk resend.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
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
    const admin = () => ({ headers: fixture.adminHeaders, ...noThrow })
    const ecpay = () =>
      new EcpayInvoiceClient({ ...STAGE, environment: "stage", baseUrl: simulator.url })

    /** A paid order (tea 1200 + mug 350 + shipping) whose invoice has been issued. */
    const issuedOrder = async () => {
      const { orderId } = await placeOrder(api, fixture, {
        items: [
          { variantId: fixture.variants.teaId, quantity: 1 },
          { variantId: fixture.variants.mugId, quantity: 1 },
        ],
      })
      const paymentId = await capturePayment(api, fixture, orderId)
      const invoice = await eventually(async () => {
        const [found] = await service().listEinvoices({ order_id: orderId, status: "issued" })
        expect(found?.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)
        return found
      })
      return { orderId, paymentId, invoice }
    }
    /** Resolves once every subscriber of `event` (the plugin's included) has finished. */
    const handled = (event: string) =>
      TestEventUtils.waitSubscribersExecution(event, getContainer().resolve(Modules.EVENT_BUS))
    const view = async (orderId: string) => (await api.get(`/admin/orders/${orderId}/einvoice`, admin())).data

    describe("order canceled", () => {
      it("voids the issued invoice at ECPay with the reason 訂單取消 when void-on-cancel is on (the default)", async () => {
        const { orderId, invoice } = await issuedOrder()
        const canceled = await api.post(`/admin/orders/${orderId}/cancel`, {}, admin())
        expect(canceled.status).toBe(200)

        const voided = await eventually(async () => {
          const row = await service().retrieveEinvoice(invoice.id)
          expect(row.status).toBe("voided")
          return row
        })
        expect(voided.void_reason).toBe("訂單取消")
        const atEcpay = simulator.snapshot().invoices.find((entry: any) => entry.invoiceNo === invoice.invoice_number)
        expect(atEcpay!.voided).toMatchObject({ reason: "訂單取消" })
        const events = (await view(orderId)).events.map((event: any) => [event.action, event.actor_type])
        expect(events).toContainEqual(["invoice.voided", "system"])
        // A canceled order is not invoiced again.
        expect((await view(orderId)).actions).not.toContain("issue")
      })

      it("leaves the invoice alone when void-on-cancel is off", async () => {
        await service().updateSettings({ auto_void_on_cancel: false })
        try {
          const { orderId, invoice } = await issuedOrder()
          const done = handled("order.canceled")
          expect((await api.post(`/admin/orders/${orderId}/cancel`, {}, admin())).status).toBe(200)
          await done
          expect((await service().retrieveEinvoice(invoice.id)).status).toBe("issued")
          expect(simulator.requests.filter((entry) => entry.operation === "Invalid")).toHaveLength(0)
        } finally {
          await service().updateSettings({ auto_void_on_cancel: true })
        }
      })
    })

    describe("refund", () => {
      it("becomes a paper allowance for the refunded amount, once per refund, when allowance-on-refund is on", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true })
        try {
          const { orderId, paymentId, invoice } = await issuedOrder()
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
          const atEcpay = simulator.snapshot().invoices.find((entry: any) => entry.invoiceNo === invoice.invoice_number)
          expect(atEcpay!.remainingAllowanceAmount).toBe(invoice.total - 450)
          expect((await service().retrieveEinvoice(invoice.id)).remaining_allowance_amount).toBe(invoice.total - 450)
          // The shopper sees the allowances of their invoice.
          const shopper = (await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })).data
          expect(shopper.einvoice.allowances.map((entry: any) => [entry.amount, entry.status]).sort()).toEqual([
            [100, "issued"],
            [350, "issued"],
          ])
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
          expect(bad.data.errors.map((error: any) => error.field)).toEqual(["kind"])
        } finally {
          await service().updateSettings({ auto_allowance_on_refund: false })
        }
      })

      it("covers a refund made before the invoice was issued, once the invoice is issued", async () => {
        await service().updateSettings({ auto_allowance_on_refund: true, issue_mode: "manual" })
        try {
          const { orderId } = await placeOrder(api, fixture, {
            items: [{ variantId: fixture.variants.teaId, quantity: 1 }],
          })
          const paymentId = await capturePayment(api, fixture, orderId)
          const refunded = handled("payment.refunded")
          expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 200 }, admin())).status).toBe(200)
          await refunded
          expect(await service().listEinvoices({ order_id: orderId })).toHaveLength(0)

          const issued = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, admin())
          expect(issued.data.invoice.status).toBe("issued")
          const allowance = await eventually(async () => {
            const [row] = await service().listEinvoiceAllowances({ einvoice_id: issued.data.invoice.id })
            expect(row?.status).toBe("issued")
            return row
          })
          expect(allowance).toMatchObject({ amount: 200, reason: "退款折讓" })
        } finally {
          await service().updateSettings({ auto_allowance_on_refund: false, issue_mode: "automatic" })
        }
      })

      it("makes no allowance while allowance-on-refund is off (the default)", async () => {
        const { paymentId, invoice } = await issuedOrder()
        const done = handled("payment.refunded")
        expect((await api.post(`/admin/payments/${paymentId}/refund`, { amount: 200 }, admin())).status).toBe(200)
        await done
        expect(await service().listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(0)
        expect(simulator.requests.filter((entry) => entry.operation === "Allowance")).toHaveLength(0)
      })
    })

    describe("void and re-issue (註銷重開)", () => {
      it("moves the invoice to a donation under the same number, keeping lines and amount", async () => {
        const { orderId, invoice } = await issuedOrder()
        const response = await api.post(
          `/admin/orders/${orderId}/einvoice/reissue`,
          { reason: "改為捐贈", choice: { type: "donation", love_code: CHARITIES[0].code } },
          admin()
        )
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
        const atEcpay = simulator.snapshot().invoices.find((entry: any) => entry.invoiceNo === invoice.invoice_number)
        expect(atEcpay!.content).toMatchObject({ donation: "1", loveCode: CHARITIES[0].code, salesAmount: invoice.total })
        expect(atEcpay!.reissues).toHaveLength(1)
        expect(response.data.events.map((event: any) => event.action)).toContain("invoice.reissued")
      })

      it("refuses bad corrected data with a 400 naming the field, before ECPay is called", async () => {
        const { orderId } = await issuedOrder()
        const bad = await api.post(
          `/admin/orders/${orderId}/einvoice/reissue`,
          { reason: "改統編", choice: { type: "company", tax_id: "12345678", company_name: "測試公司" } },
          admin()
        )
        expect(bad.status).toBe(400)
        expect(bad.data.errors.map((error: any) => error.field)).toContain("choice.tax_id")
        const noReason = await api.post(`/admin/orders/${orderId}/einvoice/reissue`, { choice: { type: "member" } }, admin())
        expect(noReason.status).toBe(400)
        expect(noReason.data.errors).toContainEqual(expect.objectContaining({ field: "reason" }))
        expect(simulator.requests.filter((entry) => entry.operation === "VoidWithReIssue")).toHaveLength(0)
      })
    })

    describe("allowances whose outcome was lost", () => {
      it("keep their amount reserved until sync finds them at ECPay", async () => {
        const { orderId, invoice } = await issuedOrder()
        // The allowance is made, its reply lost, and ECPay's list cannot be read either.
        simulator.setFault({ operation: "Allowance", type: "drop_after_commit" })
        simulator.setFault({ operation: "GetAllowanceList", type: "http_500" })
        const lost = await api.post(`/admin/orders/${orderId}/einvoice/allowances`, { amount: 300, agreement: "paper" }, admin())
        expect(lost.data.result).toMatchObject({ outcome: "unknown", status: "pending" })
        expect(lost.data.after_issue.remaining_allowance_amount).toBe(invoice.total - 300)

        // A second try for everything that looks left would over-allow if the first had been forgotten.
        const again = await api.post(`/admin/orders/${orderId}/einvoice/allowances`, { amount: invoice.total, agreement: "paper" }, admin())
        expect(again.status).toBe(400)
        expect(again.data.code).toBe("allowance_exceeds_remaining")
        expect(lost.data.actions).not.toContain("void")

        const synced = await api.post(`/admin/orders/${orderId}/einvoice/sync`, {}, admin())
        expect(synced.data.result.changes).toContain("allowance_settled")
        expect(synced.data.allowances).toEqual([expect.objectContaining({ amount: 300, status: "issued" })])
        expect(synced.data.allowances[0].allowance_number).toMatch(/^\d{16}$/)
      })

      it("an online request whose reply was lost still takes the buyer's refusal", async () => {
        const saved = process.env.MEDUSA_BACKEND_URL
        process.env.MEDUSA_BACKEND_URL = api.defaults.baseURL
        try {
          const { orderId, invoice } = await issuedOrder()
          simulator.setFault({ operation: "AllowanceByCollegiate", type: "drop_after_commit" })
          const lost = await api.post(
            `/admin/orders/${orderId}/einvoice/allowances`,
            { amount: 200, agreement: "online", notify_email: "buyer@example.com" },
            admin()
          )
          expect(lost.data.result).toMatchObject({ outcome: "unknown", status: "pending" })
          const atEcpay = simulator.snapshot().allowances.filter((entry: any) => entry.invoiceNo === invoice.invoice_number)
          expect(atEcpay).toHaveLength(1)

          const answer = await simulator.disagreeAllowance(atEcpay[0].allowanceNo)
          expect(answer.acknowledged).toBe(true)
          const after = await view(orderId)
          expect(after.allowances).toEqual([
            expect.objectContaining({ status: "rejected", allowance_number: atEcpay[0].allowanceNo }),
          ])
          expect(after.after_issue.remaining_allowance_amount).toBe(invoice.total)
          expect(after.actions).toContain("void")
        } finally {
          if (saved === undefined) delete process.env.MEDUSA_BACKEND_URL
          else process.env.MEDUSA_BACKEND_URL = saved
        }
      })
    })

    describe("sync job", () => {
      it("picks up an allowance made in ECPay's back office, then leaves the invoice alone for 12 hours", async () => {
        const { orderId, invoice } = await issuedOrder()
        await ecpay().allowance({
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

        const forced = await api.post(`/admin/orders/${orderId}/einvoice/sync`, {}, admin())
        expect(forced.data.result).toMatchObject({ outcome: "synced", changes: [] })
      })
    })

    describe("invoices list, CSV export and bulk resend", () => {
      it("lists invoices by status and period, exports the period as CSV and resends in bulk", async () => {
        const { orderId, invoice } = await issuedOrder()
        const period = invoicePeriodOf(new Date(invoice.invoice_date!)).label

        const listed = await api.get(`/admin/einvoices?status=issued&period=${encodeURIComponent(period)}`, admin())
        expect(listed.status).toBe(200)
        expect(listed.data.einvoices.map((row: any) => row.invoice_number)).toContain(invoice.invoice_number)
        expect(listed.data.einvoices.every((row: any) => row.status === "issued" && row.period === period)).toBe(true)
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
          expect(bad.data.errors.map((error: any) => error.field)).toContain(field)
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
        expect(resent.data.results[0]).toMatchObject({ order_id: orderId, ok: true, outcome: "sent", invoice_number: invoice.invoice_number })
        expect(resent.data.results[1]).toMatchObject({ order_id: "order_missing", ok: false, error: { code: "invoice_not_issued" } })
        const notices = simulator.snapshot().notifications.filter((entry: any) => entry.invoiceNo === invoice.invoice_number)
        expect(notices).toEqual([expect.objectContaining({ invoiceTag: "I", notify: "E", notified: "C", mail: invoice.buyer_email })])

        expect((await api.get(`/admin/einvoices`, noThrow)).status).toBe(401)
      })
    })
  },
})
