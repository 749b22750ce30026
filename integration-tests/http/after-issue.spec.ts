import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { RunningSimulator } from "../../src/simulator"
import { computeCheckMacValue, EcpayInvoiceClient, formatTaipeiDate } from "../../src/lib/ecpay"
import { configureEinvoice, startTestSimulator, STAGE } from "../helpers/einvoice"
import { capturePayment, createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180000)

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

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const noThrow = { validateStatus: () => true }
    let simulator: RunningSimulator
    let fixture: StoreFixture

    beforeAll(async () => {
      // A year of timestamp tolerance lets a test date an invoice in an earlier VAT period with the
      // simulator clock while the plugin stamps its requests with the real time.
      simulator = await startTestSimulator({ timestampToleranceSeconds: 366 * 24 * 3600 })
      fixture = await createStoreFixture(getContainer(), api)
      // Manual issuing: each test issues through the admin API, so nothing races the capture handler.
      await configureEinvoice(getContainer(), simulator, { issue_mode: "manual" })
    })
    afterAll(async () => {
      await simulator.close()
    })
    beforeEach(() => {
      simulator.reset()
    })

    // ------------------------------------------------------------------ helpers

    const url = (orderId: string, action?: string) => `/admin/orders/${orderId}/einvoice${action ? `/${action}` : ""}`
    /** POSTs an after-issue action as the logged-in admin; never throws on a status. */
    const act = (orderId: string, action: string, body: unknown = {}) =>
      api.post(url(orderId, action), body, { headers: fixture.adminHeaders, ...noThrow })
    const viewOf = async (orderId: string) => {
      const response = await api.get(url(orderId), { headers: fixture.adminHeaders })
      return response.data
    }
    const eventsNamed = (view: { events: AuditEvent[] }, action: string) => view.events.filter((e) => e.action === action)
    const auditActions = (view: { events: AuditEvent[] }) => view.events.map((e) => e.action)
    const requestsFor = (operation: string) => simulator.requests.filter((entry) => entry.operation === operation)
    const invoiceAtEcpay = (invoiceNo: string) => simulator.snapshot().invoices.find((i) => i.invoiceNo === invoiceNo)
    const allowanceAtEcpay = (allowanceNo: string) => simulator.snapshot().allowances.find((a) => a.allowanceNo === allowanceNo)
    /** ECPay's back office, as far as these tests need it: the protocol, with the store's credentials. */
    const backOffice = () =>
      new EcpayInvoiceClient({ ...STAGE, environment: "stage", baseUrl: simulator.url })
    const postCallback = (fields: Record<string, string>) =>
      api.post(CALLBACK_PATH, new URLSearchParams(fields).toString(), {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        ...noThrow,
      })

    /** A paid order (2 teas, 1 mug, shipping: 2850 TWD) whose invoice the admin issued. */
    const issuedOrder = async () => {
      const { orderId } = await placeOrder(api, fixture, {
        items: [
          { variantId: fixture.variants.teaId, quantity: 2 },
          { variantId: fixture.variants.mugId, quantity: 1 },
        ],
      })
      await captureAndSettle(orderId)
      const { data } = await api.post(url(orderId, "issue"), {}, { headers: fixture.adminHeaders })
      expect(data.invoice).toMatchObject({ status: "issued", total: ORDER_TOTAL })
      return { orderId, invoice: data.invoice as { id: string; invoice_number: string; invoice_date: string; relate_number: string } }
    }
    /** Captures through the admin API and waits until the plugin's payment.captured handler has run. */
    const captureAndSettle = async (orderId: string) => {
      const settled = TestEventUtils.waitSubscribersExecution("payment.captured", getContainer().resolve(Modules.EVENT_BUS))
      await capturePayment(api, fixture, orderId)
      await settled
    }

    // ------------------------------------------------------------------ void

    describe("void (作廢)", () => {
      it("voids the invoice at ECPay, records why, and lets the order be invoiced again", async () => {
        const { orderId, invoice } = await issuedOrder()
        const before = await viewOf(orderId)
        expect(before.actions).toEqual(VOIDABLE_ACTIONS)
        expect(before.after_issue).toMatchObject({ voidable: true, void_blocked_by: null, remaining_allowance_amount: ORDER_TOTAL })

        const emitted = TestEventUtils.waitSubscribersExecution("ecpay_einvoice.voided", getContainer().resolve(Modules.EVENT_BUS))
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
        expect(requestsFor("Invalid")).toEqual([expect.objectContaining({ rtnCode: 1, data: expect.objectContaining({ InvoiceNo: invoice.invoice_number, Reason: "買受人取消訂單" }) })])

        const view = await viewOf(orderId)
        expect(view.invoice).toMatchObject({ id: invoice.id, status: "voided", void_reason: "買受人取消訂單", voided_at: expect.any(String) })
        expect(auditActions(view)).toEqual(expect.arrayContaining(["invoice.void_requested", "invoice.voided"]))
        expect(eventsNamed(view, "invoice.voided")[0]).toMatchObject({ actor_type: "user", reason: "買受人取消訂單", rtn_code: "1" })
        expect(view.actions).toEqual(VOIDED_ACTIONS)
        expect(view.preview).toMatchObject({ kind: "issue", SalesAmount: ORDER_TOTAL })

        const reissued = await act(orderId, "issue")
        expect(reissued.status).toBe(200)
        expect(reissued.data.invoice).toMatchObject({ status: "issued", total: ORDER_TOTAL })
        expect(reissued.data.invoice.invoice_number).not.toBe(invoice.invoice_number)
        expect(reissued.data.invoice.relate_number).not.toBe(invoice.relate_number)
        const atEcpay = simulator.snapshot().invoices
        expect(atEcpay.find((i) => i.invoiceNo === reissued.data.invoice.invoice_number)).toMatchObject({
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

      it("refuses a missing, blank or too long reason and unknown fields, naming the field, without calling ECPay", async () => {
        const { orderId } = await issuedOrder()
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

      it("refuses an order without an issued invoice", async () => {
        const { orderId } = await placeOrder(api, fixture, { items: [{ variantId: fixture.variants.mugId, quantity: 1 }] })
        await captureAndSettle(orderId)
        const response = await act(orderId, "void", { reason: "重複開立" })
        expect(response.status).toBe(400)
        expect(response.data.code).toBe("invoice_not_issued")
        expect(requestsFor("Invalid")).toHaveLength(0)
      })

      it("refuses once the invoice's period is locked and points to an allowance, without calling ECPay", async () => {
        // ECPay dates the invoice 150 days ago: its period's void deadline (at most 75 days after) is gone.
        simulator.setClock(new Date(Date.now() - 150 * DAY_MS))
        const { orderId, invoice } = await issuedOrder()
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

      it("shows ECPay's refusal as outcome failed with its RtnCode and RtnMsg; the invoice stays issued", async () => {
        const { orderId, invoice } = await issuedOrder()
        simulator.setFault({ operation: "Invalid", type: "refuse", rtnCode: 1500077, rtnMsg: "測試拒絕：發票已申報" })
        const response = await act(orderId, "void", { reason: "買受人退貨" })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({
          action: "void",
          outcome: "failed",
          invoice_number: invoice.invoice_number,
          status: "issued",
          error_code: "1500077",
          error_message: "測試拒絕：發票已申報",
        })
        expect(response.data.invoice.status).toBe("issued")
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toBeNull()
        const [failed] = eventsNamed(response.data, "invoice.void_failed")
        expect(failed).toMatchObject({ success: false, rtn_code: "1500077", rtn_msg: "測試拒絕：發票已申報" })
        expect(eventsNamed(response.data, "invoice.voided")).toHaveLength(0)
        expect(response.data.actions).toContain("void")
      })

      it("reconciles a reply lost after ECPay voided: the invoice is voided", async () => {
        const { orderId, invoice } = await issuedOrder()
        simulator.setFault({ operation: "Invalid", type: "drop_after_commit" })
        const response = await act(orderId, "void", { reason: "買受人退貨" })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({ outcome: "voided", status: "voided" })
        expect(response.data.invoice).toMatchObject({ status: "voided", void_reason: "買受人退貨" })
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toMatchObject({ reason: "買受人退貨" })
        expect(requestsFor("Invalid")).toHaveLength(1)
        expect(eventsNamed(response.data, "invoice.voided")[0].data).toMatchObject({ via: "reconciled after unknown outcome" })
      })

      it("an HTTP 500 that changed nothing answers outcome unknown; the invoice stays issued and can be voided", async () => {
        const { orderId, invoice } = await issuedOrder()
        simulator.setFault({ operation: "Invalid", type: "http_500" })
        const response = await act(orderId, "void", { reason: "買受人退貨" })
        expect(response.data.result).toMatchObject({ outcome: "unknown", status: "issued", error_message: expect.stringMatching(/500/) })
        expect(response.data.invoice.status).toBe("issued")
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toBeNull()

        const again = await act(orderId, "void", { reason: "買受人退貨" })
        expect(again.data.result.outcome).toBe("voided")
        expect(invoiceAtEcpay(invoice.invoice_number)?.voided).toMatchObject({ reason: "買受人退貨" })
      })
    })

    // ------------------------------------------------------------------ allowance (paper)

    describe("allowance (折讓) agreed on paper", () => {
      it("allows one unit of a line, blocks the void, and refuses what would over-allow", async () => {
        const { orderId, invoice } = await issuedOrder()
        const before = await viewOf(orderId)
        const line = before.after_issue.lines[0]
        expect(line).toMatchObject({ seq: 1, allowed_quantity: 0, allowed_amount: 0 })
        expect(line.quantity).toBeGreaterThan(0)

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
        expect(both.data.errors).toEqual([expect.objectContaining({ field: "amount", message: expect.stringMatching(/either lines or amount/) })])

        const neither = await act(orderId, "allowances", { reason: "商品瑕疵" })
        expect(neither.status).toBe(400)
        expect(neither.data.errors).toEqual([expect.objectContaining({ field: "lines", message: expect.stringMatching(/either lines or amount/) })])

        expect(requestsFor("Allowance")).toHaveLength(1)
        expect((await viewOf(orderId)).allowances).toHaveLength(1)
      })

      it("allows an amount, then voids that allowance: the amount is allowable again and the invoice voidable", async () => {
        const { orderId, invoice } = await issuedOrder()
        const made = await act(orderId, "allowances", { amount: 500, reason: "運送延遲補償" })
        expect(made.data.result).toMatchObject({ outcome: "issued" })
        const { allowance_id: allowanceId, allowance_number: allowanceNumber } = made.data.result
        expect(made.data.after_issue.remaining_allowance_amount).toBe(ORDER_TOTAL - 500)
        expect(made.data.actions).not.toContain("void")
        expect(requestsFor("Allowance")[0].data).toMatchObject({
          AllowanceAmount: 500,
          Items: [expect.objectContaining({ ItemName: "折讓", ItemCount: 1, ItemPrice: 500, ItemAmount: 500 })],
        })

        const response = await act(orderId, `allowances/${allowanceId}/void`, { reason: "折讓開錯" })
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({
          action: "allowance_void",
          outcome: "voided",
          status: "voided",
          allowance_id: allowanceId,
          allowance_number: allowanceNumber,
        })
        expect(allowanceAtEcpay(allowanceNumber)).toMatchObject({ status: "voided", voided: expect.objectContaining({ reason: "折讓開錯" }) })
        expect(requestsFor("AllowanceInvalid")).toHaveLength(1)
        expect(invoiceAtEcpay(invoice.invoice_number)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)

        const view = response.data
        expect(view.allowances).toEqual([
          expect.objectContaining({ id: allowanceId, status: "voided", void_reason: "折讓開錯", voided_at: expect.any(String), actions: [] }),
        ])
        expect(view.after_issue).toMatchObject({ remaining_allowance_amount: ORDER_TOTAL, voidable: true, void_blocked_by: null })
        expect(view.actions).toEqual(VOIDABLE_ACTIONS)
        expect(eventsNamed(view, "allowance.voided")[0]).toMatchObject({ actor_type: "user", reason: "折讓開錯", rtn_code: "1" })

        const again = await act(orderId, `allowances/${allowanceId}/void`, { reason: "折讓開錯" })
        expect(again.status).toBe(400)
        expect(again.data.code).toBe("allowance_not_voidable")
        expect(requestsFor("AllowanceInvalid")).toHaveLength(1)
      })

      it("refuses an allowance void without a reason, naming the field", async () => {
        const { orderId } = await issuedOrder()
        const made = await act(orderId, "allowances", { amount: 100 })
        const response = await act(orderId, `allowances/${made.data.result.allowance_id}/void`, {})
        expect(response.status).toBe(400)
        expect(response.data.errors).toEqual([expect.objectContaining({ field: "reason" })])
        expect(requestsFor("AllowanceInvalid")).toHaveLength(0)
      })
    })

    // ------------------------------------------------------------------ allowance (online)

    describe("allowance agreed online (ECPay asks the buyer by e-mail)", () => {
      it("is refused while the store has no public URL for ECPay's answer", async () => {
        const saved = process.env.MEDUSA_BACKEND_URL
        delete process.env.MEDUSA_BACKEND_URL
        try {
          const { orderId } = await issuedOrder()
          const view = await viewOf(orderId)
          expect(view.after_issue).toMatchObject({ online_available: false, default_agreement: "paper", buyer_email: BUYER_EMAIL })
          const response = await act(orderId, "allowances", { agreement: "online", amount: 300, notify_email: "buyer2@example.com" })
          expect(response.status).toBe(400)
          expect(response.data.code).toBe("callback_url_missing")
          expect(requestsFor("AllowanceByCollegiate")).toHaveLength(0)
          expect((await viewOf(orderId)).allowances).toHaveLength(0)
        } finally {
          restoreEnv("MEDUSA_BACKEND_URL", saved)
        }
      })

      it("answers an authentic post about an allowance the store does not have with 404 and 0|…", async () => {
        const fields: Record<string, string> = {
          RtnCode: "1",
          RtnMsg: "買受人已同意折讓",
          IA_Allow_No: "2026010100000001",
          IA_Invoice_No: "ZZ00000001",
          IA_Date: "2026-01-01 12:00:00",
          IIS_Remain_Allowance_Amt: "0",
          MerchantID: STAGE.merchantId,
        }
        fields.CheckMacValue = computeCheckMacValue(fields, STAGE.hashKey, STAGE.hashIV)
        const response = await postCallback(fields)
        expect(response.status).toBe(404)
        // A fixed reason: an unauthenticated caller learns nothing about the store's invoices.
        expect(response.data).toBe("0|unknown allowance")
      })

      describe("with the store's public URL", () => {
        let savedBackendUrl: string | undefined
        let backendUrl: string
        beforeEach(() => {
          savedBackendUrl = process.env.MEDUSA_BACKEND_URL
          backendUrl = api.defaults.baseURL
          process.env.MEDUSA_BACKEND_URL = backendUrl
        })
        afterEach(() => {
          restoreEnv("MEDUSA_BACKEND_URL", savedBackendUrl)
        })

        /** An issued order with an online allowance of 300 TWD awaiting the buyer's answer. */
        const awaitingAllowance = async () => {
          const { orderId, invoice } = await issuedOrder()
          const response = await act(orderId, "allowances", {
            agreement: "online",
            amount: 300,
            notify_email: "buyer2@example.com",
            reason: "部分退貨",
          })
          expect(response.status).toBe(200)
          return { orderId, invoice, response }
        }

        it("waits for the buyer; the buyer's agreement, posted by ECPay, issues it, once and only when authentic", async () => {
          const { orderId, invoice, response } = await awaitingAllowance()
          const { result } = response.data
          expect(result).toMatchObject({ action: "allowance", outcome: "awaiting_agreement", status: "awaiting_agreement" })
          expect(result.allowance_number).toMatch(/^\d{16}$/)
          const number: string = result.allowance_number
          expect(requestsFor("AllowanceByCollegiate")).toEqual([
            expect.objectContaining({
              rtnCode: 1,
              data: expect.objectContaining({ NotifyMail: "buyer2@example.com", AllowanceAmount: 300, ReturnURL: `${backendUrl}${CALLBACK_PATH}` }),
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
        })

        it("the buyer's refusal rejects it and frees the amount", async () => {
          const { orderId, invoice, response } = await awaitingAllowance()
          const number: string = response.data.result.allowance_number
          const answer = await simulator.disagreeAllowance(number)
          expect(answer).toMatchObject({ httpStatus: 200, acknowledged: true })

          const view = await viewOf(orderId)
          expect(view.allowances).toEqual([expect.objectContaining({ allowance_number: number, status: "rejected", actions: [] })])
          expect(view.after_issue).toMatchObject({ remaining_allowance_amount: ORDER_TOTAL, void_blocked_by: null })
          expect(view.actions).toEqual(VOIDABLE_ACTIONS)
          expect(eventsNamed(view, "allowance.rejected")).toEqual([expect.objectContaining({ actor_type: "ecpay", success: false })])
          expect(allowanceAtEcpay(number)?.status).toBe("rejected")
          expect(invoiceAtEcpay(invoice.invoice_number)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)
        })

        it("an allowance still awaiting the buyer can be cancelled", async () => {
          const { orderId, invoice, response } = await awaitingAllowance()
          const { allowance_id: allowanceId, allowance_number: number } = response.data.result
          const cancelled = await act(orderId, `allowances/${allowanceId}/void`, { reason: "改以紙本折讓" })
          expect(cancelled.status).toBe(200)
          expect(cancelled.data.result).toMatchObject({ action: "allowance_void", outcome: "voided", status: "voided", allowance_number: number })
          expect(requestsFor("AllowanceInvalidByCollegiate")).toEqual([
            expect.objectContaining({ rtnCode: 1, data: expect.objectContaining({ AllowanceNo: number, Reason: "改以紙本折讓" }) }),
          ])
          expect(requestsFor("AllowanceInvalid")).toHaveLength(0)
          expect(allowanceAtEcpay(number)?.status).toBe("cancelled")
          expect(invoiceAtEcpay(invoice.invoice_number)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)
          expect(cancelled.data.allowances).toEqual([expect.objectContaining({ id: allowanceId, status: "voided", void_reason: "改以紙本折讓", actions: [] })])
          expect(cancelled.data.after_issue.remaining_allowance_amount).toBe(ORDER_TOTAL)
          expect(cancelled.data.actions).toContain("void")
        })
      })
    })

    // ------------------------------------------------------------------ resend

    describe("resend notification", () => {
      it("has ECPay send the invoice notice again, to the buyer or another address", async () => {
        const { orderId, invoice } = await issuedOrder()
        const response = await act(orderId, "resend", {})
        expect(response.status).toBe(200)
        expect(response.data.result).toMatchObject({ action: "resend", outcome: "sent", invoice_number: invoice.invoice_number, error_code: null })
        expect(requestsFor("InvoiceNotify")).toEqual([
          expect.objectContaining({ rtnCode: 1, data: expect.objectContaining({ InvoiceNo: invoice.invoice_number, NotifyMail: BUYER_EMAIL, InvoiceTag: "I" }) }),
        ])
        expect(simulator.snapshot().notifications).toEqual([expect.objectContaining({ invoiceNo: invoice.invoice_number, mail: BUYER_EMAIL })])
        expect(eventsNamed(response.data, "invoice.notification_sent")[0]).toMatchObject({ actor_type: "user", data: expect.objectContaining({ email: BUYER_EMAIL }) })

        const other = await act(orderId, "resend", { email: "accounting@example.com" })
        expect(other.data.result.outcome).toBe("sent")
        expect(simulator.snapshot().notifications.map((n) => n.mail)).toEqual([BUYER_EMAIL, "accounting@example.com"])
      })

      it("refuses an address that is not one, naming email", async () => {
        const { orderId } = await issuedOrder()
        const response = await act(orderId, "resend", { email: "not-an-email" })
        expect(response.status).toBe(400)
        expect(response.data.errors).toEqual([expect.objectContaining({ field: "email" })])
        expect(requestsFor("InvoiceNotify")).toHaveLength(0)
      })

      it("for a voided invoice sends the void notice", async () => {
        const { orderId, invoice } = await issuedOrder()
        await act(orderId, "void", { reason: "買受人取消訂單" })
        const response = await act(orderId, "resend", {})
        expect(response.data.result).toMatchObject({ outcome: "sent", invoice_number: invoice.invoice_number, status: "voided" })
        expect(requestsFor("InvoiceNotify")[0].data).toMatchObject({ InvoiceNo: invoice.invoice_number, InvoiceTag: "II" })
      })
    })

    // ------------------------------------------------------------------ sync

    describe("sync from ECPay", () => {
      it("picks up a void made in ECPay's back office", async () => {
        const { orderId, invoice } = await issuedOrder()
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

      it("picks up an allowance made in ECPay's back office", async () => {
        const { orderId, invoice } = await issuedOrder()
        const made = await backOffice().allowance({
          InvoiceNo: invoice.invoice_number,
          InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date)),
          AllowanceNotify: "N",
          AllowanceAmount: 200,
          Items: [{ ItemSeq: 1, ItemName: "退貨", ItemCount: 1, ItemWord: "個", ItemPrice: 200, ItemAmount: 200 }],
        })

        const response = await act(orderId, "sync")
        expect(response.data.result).toMatchObject({ outcome: "synced", status: "issued" })
        expect(response.data.result.changes).toEqual(expect.arrayContaining(["allowance_added", "remaining_allowance_amount"]))
        expect(response.data.allowances).toEqual([
          expect.objectContaining({ allowance_number: made.IA_Allow_No, amount: 200, status: "issued", actions: ["void"] }),
        ])
        expect(response.data.after_issue).toMatchObject({ remaining_allowance_amount: ORDER_TOTAL - 200, void_blocked_by: "allowances" })
        expect(response.data.actions).not.toContain("void")

        // A second sync finds nothing new.
        const again = await act(orderId, "sync")
        expect(again.data.result.changes).not.toContain("allowance_added")
        expect(again.data.allowances).toHaveLength(1)
      })
    })

    // ------------------------------------------------------------------ auth

    describe("admin authentication", () => {
      it("every after-issue route answers 401 without the admin token and changes nothing", async () => {
        const { orderId } = await issuedOrder()
        const made = await act(orderId, "allowances", { amount: 100 })
        const allowanceId = made.data.result.allowance_id
        const before = simulator.requests.length
        const routes: Array<[string, unknown]> = [
          ["void", { reason: "買受人退貨" }],
          ["allowances", { amount: 100 }],
          [`allowances/${allowanceId}/void`, { reason: "折讓開錯" }],
          ["resend", {}],
          ["sync", {}],
        ]
        for (const [action, body] of routes) {
          const response = await api.post(url(orderId, action), body, noThrow)
          expect({ action, status: response.status }).toEqual({ action, status: 401 })
        }
        expect(simulator.requests.length).toBe(before)
        const view = await viewOf(orderId)
        expect(view.allowances).toEqual([expect.objectContaining({ id: allowanceId, status: "issued" })])
        expect(view.invoice.status).toBe("issued")
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
