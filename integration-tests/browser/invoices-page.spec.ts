/**
 * Correcting an invoice (void-and-reissue, 註銷重開) from the order page, and the E-invoices page
 * (list by status and period, CSV export, bulk resend), in a real browser against a real store with
 * the built plugin.
 *
 *   NODE_OPTIONS=--experimental-vm-modules TEST_TYPE=browser npx jest --runInBand \
 *     integration-tests/browser/invoices-page.spec.ts
 *
 * The store is seeded through the HTTP APIs as in order-widget.spec.ts (the demo's seed and orders):
 * three paid orders whose invoices are issued through the admin API — a mobile barcode, a company
 * invoice, and a member-carrier one that is then voided — all in the current bimonthly period.
 *
 * Needs PostgreSQL on localhost and /usr/bin/chromium (./install-chromium.sh). See README.md.
 */
import { readFile } from "node:fs/promises"
import type { Page } from "playwright-core"
import type { AdminIssueEinvoiceResponse } from "../../src/api/types"
import { invoicePeriodOf } from "../../src/lib/invoice-period"
import { capturePayment, voidInvoice } from "../../scripts/demo/lib/orders"
import type { RunningSimulator } from "../../src/simulator"
import { ORDER_TOTAL, adminBrowserSuite, cardActionControl, cardActions, seedOrderStore, startCardAction } from "./admin-suite"
import { sqlIn, type BrowserApp } from "./app"
import type { Browser } from "./browser"

