import { MedusaError } from "@medusajs/framework/utils"
import { formatTaipeiDate } from "../../../../lib/ecpay"
import { actionsOf, ADMIN, describeOperations, ORDER_TOTAL, SYSTEM } from "./harness"

jest.setTimeout(60000)

const DAY_MS = 86_400_000
const REASON = "買受人退貨"

describeOperations(
  "void operation (voidInvoice)",
  (h) => {
    const voidOf = (orderId: string, extra: { reason?: string; automatic?: boolean; actor?: typeof ADMIN } = {}) =>
      h.service.voidInvoice({ order_id: orderId, reason: extra.reason ?? REASON, actor: extra.actor ?? ADMIN, automatic: extra.automatic })

    describe("voided", () => {
      it("voids at ECPay with the reason, records it, audits request and result, and the order can be invoiced again", async () => {
        const { order, invoice } = await h.issuedOrder()
        const result = await voidOf(order.order.id, { reason: "買受人取消訂單" })
        expect(result).toMatchObject({
          order_id: order.order.id,
          action: "void",
          outcome: "voided",
          status: "voided",
          invoice_id: invoice.id,
          invoice_number: invoice.invoice_number,
          error_code: null,
          error_message: null,
        })
        expect(h.requestsFor("Invalid")).toEqual([
          expect.objectContaining({
            rtnCode: 1,
            data: expect.objectContaining({
              InvoiceNo: invoice.invoice_number,
              InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
              Reason: "買受人取消訂單",
            }),
          }),
        ])
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toMatchObject({ reason: "買受人取消訂單" })
        const voided = await h.invoice(invoice.id)
        expect(voided).toMatchObject({ status: "voided", void_reason: "買受人取消訂單" })
        expect(voided.voided_at).toBeTruthy()

        const events = (await h.events(order.order.id)).filter((e) => e.action.startsWith("invoice.void"))
        expect(actionsOf(events)).toEqual(["invoice.void_requested", "invoice.voided"])
        expect(events[1]).toMatchObject({
          actor_type: "user",
          actor_id: ADMIN.id,
          reason: "買受人取消訂單",
          rtn_code: "1",
          data: { invoice_number: invoice.invoice_number, via: "invalid" },
        })

        // A new invoice, under a new RelateNumber.
        const { submitted } = await h.issue(order)
        expect(submitted).toMatchObject({ status: "issued" })
        expect(submitted!.invoice_id).not.toBe(invoice.id)
        const second = await h.invoice(submitted!.invoice_id!)
        expect(second.relate_number).not.toBe(invoice.relate_number)
        expect(second.invoice_number).not.toBe(invoice.invoice_number)
        expect(second.total).toBe(ORDER_TOTAL)
        expect(h.atEcpay(second.invoice_number!)).toMatchObject({ relateNumber: second.relate_number, voided: null })
      })

      it("two voids at once (as if the lock excluded nothing): voided once at ECPay and here, both answer voided", async () => {
        const { order, invoice } = await h.issuedOrder()
        const results = await Promise.all([voidOf(order.order.id), voidOf(order.order.id)])
        expect(results).toEqual([
          expect.objectContaining({ outcome: "voided", status: "voided" }),
          expect.objectContaining({ outcome: "voided", status: "voided" }),
        ])
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toBeTruthy()
        expect(actionsOf(await h.events(order.order.id)).filter((action) => action === "invoice.voided")).toHaveLength(1)
      })
    })

    describe("refused before calling ECPay", () => {
      it("an order without an issued invoice: a 400 naming it, or not applicable when automatic", async () => {
        const order = h.invoicedOrder()
        const refused = await voidOf(order.order.id).catch((error) => error)
        expect(refused).toBeInstanceOf(MedusaError)
        expect(refused).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: "invoice_not_issued" })
        expect(await voidOf(order.order.id, { automatic: true, actor: SYSTEM })).toMatchObject({
          action: "void",
          outcome: "not_applicable",
          error_code: "invoice_not_issued",
        })
        expect(h.simulator.requests).toHaveLength(0)
      })

      it("an invoice with an allowance standing: void the allowance first", async () => {
        const { order, invoice } = await h.issuedOrder()
        const { submitted } = await h.allowance(order.order.id, { request: { amount: 100 }, agreement: "paper" })
        expect(submitted).toMatchObject({ outcome: "issued" })
        await expect(voidOf(order.order.id)).rejects.toMatchObject({
          type: MedusaError.Types.NOT_ALLOWED,
          code: "invoice_has_allowances",
          message: expect.stringMatching(/void them first/),
        })
        expect(await voidOf(order.order.id, { automatic: true, actor: SYSTEM })).toMatchObject({
          outcome: "not_applicable",
          error_code: "invoice_has_allowances",
        })
        expect(h.requestsFor("Invalid")).toHaveLength(0)
        expect((await h.invoice(invoice.id)).status).toBe("issued")

        // Once the allowance is voided, so can the invoice be.
        await h.service.voidAllowance({ order_id: order.order.id, allowance_id: submitted.allowance_id!, reason: "折讓開錯", actor: ADMIN })
        expect(await voidOf(order.order.id)).toMatchObject({ outcome: "voided" })
      })

      it("an invoice whose period's void deadline has passed: points to an allowance", async () => {
        // ECPay dates the invoice 150 days ago: its period's void deadline (at most 75 days after) is gone.
        h.simulator.setClock(new Date(Date.now() - 150 * DAY_MS))
        const { order, invoice } = await h.issuedOrder()
        expect(Date.now() - new Date(invoice.invoice_date!).getTime()).toBeGreaterThan(149 * DAY_MS)
        const refused = await voidOf(order.order.id).catch((error) => error)
        expect(refused).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: "void_past_deadline" })
        expect(refused.message).toMatch(/until \d{4}-\d{2}-13 23:59:59/)
        expect(refused.message).toMatch(/allowance/)
        expect(await voidOf(order.order.id, { automatic: true, actor: SYSTEM })).toMatchObject({
          outcome: "not_applicable",
          error_code: "void_past_deadline",
        })
        expect(h.requestsFor("Invalid")).toHaveLength(0)
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toBeNull()
      })
    })

    describe("refused by ECPay", () => {
      it("answers failed with ECPay's RtnCode and RtnMsg; the invoice stays issued", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "Invalid", type: "refuse", rtnCode: 1500077, rtnMsg: "測試拒絕：發票已申報" })
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({
          action: "void",
          outcome: "failed",
          invoice_number: invoice.invoice_number,
          status: "issued",
          error_code: "1500077",
          error_message: "測試拒絕：發票已申報",
        })
        expect((await h.invoice(invoice.id)).status).toBe("issued")
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toBeNull()
        // Checked with ECPay first: it might have been voided already.
        expect(h.requestsFor("GetIssue")).toHaveLength(1)
        const events = await h.events(order.order.id)
        expect(events.filter((e) => e.action === "invoice.void_failed")).toEqual([
          expect.objectContaining({ success: false, rtn_code: "1500077", rtn_msg: "測試拒絕：發票已申報", reason: REASON }),
        ])
        expect(actionsOf(events)).not.toContain("invoice.voided")
      })

      it("a refusal because ECPay's back office voided it already: reconciled, voided", async () => {
        const { order, invoice } = await h.issuedOrder()
        await h.backOffice().invalid({
          InvoiceNo: invoice.invoice_number!,
          InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
          Reason: "後台作廢",
        })
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({ outcome: "voided", status: "voided" })
        // ECPay refused the second void (already voided), then said so when asked.
        expect(h.requestsFor("Invalid").map((r) => r.rtnCode)).toEqual([1, 5070453])
        expect(await h.invoice(invoice.id)).toMatchObject({ status: "voided", void_reason: REASON })
        const [voided] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.voided")
        expect(voided.data).toMatchObject({ via: "reconciled after refusal" })
      })
    })

    describe("unknown outcome", () => {
      it("a reply lost after ECPay voided: reconciled, voided", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "Invalid", type: "drop_after_commit" })
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({ outcome: "voided", status: "voided" })
        expect(await h.invoice(invoice.id)).toMatchObject({ status: "voided", void_reason: REASON })
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toMatchObject({ reason: REASON })
        expect(h.requestsFor("Invalid")).toHaveLength(1)
        const [voided] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.voided")
        expect(voided.data).toMatchObject({ via: "reconciled after unknown outcome" })
      })

      it("an HTTP 500 that changed nothing: outcome unknown, still issued; voiding again works", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "Invalid", type: "http_500" })
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({ outcome: "unknown", status: "issued", error_message: expect.stringMatching(/500/) })
        expect((await h.invoice(invoice.id)).status).toBe("issued")
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toBeNull()
        const [failed] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.void_failed")
        expect(failed).toMatchObject({ success: false, rtn_msg: expect.stringMatching(/500/) })

        expect(await voidOf(order.order.id)).toMatchObject({ outcome: "voided" })
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toMatchObject({ reason: REASON })
      })

      it("a rate limit (HTTP 403) voids nothing and says to wait", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "Invalid", type: "http_403" })
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({
          outcome: "failed",
          status: "issued",
          error_code: "http_403",
          error_message: expect.stringMatching(/rate-limiting/),
        })
        expect((await h.invoice(invoice.id)).status).toBe("issued")
        expect(h.atEcpay(invoice.invoice_number!)?.voided).toBeNull()
      })
    })

    describe("not configured", () => {
      it("fails without calling ECPay while HashIV is missing", async () => {
        const { order, invoice } = await h.issuedOrder()
        await h.service.updateSettings({ hash_iv: null })
        const before = h.simulator.requests.length
        const result = await voidOf(order.order.id)
        expect(result).toMatchObject({ outcome: "failed", status: "issued", error_code: "not_configured" })
        expect(h.simulator.requests).toHaveLength(before)
        expect((await h.invoice(invoice.id)).status).toBe("issued")
      })
    })
  },
  // Lets a test date an invoice in an earlier VAT period with the simulator's clock while the
  // operations stamp their requests with the real time.
  { simulator: { timestampToleranceSeconds: 366 * 24 * 3600 } }
)
