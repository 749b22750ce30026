import { MedusaError } from "@medusajs/framework/utils"
import { computeCheckMacValue, formatTaipeiDate } from "../../../../lib/ecpay"
import { actionsOf, ADMIN, BUYER_EMAIL, describeOperations, ORDER_TOTAL, STAGE, SYSTEM } from "./harness"

jest.setTimeout(60000)

/** The first line of the usual order: 2 × 茶葉禮盒 at 1200. */
const TEA = { seq: 1, price: 1200, quantity: 2 }

describeOperations("allowance operations, paper (prepare, submit, void)", (h) => {
  const allowanceRow = (id: string) => h.service.retrieveEinvoiceAllowance(id)

  describe("issued", () => {
    it("allows one unit of a line: the exact Items reach ECPay, the remaining amount follows ECPay's, audited", async () => {
      const { order, invoice } = await h.issuedOrder()
      const { prepared, submitted } = await h.allowance(order.order.id, {
        request: { lines: [{ seq: 1, quantity: 1 }] },
        reason: "商品瑕疵",
      })
      expect(prepared).toMatchObject({ invoice_id: invoice.id, agreement: "paper" })
      expect(submitted).toMatchObject({
        action: "allowance",
        outcome: "issued",
        status: "issued",
        invoice_id: invoice.id,
        invoice_number: invoice.invoice_number,
        allowance_id: prepared.allowance_id,
        allowance_number: expect.stringMatching(/^\d{16}$/),
        error_code: null,
      })
      const sent = h.requestsFor("Allowance")
      expect(sent).toHaveLength(1)
      expect(sent[0].data).toMatchObject({
        InvoiceNo: invoice.invoice_number,
        InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
        AllowanceNotify: "E",
        NotifyMail: BUYER_EMAIL,
        AllowanceAmount: TEA.price,
        Items: [
          expect.objectContaining({
            ItemName: expect.stringMatching(/^茶葉禮盒/),
            ItemCount: 1,
            ItemPrice: TEA.price,
            ItemAmount: TEA.price,
          }),
        ],
      })
      expect(h.allowanceAtEcpay(submitted.allowance_number!)).toMatchObject({
        invoiceNo: invoice.invoice_number,
        mode: "paper",
        status: "issued",
        amount: TEA.price,
      })
      expect(h.atEcpay(invoice.invoice_number!)?.remainingAllowanceAmount).toBe(ORDER_TOTAL - TEA.price)

      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
        status: "issued",
        agreement: "paper",
        amount: TEA.price,
        reason: "商品瑕疵",
        allowance_number: submitted.allowance_number,
        remaining_after: ORDER_TOTAL - TEA.price,
        metadata: { lines: [expect.objectContaining({ seq: 1, quantity: 1, amount: TEA.price })], source: "admin" },
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - TEA.price)
      const events = (await h.events(order.order.id)).filter((e) => e.action.startsWith("allowance."))
      expect(actionsOf(events)).toEqual(["allowance.requested", "allowance.issued"])
      expect(events[0]).toMatchObject({
        allowance_id: prepared.allowance_id,
        actor_type: "user",
        reason: "商品瑕疵",
        data: expect.objectContaining({ agreement: "paper", amount: TEA.price }),
      })
      expect(events[1]).toMatchObject({
        rtn_code: "1",
        data: expect.objectContaining({ allowance_number: submitted.allowance_number, amount: TEA.price, via: "allowance" }),
      })
    })

    it("allows an amount as one line 折讓", async () => {
      const { order } = await h.issuedOrder()
      const { submitted } = await h.allowance(order.order.id, { request: { amount: 500 }, reason: "運送延遲補償" })
      expect(submitted).toMatchObject({ outcome: "issued" })
      expect(h.requestsFor("Allowance")[0].data).toMatchObject({
        AllowanceAmount: 500,
        Items: [expect.objectContaining({ ItemName: "折讓", ItemCount: 1, ItemPrice: 500, ItemAmount: 500 })],
      })
    })
  })

  describe("refused before calling ECPay", () => {
    it("more of a line than is left, more than the invoice has left, or an order without an issued invoice", async () => {
      const { order } = await h.issuedOrder()
      await h.allowance(order.order.id, { request: { lines: [{ seq: 1, quantity: 1 }] } })
      const overLine = await h
        .allowance(order.order.id, { request: { lines: [{ seq: 1, quantity: TEA.quantity }] } })
        .catch((error) => error)
      expect(overLine).toBeInstanceOf(MedusaError)
      expect(overLine).toMatchObject({
        type: MedusaError.Types.INVALID_DATA,
        code: "allowance_line_exceeds",
        message: expect.stringMatching(/lines\.0\.quantity/),
      })
      await expect(h.allowance(order.order.id, { request: { amount: ORDER_TOTAL - TEA.price + 1 } })).rejects.toMatchObject({
        code: "allowance_exceeds_remaining",
      })
      await expect(h.allowance(h.invoicedOrder().order.id, { request: { amount: 100 } })).rejects.toMatchObject({
        code: "invoice_not_issued",
      })
      expect(h.requestsFor("Allowance")).toHaveLength(1)
      expect(await h.service.listEinvoiceAllowances({})).toHaveLength(1)
    })

    it("online agreement without the store's public URL, or without an e-mail", async () => {
      const saved = process.env.MEDUSA_BACKEND_URL
      delete process.env.MEDUSA_BACKEND_URL
      try {
        const { order } = await h.issuedOrder()
        expect(h.service.allowanceCallbackUrl()).toBeNull()
        await expect(
          h.allowance(order.order.id, { request: { amount: 300 }, agreement: "online", notify_email: "buyer2@example.com" })
        ).rejects.toMatchObject({
          type: MedusaError.Types.NOT_ALLOWED,
          code: "callback_url_missing",
        })
        const noEmail = await h.issuedOrder({ order: { email: null } })
        await expect(h.allowance(noEmail.order.order.id, { request: { amount: 300 }, agreement: "online" })).rejects.toMatchObject({
          code: "email_required",
        })
        expect(h.requestsFor("AllowanceByCollegiate")).toHaveLength(0)
        expect(await h.service.listEinvoiceAllowances({})).toHaveLength(0)
      } finally {
        if (saved !== undefined) process.env.MEDUSA_BACKEND_URL = saved
      }
    })
  })

  describe("refused by ECPay, or not sent", () => {
    it("ECPay's refusal fails the allowance with its code and message; the amount stays allowable", async () => {
      const { order, invoice } = await h.issuedOrder()
      h.simulator.setFault({ operation: "Allowance", type: "refuse", rtnCode: 2000099, rtnMsg: "測試拒絕：折讓金額錯誤" })
      const { prepared, submitted } = await h.allowance(order.order.id, { request: { amount: 300 } })
      expect(submitted).toMatchObject({
        outcome: "failed",
        status: "failed",
        error_code: "2000099",
        error_message: "測試拒絕：折讓金額錯誤",
      })
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
        status: "failed",
        last_error_code: "2000099",
        last_error_message: "測試拒絕：折讓金額錯誤",
      })
      const [failed] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.failed")
      expect(failed).toMatchObject({ success: false, rtn_code: "2000099", rtn_msg: "測試拒絕：折讓金額錯誤" })
      // Nothing was allowed: the whole invoice can still be allowed, and voided.
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
      expect((await h.allowance(order.order.id, { request: { amount: ORDER_TOTAL } })).submitted).toMatchObject({ outcome: "issued" })
    })

    it("a rate limit (HTTP 403) or missing credentials fail it without a lookup", async () => {
      const { order } = await h.issuedOrder()
      h.simulator.setFault({ operation: "Allowance", type: "http_403" })
      const limited = await h.allowance(order.order.id, { request: { amount: 100 } })
      expect(limited.submitted).toMatchObject({ outcome: "failed", status: "failed", error_code: "http_403" })
      await h.service.updateSettings({ hash_key: null })
      const unconfigured = await h.allowance(order.order.id, { request: { amount: 100 } })
      expect(unconfigured.submitted).toMatchObject({ outcome: "failed", status: "failed", error_code: "not_configured" })
      expect(h.requestsFor("Allowance")).toHaveLength(1)
      expect(h.requestsFor("GetAllowanceList")).toHaveLength(0)
    })

    it("an allowance whose workflow stopped before ECPay's answer is failed as interrupted, not left pending", async () => {
      const { order } = await h.issuedOrder()
      const prepared = await h.service.prepareAllowance({ order_id: order.order.id, request: { amount: 100 }, actor: ADMIN })
      expect((await allowanceRow(prepared.allowance_id)).status).toBe("pending")
      await h.service.markAllowanceInterrupted(prepared.allowance_id)
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "failed", last_error_code: "interrupted" })
      // Only a pending one is touched.
      const { submitted } = await h.allowance(order.order.id, { request: { amount: 100 } })
      await h.service.markAllowanceInterrupted(submitted.allowance_id!)
      expect((await allowanceRow(submitted.allowance_id!)).status).toBe("issued")
    })
  })

  describe("unknown outcome", () => {
    it("a reply lost after ECPay made it: found in ECPay's list, issued once", async () => {
      const { order, invoice } = await h.issuedOrder()
      h.simulator.setFault({ operation: "Allowance", type: "drop_after_commit" })
      const { prepared, submitted } = await h.allowance(order.order.id, { request: { amount: 300 } })
      expect(submitted).toMatchObject({ outcome: "issued", status: "issued", allowance_number: expect.stringMatching(/^\d{16}$/) })
      expect(h.requestsFor("Allowance")).toHaveLength(1)
      expect(h.snapshotAllowancesOf(invoice.invoice_number!)).toHaveLength(1)
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "issued", allowance_number: submitted.allowance_number })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
      const [issued] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.issued")
      expect(issued.data).toMatchObject({ via: "reconciled after unknown outcome" })
    })

    it("when ECPay's list cannot be read either: pending, its amount reserved, until sync finds it", async () => {
      const { order, invoice } = await h.issuedOrder()
      h.simulator.setFault({ operation: "Allowance", type: "drop_after_commit" })
      h.simulator.setFault({ operation: "GetAllowanceList", type: "http_500" })
      const { prepared, submitted } = await h.allowance(order.order.id, { request: { amount: 300 } })
      expect(submitted).toMatchObject({ outcome: "unknown", status: "pending", error_message: expect.stringMatching(/Sync with ECPay/) })
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "pending", allowance_number: null })
      expect(actionsOf(await h.events(order.order.id))).toContain("allowance.unknown")

      // No new allowance on the invoice while this one may exist at ECPay: a 409 naming it.
      await expect(h.allowance(order.order.id, { request: { amount: 100 } })).rejects.toMatchObject({
        type: MedusaError.Types.CONFLICT,
        code: "allowance_outcome_unknown",
        message: expect.stringContaining(prepared.allowance_id),
      })
      // Nor can the invoice be voided while the allowance may exist.
      await expect(h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).rejects.toMatchObject({
        code: "invoice_has_allowances",
      })

      // The retry job syncs such an invoice once its allowance has waited a minute.
      expect(await h.service.invoicesWithUnknownAllowances()).toEqual([])
      expect(await h.service.invoicesWithUnknownAllowances(new Date(Date.now() + 2 * 60_000))).toEqual([
        { invoice_id: invoice.id, order_id: order.order.id },
      ])

      const synced = await h.service.syncInvoice({ order_id: order.order.id, actor: ADMIN })
      expect(synced.changes).toContain("allowance_settled")
      expect(await h.service.invoicesWithUnknownAllowances(new Date(Date.now() + 10 * 60_000))).toEqual([])
      const settled = await allowanceRow(prepared.allowance_id)
      expect(settled).toMatchObject({ status: "issued", amount: 300, allowance_number: expect.stringMatching(/^\d{16}$/) })
      expect(h.allowanceAtEcpay(settled.allowance_number!)).toMatchObject({ amount: 300, status: "issued" })
      expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(1)
      // Settled: allowances can be made again.
      expect((await h.allowance(order.order.id, { request: { amount: 100 } })).submitted).toMatchObject({ outcome: "issued" })
    })

    it("a pending allowance ECPay does not list was never made: sync fails it and frees the amount", async () => {
      const { order } = await h.issuedOrder()
      h.simulator.setFault({ operation: "Allowance", type: "http_500" })
      h.simulator.setFault({ operation: "GetAllowanceList", type: "http_500" })
      const { prepared, submitted } = await h.allowance(order.order.id, { request: { amount: 300 } })
      expect(submitted).toMatchObject({ outcome: "unknown", status: "pending" })
      const synced = await h.service.syncInvoice({ order_id: order.order.id, actor: ADMIN })
      expect(synced.changes).toContain("allowance_failed")
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "failed", last_error_code: "2000039" })
      expect((await h.allowance(order.order.id, { request: { amount: ORDER_TOTAL } })).submitted).toMatchObject({ outcome: "issued" })
    })
  })

  describe("idempotency keys and unknown outcomes (hold without the lock)", () => {
    it("the same key and body answer the first allowance; another body under that key is a 409 naming it; a failure frees the key", async () => {
      const { order, invoice } = await h.issuedOrder()
      const first = await h.allowance(order.order.id, { request: { amount: 300 }, idempotency_key: "form-1" })
      expect(first.submitted).toMatchObject({ outcome: "issued", status: "issued" })
      expect(await allowanceRow(first.prepared.allowance_id)).toMatchObject({ idempotency_key: "admin:form-1" })

      const again = await h.allowance(order.order.id, { request: { amount: 300 }, idempotency_key: "form-1" })
      expect(again.prepared).toMatchObject({ allowance_id: first.prepared.allowance_id, replayed: true })
      expect(again.submitted).toMatchObject({
        outcome: "issued",
        replayed: true,
        allowance_id: first.prepared.allowance_id,
        allowance_number: first.submitted.allowance_number,
      })
      await expect(h.allowance(order.order.id, { request: { amount: 200 }, idempotency_key: "form-1" })).rejects.toMatchObject({
        type: MedusaError.Types.CONFLICT,
        code: "idempotency_key_reused",
        message: expect.stringContaining('"form-1"'),
      })
      expect(h.requestsFor("Allowance")).toHaveLength(1)
      expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(1)

      // Failed (here: not sent, the credentials incomplete): nothing exists at ECPay, so the same request
      // may be tried again under its key.
      await h.service.updateSettings({ hash_key: null })
      const failed = await h.allowance(order.order.id, { request: { amount: 100 }, idempotency_key: "form-2" })
      expect(failed.submitted).toMatchObject({ outcome: "failed", status: "failed" })
      await h.configure()
      const retried = await h.allowance(order.order.id, { request: { amount: 100 }, idempotency_key: "form-2" })
      expect(retried.submitted).toMatchObject({ outcome: "issued" })
      expect(retried.prepared.allowance_id).not.toBe(failed.prepared.allowance_id)
      expect(h.requestsFor("Allowance")).toHaveLength(2)
    })

    it("two processes with one refund's key make one allowance; with two keys at once, the second is refused with a 409", async () => {
      const { order, invoice } = await h.issuedOrder()
      const refund = (id: string) => ({
        order_id: order.order.id,
        request: { amount: 300 },
        source: "refund" as const,
        idempotency_key: `refund:${invoice.id}:${id}`,
        refund_ids: [id],
        actor: SYSTEM,
      })
      const [a, b] = await Promise.all([h.service.prepareAllowance(refund("re_1")), h.service.prepareAllowance(refund("re_1"))])
      expect(a.allowance_id).toBe(b.allowance_id)
      expect([a.replayed, b.replayed].filter(Boolean)).toHaveLength(1)
      const submit = (prepared: typeof a) => h.service.submitAllowance({ order_id: order.order.id, prepared, actor: SYSTEM })
      const made = await submit(a.replayed ? b : a)
      expect(await submit(a.replayed ? a : b)).toMatchObject({ replayed: true, outcome: "issued", allowance_number: made.allowance_number })
      expect(h.requestsFor("Allowance")).toHaveLength(1)

      // Two refunds prepared at the same moment (the lock excluded nothing): one at a time per invoice.
      const settled = await Promise.allSettled([h.service.prepareAllowance(refund("re_2")), h.service.prepareAllowance(refund("re_3"))])
      const refused = settled.filter((outcome) => outcome.status === "rejected")
      expect(refused).toHaveLength(1)
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "allowance_outcome_unknown" })
      expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id, status: "pending" })).toHaveLength(1)
    })

    it("a refund allowance planned before another covered one of its refunds answers with that one, nothing sent", async () => {
      const { order, invoice } = await h.issuedOrder()
      const single = await h.allowance(
        order.order.id,
        { request: { amount: 200 }, source: "refund", idempotency_key: `refund:${invoice.id}:re_2`, refund_ids: ["re_2"] },
        SYSTEM
      )
      expect(single.submitted).toMatchObject({ outcome: "issued" })
      // Planned (re_1 + re_2) before the allowance above existed, as the issue workflow's catch-up might.
      const combined = await h.allowance(
        order.order.id,
        { request: { amount: 500 }, source: "refund", idempotency_key: `refund:${invoice.id}:re_1+re_2`, refund_ids: ["re_1", "re_2"] },
        SYSTEM
      )
      expect(combined.prepared).toMatchObject({ replayed: true, allowance_id: single.prepared.allowance_id })
      expect(h.requestsFor("Allowance")).toHaveLength(1)
    })

    it("a workflow that stops after the request left leaves it unknown, amount reserved, new ones refused, until sync", async () => {
      const { order, invoice } = await h.issuedOrder()
      const prepared = await h.service.prepareAllowance({ order_id: order.order.id, request: { amount: 300 }, actor: ADMIN })
      // The request reached ECPay, which made it; then the process stopped before the answer was recorded.
      await h.service.updateEinvoiceAllowances({ id: prepared.allowance_id, submitted_at: new Date() })
      await h.backOffice().allowance(prepared.payload!)
      await h.service.markAllowanceInterrupted(prepared.allowance_id)
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "pending", last_error_code: "interrupted" })
      expect(actionsOf(await h.events(order.order.id))).toContain("allowance.unknown")
      await expect(h.allowance(order.order.id, { request: { amount: 100 } })).rejects.toMatchObject({
        code: "allowance_outcome_unknown",
        message: expect.stringContaining(prepared.allowance_id),
      })
      // A resumed submission does not send it again: it looks it up.
      const resumed = await h.service.submitAllowance({ order_id: order.order.id, prepared, actor: ADMIN })
      expect(resumed).toMatchObject({ outcome: "issued", allowance_number: expect.stringMatching(/^\d{16}$/) })
      expect(h.snapshotAllowancesOf(invoice.invoice_number!)).toHaveLength(1)
      // Only the back office's request (the one that "left" before the stop).
      expect(h.requestsFor("Allowance")).toHaveLength(1)
    })
  })

  describe("void (AllowanceInvalid)", () => {
    const voidAllowance = (orderId: string, allowanceId: string, reason = "折讓開錯") =>
      h.service.voidAllowance({ order_id: orderId, allowance_id: allowanceId, reason, actor: ADMIN })

    it("voids at ECPay: the amount is allowable again and the invoice voidable; a second void is refused", async () => {
      const { order, invoice } = await h.issuedOrder()
      const { submitted: made } = await h.allowance(order.order.id, { request: { amount: 500 } })
      const result = await voidAllowance(order.order.id, made.allowance_id!)
      expect(result).toMatchObject({
        action: "allowance_void",
        outcome: "voided",
        status: "voided",
        allowance_id: made.allowance_id,
        allowance_number: made.allowance_number,
        invoice_number: invoice.invoice_number,
      })
      expect(h.requestsFor("AllowanceInvalid")).toEqual([
        expect.objectContaining({
          rtnCode: 1,
          data: expect.objectContaining({ InvoiceNo: invoice.invoice_number, AllowanceNo: made.allowance_number, Reason: "折讓開錯" }),
        }),
      ])
      expect(h.allowanceAtEcpay(made.allowance_number!)).toMatchObject({
        status: "voided",
        voided: expect.objectContaining({ reason: "折讓開錯" }),
      })
      expect(h.atEcpay(invoice.invoice_number!)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)
      expect(await allowanceRow(made.allowance_id!)).toMatchObject({
        status: "voided",
        void_reason: "折讓開錯",
        voided_at: expect.any(Date),
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
      const [voided] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.voided")
      expect(voided).toMatchObject({
        actor_type: "user",
        reason: "折讓開錯",
        rtn_code: "1",
        data: expect.objectContaining({ via: "allowance_invalid" }),
      })

      await expect(voidAllowance(order.order.id, made.allowance_id!)).rejects.toMatchObject({
        type: MedusaError.Types.NOT_ALLOWED,
        code: "allowance_not_voidable",
      })
      expect(h.requestsFor("AllowanceInvalid")).toHaveLength(1)
      expect(await h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).toMatchObject({ outcome: "voided" })
    })

    it("an allowance of another order is not found", async () => {
      const { order } = await h.issuedOrder()
      const { submitted: made } = await h.allowance(order.order.id, { request: { amount: 100 } })
      await expect(voidAllowance("order_other", made.allowance_id!)).rejects.toMatchObject({ type: MedusaError.Types.NOT_FOUND })
      expect(h.requestsFor("AllowanceInvalid")).toHaveLength(0)
    })

    it("ECPay's refusal: failed with its code, still issued; already voided in the back office: reconciled", async () => {
      const { order, invoice } = await h.issuedOrder()
      const { submitted: made } = await h.allowance(order.order.id, { request: { amount: 100 } })
      h.simulator.setFault({ operation: "AllowanceInvalid", type: "refuse", rtnCode: 2000077, rtnMsg: "測試拒絕" })
      expect(await voidAllowance(order.order.id, made.allowance_id!)).toMatchObject({
        outcome: "failed",
        status: "issued",
        error_code: "2000077",
        error_message: "測試拒絕",
      })
      expect((await allowanceRow(made.allowance_id!)).status).toBe("issued")
      const [failed] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.void_failed")
      expect(failed).toMatchObject({ success: false, rtn_code: "2000077" })

      await h.backOffice().allowanceInvalid({ InvoiceNo: invoice.invoice_number!, AllowanceNo: made.allowance_number!, Reason: "後台作廢" })
      expect(await voidAllowance(order.order.id, made.allowance_id!)).toMatchObject({ outcome: "voided", status: "voided" })
      const [voided] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.voided")
      expect(voided.data).toMatchObject({ via: "reconciled after refusal" })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
    })

    it("a reply lost after ECPay voided: reconciled; an HTTP 500: unknown, still issued", async () => {
      const { order, invoice } = await h.issuedOrder()
      const first = (await h.allowance(order.order.id, { request: { amount: 100 } })).submitted
      const second = (await h.allowance(order.order.id, { request: { amount: 200 } })).submitted
      h.simulator.setFault({ operation: "AllowanceInvalid", type: "drop_after_commit" })
      expect(await voidAllowance(order.order.id, first.allowance_id!)).toMatchObject({ outcome: "voided" })
      const [voided] = (await h.events(order.order.id)).filter((e) => e.action === "allowance.voided")
      expect(voided.data).toMatchObject({ via: "reconciled after unknown outcome" })

      h.simulator.setFault({ operation: "AllowanceInvalid", type: "http_500" })
      expect(await voidAllowance(order.order.id, second.allowance_id!)).toMatchObject({
        outcome: "unknown",
        status: "issued",
        error_message: expect.stringMatching(/500/),
      })
      expect((await allowanceRow(second.allowance_id!)).status).toBe("issued")
      expect(h.allowanceAtEcpay(second.allowance_number!)?.status).toBe("issued")
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 200)
    })
  })
})

