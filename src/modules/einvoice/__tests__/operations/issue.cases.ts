import { MedusaError } from "@medusajs/framework/utils"
import { ECPAY_RATE_LIMIT_BACKOFF_MS, EcpayInvoiceClient } from "../../../../lib/ecpay"
import { actionsOf, ADMIN, BUYER_EMAIL, describeOperations, ORDER_TOTAL, sleep, STAGE, SYSTEM, TEST_TIMEOUT_MS } from "./harness"
import type { InvoicedOrder } from "../../../../lib/order-for-invoice"

jest.setTimeout(60000)

const MINUTE = 60_000

describeOperations("issue operation (prepareIssue + submitIssue)", (h) => {
  /** The invoice of an order whose first attempt ended without an answer and is waiting for its retry. */
  const pendingAfterUnknown = async (fault: Parameters<typeof h.simulator.setFault>[0]) => {
    const order = h.invoicedOrder()
    h.simulator.setFault(fault)
    const { submitted } = await h.issue(order)
    expect(submitted).toMatchObject({ status: "pending", outcome: "pending" })
    const invoice = await h.invoice(submitted!.invoice_id!)
    expect(invoice).toMatchObject({ status: "pending", attempts: 1 })
    return { order, invoice }
  }
  /** Runs the retry job's issue of one invoice (trigger "retry") once it is due. */
  const retry = async (order: ReturnType<typeof h.invoicedOrder>) => await h.issue(order, "retry", SYSTEM)

  describe("issued", () => {
    it("issues at ECPay, stores the number and what was sent, and audits request and result", async () => {
      const order = h.invoicedOrder()
      const { prepared, submitted } = await h.issue(order)
      expect(prepared).toMatchObject({ outcome: "submit", withdraw: null })

      expect(submitted).toMatchObject({
        order_id: order.order.id,
        action: "issue",
        outcome: "issued",
        status: "issued",
        invoice_number: expect.stringMatching(/^[A-Z]{2}\d{8}$/),
        error_code: null,
        error_message: null,
      })
      const invoice = await h.invoice(submitted!.invoice_id!)
      expect(invoice).toMatchObject({
        status: "issued",
        invoice_number: submitted!.invoice_number,
        random_number: expect.stringMatching(/^\d{4}$/),
        total: ORDER_TOTAL,
        remaining_allowance_amount: ORDER_TOTAL,
        attempts: 1,
        next_attempt_at: null,
        buyer_email: BUYER_EMAIL,
        type: "member",
      })
      expect(invoice.invoice_date).toBeTruthy()

      const [sent] = h.requestsFor("Issue")
      expect(h.requestsFor("Issue")).toHaveLength(1)
      expect(sent.data).toMatchObject({
        RelateNumber: invoice.relate_number,
        SalesAmount: ORDER_TOTAL,
        CarrierType: "1",
        CustomerEmail: BUYER_EMAIL,
      })
      const items = (sent.data as { Items: Array<{ ItemAmount: number }> }).Items
      expect(items.reduce((sum, item) => sum + item.ItemAmount, 0)).toBe(ORDER_TOTAL)
      expect(h.atEcpayByRelateNumber(invoice.relate_number)).toEqual([
        expect.objectContaining({ invoiceNo: invoice.invoice_number, relateNumber: invoice.relate_number }),
      ])
      // Nothing to reconcile on a first attempt that was answered.
      expect(h.requestsFor("GetIssue")).toHaveLength(0)

      const events = await h.events(order.order.id)
      expect(actionsOf(events)).toEqual(["invoice.issue_requested", "invoice.issued"])
      expect(events[0]).toMatchObject({
        einvoice_id: invoice.id,
        actor_type: "user",
        actor_id: ADMIN.id,
        data: expect.objectContaining({ relate_number: invoice.relate_number, attempt: 1, sales_amount: ORDER_TOTAL }),
      })
      expect(events[1]).toMatchObject({ success: true, rtn_code: "1", data: { invoice_number: invoice.invoice_number, via: "issue" } })
    })

    it.each([
      [
        "member carrier",
        { type: "member" as const },
        { CarrierType: "1", CarrierNum: "", Donation: "0", Print: "0", CustomerEmail: BUYER_EMAIL },
      ],
      [
        "citizen certificate",
        { type: "citizen_certificate" as const, carrier_number: "AB12345678901234" },
        { CarrierType: "2", CarrierNum: "AB12345678901234" },
      ],
      ["mobile barcode", { type: "mobile_barcode" as const, carrier_number: "/ABC1234" }, { CarrierType: "3", CarrierNum: "/ABC1234" }],
      ["donation", { type: "donation" as const, love_code: "168001" }, { Donation: "1", LoveCode: "168001", Print: "0" }],
      [
        "company",
        { type: "company" as const, company_tax_id: "12345675", company_name: "好茶股份有限公司" },
        { CustomerIdentifier: "12345675", CustomerName: "好茶股份有限公司", CarrierType: "1", Print: "0" },
      ],
      [
        "paper",
        { type: "paper" as const, buyer_name: "王小明", buyer_address: "110台北市信義路五段7號", print: true },
        { Print: "1", CarrierType: "", CustomerName: "王小明", CustomerAddr: "110台北市信義路五段7號" },
      ],
    ])("%s: the order's choice is what ECPay receives, one invoice", async (_label, choice, expected) => {
      const order = h.invoicedOrder()
      await h.chooseForOrder(order.order.id, choice)
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      const sent = h.requestsFor("Issue")
      expect(sent).toHaveLength(1)
      expect(sent[0].data).toMatchObject({ ...expected, SalesAmount: ORDER_TOTAL })
      const invoice = await h.invoice(submitted!.invoice_id!)
      expect(invoice.type).toBe(choice.type)
      expect(h.atEcpayByRelateNumber(invoice.relate_number)).toHaveLength(1)
    })

    it("an order not in TWD is skipped with its reason, not failed; nothing is sent to ECPay", async () => {
      const order = h.invoicedOrder({ order: { currency_code: "usd" } })
      const { prepared } = await h.issue(order, "payment_captured", SYSTEM)
      expect(prepared).toMatchObject({ outcome: "skipped" })
      const [invoice] = await h.service.listEinvoices({ order_id: order.order.id })
      expect(invoice).toMatchObject({
        status: "skipped",
        status_reason: expect.stringMatching(/^Currency USD: not invoiced/),
        last_error_code: null,
      })
      expect(h.requestsFor("Issue")).toHaveLength(0)
      expect((await h.events(order.order.id)).map((e) => e.action)).toEqual(["invoice.skipped"])
    })

    it("an order in another currency with a TWD rate set: issued in TWD at that rate, recorded; its refunds allowed at the same rate", async () => {
      await h.service.updateSettings({ currency_rates: [{ currency_code: "usd", rate: 31.5 }], auto_allowance_on_refund: true })
      // The harness's order (2 teas, a mug and shipping: 2850), in USD.
      const order = h.invoicedOrder({ order: { currency_code: "usd" } })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      expect(h.requestsFor("Issue")[0].data).toMatchObject({ SalesAmount: 2850 * 31.5 })
      const invoice = await h.invoice(submitted!.invoice_id!)
      expect(invoice).toMatchObject({ total: 89775, currency_code: "twd" })
      expect(invoice.metadata).toEqual({ currency_conversion: { currency_code: "usd", rate: 31.5, order_total: 2850 } })
      // A refund of 10 USD: an allowance of 315 TWD.
      const refunds = [{ id: "re_usd", amount: 10, created_at: null }]
      const plan = await h.service.planRefundAllowance({
        order_id: order.order.id,
        order: { refunded_total: 10, canceled: false, refunds },
      })
      expect(plan).toMatchObject({ amount: 315, refund_ids: ["re_usd"] })
      // The rate changed later: the issued invoice keeps the one it was issued at.
      await h.service.updateSettings({ currency_rates: [{ currency_code: "usd", rate: 32 }] })
      expect(
        await h.service.planRefundAllowance({ order_id: order.order.id, order: { refunded_total: 10, canceled: false, refunds } })
      ).toMatchObject({ amount: 315 })
    })

    it("a paid total with cents: issued for the whole-dollar total, the difference recorded once and audited", async () => {
      // A refused first attempt, then the retry: the rounding is audited once.
      h.simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "拒絕", times: 1 })
      const order = h.invoicedOrder({ order: { total: 2849.5 } })
      expect((await h.issue(order)).submitted).toMatchObject({ status: "failed" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      expect(h.requestsFor("Issue").at(-1)?.data).toMatchObject({ SalesAmount: 2850 })
      const rounding = { paid_total: 2849.5, invoiced_total: 2850, difference: 0.5 }
      expect((await h.invoice(submitted!.invoice_id!)).metadata).toEqual({ total_rounding: rounding })
      const rounded = (await h.events(order.order.id)).filter((e) => e.action === "invoice.total_rounded")
      expect(rounded.map((e) => e.data)).toEqual([rounding])
    })

    it("a second issue of an issued order, or the same event delivered again, sends nothing", async () => {
      const { order, invoice } = await h.issuedOrder()
      const again = await h.issue(order)
      expect(again.prepared).toEqual({ outcome: "already_issued", invoice_id: invoice.id })
      // The same event delivered again, or order.placed for an order paid at checkout.
      for (const trigger of ["payment_captured", "order_placed"] as const) {
        const automatic = await h.issue(order, trigger, SYSTEM)
        expect(automatic.prepared).toEqual({ outcome: "already_issued", invoice_id: invoice.id })
      }
      expect(h.requestsFor("Issue")).toHaveLength(1)
      expect(await h.service.listEinvoices({ order_id: order.order.id })).toHaveLength(1)
    })
    it("two submissions of one prepared invoice at once (no workflow lock): one invoice at ECPay, both answer issued", async () => {
      const order = h.invoicedOrder()
      const prepared = await h.service.prepareIssue({ order, trigger: "manual", actor: ADMIN })
      if (prepared.outcome !== "submit") {
        throw new Error(`expected a submission, got ${prepared.outcome}`)
      }
      const submit = () => h.service.submitIssue({ invoice_id: prepared.invoice_id, payload: prepared.payload, actor: ADMIN })
      const [first, second] = await Promise.all([submit(), submit()])
      const atEcpay = h.atEcpayByRelateNumber(prepared.payload.RelateNumber)
      expect(atEcpay).toHaveLength(1)
      // The second Issue is refused (RelateNumber taken), then reconciled to the same invoice.
      expect(h.requestsFor("Issue").filter((r) => r.rtnCode === 1)).toHaveLength(1)
      expect(first).toMatchObject({ status: "issued", invoice_number: atEcpay[0].invoiceNo })
      expect(second).toMatchObject({ status: "issued", invoice_number: atEcpay[0].invoiceNo })
      expect(await h.invoice(prepared.invoice_id)).toMatchObject({ status: "issued", invoice_number: atEcpay[0].invoiceNo })
    })
  })

  describe("not issued", () => {
    it("refuses a manual issue of an unpaid order naming the payment state; an automatic one is a no-op", async () => {
      const order = h.invoicedOrder({ payment_status: "authorized" })
      const refused = await h.issue(order).catch((error) => error)
      expect(refused).toBeInstanceOf(MedusaError)
      expect(refused).toMatchObject({ type: MedusaError.Types.NOT_ALLOWED, code: "order_not_paid" })
      expect(refused.message).toMatch(/Only paid orders.*authorized/)
      const automatic = await h.issue(order, "payment_captured", SYSTEM)
      expect(automatic.prepared).toMatchObject({ outcome: "not_issuable", reason: expect.stringMatching(/authorized/) })
      expect(await h.service.listEinvoices({ order_id: order.order.id })).toHaveLength(0)
      expect(h.simulator.requests).toHaveLength(0)
    })

    it("refuses while invoicing is off, and a canceled order", async () => {
      await h.service.updateSettings({ enabled: false })
      const order = h.invoicedOrder()
      await expect(h.issue(order)).rejects.toMatchObject({ code: "einvoice_disabled" })
      await h.service.updateSettings({ enabled: true })
      await expect(h.issue(h.invoicedOrder({ canceled: true }))).rejects.toMatchObject({
        code: "order_canceled",
        message: expect.stringMatching(/canceled/),
      })
      expect(h.simulator.requests).toHaveLength(0)
    })

    it("skips a zero-total order with the reason, without calling ECPay", async () => {
      const order = h.invoicedOrder({
        order: {
          total: 0,
          items: [{ title: "馬克杯", quantity: 1, unit_price: 350, total: 0, discount_total: 350 }],
          shipping_methods: [{ name: "宅配", amount: 100, total: 0, discount_total: 100 }],
        },
      })
      const { prepared, submitted } = await h.issue(order)
      expect(prepared).toMatchObject({ outcome: "skipped" })
      expect(submitted).toBeUndefined()
      const [invoice] = await h.service.listEinvoices({ order_id: order.order.id })
      expect(invoice).toMatchObject({ status: "skipped", status_reason: expect.stringMatching(/zero/) })
      expect(actionsOf(await h.events(order.order.id))).toEqual(["invoice.skipped"])
      expect(h.simulator.requests).toHaveLength(0)
    })

    it("does not act on triggers the settings do not name; with a delay it schedules the invoice and sends nothing", async () => {
      const order = h.invoicedOrder()
      const onFulfillment = await h.issue(order, "fulfillment", SYSTEM)
      expect(onFulfillment.prepared).toMatchObject({ outcome: "not_issuable" })
      await h.service.updateSettings({ issue_mode: "manual" })
      expect((await h.issue(order, "payment_captured", SYSTEM)).prepared).toMatchObject({ outcome: "not_issuable" })
      expect(await h.service.listEinvoices({ order_id: order.order.id })).toHaveLength(0)

      await h.service.updateSettings({ issue_mode: "automatic", issue_delay_days: 3 })
      const scheduled = await h.issue(order, "payment_captured", SYSTEM)
      expect(scheduled.prepared).toMatchObject({ outcome: "scheduled" })
      const [invoice] = await h.service.listEinvoices({ order_id: order.order.id })
      expect(invoice).toMatchObject({ status: "pending", attempts: 0 })
      const days = (new Date(invoice.next_attempt_at!).getTime() - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(2.9)
      expect(days).toBeLessThanOrEqual(3)
      // The same event again, or order.placed for it, changes nothing.
      expect((await h.issue(order, "order_placed", SYSTEM)).prepared).toEqual({ outcome: "scheduled", invoice_id: invoice.id })
      expect(h.simulator.requests).toHaveLength(0)
    })

    it("a scheduled invoice of an order canceled meanwhile is dropped without calling ECPay", async () => {
      await h.service.updateSettings({ issue_delay_days: 3 })
      const order = h.invoicedOrder()
      await h.issue(order, "payment_captured", SYSTEM)
      const canceled = { ...order, canceled: true }
      expect((await h.issue(canceled, "retry", SYSTEM)).prepared).toMatchObject({
        outcome: "not_issuable",
        reason: expect.stringMatching(/canceled/),
      })
      const [invoice] = await h.service.listEinvoices({ order_id: order.order.id })
      expect(invoice).toMatchObject({ status: "skipped", status_reason: expect.stringMatching(/canceled/) })
      expect(h.simulator.requests).toHaveLength(0)
    })
  })

  describe("refused by ECPay", () => {
    it("records ECPay's code and message, checks ECPay has nothing under the RelateNumber, and a retry issues it", async () => {
      const order = h.invoicedOrder()
      h.simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "測試拒絕：字軌已用完" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({
        outcome: "failed",
        status: "failed",
        error_code: "1100099",
        error_message: "測試拒絕：字軌已用完",
        invoice_number: null,
      })
      const failed = await h.invoice(submitted!.invoice_id!)
      expect(failed).toMatchObject({
        status: "failed",
        last_error_code: "1100099",
        last_error_message: "測試拒絕：字軌已用完",
        next_attempt_at: null,
        attempts: 1,
      })
      // A refusal may be ECPay refusing a RelateNumber it already issued: it was asked.
      expect(h.requestsFor("GetIssue")).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ RelateNumber: failed.relate_number }) }),
      ])
      const events = await h.events(order.order.id)
      expect(actionsOf(events)).toEqual(["invoice.issue_requested", "invoice.failed"])
      expect(events[1]).toMatchObject({ success: false, rtn_code: "1100099", rtn_msg: "測試拒絕：字軌已用完" })

      const { submitted: retried } = await h.issue(order)
      expect(retried).toMatchObject({ status: "issued", error_code: null })
      const issued = await h.invoice(submitted!.invoice_id!)
      expect(issued).toMatchObject({ id: failed.id, relate_number: failed.relate_number, attempts: 2, last_error_code: null })
      expect(await h.service.listEinvoices({ order_id: order.order.id })).toHaveLength(1)
      expect(h.atEcpayByRelateNumber(failed.relate_number)).toHaveLength(1)
    })

    it("a refusal of a RelateNumber ECPay already issued adopts that invoice", async () => {
      const order = h.invoicedOrder()
      // ECPay issued it (the reply was lost), and the retry's reconciliation could not get through.
      h.simulator.setFault({ operation: "Issue", type: "drop_after_commit" })
      h.simulator.setFault({ operation: "GetIssue", type: "http_500" })
      const first = await h.issue(order)
      expect(first.submitted).toMatchObject({ status: "pending" })
      const atEcpay = h.atEcpayByRelateNumber((await h.invoice(first.submitted!.invoice_id!)).relate_number)
      expect(atEcpay).toHaveLength(1)
      // The admin's retry reconciles first: found, adopted, no second Issue.
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued", invoice_number: atEcpay[0].invoiceNo })
      expect(h.requestsFor("Issue")).toHaveLength(1)
      const events = await h.events(order.order.id)
      expect(events.filter((e) => e.action === "invoice.issued").map((e) => e.data?.via)).toEqual(["reconciled before retry"])
    })

    it("our own validation refuses before sending: failed with the issues, nothing reaches ECPay", async () => {
      const order = h.invoicedOrder()
      // A stored choice the store API would not accept (no leading "/"): the protocol client refuses it.
      await h.chooseForOrder(order.order.id, { type: "mobile_barcode", carrier_number: "ABC1234" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "failed", error_code: "validation", error_message: expect.stringMatching(/CarrierNum/) })
      expect(h.simulator.requests).toHaveLength(0)
      const [, failed] = await h.events(order.order.id)
      expect(failed).toMatchObject({ action: "invoice.failed", success: false, rtn_code: "validation" })
      expect(failed.data?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: "CarrierNum" })]))
    })
  })

  describe("unknown outcome", () => {
    it("a reply dropped after ECPay issued: reconciled by GetIssue, issued once", async () => {
      const order = h.invoicedOrder()
      h.simulator.setFault({ operation: "Issue", type: "drop_after_commit" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued", outcome: "issued" })
      const invoice = await h.invoice(submitted!.invoice_id!)
      expect(h.atEcpayByRelateNumber(invoice.relate_number)).toEqual([expect.objectContaining({ invoiceNo: invoice.invoice_number })])
      expect(h.requestsFor("Issue")).toHaveLength(1)
      expect(h.requestsFor("Issue").filter((r) => r.rtnCode === 1)).toHaveLength(1)
      expect(h.requestsFor("GetIssue")).toHaveLength(1)
      const events = await h.events(order.order.id)
      expect(events.filter((e) => e.action === "invoice.issued").map((e) => e.data?.via)).toEqual(["reconciled after unknown outcome"])
    })

    it("an HTTP 500 that issued nothing: pending with a retry time and the same RelateNumber; the retry issues it once", async () => {
      const { order, invoice: pending } = await pendingAfterUnknown({ operation: "Issue", type: "http_500" })
      expect(pending.last_error_message).toMatch(/500/)
      const waitMs = new Date(pending.next_attempt_at!).getTime() - Date.now()
      expect(waitMs).toBeGreaterThan(0.5 * MINUTE)
      expect(waitMs).toBeLessThanOrEqual(MINUTE)
      expect(h.atEcpayByRelateNumber(pending.relate_number)).toHaveLength(0)
      const events = await h.events(order.order.id)
      expect(actionsOf(events)).toEqual(["invoice.issue_requested", "invoice.retry_scheduled"])
      expect(events[1]).toMatchObject({ success: false, rtn_msg: expect.stringMatching(/500/) })

      const { prepared, submitted } = await retry(order)
      expect(prepared).toMatchObject({ outcome: "submit", invoice_id: pending.id })
      expect(submitted).toMatchObject({ status: "issued" })
      const issued = await h.invoice(pending.id)
      expect(issued).toMatchObject({ relate_number: pending.relate_number, attempts: 2, next_attempt_at: null, last_error_message: null })
      expect(h.atEcpayByRelateNumber(pending.relate_number)).toHaveLength(1)
      expect(h.requestsFor("Issue").map((r) => (r.data as { RelateNumber: string }).RelateNumber)).toEqual([
        pending.relate_number,
        pending.relate_number,
      ])
    })

    it("a timeout while ECPay is still working: pending; the retry finds the invoice issued and issues nothing", async () => {
      // ECPay takes longer than the store waits (plugin option timeoutMs), then issues.
      const { order, invoice: pending } = await pendingAfterUnknown({ operation: "Issue", type: "latency", ms: TEST_TIMEOUT_MS + 1000 })
      expect(pending.last_error_code).toBe("transport")
      expect(pending.last_error_message).toMatch(new RegExp(`within ${TEST_TIMEOUT_MS} ms`))
      expect(pending.next_attempt_at).toBeTruthy()
      // The late request lands at ECPay after the store gave up (and after the GetIssue that found nothing).
      await sleep(1500)
      const late = h.atEcpayByRelateNumber(pending.relate_number)
      expect(late).toHaveLength(1)

      const { submitted } = await retry(order)
      expect(submitted).toMatchObject({ status: "issued", invoice_number: late[0].invoiceNo })
      expect(h.requestsFor("Issue")).toHaveLength(1)
      expect(await h.invoice(pending.id)).toMatchObject({
        attempts: 1,
        relate_number: pending.relate_number,
        invoice_number: late[0].invoiceNo,
      })
      const events = await h.events(order.order.id)
      expect(events.filter((e) => e.action === "invoice.issued").map((e) => e.data?.via)).toEqual(["reconciled before retry"])
    })

    it("an unreadable reply is reconciled like any unknown outcome", async () => {
      const { invoice } = await pendingAfterUnknown({ operation: "Issue", type: "garbage" })
      expect(invoice.last_error_code).toBe("responseformat")
      expect(h.requestsFor("GetIssue")).toHaveLength(1)
      expect(h.atEcpayByRelateNumber(invoice.relate_number)).toHaveLength(0)
    })

    it("while ECPay cannot be asked, a retry stays pending and sends no second Issue", async () => {
      const { order, invoice: pending } = await pendingAfterUnknown({ operation: "Issue", type: "http_500" })
      h.simulator.setFault({ operation: "GetIssue", type: "http_500" })
      const { submitted } = await retry(order)
      expect(submitted).toMatchObject({ status: "pending", error_code: "reconcile_unavailable" })
      const still = await h.invoice(pending.id)
      expect(still).toMatchObject({ status: "pending", attempts: 1, relate_number: pending.relate_number })
      expect(new Date(still.next_attempt_at!).getTime()).toBeGreaterThan(Date.now())
      expect(h.requestsFor("Issue")).toHaveLength(1)
    })

    it("ECPay holding another amount under the RelateNumber is a conflict, not adopted", async () => {
      const { order, invoice: pending } = await pendingAfterUnknown({ operation: "Issue", type: "http_500" })
      // Another system issued 100 TWD under the same RelateNumber meanwhile.
      expect(h.simulator.snapshot().invoices).toHaveLength(0)
      const backOffice = new EcpayInvoiceClient({ ...STAGE, environment: "stage", baseUrl: h.simulator.url })
      await backOffice.issue({
        RelateNumber: pending.relate_number,
        CustomerEmail: BUYER_EMAIL,
        Print: "0",
        Donation: "0",
        CarrierType: "1",
        CarrierNum: "",
        TaxType: "1",
        SalesAmount: 100,
        InvType: "07",
        vat: "1",
        Items: [{ ItemSeq: 1, ItemName: "其他", ItemCount: 1, ItemWord: "個", ItemPrice: 100, ItemTaxType: "1", ItemAmount: 100 }],
      })
      const { submitted } = await retry(order)
      expect(submitted).toMatchObject({
        status: "failed",
        error_code: "relate_number_conflict",
        error_message: expect.stringMatching(/100 TWD, not 2850 TWD/),
      })
      expect(h.requestsFor("Issue")).toHaveLength(2)
    })
  })

  describe("the order changed before the retry of an attempt of unknown outcome", () => {
    const zeroTotal = (order: InvoicedOrder): InvoicedOrder => ({
      ...order,
      order: {
        ...order.order,
        total: 0,
        items: [{ title: "馬克杯", quantity: 1, unit_price: 350, total: 0, discount_total: 350 }],
        shipping_methods: [{ name: "宅配", amount: 100, total: 0, discount_total: 100 }],
      },
    })
    const changes: Array<[string, "skipped", (order: InvoicedOrder) => InvoicedOrder, RegExp]> = [
      ["edited to a zero total", "skipped", zeroTotal, /zero/],
      ["canceled", "skipped", (order) => ({ ...order, canceled: true }), /canceled/],
      [
        "switched to another currency",
        "skipped",
        (order) => ({ ...order, order: { ...order.order, currency_code: "usd" } }),
        /^Currency USD: not invoiced/,
      ],
    ]

    it.each(changes)(
      "%s: asked by RelateNumber first; ECPay's invoice is adopted, else it ends %s",
      async (_label, status, change, reason) => {
        // ECPay issued this one, but the reply was lost and the reconciliation could not get through.
        const issuedThere = h.invoicedOrder()
        h.simulator.setFault({ operation: "Issue", type: "drop_after_commit" })
        h.simulator.setFault({ operation: "GetIssue", type: "http_500" })
        expect((await h.issue(issuedThere)).submitted).toMatchObject({ status: "pending" })
        // This one never reached ECPay.
        const { order: nothingThere, invoice: pending } = await pendingAfterUnknown({ operation: "Issue", type: "http_500" })

        // While ECPay cannot be asked, the invoice stays pending: neither skipped nor failed.
        h.simulator.setFault({ operation: "GetIssue", type: "http_500" })
        const waiting = await retry(change(nothingThere))
        expect(waiting.prepared).toMatchObject({
          outcome: "submit",
          invoice_id: pending.id,
          withdraw: { reason: expect.stringMatching(reason) },
        })
        expect(waiting.submitted).toMatchObject({ status: "pending", error_code: "reconcile_unavailable" })

        const adopted = await retry(change(issuedThere))
        const [atEcpay] = h.atEcpayByRelateNumber((await h.invoice(adopted.submitted!.invoice_id!)).relate_number)
        expect(adopted.submitted).toMatchObject({ status: "issued", invoice_number: atEcpay.invoiceNo })
        expect(await h.invoice(adopted.submitted!.invoice_id!)).toMatchObject({
          total: ORDER_TOTAL,
          remaining_allowance_amount: ORDER_TOTAL,
        })

        const withdrawn = await retry(change(nothingThere))
        expect(withdrawn.submitted).toMatchObject({ status, invoice_number: null })
        expect(await h.invoice(pending.id)).toMatchObject({ status, status_reason: expect.stringMatching(reason), next_attempt_at: null })
        // …decided right after ECPay said it holds nothing under the RelateNumber.
        const last = h.simulator.requests[h.simulator.requests.length - 1]
        expect(last).toMatchObject({ operation: "GetIssue", data: expect.objectContaining({ RelateNumber: pending.relate_number }) })
        const [ended] = (await h.events(nothingThere.order.id)).slice(-1)
        expect(ended).toMatchObject({ action: `invoice.${status}`, data: expect.objectContaining({ reconciled: true }) })
        // One Issue per order, none after the change.
        expect(h.requestsFor("Issue")).toHaveLength(2)
        expect(h.atEcpayByRelateNumber(pending.relate_number)).toHaveLength(0)
      }
    )

    it("credentials removed meanwhile: stays pending (ECPay cannot be asked), not failed; issued once they are back", async () => {
      const { order, invoice } = await pendingAfterUnknown({ operation: "Issue", type: "http_500" })
      await h.service.updateSettings({ hash_key: null })
      const { submitted } = await retry(order)
      expect(submitted).toMatchObject({ status: "pending", error_code: "not_configured" })
      expect(await h.invoice(invoice.id)).toMatchObject({ status: "pending", attempts: 1, next_attempt_at: expect.any(Date) })
      await h.configure()
      expect((await retry(order)).submitted).toMatchObject({ status: "issued" })
      expect(h.requestsFor("Issue")).toHaveLength(2)
      expect(h.atEcpayByRelateNumber(invoice.relate_number)).toHaveLength(1)
    })
  })

  describe("rate limited (HTTP 403)", () => {
    it("stays pending and waits at least ECPay's 30 minutes; nothing is reconciled", async () => {
      const { order, invoice } = await pendingAfterUnknown({ operation: "Issue", type: "http_403" })
      expect(invoice).toMatchObject({ last_error_code: "http_403", last_error_message: expect.stringMatching(/rate-limiting/) })
      const waitMs = new Date(invoice.next_attempt_at!).getTime() - Date.now()
      expect(waitMs).toBeGreaterThan(ECPAY_RATE_LIMIT_BACKOFF_MS - MINUTE)
      expect(waitMs).toBeLessThanOrEqual(ECPAY_RATE_LIMIT_BACKOFF_MS)
      expect(h.requestsFor("GetIssue")).toHaveLength(0)
      const [, scheduled] = await h.events(order.order.id)
      expect(scheduled).toMatchObject({ action: "invoice.retry_scheduled", rtn_code: "http_403" })
    })
  })

  describe("not configured", () => {
    it("fails without calling ECPay while HashKey is missing, and says what to do", async () => {
      await h.service.updateSettings({ hash_key: null })
      const order = h.invoicedOrder()
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "failed", error_code: "not_configured", error_message: expect.stringMatching(/HashKey/) })
      expect(h.simulator.requests).toHaveLength(0)
      expect(actionsOf(await h.events(order.order.id))).toEqual(["invoice.failed"])
    })

    it("treats the simulator environment without its URL as not configured", async () => {
      await h.service.updateSettings({ base_url: null })
      const { submitted } = await h.issue()
      expect(submitted).toMatchObject({ status: "failed", error_code: "not_configured" })
      expect(h.simulator.requests).toHaveLength(0)
    })
  })

  describe("audit", () => {
    it("never writes HashKey or HashIV into an audit entry, whatever happened", async () => {
      await h.issuedOrder()
      h.simulator.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "拒絕" })
      await h.issue()
      h.simulator.setFault({ operation: "Issue", type: "http_500" })
      await h.issue()
      await h.service.updateSettings({ hash_iv: null })
      await h.issue()
      const events = await h.allEvents()
      expect(events.length).toBeGreaterThan(6)
      const text = JSON.stringify(events)
      expect(text).not.toContain(STAGE.hashKey)
      expect(text).not.toContain(STAGE.hashIV)
    })

    it("names the actor of every entry: the admin, or the system for automatic issuing", async () => {
      const manual = await h.issuedOrder()
      expect((await h.events(manual.order.order.id)).map((e) => [e.actor_type, e.actor_id])).toEqual([
        ["user", ADMIN.id],
        ["user", ADMIN.id],
      ])
      const automatic = h.invoicedOrder()
      await h.issue(automatic, "payment_captured", SYSTEM)
      expect((await h.events(automatic.order.id)).map((e) => e.actor_type)).toEqual(["system", "system"])
    })
  })

  describe("tax per line", () => {
    const VAT = [{ rate: 5, code: "TW-VAT" }]
    /** 2 teas (2400, 5 %), rice (500, a 0 % rate coded tax-free), shipping (100, 5 %): 3000. */
    const mixedOrder = (rice: Record<string, unknown> = { tax_lines: [{ rate: 0, code: "TW-EXEMPT" }] }) =>
      h.invoicedOrder({
        order: {
          total: 3000,
          items: [
            { id: "tea", title: "茶葉禮盒", quantity: 2, unit_price: 1200, total: 2400, tax_lines: VAT },
            { id: "rice", title: "白米", quantity: 1, unit_price: 500, total: 500, ...rice },
          ],
          shipping_methods: [{ id: "ship", name: "宅配", amount: 100, total: 100, tax_lines: VAT }],
        },
      })

    it("taxable and tax-free lines: TaxType 9 stored as sent; a company invoice's tax only on the taxable lines, as ECPay's GetIssue says", async () => {
      const order = mixedOrder()
      await h.chooseForOrder(order.order.id, { type: "company", company_tax_id: "12345675", company_name: "好茶股份有限公司" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      const [sent] = h.requestsFor("Issue")
      expect(sent.data).toMatchObject({ TaxType: "9", SalesAmount: 3000 })
      expect((sent.data as { Items: Array<{ ItemTaxType: string }> }).Items.map((item) => item.ItemTaxType)).toEqual(["1", "3", "1"])
      expect(sent.data).not.toHaveProperty("ClearanceMark")
      const invoice = await h.invoice(submitted!.invoice_id!)
      // Taxable 2500 → 2381 + 119; the rice's 500 carries none.
      expect(invoice).toMatchObject({ tax_type: "9", tax_amount: 119, total: 3000 })
      expect(invoice.metadata).toMatchObject({ line_sources: ["item:tea", "item:rice", "shipping:ship"] })
      const atEcpay = await h.backOffice().getIssue({ RelateNumber: invoice.relate_number } as never)
      expect(atEcpay).toMatchObject({ IIS_Tax_Type: "9", IIS_Tax_Amount: 119 })
    })

    it("zero-rated and tax-free lines: failed with the lines named, nothing sent, no attempt counted; a retry once marked alike issues it", async () => {
      const order = mixedOrder({ product_marking: "tax_free" })
      order.order.items[0] = { ...order.order.items[0], product_marking: "zero_rated" }
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({
        status: "failed",
        error_code: "tax_kinds_conflict",
        error_message: expect.stringMatching(/Zero-rated lines \(茶葉禮盒\) and tax-free lines \(白米\)/),
      })
      expect(h.simulator.requests).toHaveLength(0)
      const failed = await h.invoice(submitted!.invoice_id!)
      expect(failed).toMatchObject({ attempts: 0, status_reason: submitted!.error_message })
      expect(actionsOf(await h.events(order.order.id))).toEqual(["invoice.failed"])

      // The merchant marks the tea taxable: the retry builds the lines anew.
      order.order.items[0] = { ...order.order.items[0], product_marking: "taxable" }
      const { submitted: retried } = await h.issue(order)
      expect(retried).toMatchObject({ status: "issued" })
      const [sent] = h.requestsFor("Issue")
      expect(sent.data).toMatchObject({ TaxType: "9" })
      expect(await h.invoice(failed.id)).toMatchObject({ tax_type: "9" })
    })

    it("a zero-rated line: TaxType 9 with the store's clearance mark and reason", async () => {
      await h.service.updateSettings({ clearance_mark: "2", zero_tax_rate_reason: "72" })
      const order = mixedOrder({ product_marking: "zero_rated" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      expect(h.requestsFor("Issue")[0].data).toMatchObject({ TaxType: "9", ClearanceMark: "2", ZeroTaxRateReason: "72" })
    })

    it("a retry after an unknown outcome resends the lines and the TaxType sent before, even if the order's kinds changed", async () => {
      const order = mixedOrder()
      h.simulator.setFault({ operation: "Issue", type: "http_500" })
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "pending" })
      // Now every line reads taxable; the attempt that may have reached ECPay was mixed.
      order.order.items[1] = { ...order.order.items[1], product_marking: "taxable" }
      const { submitted: retried } = await retry(order)
      expect(retried).toMatchObject({ status: "issued" })
      const [first, second] = h.requestsFor("Issue")
      expect(second.data).toMatchObject({ TaxType: "9", Items: (first.data as { Items: unknown }).Items })
    })
  })
})
