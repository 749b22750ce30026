/**
 * Printing (InvoicePrint), the printed mark, and winning invoices (中獎: the award from sync, the winning
 * notice InvoiceNotify AW).
 */
import { MedusaError } from "@medusajs/framework/utils"
import { ADMIN, BUYER_EMAIL, describeOperations, SYSTEM } from "./harness"
import type { OperationsHarness } from "./harness"

const PAPER = { type: "paper" as const, buyer_name: "王小明", buyer_address: "110台北市信義路五段7號", print: true }

describeOperations("printing and winning invoices", (h: OperationsHarness) => {
  const print = (orderId: string, style?: 1 | 2 | 3) => h.service.openPrintPage({ order_id: orderId, style, actor: ADMIN })

  async function paperOrder() {
    const order = h.invoicedOrder()
    await h.chooseForOrder(order.order.id, PAPER)
    const { submitted } = await h.issue(order)
    expect(submitted).toMatchObject({ status: "issued" })
    return { order, invoice: await h.invoice(submitted!.invoice_id!) }
  }

  /** A member-carrier invoice that ECPay says won (the simulator draws it), synced. */
  async function winningOrder(tier = 6) {
    const issued = await h.issuedOrder()
    h.simulator.awardInvoice(issued.invoice.invoice_number!, tier)
    expect(await h.service.syncInvoice({ order_id: issued.order.order.id, actor: SYSTEM })).toMatchObject({
      outcome: "synced",
      changes: expect.arrayContaining(["award_status"]),
    })
    return { ...issued, invoice: await h.invoice(issued.invoice.id) }
  }

  describe("print (InvoicePrint)", () => {
    it("answers ECPay's print page for a paper invoice; the second print is a reprint; audited without the address", async () => {
      const { order, invoice } = await paperOrder()
      const first = await print(order.order.id)
      expect(first).toMatchObject({ action: "print", outcome: "opened", invoice_number: invoice.invoice_number, status: "issued" })
      expect(first.print_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__print\//)
      // The page is ECPay's (the simulator's here): it shows the invoice.
      const page = await fetch(first.print_url!)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(invoice.invoice_number)

      await h.service.markPrinted({ invoice_ids: [invoice.id], actor: ADMIN })
      expect(await print(order.order.id, 3)).toMatchObject({ outcome: "opened" })
      const sent = h.requestsFor("InvoicePrint").map((request) => request.data)
      expect(sent).toEqual([
        expect.objectContaining({ InvoiceNo: invoice.invoice_number, PrintStyle: 1, IsShowingDetail: 1 }),
        expect.objectContaining({ PrintStyle: 3, IsReprintInvoice: "Y" }),
      ])
      expect(sent[0]).not.toHaveProperty("IsReprintInvoice")
      expect((sent[0] as Record<string, unknown>).InvoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)

      const opened = (await h.events(order.order.id)).filter((e) => e.action === "invoice.print_opened")
      expect(opened.map((e) => e.data)).toEqual([
        { print_style: 1, paper_reason: "printed", reprint: false },
        { print_style: 3, paper_reason: "printed", reprint: true },
      ])
      expect(JSON.stringify(opened)).not.toContain("__print")
    })

    it("refuses a carrier invoice that did not win, and an order without an issued invoice, before calling ECPay", async () => {
      const { order } = await h.issuedOrder()
      await expect(print(order.order.id)).rejects.toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: "invoice_not_printable" })
      await expect(print(h.invoicedOrder().order.id)).rejects.toMatchObject({ code: "invoice_not_issued" })
      expect(h.requestsFor("InvoicePrint")).toHaveLength(0)
    })

    it("ECPay's refusal is failed with its code and audited; not configured fails without a call", async () => {
      const { order } = await paperOrder()
      h.simulator.setFault({ type: "refuse", operation: "InvoicePrint", rtnCode: 2000034, rtnMsg: "發票已全額折讓" })
      expect(await print(order.order.id)).toMatchObject({ outcome: "failed", error_code: "2000034", error_message: "發票已全額折讓" })
      const failed = (await h.events(order.order.id)).filter((e) => e.action === "invoice.print_failed")
      expect(failed).toEqual([expect.objectContaining({ success: false, rtn_code: "2000034" })])

      await h.service.updateSettings({ merchant_id: null })
      expect(await print(order.order.id)).toMatchObject({ outcome: "failed", error_code: "not_configured" })
      expect(h.requestsFor("InvoicePrint")).toHaveLength(1)
    })
  })

  describe("mark printed", () => {
    it("marks once with who and when, audited; a second mark keeps the first; invoices that need no paper are refused", async () => {
      const paper = await paperOrder()
      const carrier = await h.issuedOrder()
      const results = await h.service.markPrinted({ invoice_ids: [paper.invoice.id, carrier.invoice.id, "einv_missing"], actor: ADMIN })
      expect(results.map((r) => r.outcome)).toEqual(["marked", "not_printable", "not_found"])
      const marked = await h.invoice(paper.invoice.id)
      expect(marked.printed_by).toBe(ADMIN.id)
      expect(marked.printed_at).toBeInstanceOf(Date)

      const again = await h.service.markPrinted({ invoice_ids: [paper.invoice.id], actor: { type: "user", id: "user_other" } })
      expect(again).toEqual([expect.objectContaining({ outcome: "already_printed", printed_by: ADMIN.id })])
      const audit = (await h.allEvents()).filter((e) => e.action === "invoice.printed")
      expect(audit).toEqual([
        expect.objectContaining({ einvoice_id: paper.invoice.id, actor_id: ADMIN.id, data: { paper_reason: "printed" } }),
      ])
    })

    it("two marks at once (two processes): one is recorded", async () => {
      const { invoice } = await paperOrder()
      const both = await Promise.all([
        h.service.markPrinted({ invoice_ids: [invoice.id], actor: ADMIN }),
        h.service.markPrinted({ invoice_ids: [invoice.id], actor: { type: "user", id: "user_other" } }),
      ])
      expect(
        both
          .flat()
          .map((r) => r.outcome)
          .sort()
      ).toEqual(["already_printed", "marked"])
      expect((await h.allEvents()).filter((e) => e.action === "invoice.printed")).toHaveLength(1)
    })
  })

  describe("winning invoices", () => {
    it("sync records the award; a winning member-carrier invoice can be printed and its winning notice sent", async () => {
      const { order, invoice } = await winningOrder(6)
      expect(invoice.award_status).toBe("6")
      expect(await print(order.order.id)).toMatchObject({ outcome: "opened" })
      expect((await h.events(order.order.id)).find((e) => e.action === "invoice.print_opened")?.data).toMatchObject({
        paper_reason: "winning",
      })

      expect(await h.service.resendNotification({ order_id: order.order.id, notice: "award", actor: ADMIN })).toMatchObject({
        action: "resend",
        outcome: "sent",
      })
      expect(h.requestsFor("InvoiceNotify").map((r) => r.data)).toEqual([
        expect.objectContaining({ InvoiceNo: invoice.invoice_number, InvoiceTag: "AW", NotifyMail: BUYER_EMAIL, Notified: "C" }),
      ])
      expect(h.simulator.snapshot().notifications).toEqual([expect.objectContaining({ invoiceTag: "AW" })])
    })

    it("the winning notice is refused for an invoice that has not won, before calling ECPay", async () => {
      const { order } = await h.issuedOrder()
      await expect(h.service.resendNotification({ order_id: order.order.id, notice: "award", actor: ADMIN })).rejects.toMatchObject({
        code: "invoice_not_winning",
      })
      expect(h.requestsFor("InvoiceNotify")).toHaveLength(0)
    })

    it("a winning donated or mobile-barcode invoice needs no paper from the store", async () => {
      for (const choice of [
        { type: "donation" as const, love_code: "168001" },
        { type: "mobile_barcode" as const, carrier_number: "/ABC1234" },
      ]) {
        const order = h.invoicedOrder()
        await h.chooseForOrder(order.order.id, choice)
        const { submitted } = await h.issue(order)
        const invoice = await h.invoice(submitted!.invoice_id!)
        h.simulator.awardInvoice(invoice.invoice_number!, 2)
        await h.service.syncInvoice({ order_id: order.order.id, actor: SYSTEM })
        expect((await h.invoice(invoice.id)).award_status).toBe("2")
        await expect(print(order.order.id)).rejects.toMatchObject({ code: "invoice_not_printable" })
      }
    })
  })

  describe("company amounts (銷售額 / 稅額)", () => {
    it("a company invoice keeps the tax ECPay splits out; sync takes ECPay's figure when it differs", async () => {
      const order = h.invoicedOrder()
      await h.chooseForOrder(order.order.id, { type: "company", company_tax_id: "12345675", company_name: "好茶股份有限公司" })
      const { submitted } = await h.issue(order)
      const invoice = await h.invoice(submitted!.invoice_id!)
      // 2850 ÷ 1.05 = 2714.29 → sales 2714, tax 136: what ECPay's GetIssue answers too.
      expect(invoice.tax_amount).toBe(136)
      const unchanged = await h.service.syncInvoice({ order_id: order.order.id, actor: ADMIN })
      expect(unchanged.changes).not.toContain("tax_amount")

      await h.sql(`update ecpay_einvoice set tax_amount = null where id = ?`, [invoice.id])
      const synced = await h.service.syncInvoice({ order_id: order.order.id, actor: ADMIN })
      expect(synced.changes).toContain("tax_amount")
      expect((await h.invoice(invoice.id)).tax_amount).toBe(136)
    })

    it("a B2C invoice has no tax split out", async () => {
      const { invoice } = await h.issuedOrder()
      expect(invoice.tax_amount).toBeNull()
    })
  })
})