const BARCODE = "/AB12345"
const COMPANY = { tax_id: "12345675", company_name: "好茶股份有限公司" }
/** Both known to the simulator's registry; the first is the store's default. */
const CHARITIES = [
  { code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" },
  { code: "919", name: "動物保護協會" },
]
const REISSUE_REASON = "改為捐贈"
const EN_PERIODS = ["Jan–Feb", "Mar–Apr", "May–Jun", "Jul–Aug", "Sep–Oct", "Nov–Dec"]

describe("correcting an invoice, and the E-invoices page", () => {
  let app: BrowserApp
  let browser: Browser
  let simulator: RunningSimulator
  let page: Page
  const orders = { barcode: "", company: "", voided: "" }
  let seeded: Awaited<ReturnType<typeof seedOrderStore>>
  const numbers = { barcode: "", company: "", voided: "" }
  const period = invoicePeriodOf(new Date())
  const periodEn = `${EN_PERIODS[period.term - 1]} ${period.year}`

  const suite = adminBrowserSuite("invoices page browser test timings", async (ready) => {
    ;({ app, browser, simulator, page } = ready)
    await step("store setup (HTTP)", async () => {
      seeded = await seedOrderStore(ready, CHARITIES)
      const { admin, placeTestOrder } = seeded
      orders.barcode = await placeTestOrder({ type: "mobile_barcode", carrier_number: BARCODE })
      orders.company = await placeTestOrder({ type: "company", ...COMPANY })
      orders.voided = await placeTestOrder()
      for (const key of ["barcode", "company", "voided"] as const) {
        await capturePayment(admin, orders[key])
        const issued = await admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${orders[key]}/einvoice/issue`, {}, `issue ${key}`)
        expect(issued.result.outcome).toBe("issued")
        numbers[key] = issued.invoice!.invoice_number!
      }
      const voided = await voidInvoice(admin, orders.voided, "訂單取消")
      expect(voided.result.outcome).toBe("voided")
    })
  })
  const step = suite.step
  const expected = suite.expected

  const card = () => page.locator("[data-ecpay-order-einvoice]")
  const statusOf = () => card().getAttribute("data-ecpay-order-einvoice")
  const field = (name: string) => card().locator(`[data-field="${name}"] [data-value]`)
  const table = () => page.locator("[data-ecpay-invoices-table]")
  const rows = () => page.locator("[data-ecpay-invoice-row]")
  const rowOf = (number: string) => page.locator(`[data-ecpay-invoice-row][data-invoice-number="${number}"]`)
  const listedNumbers = () => rows().evaluateAll((items) => items.map((item) => item.getAttribute("data-invoice-number")))

  const openOrder = async (orderId: string) => {
    await page.goto(`${app!.adminUrl}/orders/${orderId}`)
    await page.waitForSelector('[data-ecpay-order-einvoice]:not([data-ecpay-order-einvoice="loading"])')
  }

  /**
   * Changes a filter and waits for the list to show `count` rows, settled. (Each change here changes the
   * count; a filter seen before may come from the dashboard's query cache without a request.)
   */
  const listAfter = async (change: () => Promise<void>, count: number) => {
    await change()
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll("[data-ecpay-invoice-row]").length === n &&
        document.querySelector('[data-ecpay-invoices][aria-busy="false"]') !== null,
      count
    )
  }

  const choose = async (scope: string, option: string) => {
    await page.locator(`${scope} [role="combobox"]`).click()
    await page.getByRole("option", { name: option, exact: true }).click()
  }

  it("logs in to the admin", async () => {
    await suite.logIn()
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/?/)
  })

  it("corrects an issued invoice to a donation under the same number (void & re-issue)", async () => {
    await step("open barcode order", () => openOrder(orders.barcode))
    expect(await card().locator("[data-invoice-number]").textContent()).toBe(numbers.barcode)
    expect(await field("carrier").textContent()).toBe(`Mobile barcode ${BARCODE}`)
    const button = await cardActionControl(page, card(), "reissue")
    expect(await button.textContent()).toBe("Correct invoice (void & re-issue)")
    // Offered right after "void", with the same preconditions.
    expect(await card().locator("[data-ecpay-actions]").getAttribute("data-ecpay-actions")).toMatch(/\bvoid reissue\b/)

    await button.click()
    const form = page.locator('[data-ecpay-confirm="reissue"]')
    await form.waitFor()
    expect(await form.getByRole("heading").first().textContent()).toBe(`Correct invoice ${numbers.barcode}`)
    // Starts from the invoice as it is; says what stays and that ECPay tells the buyer.
    expect(await form.locator('[data-field="current"] [data-value]').textContent()).toBe(`Mobile barcode ${BARCODE}`)
    expect(await form.locator('[data-field="type"] [role="combobox"]').textContent()).toBe("Mobile barcode")
    expect(await form.locator('input[name="carrier_number"]').inputValue()).toBe(BARCODE)
    const notice = (await form.locator("[data-ecpay-reissue-notice]").innerText()).replace(/\s+/g, " ")
    expect(notice).toContain("The invoice number, date, items and amount stay the same")
    expect(notice).toContain("ECPay e-mails the buyer (buyer@example.com) the corrected invoice.")

    // The reason is required: nothing is sent without it.
    const requests: string[] = []
    const track = (request: { url: () => string; method: () => string }) => {
      if (request.method() === "POST" && request.url().endsWith("/einvoice/reissue")) {
        requests.push(request.url())
      }
    }
    page.on("request", track)
    await form.locator('[data-action="confirm"]').click()
    await form.locator('[data-error-for="reason"]').waitFor()
    expect(await form.locator('[data-error-for="reason"]').textContent()).toBe("Enter the reason (ECPay keeps it with the void).")
    expect(requests).toHaveLength(0)

    // A donation: the store's charities, its default preselected.
    await choose('[data-ecpay-confirm="reissue"] [data-field="type"]', "Donation (love code)")
    expect(await form.locator('input[name="carrier_number"]').count()).toBe(0)
    const loveCode = form.locator('[data-field="love_code"] [role="combobox"]')
    expect(await loveCode.textContent()).toBe(`${CHARITIES[0].name} (love code ${CHARITIES[0].code})`)
    await choose('[data-ecpay-confirm="reissue"] [data-field="love_code"]', `${CHARITIES[1].name} (love code ${CHARITIES[1].code})`)
    await form.locator('input[name="reason"]').fill(REISSUE_REASON)

    // The server's field errors appear beside their fields and keep the form open (one answer faked:
    // the form's own checks already catch what the server would refuse).
    const started = Date.now()
    expected.push((e) => e.at >= started && / 400 /.test(e.text) && e.url.endsWith(`/admin/orders/${orders.barcode}/einvoice/reissue`))
    await page.route(`**/admin/orders/${orders.barcode}/einvoice/reissue`, (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({
          type: "invalid_data",
          message: "choice.love_code: must be 3 to 7 digits",
          errors: [{ field: "choice.love_code", message: "must be 3 to 7 digits" }],
        }),
      })
    )
    await form.locator('[data-action="confirm"]').click()
    await form.locator('[data-error-for="love_code"]').waitFor()
    expect(await form.locator('[data-error-for="love_code"]').textContent()).toBe("must be 3 to 7 digits")
    expect(await form.locator('[data-error-for="reason"]').count()).toBe(0)
    await page.unroute(`**/admin/orders/${orders.barcode}/einvoice/reissue`)
    await browser!.screenshot("invoices-01-reissue-form-en")

    const response = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${orders.barcode}/einvoice/reissue`) && r.request().method() === "POST"
    )
    await step("reissue", async () => {
      await form.locator('[data-action="confirm"]').click()
      await form.waitFor({ state: "detached" })
    })
    const answer = await response
    expect(answer.status()).toBe(200)
    const sent = JSON.parse(answer.request().postData() ?? "{}")
    expect(sent).toEqual({
      reason: REISSUE_REASON,
      choice: { type: "donation", love_code: CHARITIES[1].code, email: "buyer@example.com" },
    })
    expect((await answer.json()).result).toMatchObject({ action: "reissue", outcome: "reissued", invoice_number: numbers.barcode })
    page.off("request", track)

    await page.getByText(`Invoice ${numbers.barcode} corrected: voided and re-issued under the same number`).first().waitFor()
    await card().locator('[data-field="donation"]').waitFor()
    expect(await card().locator("[data-invoice-number]").textContent()).toBe(numbers.barcode)
    expect(await field("type").textContent()).toBe("Donation (love code)")
    expect(await field("donation").textContent()).toBe(`${CHARITIES[1].name} (love code ${CHARITIES[1].code})`)
    expect(await field("amount").textContent()).toBe("NT$2,850")
    expect(await statusOf()).toBe("issued")
    const entry = card().locator('[data-history-action="invoice.reissued"]')
    expect(await entry.innerText()).toContain("Invoice corrected (void & re-issue)")
    expect(await entry.innerText()).toContain(`Mobile barcode ${BARCODE} → Donation (love code) ${CHARITIES[1].code}`)
    expect(await entry.innerText()).toContain(`Reason: ${REISSUE_REASON}`)
    const atEcpay = simulator!.snapshot().invoices.find((invoice) => invoice.invoiceNo === numbers.barcode)
    expect(atEcpay?.content).toMatchObject({ donation: "1", loveCode: CHARITIES[1].code, salesAmount: ORDER_TOTAL })
    expect(atEcpay?.reissues).toHaveLength(1)
    await browser!.screenshot("invoices-02-reissued-en")
  })

  it("lists the current period's invoices from the sidebar entry", async () => {
    await step("open invoices page", async () => {
      // From the products list (the orders list loads country flags from a CDN this machine cannot reach).
      await page.goto(`${app!.adminUrl}/products`)
      const entry = page.locator('nav a[href="/app/einvoices"]').first()
      expect((await entry.innerText()).trim()).toBe("E-invoices")
      await entry.click()
      await page.waitForSelector('[data-ecpay-invoices="list"]')
    })
    expect(new URL(page.url()).pathname).toBe("/app/einvoices")
    expect(await page.locator("[data-ecpay-invoices-page] h1").textContent()).toBe("E-invoices")
    await table().waitFor()
    expect((await listedNumbers()).sort()).toEqual([numbers.barcode, numbers.company, numbers.voided].sort())
    // The current period is chosen; the select offers it and the five before it, and "all".
    expect(await page.locator('[data-filter="period"] [role="combobox"]').textContent()).toBe(periodEn)
    expect(await page.locator('[data-action="export-csv"]').getAttribute("data-period")).toBe(period.label)
    await page.locator('[data-filter="period"] [role="combobox"]').click()
    const options = await page.getByRole("option").allInnerTexts()
    expect(options).toHaveLength(7)
    expect(options[0]).toBe(periodEn)
    expect(options[6]).toBe("All periods")
    await page.keyboard.press("Escape")

    const company = rowOf(numbers.company)
    expect(await company.getAttribute("data-status")).toBe("issued")
    expect(await company.locator('[data-cell="date"]').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(await company.locator('[data-cell="type"]').textContent()).toBe(
      `Company invoice (tax ID) ${COMPANY.tax_id} ${COMPANY.company_name}`
    )
    expect(await company.locator('[data-cell="total"]').textContent()).toBe("NT$2,850")
    expect(await company.locator('[data-cell="allowances"]').textContent()).toBe("-")
    expect(await company.locator("[data-ecpay-status]").textContent()).toBe("Issued")
    expect(await company.locator("[data-order-link]").getAttribute("href")).toBe(`/app/orders/${orders.company}`)
    expect(await company.locator("[data-order-link]").textContent()).toMatch(/^#\d+$/)
    expect(await rowOf(numbers.barcode).locator('[data-cell="type"]').textContent()).toBe(`Donation (love code) ${CHARITIES[1].code}`)
    expect(await rowOf(numbers.voided).locator("[data-ecpay-status]").textContent()).toBe("Voided")
    await browser!.screenshot("invoices-03-list-en")
  })

  it("filters by status and searches by number", async () => {
    await listAfter(() => choose('[data-filter="status"]', "Voided"), 1)
    expect(await listedNumbers()).toEqual([numbers.voided])
    expect(new URL(page.url()).searchParams.get("status")).toBe("voided")

    await listAfter(() => choose('[data-filter="status"]', "All statuses"), 3)
    expect(new URL(page.url()).searchParams.get("status")).toBeNull()
    await listAfter(() => page.locator('[data-filter="q"] input').fill(numbers.company), 1)
    expect(await listedNumbers()).toEqual([numbers.company])
    expect(new URL(page.url()).searchParams.get("q")).toBe(numbers.company)
    await listAfter(() => page.locator('[data-filter="q"] input').fill("ZZ99999999"), 0)
    expect(await page.locator("[data-ecpay-invoices-empty]").innerText()).toContain("No invoices match these filters.")
    await listAfter(() => page.locator('[data-filter="q"] input').fill(""), 3)
  })

  it("exports the period as CSV with the bilingual headers", async () => {
    const download = page.waitForEvent("download")
    await step("export csv", () => page.locator('[data-action="export-csv"]').click())
    const file = await download
    expect(file.suggestedFilename()).toBe(`einvoices-${period.label.replace("/", "-")}.csv`)
    const bytes = await readFile((await file.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString("utf8").split("\r\n").filter(Boolean)
    expect(lines[0].startsWith("發票號碼 Invoice number,開立時間 Issued (Taipei),訂單 Order,")).toBe(true)
    expect(
      lines
        .slice(1)
        .map((line) => line.split(",")[0])
        .sort()
    ).toEqual([numbers.barcode, numbers.company, numbers.voided].sort())
    await page.getByText(`Exported the invoices of ${periodEn}`).first().waitFor()
  })

  it("resends the notifications of two selected invoices and shows the summary", async () => {
    const noticesBefore = simulator!.snapshot().notifications.length
    expect(await page.locator('[data-action="bulk-resend"]').isDisabled()).toBe(true)
    await rowOf(numbers.barcode).locator("[data-select-row]").click()
    await rowOf(numbers.company).locator("[data-select-row]").click()
    expect(await page.locator('[data-action="bulk-resend"]').getAttribute("data-selected")).toBe("2")
    expect(await page.locator("[data-ecpay-selection]").innerText()).toContain("2 selected")

    await page.locator('[data-action="bulk-resend"]').click()
    const dialog = page.locator("[data-ecpay-bulk-resend]")
    await dialog.waitFor()
    expect(await dialog.getAttribute("data-ecpay-bulk-resend")).toBe("confirm")
    expect(await dialog.getByRole("heading").first().textContent()).toBe("Resend the notifications of 2 orders?")
    const request = page.waitForRequest((r) => r.url().endsWith("/admin/einvoices/bulk-resend") && r.method() === "POST")
    await step("bulk resend", async () => {
      await dialog.locator('[data-action="confirm"]').click()
      await page.locator('[data-ecpay-bulk-resend="done"]').waitFor()
    })
    expect(JSON.parse((await request).postData() ?? "{}").order_ids.sort()).toEqual([orders.barcode, orders.company].sort())
    const summary = dialog.locator("[data-ecpay-bulk-summary]")
    expect(await summary.getAttribute("data-sent")).toBe("2")
    expect(await summary.getAttribute("data-failed")).toBe("0")
    expect(await summary.textContent()).toBe("Sent: 2, failed: 0")
    expect(await dialog.locator("[data-ecpay-bulk-progress]").getAttribute("data-ecpay-bulk-progress")).toBe("2/2")
    expect(await dialog.locator("[data-ecpay-bulk-failure]").count()).toBe(0)
    await browser!.screenshot("invoices-04-bulk-resend-en")
    await dialog.locator('[data-action="close"]').click()
    await dialog.waitFor({ state: "detached" })
    // What was sent is no longer selected.
    expect(await page.locator("[data-ecpay-selection]").count()).toBe(0)
    const notices = simulator!
      .snapshot()
      .notifications.slice(noticesBefore)
      .map((entry) => entry.invoiceNo)
    expect(notices.sort()).toEqual([numbers.barcode, numbers.company].sort())
  })

  it("shows ECPay's pause and holds the bulk resend until it ends, without a reload", async () => {
    // As after an HTTP 403 from ECPay: paused for a few seconds.
    await sqlIn(app!.database, "update ecpay_einvoice_setting set ecpay_paused_until = now() + interval '6 seconds'")
    await step("reload invoices page (paused)", async () => {
      await page.reload()
      await page.waitForSelector('[data-ecpay-invoices="list"]')
    })
    const pause = page.locator("[data-ecpay-pause]")
    expect(await pause.locator("[data-ecpay-pause-title]").textContent()).toMatch(
      /^ECPay paused until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Taiwan time\)$/
    )
    await rowOf(numbers.barcode).locator("[data-select-row]").click()
    const bulk = page.locator('[data-action="bulk-resend"]')
    expect(await bulk.getAttribute("data-selected")).toBe("1")
    expect(await bulk.isDisabled()).toBe(true)
    expect(await bulk.getAttribute("title")).toMatch(
      /^Not available while ECPay is paused \(until \d{4}-\d{2}-\d{2} \d{2}:\d{2}, Taiwan time\)$/
    )
    // The pause ends: the notice goes and the button comes back on its own.
    await step("pause ends", () => pause.waitFor({ state: "detached", timeout: 20_000 }))
    expect(await bulk.isDisabled()).toBe(false)
    expect(await bulk.getAttribute("data-paused")).toBeNull()
    await rowOf(numbers.barcode).locator("[data-select-row]").click()
    expect(await page.locator("[data-ecpay-selection]").count()).toBe(0)
  })

  it("fix, then retry: ECPay refused the carrier; the merchant corrects it to a donation and the invoice is issued", async () => {
    const { admin, placeTestOrder } = seeded
    const orderId = await placeTestOrder({ type: "mobile_barcode", carrier_number: "/ZZZ9999" })
    await capturePayment(admin, orderId)
    simulator!.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "載具號碼有誤", times: 1 })
    const refused = await admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${orderId}/einvoice/issue`, {}, "issue (refused)")
    expect(refused.result.outcome).toBe("failed")

    await step("open refused order", () => openOrder(orderId))
    expect(await statusOf()).toBe("failed")
    // The refusal names the carrier: the advice points to the shopper, not to the store's settings.
    expect(await card().locator("[data-ecpay-failure]").getAttribute("data-advice")).toBe("carrier")
    expect(await card().locator("[data-advice-text]").textContent()).toContain("Ask the shopper for a valid one")

    await card().locator('[data-action="correct"]').click()
    const form = page.locator('[data-ecpay-confirm="correct"]')
    await form.waitFor()
    expect(await form.getByRole("heading").first().textContent()).toBe("Correct the buyer data and retry")
    expect(await form.locator('input[name="reason"]').count()).toBe(0)
    expect(await form.locator('[data-field="current"] [data-value]').textContent()).toBe("Mobile barcode /ZZZ9999")
    await choose('[data-ecpay-confirm="correct"] [data-field="type"]', "Donation (love code)")
    const answer = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${orderId}/einvoice/issue`) && r.request().method() === "POST"
    )
    await step("correct and retry", () => form.locator('[data-action="confirm"]').click())
    const response = await answer
    expect(response.status()).toBe(200)
    expect(JSON.parse(response.request().postData() ?? "{}")).toEqual({
      choice: { type: "donation", love_code: CHARITIES[0].code, email: "buyer@example.com" },
    })
    await form.waitFor({ state: "detached" })
    await card().locator('[data-ecpay-status="issued"]').waitFor()
    expect(await field("donation").textContent()).toBe(`${CHARITIES[0].name} (love code ${CHARITIES[0].code})`)
    expect(await card().locator('[data-history-action="invoice.choice_corrected"]').count()).toBe(1)
    await browser!.screenshot("invoices-03b-corrected-en")
  })

  it("needs attention: a failed invoice and a paid order without one, whatever the period; both issued from there in bulk", async () => {
    const { admin, placeTestOrder } = seeded
    const failedOrder = await placeTestOrder()
    const unissuedOrder = await placeTestOrder({ type: "mobile_barcode", carrier_number: BARCODE })
    await capturePayment(admin, failedOrder)
    await capturePayment(admin, unissuedOrder)
    simulator!.setFault({ operation: "Issue", type: "refuse", rtnCode: 1100099, rtnMsg: "模擬拒絕：買受人資料有誤", times: 1 })
    const refused = await admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${failedOrder}/einvoice/issue`, {}, "issue (refused)")
    expect(refused.result.outcome).toBe("failed")

    await step("open invoices page (attention)", async () => {
      await page.goto(`${app!.adminUrl}/einvoices`)
      await page.waitForSelector('[data-ecpay-invoices="list"]')
    })
    // The default view (this period) cannot list a failed invoice (it has no date); the tab counts it.
    await page.locator('[data-ecpay-attention-count="2"]').waitFor()
    expect(await page.locator(`[data-ecpay-invoice-row][data-order-id="${failedOrder}"]`).count()).toBe(0)
    await page.locator('[data-view="attention"]').click()
    await page.locator('[data-ecpay-attention="list"]').waitFor()
    expect(new URL(page.url()).searchParams.get("view")).toBe("attention")
    expect(await page.locator("[data-ecpay-attention-counts]").textContent()).toBe(
      "Failed: 1 · Pending: 0 (held: 0) · Paid orders without an invoice: 1"
    )
    const failedRow = page.locator(`[data-ecpay-attention-row="failed"][data-order-id="${failedOrder}"]`)
    expect(await failedRow.locator('[data-cell="reason"]').textContent()).toContain("1100099")
    const unissuedRow = page.locator(`[data-ecpay-attention-row="not_issued"][data-order-id="${unissuedOrder}"]`)
    expect(await unissuedRow.locator('[data-cell="kind"]').textContent()).toBe("Not issued")
    await browser!.screenshot("invoices-04b-attention-en")

    await page.locator("[data-ecpay-attention-table] [data-select-page]").click()
    const bulk = page.locator('[data-action="bulk-issue"]')
    expect(await bulk.getAttribute("data-selected")).toBe("2")
    await bulk.click()
    const dialog = page.locator('[data-ecpay-bulk-kind="issue"]')
    await dialog.waitFor()
    expect(await dialog.getByRole("heading").first().textContent()).toBe("Issue or retry the invoices of 2 orders?")
    const request = page.waitForRequest((r) => r.url().endsWith("/admin/einvoices/bulk-issue") && r.method() === "POST")
    await step("bulk issue", async () => {
      await dialog.locator('[data-action="confirm"]').click()
      await page.locator('[data-ecpay-bulk-resend="done"]').waitFor()
    })
    expect(JSON.parse((await request).postData() ?? "{}").order_ids.sort()).toEqual([failedOrder, unissuedOrder].sort())
    const summary = dialog.locator("[data-ecpay-bulk-summary]")
    expect(await summary.textContent()).toBe("Issued: 2, failed: 0")
    expect(await dialog.locator("[data-ecpay-bulk-progress]").getAttribute("data-ecpay-bulk-progress")).toBe("2/2")
    await dialog.locator('[data-action="close"]').click()
    await dialog.waitFor({ state: "detached" })
    await page.locator('[data-ecpay-attention="empty"]').waitFor()
    expect(await page.locator("[data-ecpay-attention-count]").count()).toBe(0)
    for (const orderId of [failedOrder, unissuedOrder]) {
      const view = await admin.get<{ invoice: { status: string } }>(`/admin/orders/${orderId}/einvoice`, "order view")
      expect(view.invoice.status).toBe("issued")
    }
    await page.locator('[data-view="all"]').click()
  })

  it("prints: a paper invoice from its card, then the rest from “To print” in bulk, each marked printed; a winning invoice shown, filtered and notified", async () => {
    const { admin, placeTestOrder } = seeded
    const paper = { type: "paper", buyer_name: "王小明", address: "110台北市信義區信義路五段7號", print: true }
    const issueFor = async (choice?: Parameters<typeof placeTestOrder>[0]) => {
      const orderId = await placeTestOrder(choice)
      await capturePayment(admin, orderId)
      const issued = await admin.post<AdminIssueEinvoiceResponse>(`/admin/orders/${orderId}/einvoice/issue`, {}, "issue")
      expect(issued.result.outcome).toBe("issued")
      return { orderId, number: issued.invoice!.invoice_number! }
    }
    const first = await issueFor(paper)
    const second = await issueFor(paper)
    const winner = await issueFor()
    // ECPay's lottery: the simulator draws the member-carrier invoice (prize type 6).
    simulator!.awardInvoice(winner.number, 6)

    // From the card: the paper invoice is to print; "Print proof" is at hand.
    await step("open paper order", () => openOrder(first.orderId))
    expect(await field("print").textContent()).toBe("Yes, to print")
    const printButton = card().locator('[data-ecpay-actions] [data-action="print"]')
    expect(await printButton.textContent()).toBe("Print proof")
    await printButton.click()
    const dialog = page.locator('[data-ecpay-confirm="print"]')
    await dialog.waitFor()
    expect(await dialog.getByRole("heading").first().textContent()).toBe(`Print the proof of invoice ${first.number}`)
    await dialog.locator('[data-print-style="3"]').click()
    const printed = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${first.orderId}/einvoice/print`) && r.request().method() === "POST"
    )
    await dialog.locator('[data-action="confirm"]').click()
    expect((await (await printed).json()).result).toMatchObject({ action: "print", outcome: "opened" })
    const link = dialog.locator("[data-ecpay-print-link]")
    await link.waitFor()
    expect(await link.getAttribute("target")).toBe("_blank")
    const href = (await link.getAttribute("href"))!
    expect(href.startsWith(`${simulator!.url}/__print/`)).toBe(true)
    // The page ECPay made (the simulator's): the invoice's proof.
    const printPage = await page.context().newPage()
    await printPage.goto(href)
    expect(await printPage.content()).toContain(first.number)
    await printPage.close()
    expect(simulator!.requests.filter((r) => r.operation === "InvoicePrint").at(-1)?.data).toMatchObject({
      InvoiceNo: first.number,
      PrintStyle: 3,
    })
    await browser!.screenshot("invoices-06-print-dialog-en")
    await dialog.locator('[data-action="mark-printed"]').click()
    await dialog.waitFor({ state: "detached" })
    await page.getByText(`Invoice ${first.number} marked printed`).first().waitFor()
    await card().locator('[data-ecpay-paper="printed"]').waitFor()
    expect(await field("print").textContent()).toMatch(/^Yes, printed \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    // Printed: no longer at hand, still in the menu (a reprint); the history says who marked it.
    expect(await card().locator('[data-ecpay-actions] [data-action="print"]').count()).toBe(0)
    expect(await cardActions(card())).toContain("print")
    expect(await card().locator('[data-history-action="invoice.printed"]').innerText()).toContain("Marked printed")

    // The winner: a sync from the menu brings the lottery result; it is to print and to notify.
    await step("open winning order", () => openOrder(winner.orderId))
    expect(await card().locator("[data-ecpay-award]").count()).toBe(0)
    await startCardAction(page, card(), "sync")
    await card().locator('[data-ecpay-award="6"]').waitFor()
    // The toast names what changed (the upload status may have changed too).
    await page
      .getByText(/^Synced with ECPay: .*lottery result updated/)
      .first()
      .waitFor()
    expect(await field("award").textContent()).toBe("Won (prize type 6)")
    expect(await field("print").textContent()).toBe("Yes, to print")
    expect(await cardActions(card())).toEqual(expect.arrayContaining(["print", "notify_award"]))
    await startCardAction(page, card(), "notify_award")
    const notice = page.locator('[data-ecpay-confirm="notify_award"]')
    await notice.waitFor()
    expect(await notice.getByRole("heading").first().textContent()).toBe(`Send the winning notice of invoice ${winner.number}?`)
    const sent = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${winner.orderId}/einvoice/resend`) && r.request().method() === "POST"
    )
    await notice.locator('[data-action="confirm"]').click()
    expect((await (await sent).json()).result).toMatchObject({ action: "resend", outcome: "sent" })
    await notice.waitFor({ state: "detached" })
    expect(
      simulator!
        .snapshot()
        .notifications.filter((n) => n.invoiceNo === winner.number)
        .map((n) => n.invoiceTag)
    ).toEqual(["AW"])
    await card().locator('[data-history-action="invoice.notification_sent"]', { hasText: "Winning notice sent" }).waitFor()
    await browser!.screenshot("invoices-07-winning-card-en")

    // The list: "Winning only" keeps the winner, with its badge.
    await step("open invoices page (winning)", async () => {
      await page.goto(`${app!.adminUrl}/einvoices`)
      await page.waitForSelector('[data-ecpay-invoices="list"]')
    })
    await listAfter(() => choose('[data-filter="award"]', "Winning only"), 1)
    expect(await listedNumbers()).toEqual([winner.number])
    expect(new URL(page.url()).searchParams.get("award")).toBe("winning")
    expect(await rowOf(winner.number).locator("[data-ecpay-winning]").textContent()).toBe("Won")
    await choose('[data-filter="award"]', "All invoices")

    // "To print": the second paper invoice and the winner (the first is printed), whatever the period.
    await page.locator('[data-ecpay-to-print-count="2"]').waitFor()
    await page.locator('[data-view="to_print"]').click()
    await page.locator('[data-ecpay-to-print="list"]').waitFor()
    expect((await listedNumbers()).sort()).toEqual([second.number, winner.number].sort())
    await page.locator("[data-ecpay-to-print] [data-select-page]").click()
    const bulk = page.locator('[data-action="bulk-print"]')
    expect(await bulk.getAttribute("data-selected")).toBe("2")
    await bulk.click()
    const bulkDialog = page.locator('[data-ecpay-bulk-kind="print"]')
    await bulkDialog.waitFor()
    expect(await bulkDialog.getByRole("heading").first().textContent()).toBe("Get the print pages of 2 invoices?")
    await step("bulk print", async () => {
      await bulkDialog.locator('[data-action="confirm"]').click()
      await page.locator('[data-ecpay-bulk-resend="done"]').waitFor()
    })
    expect(await bulkDialog.locator("[data-ecpay-bulk-summary]").textContent()).toBe("Ready: 2, failed: 0")
    const links = bulkDialog.locator("[data-ecpay-print-link]")
    expect(await links.count()).toBe(2)
    for (const href of await links.evaluateAll((items) => items.map((item) => item.getAttribute("href")))) {
      expect(href?.startsWith(`${simulator!.url}/__print/`)).toBe(true)
    }
    await browser!.screenshot("invoices-08-bulk-print-en")
    await bulkDialog.locator('[data-action="bulk-mark-printed"]').click()
    await bulkDialog.waitFor({ state: "detached" })
    await page.locator('[data-ecpay-to-print="empty"]').waitFor()
    expect(await page.locator("[data-ecpay-to-print-count]").count()).toBe(0)
    for (const orderId of [second.orderId, winner.orderId]) {
      const view = await admin.get<{ invoice: { printed_at: string | null; printed_by: string | null } }>(
        `/admin/orders/${orderId}/einvoice`,
        "order view"
      )
      expect(view.invoice.printed_at).not.toBeNull()
      expect(view.invoice.printed_by).toMatch(/^user_/)
    }
    await page.locator('[data-view="all"]').click()
  })

  it("follows the dashboard language: 繁體中文", async () => {
    await suite.switchLanguage("繁體中文(臺灣)")
    await step("open invoices page (zh-TW)", async () => {
      await page.goto(`${app!.adminUrl}/einvoices`)
      await page.waitForSelector('[data-ecpay-invoices="list"]')
    })
    expect((await page.locator('nav a[href="/app/einvoices"]').first().innerText()).trim()).toBe("電子發票")
    expect(await page.locator("[data-ecpay-invoices-page] h1").textContent()).toBe("電子發票")
    expect(await page.locator('[data-filter="period"] [role="combobox"]').textContent()).toBe(
      `${period.year} ${period.term * 2 - 1}–${period.term * 2}月`
    )
    expect(await page.locator('[data-action="export-csv"]').innerText()).toBe("匯出 CSV")
    expect(await rowOf(numbers.voided).locator("[data-ecpay-status]").textContent()).toBe("已作廢")
    expect(await rowOf(numbers.barcode).locator('[data-cell="type"]').textContent()).toBe(`捐贈發票（愛心碼） ${CHARITIES[1].code}`)
    const headers = await table().locator("thead th").allInnerTexts()
    expect(headers.map((text) => text.trim()).filter(Boolean)).toEqual([
      "發票號碼",
      "開立時間（台灣時間）",
      "訂單",
      "類型／載具",
      "金額",
      "折讓",
      "狀態",
    ])
    await browser!.screenshot("invoices-05-list-zhTW")

    await step("open corrected order (zh-TW)", () => openOrder(orders.barcode))
    expect(await (await cardActionControl(page, card(), "reissue")).textContent()).toBe("更正發票（註銷重開）")
    await page.keyboard.press("Escape")
    expect(await card().locator('[data-history-action="invoice.reissued"]').innerText()).toContain("發票已更正（註銷重開）")
  })

  it("logged no unexpected console errors", () => {
    expect(suite.unexpectedErrors()).toEqual([])
  })
})