describeOperations(
  "allowance operations, online (ECPay asks the buyer)",
  (h) => {
    const allowanceRow = (id: string) => h.service.retrieveEinvoiceAllowance(id)
    const requestOnline = async (amount = 300) => {
      const issued = await h.issuedOrder()
      const run = await h.allowance(issued.order.order.id, {
        request: { amount },
        agreement: "online",
        notify_email: "buyer2@example.com",
        reason: "部分退貨",
      })
      return { ...issued, ...run }
    }
    const signed = (fields: Record<string, string>) => ({
      ...fields,
      CheckMacValue: computeCheckMacValue(fields, STAGE.hashKey, STAGE.hashIV),
    })

    it("waits for the buyer: AllowanceByCollegiate with the e-mail and the store's callback URL, the amount reserved", async () => {
      const { order, invoice, prepared, submitted } = await requestOnline()
      expect(submitted).toMatchObject({
        action: "allowance",
        outcome: "awaiting_agreement",
        status: "awaiting_agreement",
        allowance_number: expect.stringMatching(/^\d{16}$/),
      })
      expect(h.requestsFor("AllowanceByCollegiate")).toEqual([
        expect.objectContaining({
          rtnCode: 1,
          data: expect.objectContaining({
            NotifyMail: "buyer2@example.com",
            AllowanceAmount: 300,
            ReturnURL: `${h.backendUrl}/hooks/ecpay-einvoice/allowance`,
          }),
        }),
      ])
      expect(h.allowanceAtEcpay(submitted.allowance_number!)).toMatchObject({ mode: "online", status: "pending", amount: 300 })
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
        status: "awaiting_agreement",
        agreement: "online",
        notify_email: "buyer2@example.com",
        expires_at: expect.any(Date),
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
      expect(actionsOf(await h.events(order.order.id))).toContain("allowance.awaiting_agreement")
      // The invoice cannot be voided meanwhile.
      await expect(h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).rejects.toMatchObject({
        code: "invoice_has_allowances",
      })
    })

    it("the buyer's agreement, posted by ECPay, issues it once; forged, tampered or unknown posts change nothing", async () => {
      const { order, invoice, prepared, submitted } = await requestOnline()
      const number = submitted.allowance_number!
      const forged = {
        RtnCode: "0",
        RtnMsg: "買受人不同意折讓",
        IA_Allow_No: number,
        IA_Invoice_No: invoice.invoice_number!,
        IA_Date: "2026-01-01 00:00:00",
        IIS_Remain_Allowance_Amt: String(ORDER_TOTAL),
        MerchantID: STAGE.merchantId,
      }
      await expect(h.service.recordAllowanceAnswer({ fields: { ...forged, CheckMacValue: "0".repeat(64) } })).rejects.toMatchObject({
        type: MedusaError.Types.UNAUTHORIZED,
        code: "check_mac_value",
      })
      await expect(h.service.recordAllowanceAnswer({ fields: signed({ ...forged, MerchantID: "3000000" }) })).rejects.toMatchObject({
        type: MedusaError.Types.UNAUTHORIZED,
        code: "merchant_id",
      })
      await expect(
        h.service.recordAllowanceAnswer({ fields: signed({ ...forged, IA_Allow_No: "2026010100000001", IA_Invoice_No: "ZZ00000001" }) })
      ).rejects.toMatchObject({
        type: MedusaError.Types.NOT_FOUND,
      })
      expect((await allowanceRow(prepared.allowance_id)).status).toBe("awaiting_agreement")

      const answer = await h.simulator.agreeAllowance(number)
      expect(answer).toMatchObject({ url: `${h.backendUrl}/hooks/ecpay-einvoice/allowance`, httpStatus: 200, acknowledged: true })
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
        status: "issued",
        allowance_number: number,
        allowance_date: expect.any(Date),
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
      const agreed = (await h.events(order.order.id)).filter((e) => e.action === "allowance.agreed")
      expect(agreed).toEqual([expect.objectContaining({ actor_type: "ecpay", rtn_code: "1", success: true })])
      expect(h.allowanceAtEcpay(number)?.status).toBe("issued")

      // ECPay may post the same answer again: acknowledged, nothing changes.
      expect(await h.service.recordAllowanceAnswer({ fields: answer.fields })).toMatchObject({
        outcome: "already_recorded",
        allowance_id: prepared.allowance_id,
      })
      // The same answer with a changed amount does not verify.
      await expect(
        h.service.recordAllowanceAnswer({ fields: { ...answer.fields, IIS_Remain_Allowance_Amt: String(ORDER_TOTAL) } })
      ).rejects.toMatchObject({
        type: MedusaError.Types.UNAUTHORIZED,
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
      expect((await h.events(order.order.id)).filter((e) => e.action === "allowance.agreed")).toHaveLength(1)
    })

    it("the buyer's refusal rejects it and frees the amount; the invoice is voidable again", async () => {
      const { order, invoice, prepared, submitted } = await requestOnline()
      const answer = await h.simulator.disagreeAllowance(submitted.allowance_number!)
      expect(answer).toMatchObject({ httpStatus: 200, acknowledged: true })
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
        status: "rejected",
        last_error_code: "0",
        last_error_message: "買受人不同意折讓",
      })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
      expect((await h.events(order.order.id)).filter((e) => e.action === "allowance.rejected")).toEqual([
        expect.objectContaining({ actor_type: "ecpay", success: false }),
      ])
      expect(h.allowanceAtEcpay(submitted.allowance_number!)?.status).toBe("rejected")
      expect(h.atEcpay(invoice.invoice_number!)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)
      expect(await h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).toMatchObject({ outcome: "voided" })
    })

    it("one still awaiting the buyer is cancelled (AllowanceInvalidByCollegiate), not voided", async () => {
      const { order, invoice, prepared, submitted } = await requestOnline()
      const result = await h.service.voidAllowance({
        order_id: order.order.id,
        allowance_id: prepared.allowance_id,
        reason: "改以紙本折讓",
        actor: ADMIN,
      })
      expect(result).toMatchObject({
        action: "allowance_void",
        outcome: "voided",
        status: "voided",
        allowance_number: submitted.allowance_number,
      })
      expect(h.requestsFor("AllowanceInvalidByCollegiate")).toEqual([
        expect.objectContaining({
          rtnCode: 1,
          data: expect.objectContaining({ AllowanceNo: submitted.allowance_number, Reason: "改以紙本折讓" }),
        }),
      ])
      expect(h.requestsFor("AllowanceInvalid")).toHaveLength(0)
      expect(h.allowanceAtEcpay(submitted.allowance_number!)?.status).toBe("cancelled")
      expect(h.atEcpay(invoice.invoice_number!)?.remainingAllowanceAmount).toBe(ORDER_TOTAL)
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "voided", void_reason: "改以紙本折讓" })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
      expect(actionsOf(await h.events(order.order.id))).toContain("allowance.canceled")
    })

    it("a request whose reply was lost stays pending, and still takes the buyer's refusal", async () => {
      const { order, invoice } = await h.issuedOrder()
      h.simulator.setFault({ operation: "AllowanceByCollegiate", type: "drop_after_commit" })
      const { prepared, submitted } = await h.allowance(order.order.id, {
        request: { amount: 200 },
        agreement: "online",
        notify_email: BUYER_EMAIL,
      })
      expect(submitted).toMatchObject({ outcome: "unknown", status: "pending" })
      // ECPay does not list requests awaiting agreement: nothing was looked up.
      expect(h.requestsFor("GetAllowanceList")).toHaveLength(0)
      const atEcpay = h.snapshotAllowancesOf(invoice.invoice_number!)
      expect(atEcpay).toHaveLength(1)

      const answer = await h.simulator.disagreeAllowance(atEcpay[0].allowanceNo)
      expect(answer.acknowledged).toBe(true)
      expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "rejected", allowance_number: atEcpay[0].allowanceNo })
      expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL)
    })

    it("ECPay's refusal of the request fails it", async () => {
      const { order } = await h.issuedOrder()
      h.simulator.setFault({ operation: "AllowanceByCollegiate", type: "refuse", rtnCode: 2000088, rtnMsg: "測試拒絕" })
      const { prepared, submitted } = await h.allowance(order.order.id, { request: { amount: 200 }, agreement: "online" })
      expect(submitted).toMatchObject({ outcome: "failed", status: "failed", error_code: "2000088", error_message: "測試拒絕" })
      expect((await allowanceRow(prepared.allowance_id)).status).toBe("failed")
    })

    describe("late answers after the local expiry", () => {
      /** The hourly sync expires the request by our clock (its expiry moved into the past) while ECPay still waits. */
      const expireLocally = async (orderId: string, allowanceId: string) => {
        await h.sql(`update ecpay_einvoice_allowance set expires_at = now() - interval '1 minute' where id = ?`, [allowanceId])
        const synced = await h.service.syncInvoice({ order_id: orderId, actor: { type: "system" } })
        expect(synced.changes).toContain("allowance_expired")
        expect(await allowanceRow(allowanceId)).toMatchObject({ status: "rejected" })
      }

      it("the buyer's verified agreement after the local expiry issues it (not answered 1|OK and dropped)", async () => {
        const { order, invoice, prepared, submitted } = await requestOnline()
        await expireLocally(order.order.id, prepared.allowance_id)

        const answer = await h.simulator.agreeAllowance(submitted.allowance_number!)
        expect(answer).toMatchObject({ httpStatus: 200, acknowledged: true })
        expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
          status: "issued",
          allowance_date: expect.any(Date),
          last_error_message: null,
        })
        expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 300)
        const agreed = (await h.events(order.order.id)).filter((e) => e.action === "allowance.agreed")
        expect(agreed).toEqual([
          expect.objectContaining({ actor_type: "ecpay", success: true, data: expect.objectContaining({ was: "rejected" }) }),
        ])
        // ECPay posting it again changes nothing; a forged agreement still does not verify.
        expect(await h.service.recordAllowanceAnswer({ fields: answer.fields })).toMatchObject({ outcome: "already_recorded" })
        await expect(
          h.service.recordAllowanceAnswer({ fields: { ...answer.fields, IA_Date: "2026-01-02 00:00:00" } })
        ).rejects.toMatchObject({ type: MedusaError.Types.UNAUTHORIZED })
        // The invoice has an allowance again: it cannot be voided.
        await expect(h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).rejects.toMatchObject({
          code: "invoice_has_allowances",
        })
      })

      it("a refusal after the local expiry changes nothing; a rejected request ECPay lists as made is issued by the sync", async () => {
        const { order, invoice, prepared, submitted } = await requestOnline()
        await expireLocally(order.order.id, prepared.allowance_id)
        // A (signed) refusal of an already rejected request is acknowledged and recorded once.
        const refusal = signed({
          RtnCode: "0",
          RtnMsg: "買受人不同意折讓",
          IA_Allow_No: submitted.allowance_number!,
          IA_Invoice_No: invoice.invoice_number!,
          IA_Date: "2026-01-01 00:00:00",
          IIS_Remain_Allowance_Amt: String(ORDER_TOTAL),
          MerchantID: STAGE.merchantId,
        })
        expect(await h.service.recordAllowanceAnswer({ fields: refusal })).toMatchObject({ outcome: "already_recorded" })

        // The buyer agrees while the store is unreachable: ECPay's callback never arrives.
        h.callbacksUnreachable(true)
        const lost = await h.simulator.agreeAllowance(submitted.allowance_number!)
        expect(lost).toMatchObject({ httpStatus: 503, acknowledged: false })
        expect(await allowanceRow(prepared.allowance_id)).toMatchObject({ status: "rejected" })

        const synced = await h.service.syncInvoice({ order_id: order.order.id, actor: { type: "system" } })
        expect(synced.changes).toContain("allowance_agreed")
        expect(synced.changes).not.toContain("allowance_added")
        expect(await allowanceRow(prepared.allowance_id)).toMatchObject({
          status: "issued",
          allowance_number: submitted.allowance_number,
          last_error_message: null,
        })
        expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(1)
        const agreed = (await h.events(order.order.id)).filter((e) => e.action === "allowance.agreed")
        expect(agreed).toEqual([expect.objectContaining({ data: expect.objectContaining({ via: "sync", was: "rejected" }) })])
        // A later sync finds nothing more to do.
        expect((await h.service.syncInvoice({ order_id: order.order.id, actor: { type: "system" } })).changes).toEqual([])
      })
    })
  },
  { callbackReceiver: true }
)
