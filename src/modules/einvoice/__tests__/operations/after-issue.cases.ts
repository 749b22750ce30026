import { MedusaError } from "@medusajs/framework/utils"
import { formatTaipeiDate } from "../../../../lib/ecpay"
import type { ReissueInvoiceInput } from "../../operations/reissue"
import { actionsOf, ADMIN, BUYER_EMAIL, CHARITIES, describeOperations, ORDER_TOTAL, SYSTEM } from "./harness"

jest.setTimeout(60000)

const DAY_MS = 86_400_000

describeOperations(
  "reissue, resend and sync operations",
  (h) => {
    const backOfficeAllowance = (invoice: { invoice_number: string | null; invoice_date: Date | string | null }, amount: number) =>
      h.backOffice().allowance({
        InvoiceNo: invoice.invoice_number!,
        InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
        AllowanceNotify: "N",
        AllowanceAmount: amount,
        Items: [{ ItemSeq: 1, ItemName: "後台折讓", ItemCount: 1, ItemWord: "式", ItemPrice: amount, ItemAmount: amount }],
      })

    // ---------------------------------------------------------------- reissue

    describe("reissue (VoidWithReIssue)", () => {
      const reissue = (order: ReturnType<typeof h.invoicedOrder>, choice: ReissueInvoiceInput["choice"], reason = "改為捐贈") =>
        h.service.reissueInvoice({ order_id: order.order.id, reason, choice, actor: ADMIN, order })

      it("moves the invoice to a donation under the same number, keeping lines and amount, and keeps the choice", async () => {
        const { order, invoice } = await h.issuedOrder()
        const result = await reissue(order, { type: "donation", love_code: CHARITIES[0].code })
        expect(result).toMatchObject({
          action: "reissue",
          outcome: "reissued",
          status: "issued",
          invoice_id: invoice.id,
          invoice_number: invoice.invoice_number,
        })
        const [sent] = h.requestsFor("VoidWithReIssue")
        expect(sent.data).toMatchObject({
          VoidModel: { InvoiceNo: invoice.invoice_number, VoidReason: "改為捐贈" },
          IssueModel: expect.objectContaining({
            RelateNumber: invoice.relate_number,
            Donation: "1",
            LoveCode: CHARITIES[0].code,
            SalesAmount: ORDER_TOTAL,
          }),
        })
        const atEcpay = h.atEcpay(invoice.invoice_number!)!
        expect(atEcpay.content).toMatchObject({ donation: "1", loveCode: CHARITIES[0].code, salesAmount: ORDER_TOTAL })
        expect(atEcpay.reissues).toHaveLength(1)
        expect(await h.invoice(invoice.id)).toMatchObject({
          invoice_number: invoice.invoice_number,
          status: "issued",
          type: "donation",
          donation: true,
          love_code: CHARITIES[0].code,
          total: ORDER_TOTAL,
          items: invoice.items,
        })
        expect((await h.service.resolveOrderChoice(order.order.id, null)).choice).toMatchObject({
          type: "donation",
          love_code: CHARITIES[0].code,
        })
        const events = (await h.events(order.order.id)).filter((e) => e.action.startsWith("invoice.reissue"))
        expect(actionsOf(events)).toEqual(["invoice.reissue_requested", "invoice.reissued"])
        expect(events[1]).toMatchObject({
          reason: "改為捐贈",
          rtn_code: "1",
          data: expect.objectContaining({
            before: expect.objectContaining({ type: "member" }),
            after: expect.objectContaining({ type: "donation", love_code: CHARITIES[0].code }),
            via: "void_with_reissue",
          }),
        })
      })

      it("refuses corrected data ECPay would refuse with a 400 naming the field, before calling ECPay", async () => {
        const { order, invoice } = await h.issuedOrder()
        const refused = await reissue(order, { type: "mobile_barcode", carrier_number: "ABC1234" }, "改載具").catch((error) => error)
        expect(refused).toBeInstanceOf(MedusaError)
        expect(refused).toMatchObject({
          type: MedusaError.Types.INVALID_DATA,
          code: "invalid_choice",
          message: expect.stringMatching(/^choice\.carrier_number: /),
        })
        expect(h.requestsFor("VoidWithReIssue")).toHaveLength(0)
        expect((await h.invoice(invoice.id)).type).toBe("member")
      })

      it("is refused like a void while an allowance stands, or once the period is locked", async () => {
        const { order } = await h.issuedOrder()
        await h.allowance(order.order.id, { request: { amount: 100 } })
        await expect(reissue(order, { type: "donation", love_code: CHARITIES[0].code })).rejects.toMatchObject({
          code: "invoice_has_allowances",
        })

        h.simulator.setClock(new Date(Date.now() - 150 * DAY_MS))
        const old = await h.issuedOrder()
        await expect(reissue(old.order, { type: "donation", love_code: CHARITIES[0].code })).rejects.toMatchObject({
          code: "void_past_deadline",
          message: expect.stringMatching(/could be corrected until/),
        })
        expect(h.requestsFor("VoidWithReIssue")).toHaveLength(0)
      })

      it("ECPay's refusal or a rate limit (HTTP 403): failed with the code, the invoice unchanged", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "VoidWithReIssue", type: "refuse", rtnCode: 5000099, rtnMsg: "測試拒絕" })
        const result = await reissue(order, { type: "donation", love_code: CHARITIES[0].code })
        expect(result).toMatchObject({ outcome: "failed", status: "issued", error_code: "5000099", error_message: "測試拒絕" })
        expect(await h.invoice(invoice.id)).toMatchObject({ type: "member", donation: false })
        const [failed] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.reissue_failed")
        expect(failed).toMatchObject({ success: false, rtn_code: "5000099", reason: "改為捐贈" })

        h.simulator.setFault({ operation: "VoidWithReIssue", type: "http_403" })
        expect(await reissue(order, { type: "donation", love_code: CHARITIES[0].code })).toMatchObject({
          outcome: "failed",
          status: "issued",
          error_code: "http_403",
          error_message: expect.stringMatching(/rate-limiting/),
        })
        expect(await h.invoice(invoice.id)).toMatchObject({ type: "member", donation: false })
        expect(h.atEcpay(invoice.invoice_number!)?.reissues).toHaveLength(0)
      })

      it("a reply lost after ECPay re-issued: reconciled when ECPay's invoice carries the correction; an HTTP 500: unknown", async () => {
        const lost = await h.issuedOrder()
        h.simulator.setFault({ operation: "VoidWithReIssue", type: "drop_after_commit" })
        expect(await reissue(lost.order, { type: "donation", love_code: CHARITIES[0].code })).toMatchObject({
          outcome: "reissued",
          status: "issued",
        })
        expect(await h.invoice(lost.invoice.id)).toMatchObject({ type: "donation", love_code: CHARITIES[0].code })
        // Asked, not sent again: one correction at ECPay.
        expect(h.requestsFor("VoidWithReIssue")).toHaveLength(1)
        expect(h.atEcpay(lost.invoice.invoice_number!)?.reissues).toHaveLength(1)
        const [reissued] = (await h.events(lost.order.order.id)).filter((e) => e.action === "invoice.reissued")
        expect(reissued.data).toMatchObject({ via: "reconciled after unknown outcome" })

        const failed = await h.issuedOrder()
        h.simulator.setFault({ operation: "VoidWithReIssue", type: "http_500" })
        expect(await reissue(failed.order, { type: "donation", love_code: CHARITIES[0].code })).toMatchObject({
          outcome: "unknown",
          status: "issued",
          error_message: expect.stringMatching(/500/),
        })
        expect(await h.invoice(failed.invoice.id)).toMatchObject({ type: "member" })
        expect(h.atEcpay(failed.invoice.invoice_number!)?.reissues).toHaveLength(0)
      })

      it("fails without calling ECPay while not configured", async () => {
        const { order } = await h.issuedOrder()
        await h.service.updateSettings({ merchant_id: null })
        expect(await reissue(order, { type: "donation", love_code: CHARITIES[0].code })).toMatchObject({
          outcome: "failed",
          error_code: "not_configured",
        })
        expect(h.requestsFor("VoidWithReIssue")).toHaveLength(0)
      })
    })

    // ---------------------------------------------------------------- resend

    describe("resend (InvoiceNotify)", () => {
      const resend = (orderId: string, email?: string) => h.service.resendNotification({ order_id: orderId, email, actor: ADMIN })

      it("has ECPay send the notice again, to the buyer or another address", async () => {
        const { order, invoice } = await h.issuedOrder()
        expect(await resend(order.order.id)).toMatchObject({
          action: "resend",
          outcome: "sent",
          status: "issued",
          invoice_number: invoice.invoice_number,
          error_code: null,
        })
        expect(h.requestsFor("InvoiceNotify")).toEqual([
          expect.objectContaining({
            rtnCode: 1,
            data: expect.objectContaining({
              InvoiceNo: invoice.invoice_number,
              NotifyMail: BUYER_EMAIL,
              InvoiceTag: "I",
              Notify: "E",
              Notified: "C",
            }),
          }),
        ])
        expect(await resend(order.order.id, "accounting@example.com")).toMatchObject({ outcome: "sent" })
        expect(h.simulator.snapshot().notifications.map((n) => n.mail)).toEqual([BUYER_EMAIL, "accounting@example.com"])
        const sent = (await h.events(order.order.id)).filter((e) => e.action === "invoice.notification_sent")
        expect(sent.map((e) => e.data?.email)).toEqual([BUYER_EMAIL, "accounting@example.com"])
        expect(sent[0]).toMatchObject({ actor_type: "user", rtn_code: "1" })
      })

      it("for a voided invoice sends the void notice", async () => {
        const { order, invoice } = await h.issuedOrder()
        await h.service.voidInvoice({ order_id: order.order.id, reason: "買受人取消訂單", actor: ADMIN })
        expect(await resend(order.order.id)).toMatchObject({ outcome: "sent", invoice_number: invoice.invoice_number, status: "voided" })
        expect(h.requestsFor("InvoiceNotify")[0].data).toMatchObject({ InvoiceNo: invoice.invoice_number, InvoiceTag: "II" })
      })

      it("refuses an order without an invoice, and an invoice without an address to send to", async () => {
        await expect(resend(h.invoicedOrder().order.id)).rejects.toMatchObject({ code: "invoice_not_issued" })
        const { order } = await h.issuedOrder({ order: { email: null } })
        await expect(resend(order.order.id)).rejects.toMatchObject({ type: MedusaError.Types.INVALID_DATA, code: "email_required" })
        expect(h.requestsFor("InvoiceNotify")).toHaveLength(0)
      })

      it("ECPay's refusal and a rate limit are failed, an HTTP 500 unknown; all audited with the address", async () => {
        const { order } = await h.issuedOrder()
        h.simulator.setFault({ operation: "InvoiceNotify", type: "refuse", rtnCode: 3000099, rtnMsg: "測試拒絕" })
        expect(await resend(order.order.id)).toMatchObject({ outcome: "failed", error_code: "3000099", error_message: "測試拒絕" })
        h.simulator.setFault({ operation: "InvoiceNotify", type: "http_500" })
        expect(await resend(order.order.id)).toMatchObject({ outcome: "unknown", error_message: expect.stringMatching(/500/) })
        h.simulator.setFault({ operation: "InvoiceNotify", type: "http_403" })
        expect(await resend(order.order.id)).toMatchObject({ outcome: "failed", error_code: "http_403" })
        const failed = (await h.events(order.order.id)).filter((e) => e.action === "invoice.notification_failed")
        expect(failed).toEqual([
          expect.objectContaining({ success: false, rtn_code: "3000099", data: { email: BUYER_EMAIL, invoice_tag: "I" } }),
          expect.objectContaining({ success: false, data: { email: BUYER_EMAIL, invoice_tag: "I" } }),
          expect.objectContaining({ success: false, rtn_code: "http_403", data: { email: BUYER_EMAIL, invoice_tag: "I" } }),
        ])
        expect(h.simulator.snapshot().notifications).toHaveLength(0)
      })
    })

    // ---------------------------------------------------------------- sync

    describe("sync (GetIssue, GetAllowanceList)", () => {
      const sync = (orderId: string, actor = ADMIN) => h.service.syncInvoice({ order_id: orderId, actor })

      it("picks up a void made in ECPay's back office, with its reason", async () => {
        const { order, invoice } = await h.issuedOrder()
        await h.backOffice().invalid({
          InvoiceNo: invoice.invoice_number!,
          InvoiceDate: formatTaipeiDate(new Date(invoice.invoice_date!)),
          Reason: "後台作廢",
        })
        const result = await sync(order.order.id)
        expect(result).toMatchObject({ action: "sync", outcome: "synced", status: "voided" })
        expect(result.changes).toContain("voided")
        expect(await h.invoice(invoice.id)).toMatchObject({
          status: "voided",
          void_reason: "後台作廢",
          voided_at: expect.any(Date),
          synced_at: expect.any(Date),
        })
        const [synced] = (await h.events(order.order.id)).filter((e) => e.action === "invoice.synced")
        expect(synced.data).toMatchObject({ changes: expect.arrayContaining(["voided"]) })
      })

      it("imports an allowance made in ECPay's back office once, with ECPay's remaining amount", async () => {
        const { order, invoice } = await h.issuedOrder()
        const made = await backOfficeAllowance(invoice, 200)
        const result = await sync(order.order.id)
        expect(result).toMatchObject({ outcome: "synced", status: "issued" })
        expect(result.changes).toEqual(expect.arrayContaining(["allowance_added", "remaining_allowance_amount"]))
        expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).toEqual([
          expect.objectContaining({ allowance_number: made.IA_Allow_No, amount: 200, status: "issued", agreement: "paper" }),
        ])
        expect((await h.invoice(invoice.id)).remaining_allowance_amount).toBe(ORDER_TOTAL - 200)
        // The invoice now has an allowance: it cannot be voided.
        await expect(h.service.voidInvoice({ order_id: order.order.id, reason: "退貨", actor: ADMIN })).rejects.toMatchObject({
          code: "invoice_has_allowances",
        })

        const again = await sync(order.order.id)
        expect(again.changes).not.toContain("allowance_added")
        expect(await h.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).toHaveLength(1)
      })

      it("the scheduled sync audits only changes; a merchant's sync always", async () => {
        const { order, invoice } = await h.issuedOrder()
        // Issue's reply has no upload status: the first sync records ECPay's.
        expect(await sync(order.order.id, SYSTEM)).toMatchObject({ outcome: "synced", changes: ["upload_status"] })
        // Uploaded to the government platform 5 minutes after issuing (the simulator's default): not yet.
        expect((await h.invoice(invoice.id)).upload_status).toBe("0")
        const synced = () => h.events(order.order.id).then((events) => events.filter((e) => e.action === "invoice.synced"))
        expect(await synced()).toEqual([expect.objectContaining({ actor_type: "system", data: { changes: ["upload_status"] } })])
        expect(await sync(order.order.id, SYSTEM)).toMatchObject({ outcome: "synced", changes: [] })
        expect(await synced()).toHaveLength(1)
        expect(await sync(order.order.id)).toMatchObject({ outcome: "synced", changes: [] })
        expect((await synced())[1]).toMatchObject({ actor_type: "user", data: { changes: [] } })
      })

      it("when ECPay cannot answer: unknown, nothing changed, the attempt remembered", async () => {
        const { order, invoice } = await h.issuedOrder()
        h.simulator.setFault({ operation: "GetIssue", type: "http_500" })
        const result = await sync(order.order.id)
        expect(result).toMatchObject({ outcome: "unknown", status: "issued", error_code: "unavailable", changes: [] })
        expect(await h.invoice(invoice.id)).toMatchObject({ status: "issued", synced_at: expect.any(Date) })
        expect(actionsOf(await h.events(order.order.id))).toContain("invoice.sync_failed")
        h.simulator.setFault({ operation: "GetIssue", type: "http_403" })
        expect(await sync(order.order.id, SYSTEM)).toMatchObject({ outcome: "unknown", error_code: "unavailable" })
      })

      it("refuses an order without an invoice; fails while not configured", async () => {
        await expect(sync(h.invoicedOrder().order.id)).rejects.toMatchObject({ code: "invoice_not_issued" })
        const { order } = await h.issuedOrder()
        await h.service.updateSettings({ hash_key: null })
        const before = h.simulator.requests.length
        expect(await sync(order.order.id)).toMatchObject({ outcome: "failed", error_code: "not_configured" })
        expect(h.simulator.requests).toHaveLength(before)
      })
    })
  },
  { simulator: { timestampToleranceSeconds: 366 * 24 * 3600 } }
)
