/**
 * The order page's e-invoice widget in a real browser against a real store with the built plugin.
 *
 *   NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand \
 *     --testMatch '**\/integration-tests/browser/**\/order-widget.spec.ts'
 *
 * The store is set up through Medusa's own admin and store HTTP APIs, with the demo's seeding
 * (scripts/demo/lib/seed.ts, orders.ts: what integration-tests/helpers/store-fixture.ts does with core
 * workflows; `seedOrderStore` in ./admin-suite.ts): a TWD region with pp_system_default, a stock
 * location with a shipping option, two products with stock, a publishable key; then orders placed
 * through the store API with an invoice choice and captured through the admin API. E-invoicing runs
 * against the simulator started in this process, in manual mode, so the merchant issues from the widget.
 *
 * Needs PostgreSQL on localhost and /usr/bin/chromium (./install-chromium.sh). See README.md.
 */
import path from "node:path"
import type { Locator, Page } from "playwright-core"
import type { Requester } from "../../scripts/demo/lib/medusa-http"
import { capturePayment } from "../../scripts/demo/lib/orders"
import type { RunningSimulator } from "../../src/simulator"
import { MUG, SETTINGS_API, TEA, adminBrowserSuite, cardActionControl, cardActions, seedOrderStore, startCardAction } from "./admin-suite"
import { ADMIN_EMAIL, sqlIn, type BrowserApp } from "./app"
import { SCREENSHOT_DIR, SCREENSHOTS_ON, type Browser } from "./browser"

const COMPANY = { tax_id: "12345675", company_name: "好茶股份有限公司" }
const CHARITY = { code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" }
const REFUSAL = { rtnCode: 1100099, rtnMsg: "模擬拒絕：買受人資料有誤" }
const VOID_REASON = "訂單取消"
const ALLOWANCE_REASON = "退貨 1 件"
const ALLOWANCE_VOID_REASON = "買方取消退貨"

describe("order page: the e-invoice widget", () => {
  let app: BrowserApp
  let browser: Browser
  let simulator: RunningSimulator
  let page: Page
  let admin: Requester
  const orders = { unpaid: "", company: "", donation: "", live: "" }
  let issuedNumber = ""
  /** The donation order's invoice, and the allowance made against it. */
  const allowance = { invoiceNumber: "", id: "", number: "" }
  const suite = adminBrowserSuite("order widget browser test timings", async (ready) => {
    ;({ app, browser, simulator, page } = ready)
    // The store through Medusa's admin and store HTTP APIs, as the demo seeds it (scripts/demo/lib).
    await step("store setup (HTTP)", async () => {
      const seeded = await seedOrderStore(ready, [CHARITY])
      admin = seeded.admin
      orders.unpaid = await seeded.placeTestOrder()
      orders.company = await seeded.placeTestOrder({ type: "company", ...COMPANY })
      orders.donation = await seeded.placeTestOrder({ type: "donation", love_code: CHARITY.code })
      orders.live = await seeded.placeTestOrder({ type: "mobile_barcode", carrier_number: "/LIVE123" })
      await capturePayment(admin, orders.company)
      await capturePayment(admin, orders.donation)
    })
  })
  const step = suite.step
  /** Console errors the test provokes on purpose (the 401 before login). */
  const expected = suite.expected

  const card = () => page.locator("[data-ecpay-order-einvoice]")
  const field = (name: string) => card().locator(`[data-field="${name}"] [data-value]`)
  const cardText = async () => (await card().innerText()).replace(/\s+/g, " ")

  /** Opens the order page and waits for the widget to have loaded. */
  const openOrder = async (orderId: string) => {
    await page.goto(`${app!.adminUrl}/orders/${orderId}`)
    await page.waitForSelector('[data-ecpay-order-einvoice]:not([data-ecpay-order-einvoice="loading"])')
  }

  const statusOf = () => card().getAttribute("data-ecpay-order-einvoice")

  /** The whole page, plus the card alone (the page screenshot can cut the side column short). */
  const shoot = async (name: string) => {
    await browser!.screenshot(name)
    if (SCREENSHOTS_ON) await card().screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-card.png`) })
  }

  /** Clicks an action button, checks its confirmation, confirms, and returns the issue answer. */
  const confirmAction = async (action: "issue" | "retry", orderId: string, check?: () => Promise<void>) => {
    await card().locator(`[data-action="${action}"]`).click()
    const dialog = page.locator(`[data-ecpay-confirm="${action}"]`)
    await dialog.waitFor()
    if (check) {
      await check()
    }
    const response = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${orderId}/einvoice/issue`) && r.request().method() === "POST"
    )
    await dialog.locator('[data-action="confirm"]').click()
    const answer = await response
    await dialog.waitFor({ state: "detached" })
    return answer
  }

  /** Confirms an open dialog and returns the answer of its POST to /admin/orders/:id/einvoice/`path`. */
  const submitIn = async (dialog: Locator, orderId: string, path: string) => {
    const response = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${orderId}/einvoice/${path}`) && r.request().method() === "POST"
    )
    await dialog.locator('[data-action="confirm"]').click()
    const answer = await response
    await dialog.waitFor({ state: "detached" })
    return answer
  }

  it("logs in to the admin", async () => {
    await suite.logIn()
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/?/)
  })

  it("shows 'no invoice yet' on an order whose payment is not captured, with no way to issue", async () => {
    await step("open unpaid order", () => openOrder(orders.unpaid))
    expect(await statusOf()).toBe("none")
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("No invoice yet")
    const text = await cardText()
    expect(text).toContain("An invoice can be issued once the payment is captured.")
    expect(await field("payment_status").textContent()).toBe("Authorized (not captured)")
    expect(await card().locator('[data-action="issue"]').count()).toBe(0)
    expect(await card().locator('[data-action="retry"]').count()).toBe(0)
    expect(await card().locator('[data-action="refresh"]').getAttribute("aria-label")).toBe("Refresh")
    // Nothing has happened yet, so there is no history to show.
    expect(await card().locator("[data-ecpay-history]").count()).toBe(0)
    // The dashboard's own sections are still there.
    await page.getByRole("heading", { name: "Customer", exact: true }).waitFor()
    await page.getByRole("heading", { name: "Summary", exact: true }).waitFor()
    await shoot("order-01-unpaid-en")
  })

  it("issues a paid order after a confirmation that shows the lines, the total and the company", async () => {
    await step("open paid order", () => openOrder(orders.company))
    expect(await statusOf()).toBe("none")
    expect(await cardText()).toContain("The payment is captured: the invoice can be issued.")
    expect(await field("payment_status").textContent()).toBe("Captured")

    const answer = await step("issue", () =>
      confirmAction("issue", orders.company, async () => {
        const dialog = page.locator('[data-ecpay-confirm="issue"]')
        expect(await dialog.getByRole("heading").first().textContent()).toBe("Issue the invoice?")
        const lines = dialog.locator("[data-preview-line]")
        expect(await lines.count()).toBe(3)
        const rows: string[][] = []
        for (let index = 0; index < 3; index++) {
          rows.push((await lines.nth(index).locator("td").allInnerTexts()).map((cell) => cell.trim()))
        }
        // Item names are the product's title and the variant's ("茶葉禮盒 標準"); the order's lines come
        // in no fixed order, so find each by name.
        const line = (name: string) => rows.find((cells) => cells[0].includes(name))?.slice(1)
        expect(line(TEA.title)).toEqual(["2 件", "NT$1,200", "NT$2,400"])
        expect(line(MUG.title)).toEqual(["1 件", "NT$350", "NT$350"])
        expect(line("運費")).toEqual(["1 式", "NT$100", "NT$100"])
        expect(await dialog.locator('[data-cell="total"]').textContent()).toBe("NT$2,850")
        const details = (await dialog.innerText()).replace(/\s+/g, " ")
        expect(details).toContain("Company invoice (tax ID)")
        expect(details).toContain(`Tax ID ${COMPANY.tax_id} ${COMPANY.company_name}`)
        expect(details).toContain("As chosen by the shopper at checkout.")
        await browser!.screenshot("order-02-issue-confirm-en")
      })
    )
    expect(answer.status()).toBe(200)
    const body = await answer.json()
    expect(body.result.outcome).toBe("issued")
    issuedNumber = body.invoice.invoice_number

    await card().locator('[data-ecpay-status="issued"]').waitFor()
    await page.getByText(`Invoice ${issuedNumber} issued`).first().waitFor()
    expect(await card().locator("[data-invoice-number]").textContent()).toBe(issuedNumber)
    expect(issuedNumber).toMatch(/^[A-Z]{2}\d{8}$/)
    expect(await field("random_number").textContent()).toMatch(/^\d{4}$/)
    expect(await field("random_number").textContent()).toBe(body.invoice.random_number)
    expect(await field("invoice_date").textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Taiwan time\)$/)
    // A company invoice: 銷售額 / 稅額 / 總計 (2850 ÷ 1.05 = 2714, tax 136), as ECPay splits them.
    expect(await field("sales_amount").textContent()).toBe("NT$2,714")
    expect(await field("tax_amount").textContent()).toBe("NT$136")
    expect(await card().locator('[data-field="amount"] dt').textContent()).toBe("Total")
    expect(await field("amount").textContent()).toBe("NT$2,850")
    expect(await field("company").innerText()).toBe(`Tax ID ${COMPANY.tax_id}\n${COMPANY.company_name}`)
    expect(await field("print").textContent()).toBe("No")
    const lookup = card().locator("[data-ecpay-lookup]")
    expect(await lookup.textContent()).toBe("Look up at the Ministry of Finance")
    expect(await lookup.getAttribute("href")).toBe(body.lookup_url)
    expect(await lookup.getAttribute("target")).toBe("_blank")
    expect(await card().locator('[data-action="issue"]').count()).toBe(0)
    const history = card().locator("[data-ecpay-history]")
    expect(await history.locator('[data-history-action="invoice.issued"]').innerText()).toContain(`Invoice ${issuedNumber}`)
    expect(await history.locator('[data-history-action="invoice.issue_requested"]').innerText()).toContain(ADMIN_EMAIL)
    // Exactly one invoice at ECPay.
    expect(simulator!.snapshot().invoices.map((i: { invoiceNo: string }) => i.invoiceNo)).toEqual([issuedNumber])
    await shoot("order-03-issued-en")
  })

  it("says why when the server refuses to issue (e-invoicing turned off meanwhile)", async () => {
    await step("open second paid order", () => openOrder(orders.donation))
    expect(await statusOf()).toBe("none")
    expect(await card().locator('[data-action="issue"]').count()).toBe(1)
    const invoicesAtEcpay = simulator!.snapshot().invoices.length
    await admin.post(SETTINGS_API, { enabled: false }, "turn e-invoicing off")
    try {
      const started = Date.now()
      expected.push((e) => e.at >= started && / 400 /.test(e.text) && e.url.endsWith(`/admin/orders/${orders.donation}/einvoice/issue`))
      const answer = await confirmAction("issue", orders.donation)
      expect(answer.status()).toBe(400)
      const { message } = await answer.json()
      expect(message).toMatch(/turned off/)
      await page.getByText(`The request was refused: ${message}`).first().waitFor()
      // The card reloads and says why nothing can be issued.
      await card().locator('[data-ecpay-summary="none"]', { hasText: "E-invoicing is turned off" }).waitFor()
      expect(await card().locator('[data-action="issue"]').count()).toBe(0)
      expect(simulator!.snapshot().invoices).toHaveLength(invoicesAtEcpay)
      await shoot("order-04a-disabled-en")
    } finally {
      await admin.post(SETTINGS_API, { enabled: true }, "turn e-invoicing on")
    }
    await card().locator('[data-action="refresh"]').click()
    await card().locator('[data-action="issue"]').waitFor()
    expect(await cardText()).toContain("The payment is captured: the invoice can be issued.")
  })

  it("shows ECPay's code and message when ECPay refuses, then retries successfully", async () => {
    await step("reopen second paid order", () => openOrder(orders.donation))
    expect(await statusOf()).toBe("none")
    simulator!.setFault({ operation: "Issue", type: "refuse", rtnCode: REFUSAL.rtnCode, rtnMsg: REFUSAL.rtnMsg })

    const refused = await step("issue (refused)", () =>
      confirmAction("issue", orders.donation, async () => {
        const details = (await page.locator('[data-ecpay-confirm="issue"]').innerText()).replace(/\s+/g, " ")
        expect(details).toContain("Donation (love code)")
        expect(details).toContain(`${CHARITY.name} (love code ${CHARITY.code})`)
      })
    )
    // A refusal by ECPay is an answer, not an HTTP error.
    expect(refused.status()).toBe(200)
    expect((await refused.json()).result).toMatchObject({ outcome: "failed", error_code: String(REFUSAL.rtnCode) })

    await card().locator('[data-ecpay-status="failed"]').waitFor()
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("Failed")
    expect(await card().locator("[data-ecpay-reply]").textContent()).toBe(`ECPay replied ${REFUSAL.rtnCode}: ${REFUSAL.rtnMsg}`)
    expect(await card().locator("[data-ecpay-failure]").getAttribute("data-advice")).toBe("ecpay_refused")
    expect(await card().locator("[data-advice-text]").textContent()).toContain("ECPay refused the invoice data.")
    await page.getByText(`The invoice was not issued: ECPay replied ${REFUSAL.rtnCode}: ${REFUSAL.rtnMsg}`).first().waitFor()
    expect(await field("donation").textContent()).toBe(`${CHARITY.name} (love code ${CHARITY.code})`)
    expect(await card().locator('[data-action="issue"]').count()).toBe(0)
    expect(await card().locator('[data-action="retry"]').count()).toBe(1)
    const failedEntry = card().locator('[data-history-action="invoice.failed"]')
    expect(await failedEntry.innerText()).toContain(`ECPay ${REFUSAL.rtnCode}: ${REFUSAL.rtnMsg}`)
    await shoot("order-04-refused-en")

    const retried = await step("retry", () =>
      confirmAction("retry", orders.donation, async () => {
        const dialog = page.locator('[data-ecpay-confirm="retry"]')
        expect(await dialog.getByRole("heading").first().textContent()).toBe("Retry issuing the invoice?")
        expect(await dialog.locator('[data-cell="total"]').textContent()).toBe("NT$2,850")
      })
    )
    expect(retried.status()).toBe(200)
    const body = await retried.json()
    expect(body.result.outcome).toBe("issued")
    await card().locator('[data-ecpay-status="issued"]').waitFor()
    expect(await card().locator("[data-invoice-number]").textContent()).toBe(body.invoice.invoice_number)
    expect(await card().locator("[data-ecpay-failure]").count()).toBe(0)
    expect(await card().locator('[data-action="retry"]').count()).toBe(0)
    expect(await card().locator("[data-ecpay-lookup]").count()).toBe(1)
    // The refusal stays in the history, below the success.
    const actions = await card()
      .locator("[data-history-action]")
      .evaluateAll((items) => items.map((i) => i.getAttribute("data-history-action")))
    expect(actions.indexOf("invoice.issued")).toBeLessThan(actions.indexOf("invoice.failed"))
    await shoot("order-05-retried-en")
  })

  it("refreshes on demand", async () => {
    const request = page.waitForResponse(
      (r) => r.url().endsWith(`/admin/orders/${orders.donation}/einvoice`) && r.request().method() === "GET"
    )
    await card().locator('[data-action="refresh"]').click()
    expect((await request).status()).toBe(200)
    expect(await statusOf()).toBe("issued")
  })

  it("follows the order by itself: capture the payment on the order page and the invoice appears, without a reload", async () => {
    await admin.post(
      SETTINGS_API,
      { issue_mode: "automatic", issue_trigger: "payment_captured", issue_delay_days: 0 },
      "issue automatically"
    )
    try {
      await step("open order before capture", () => openOrder(orders.live))
      expect(await statusOf()).toBe("none")
      expect(await field("payment_status").textContent()).toBe("Authorized (not captured)")
      const loads = await page.evaluate(() => performance.getEntriesByType("navigation").length)

      // Medusa's own capture, on the same page: its button, its confirmation prompt.
      await page.getByRole("button", { name: "Capture payment" }).first().click()
      await page.getByRole("alertdialog").getByRole("button", { name: "Confirm" }).click()
      await step("invoice shown after capture", () => card().locator('[data-ecpay-status="issued"]').waitFor({ timeout: 30_000 }))

      const issued = simulator!.snapshot().invoices.find((entry) => entry.content.carrierNum === "/LIVE123")
      expect(issued?.invoiceNo).toBeTruthy()
      expect(await card().locator("[data-invoice-number]").textContent()).toBe(issued!.invoiceNo)
      // The same document all along.
      expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(loads)
      await shoot("order-05b-live-after-capture-en")
    } finally {
      await admin.post(SETTINGS_API, { issue_mode: "manual" }, "back to manual issuing")
    }
  })

  it("follows the dashboard language: 繁體中文", async () => {
    await suite.switchLanguage("繁體中文(臺灣)")
    expect(await page.evaluate(() => window.localStorage.getItem("lng"))).toBe("zhTW")

    await step("open issued order (zh-TW)", () => openOrder(orders.donation))
    expect(await card().locator("h2").first().textContent()).toBe("電子發票")
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("已開立")
    const text = await cardText()
    for (const words of [
      "發票號碼",
      "隨機碼",
      "開立日期",
      "發票金額",
      "發票類型",
      "捐贈發票（愛心碼）",
      "捐贈對象",
      "列印紙本",
      "財政部發票查詢",
      "歷程記錄",
      "發票已開立",
      "開立失敗",
    ]) {
      expect(text).toContain(words)
    }
    expect(await field("donation").textContent()).toBe(`${CHARITY.name}（愛心碼 ${CHARITY.code}）`)
    expect(await field("invoice_date").textContent()).toMatch(/（台灣時間）$/)
    expect(await card().locator('[data-history-action="invoice.failed"]').innerText()).toContain(
      `ECPay ${REFUSAL.rtnCode}：${REFUSAL.rtnMsg}`
    )
    expect(text).not.toContain("Invoice number")
    expect(await card().locator('[data-action="refresh"]').getAttribute("aria-label")).toBe("重新整理")
    await shoot("order-06-issued-zhTW")

    await step("open unpaid order (zh-TW)", () => openOrder(orders.unpaid))
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("尚未開立")
    expect(await cardText()).toContain("訂單付款完成（請款）後才能開立發票。")
    expect(await field("payment_status").textContent()).toBe("已授權（尚未請款）")
    await shoot("order-07-unpaid-zhTW")
  })

  it("shows a postponed invoice (ECPay rate limit) with its next attempt, in zh-TW", async () => {
    await capturePayment(admin, orders.unpaid)
    await step("open captured order (zh-TW)", () => openOrder(orders.unpaid))
    expect(await cardText()).toContain("訂單已付款，可以開立發票。")
    simulator!.setFault({ operation: "Issue", type: "http_403" })
    const answer = await step("issue (rate limited)", () =>
      confirmAction("issue", orders.unpaid, async () => {
        const dialog = page.locator('[data-ecpay-confirm="issue"]')
        expect(await dialog.getByRole("heading").first().textContent()).toBe("確認開立發票？")
        const details = (await dialog.innerText()).replace(/\s+/g, " ")
        for (const words of ["品名", "數量", "單價", "金額", "總計", "會員載具", "綠界會員載具", "顧客未選擇發票類型"]) {
          expect(details).toContain(words)
        }
        await browser!.screenshot("order-08-issue-confirm-zhTW")
      })
    )
    const body = await answer.json()
    expect(body.result.outcome).toBe("pending")
    await card().locator('[data-ecpay-status="pending"]').waitFor()
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("開立中")
    await page.getByText("發票尚未開立，系統將自動重試。").first().waitFor()
    const warning = card().locator("[data-ecpay-failure]")
    expect(await warning.getAttribute("data-advice")).toBe("rate_limited")
    expect((await warning.innerText()).replace(/\s+/g, " ")).toMatch(/尚未開立，將於 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（台灣時間）自動重試。/)
    expect(await warning.locator("[data-error-detail]").textContent()).toMatch(/^詳細資訊（http_403）：/)
    // A member carrier has no number: one row says it, not two.
    expect(await field("type").textContent()).toBe("會員載具")
    expect(await card().locator('[data-field="carrier"]').count()).toBe(0)
    expect(await warning.innerText()).toContain("綠界暫時封鎖本商店的請求（HTTP 403）")
    expect(await card().locator('[data-action="retry"]').count()).toBe(1)
    expect(await card().locator('[data-history-action="invoice.retry_scheduled"]').innerText()).toContain("下次嘗試：")
    // The 403 paused every call to ECPay, store-wide: the card says until when.
    const pause = card().locator("[data-ecpay-pause]")
    await pause.waitFor()
    expect(await pause.locator("[data-ecpay-pause-title]").textContent()).toMatch(/^綠界暫停至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（台灣時間）$/)
    // Meanwhile the card's actions (each would call ECPay) are disabled, saying why.
    const retry = card().locator('[data-action="retry"]')
    expect(await retry.isDisabled()).toBe(true)
    expect(await retry.getAttribute("title")).toMatch(/^綠界暫停期間無法使用（至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，台灣時間）$/)
    await shoot("order-09-pending-zhTW")
    // The pause lasts 30 minutes; the next tests call ECPay: end it as if they had passed.
    await sqlIn(app!.database, "update ecpay_einvoice_setting set ecpay_paused_until = null")
  })

  it("voids an issued invoice with a reason, before the period's deadline (zh-TW)", async () => {
    await step("open issued company order (zh-TW)", () => openOrder(orders.company))
    expect(await statusOf()).toBe("issued")
    expect(await card().locator("[data-invoice-number]").textContent()).toBe(issuedNumber)
    const deadline = card().locator("[data-ecpay-void-deadline]")
    expect(await deadline.getAttribute("data-voidable")).toBe("true")
    // Voiding locks at 00:00 on the 14th of the next odd month: the merchant reads the 13th, 23:59.
    expect(await deadline.textContent()).toMatch(/^可作廢至 \d{4}-\d{2}-13 23:59（台灣時間），發票期別 \d{4}-\d{2}\/\d{2}。$/)
    expect(await field("remaining_allowance").textContent()).toBe("NT$2,850")
    // Voiding is in the card's "…" menu (Medusa's pattern: what cannot be undone is not a button at hand).
    const voidItem = await cardActionControl(page, card(), "void")
    expect(await voidItem.textContent()).toBe("作廢發票")
    await voidItem.click()
    const dialog = page.locator('[data-ecpay-confirm="void"]')
    await dialog.waitFor()
    expect(await dialog.getByRole("heading").first().textContent()).toBe(`確認作廢發票 ${issuedNumber}？`)
    expect(await dialog.locator("[data-ecpay-void-notice]").innerText()).toContain("作廢")
    expect(await dialog.locator('[data-field="void_deadline"] [data-value]').textContent()).toMatch(/^\d{4}-\d{2}-13 23:59（台灣時間）$/)
    // Required, but not shown as an error before anything is typed.
    const reasonInput = dialog.locator('input[name="reason"]')
    expect(await reasonInput.evaluate((input) => input.matches(":invalid") || input.getAttribute("aria-invalid") === "true")).toBe(false)
    expect(await reasonInput.getAttribute("aria-required")).toBe("true")
    // The reason is required (at most 20 characters, counted as typed).
    const confirm = dialog.locator('[data-action="confirm"]')
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.locator('input[name="reason"]').fill(VOID_REASON)
    expect(await dialog.locator("[data-ecpay-counter]").textContent()).toBe(`${[...VOID_REASON].length}/20`)
    expect(await confirm.isDisabled()).toBe(false)
    await browser!.screenshot("order-10-void-confirm-zhTW")

    const answer = await step("void", () => submitIn(dialog, orders.company, "void"))
    expect(answer.status()).toBe(200)
    expect((await answer.json()).result).toMatchObject({ action: "void", outcome: "voided", invoice_number: issuedNumber })

    await card().locator('[data-ecpay-status="voided"]').waitFor()
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("已作廢")
    await page.getByText(`發票 ${issuedNumber} 已作廢`).first().waitFor()
    expect(await card().locator('[data-ecpay-summary="void-reason"]').textContent()).toBe(`作廢原因：${VOID_REASON}`)
    const entry = card().locator('[data-history-action="invoice.voided"]')
    expect(await entry.innerText()).toContain("發票已作廢")
    expect(await entry.innerText()).toContain(`原因：${VOID_REASON}`)
    expect(await cardActions(card())).not.toContain("void")
    expect(await card().locator("[data-ecpay-void-deadline]").count()).toBe(0)
    const atEcpay = simulator!.snapshot().invoices.find((invoice) => invoice.invoiceNo === issuedNumber)
    expect(atEcpay?.voided?.reason).toBe(VOID_REASON)
    await shoot("order-11-voided-zhTW")
  })

  it("issues a paper allowance by items: the card lists it and the remaining amount drops (zh-TW)", async () => {
    await step("open issued donation order (zh-TW)", () => openOrder(orders.donation))
    expect(await statusOf()).toBe("issued")
    allowance.invoiceNumber = (await card().locator("[data-invoice-number]").textContent()) ?? ""
    expect(await field("remaining_allowance").textContent()).toBe("NT$2,850")
    expect(await card().locator("[data-ecpay-allowances]").count()).toBe(0)

    await startCardAction(page, card(), "allowance")
    const form = page.locator('[data-ecpay-confirm="allowance"]')
    await form.waitFor()
    expect(await form.getByRole("heading").first().textContent()).toBe("開立折讓")
    // The store's default agreement (paper), by items.
    expect(await form.locator('[data-agreement="paper"]').getAttribute("aria-checked")).toBe("true")
    expect(await form.locator('[data-mode="lines"]').getAttribute("aria-checked")).toBe("true")
    expect(await form.locator('[data-field="remaining_allowance"] [data-value]').textContent()).toBe("NT$2,850")

    const tea = form.locator("[data-ecpay-allowance-line]", { hasText: TEA.title })
    const teaQuantity = tea.locator('input[name="quantity"]')
    expect(await tea.locator('[data-cell="left"]').textContent()).toMatch(/^2 \/ 2/)
    // More than is left is said at once, before anything is sent.
    await teaQuantity.fill("3")
    expect(await tea.locator('[data-error-for^="line-"]').textContent()).toBe("最多可折讓 2。")
    await teaQuantity.fill("1")
    expect(await tea.locator('[data-error-for^="line-"]').count()).toBe(0)
    expect(await tea.locator('[data-cell="amount"]').textContent()).toBe("NT$1,200")
    expect(await form.locator("[data-ecpay-allowance-total]").textContent()).toBe("NT$1,200")
    expect(await form.locator("[data-ecpay-remaining-after]").textContent()).toBe("NT$1,650")
    await form.locator('input[name="reason"]').fill(ALLOWANCE_REASON)
    await browser!.screenshot("order-12-allowance-form-zhTW")

    const answer = await step("allowance", () => submitIn(form, orders.donation, "allowances"))
    expect(answer.status()).toBe(200)
    const body = await answer.json()
    expect(body.result).toMatchObject({ action: "allowance", outcome: "issued" })
    allowance.id = body.result.allowance_id
    allowance.number = body.result.allowance_number
    expect(allowance.number).toMatch(/^\d{16}$/)

    const row = card().locator(`[data-ecpay-allowance="${allowance.id}"]`)
    await row.waitFor()
    expect(await row.getAttribute("data-ecpay-allowance-status")).toBe("issued")
    expect(await row.locator("[data-allowance-status-badge]").textContent()).toBe("已開立")
    expect(await row.locator("[data-allowance-number]").textContent()).toBe(allowance.number)
    expect(await row.locator("[data-allowance-amount]").textContent()).toBe("NT$1,200")
    expect(await row.locator("[data-allowance-agreement]").textContent()).toBe("紙本同意")
    expect(await row.locator("[data-allowance-reason]").textContent()).toBe(`折讓原因：${ALLOWANCE_REASON}`)
    // Which lines it covers: one tea of the two (the line as invoiced: product, variant, count, unit).
    const lines = await row.locator("[data-allowance-line]").allInnerTexts()
    expect(lines.map((text) => text.replace(/\s+/g, " "))).toEqual([`${TEA.title} 標準 × 1 件 NT$1,200`])
    expect(await row.locator("[data-allowance-date]").textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    await page.getByText(`折讓單 ${allowance.number} 已開立`).first().waitFor()
    expect(await field("remaining_allowance").textContent()).toBe("NT$1,650")
    // An invoice with a live allowance cannot be voided.
    expect(await cardActions(card())).not.toContain("void")
    expect(await card().locator("[data-ecpay-void-deadline]").getAttribute("data-void-blocked-by")).toBe("allowances")
    expect(await card().locator('[data-history-action="allowance.issued"]').count()).toBe(1)
    const atEcpay = simulator!.snapshot().allowances.filter((entry) => entry.invoiceNo === allowance.invoiceNumber)
    expect(atEcpay.map((entry) => [entry.allowanceNo, entry.mode, entry.status, entry.amount])).toEqual([
      [allowance.number, "paper", "issued", TEA.price],
    ])
    await shoot("order-13-allowance-issued-zhTW")
  })

  it("voids that allowance: its amount is allowable again and the invoice can be voided again (zh-TW)", async () => {
    const row = card().locator(`[data-ecpay-allowance="${allowance.id}"]`)
    expect(await row.locator('[data-action="allowance-cancel"]').count()).toBe(0)
    await row.locator('[data-action="allowance-void"]').click()
    const dialog = page.locator('[data-ecpay-confirm="allowance-void"]')
    await dialog.waitFor()
    expect(await dialog.getByRole("heading").first().textContent()).toBe(`確認作廢折讓單 ${allowance.number}？`)
    expect(await dialog.locator('[data-action="confirm"]').isDisabled()).toBe(true)
    await dialog.locator('input[name="reason"]').fill(ALLOWANCE_VOID_REASON)

    const answer = await step("void allowance", () => submitIn(dialog, orders.donation, `allowances/${allowance.id}/void`))
    expect(answer.status()).toBe(200)
    expect((await answer.json()).result).toMatchObject({ action: "allowance_void", outcome: "voided" })

    await card().locator(`[data-ecpay-allowance="${allowance.id}"][data-ecpay-allowance-status="voided"]`).waitFor()
    expect(await row.locator("[data-allowance-status-badge]").textContent()).toBe("已作廢")
    expect(await row.locator("[data-allowance-detail]").textContent()).toContain(ALLOWANCE_VOID_REASON)
    expect(await row.locator('[data-action="allowance-void"]').count()).toBe(0)
    await page.getByText(`折讓單 ${allowance.number} 已作廢`).first().waitFor()
    expect(await field("remaining_allowance").textContent()).toBe("NT$2,850")
    expect(await cardActions(card())).toContain("void")
    expect(await card().locator('[data-history-action="allowance.voided"]').innerText()).toContain(`原因：${ALLOWANCE_VOID_REASON}`)
    const atEcpay = simulator!.snapshot().allowances.find((entry) => entry.allowanceNo === allowance.number)
    expect(atEcpay?.status).toBe("voided")
    expect(atEcpay?.voided?.reason).toBe(ALLOWANCE_VOID_REASON)
    await shoot("order-14-allowance-voided-zhTW")
  })

  it("lists what an order edit adds as an additional invoice (補開發票): waiting for the shopper's payment, then issued (zh-TW)", async () => {
    const orderId = orders.donation
    const additionalOf = async () =>
      (await admin.get<{ additional_invoices: Array<{ status: string }> }>(`/admin/orders/${orderId}/einvoice`, "order view"))
        .additional_invoices
    const until = async (done: () => Promise<boolean>) => {
      for (const started = Date.now(); !(await done());) {
        if (Date.now() - started > 20_000) throw new Error("the additional invoice did not reach the expected state")
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
    await admin.post(SETTINGS_API, { auto_allowance_on_edit: true }, "follow order edits")
    const { products } = await admin.get<{ products: Array<{ variants: Array<{ id: string }> }> }>(
      `/admin/products?handle=${MUG.handle}&fields=id,*variants`,
      "find the mug"
    )
    await step("order edit adding a mug (HTTP)", async () => {
      await admin.post(`/admin/order-edits`, { order_id: orderId }, "begin the edit")
      await admin.post(
        `/admin/order-edits/${orderId}/items`,
        { items: [{ variant_id: products[0].variants[0].id, quantity: 1 }] },
        "add a mug"
      )
      await admin.post(`/admin/order-edits/${orderId}/request`, {}, "request the edit")
      await admin.post(`/admin/order-edits/${orderId}/confirm`, {}, "confirm the edit")
      await until(async () => (await additionalOf()).length === 1)
    })
    await step("open edited order (zh-TW)", () => openOrder(orderId))
    const entry = card().locator("[data-ecpay-additional-invoice]")
    await entry.waitFor()
    expect(await card().locator("[data-ecpay-additional-invoices] h3").textContent()).toBe("補開發票")
    expect(await entry.getAttribute("data-status")).toBe("pending")
    expect(await entry.locator("[data-additional-number]").textContent()).toBe("補開發票（尚無號碼）")
    expect(await entry.locator("[data-additional-awaiting-payment]").textContent()).toBe("顧客付清變更增加的金額後開立。")
    expect(await entry.locator("[data-additional-total]").textContent()).toBe(`NT$${MUG.price}`)
    expect(await card().locator('[data-history-action="invoice.additional_recorded"]').innerText()).toContain("已建立補開發票")

    await step("collect the difference (HTTP)", async () => {
      const { order } = await admin.get<{ order: { payment_collections: Array<{ id: string; status: string }> } }>(
        `/admin/orders/${orderId}?fields=id,*payment_collections`,
        "payment collections"
      )
      const unpaid = order.payment_collections.find((collection) => collection.status === "not_paid")!
      await admin.post(`/admin/payment-collections/${unpaid.id}/mark-as-paid`, { order_id: orderId }, "mark the difference paid")
      await until(async () => (await additionalOf())[0]?.status === "issued")
    })
    await step("reopen order (zh-TW)", () => openOrder(orderId))
    await card().locator('[data-ecpay-additional-invoice][data-status="issued"]').waitFor()
    expect(await entry.locator("[data-additional-number]").textContent()).toMatch(/^[A-Z]{2}\d{8}$/)
    expect((await entry.locator("[data-additional-line]").allInnerTexts()).map((text) => text.replace(/\s+/g, " "))).toEqual([
      `${MUG.title} 標準 × 1 件 NT$${MUG.price}`,
    ])
    expect(await entry.locator("[data-additional-awaiting-payment]").count()).toBe(0)
    // The original invoice is still the card's.
    expect(await statusOf()).toBe("issued")
    await shoot("order-15-additional-invoice-zhTW")
  })

  it("logged no unexpected console errors", () => {
    const unexpected = suite.unexpectedErrors()
    expect(unexpected).toEqual([])
  })
})
