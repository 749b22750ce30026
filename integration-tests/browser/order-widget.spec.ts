/**
 * The order page's e-invoice widget in a real browser against a real store with the built plugin.
 *
 *   NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand \
 *     --testMatch '**\/integration-tests/browser/**\/order-widget.spec.ts'
 *
 * The store is set up through Medusa's own admin and store HTTP APIs (what integration-tests/helpers/
 * store-fixture.ts does with core workflows): a TWD region with pp_system_default, a stock location
 * with a shipping option, two products with stock, a publishable key; then orders placed through the
 * store API with an invoice choice and captured through the admin API. E-invoicing runs against the
 * simulator started in this process, in manual mode, so the merchant issues from the widget.
 *
 * Needs PostgreSQL on localhost and /usr/bin/chromium (./install-chromium.sh). See README.md.
 */
import path from "node:path"
import type { Page } from "playwright-core"
import { startSimulator } from "../../src/simulator"
import { ADMIN_EMAIL, ADMIN_PASSWORD, startBrowserApp, type BrowserApp } from "./app"
import { launchBrowser, SCREENSHOT_DIR, type Browser, type ConsoleEntry } from "./browser"

// ECPay's public stage credentials (docs/ecpay-b2c-api.md §1.6); the simulator knows them too.
const MERCHANT_ID = "2000132"
const HASH_KEY = "ejCk326UnaZWKisg"
const HASH_IV = "q9jcZX8Ib9LM8wYk"

const TEA = { title: "茶葉禮盒", handle: "tea-gift-box", sku: "TEA-GIFT-BOX", price: 1200 }
const MUG = { title: "馬克杯", handle: "ceramic-mug", sku: "MUG-CERAMIC", price: 350 }
const SHIPPING_PRICE = 100
/** 2 teas + 1 mug + shipping. */
const ORDER_TOTAL = 2 * TEA.price + MUG.price + SHIPPING_PRICE

const COMPANY = { tax_id: "12345675", company_name: "好茶股份有限公司" }
const CHARITY = { code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" }
const REFUSAL = { rtnCode: 1100099, rtnMsg: "模擬拒絕：買受人資料有誤" }

const TAIWAN_ADDRESS = {
  first_name: "小明",
  last_name: "王",
  address_1: "信義路五段7號",
  address_2: "89樓",
  city: "台北市",
  postal_code: "110",
  country_code: "tw",
  phone: "0912345678",
}

jest.setTimeout(process.env.BROWSER_APP_MODE === "develop" ? 600_000 : 120_000)

/** Medusa's HTTP API from the test process, as a storefront and a merchant's script would call it. */
class MedusaHttp {
  adminToken = ""
  publishableKey = ""
  readonly calls: Array<{ step: string; ms: number }> = []

  constructor(private readonly baseUrl: string) {}

  async loginAdmin() {
    const { token } = await this.request("admin login", "POST", "/auth/user/emailpass", {
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    })
    this.adminToken = token
  }

  admin(step: string, method: "GET" | "POST", path: string, body?: unknown) {
    return this.request(step, method, path, body, { authorization: `Bearer ${this.adminToken}` })
  }

  store(step: string, method: "GET" | "POST", path: string, body?: unknown) {
    return this.request(step, method, path, body, { "x-publishable-api-key": this.publishableKey })
  }

  /** One request; a non-2xx answer throws an error naming the step with Medusa's status and body. */
  async request(step: string, method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}) {
    const started = Date.now()
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    this.calls.push({ step, ms: Date.now() - started })
    if (!response.ok) {
      throw new Error(`${step} (${method} ${path}) failed: ${response.status} ${text.slice(0, 2000)}`)
    }
    return text ? JSON.parse(text) : {}
  }
}

interface Shop {
  regionId: string
  shippingOptionId: string
  variants: { tea: string; mug: string }
}

/** A sellable Taiwanese store through the admin API (the HTTP twin of createStoreFixture). */
async function createShop(http: MedusaHttp): Promise<Shop> {
  const { sales_channel } = await http.admin("sales channel", "POST", "/admin/sales-channels", {
    name: "台灣網路商店",
    description: "Taiwan web store",
  })
  const { region } = await http.admin("region", "POST", "/admin/regions", {
    name: "Taiwan",
    currency_code: "twd",
    countries: ["tw"],
    payment_providers: ["pp_system_default"],
  })
  const { stock_location } = await http.admin("stock location", "POST", "/admin/stock-locations", {
    name: "台北倉庫",
    address: { address_1: "忠孝東路四段1號", city: "台北市", country_code: "tw", postal_code: "106" },
  })
  const {
    stores: [store],
  } = await http.admin("store", "GET", "/admin/stores")
  await http.admin("store defaults", "POST", `/admin/stores/${store.id}`, {
    supported_currencies: [{ currency_code: "twd", is_default: true }],
    default_sales_channel_id: sales_channel.id,
    default_region_id: region.id,
    default_location_id: stock_location.id,
  })
  await http.admin("location ↔ sales channel", "POST", `/admin/stock-locations/${stock_location.id}/sales-channels`, {
    add: [sales_channel.id],
  })
  await http.admin("location ↔ fulfillment provider", "POST", `/admin/stock-locations/${stock_location.id}/fulfillment-providers`, {
    add: ["manual_manual"],
  })
  const withSet = await http.admin("fulfillment set", "POST", `/admin/stock-locations/${stock_location.id}/fulfillment-sets?fields=*fulfillment_sets`, {
    name: "台北倉庫配送",
    type: "shipping",
  })
  const fulfillmentSetId: string = withSet.stock_location.fulfillment_sets[0].id
  const { fulfillment_set } = await http.admin("service zone", "POST", `/admin/fulfillment-sets/${fulfillmentSetId}/service-zones`, {
    name: "Taiwan",
    geo_zones: [{ type: "country", country_code: "tw" }],
  })
  const { shipping_profile } = await http.admin("shipping profile", "POST", "/admin/shipping-profiles", {
    name: "台灣一般配送",
    type: "default",
  })
  const { shipping_option } = await http.admin("shipping option", "POST", "/admin/shipping-options", {
    name: "宅配",
    price_type: "flat",
    provider_id: "manual_manual",
    service_zone_id: fulfillment_set.service_zones[0].id,
    shipping_profile_id: shipping_profile.id,
    type: { label: "宅配", description: "Home delivery, 1-3 days", code: "home-delivery" },
    prices: [
      { currency_code: "twd", amount: SHIPPING_PRICE },
      { region_id: region.id, amount: SHIPPING_PRICE },
    ],
    rules: [
      { attribute: "enabled_in_store", value: "true", operator: "eq" },
      { attribute: "is_return", value: "false", operator: "eq" },
    ],
  })

  const variants: Record<string, string> = {}
  for (const p of [TEA, MUG]) {
    const { product } = await http.admin(`product ${p.sku}`, "POST", "/admin/products", {
      title: p.title,
      handle: p.handle,
      status: "published",
      shipping_profile_id: shipping_profile.id,
      options: [{ title: "規格", values: ["標準"] }],
      variants: [
        {
          title: "標準",
          sku: p.sku,
          manage_inventory: true,
          options: { 規格: "標準" },
          prices: [{ currency_code: "twd", amount: p.price }],
        },
      ],
      sales_channels: [{ id: sales_channel.id }],
    })
    variants[p.sku] = product.variants[0].id
    const { inventory_items } = await http.admin(`inventory item ${p.sku}`, "GET", `/admin/inventory-items?sku=${encodeURIComponent(p.sku)}`)
    await http.admin(`stock ${p.sku}`, "POST", `/admin/inventory-items/${inventory_items[0].id}/location-levels`, {
      location_id: stock_location.id,
      stocked_quantity: 1000,
    })
  }

  const { api_key } = await http.admin("publishable key", "POST", "/admin/api-keys", { title: "Storefront", type: "publishable" })
  await http.admin("key ↔ sales channel", "POST", `/admin/api-keys/${api_key.id}/sales-channels`, { add: [sales_channel.id] })
  http.publishableKey = api_key.token

  return { regionId: region.id, shippingOptionId: shipping_option.id, variants: { tea: variants[TEA.sku], mug: variants[MUG.sku] } }
}

/** Checks out 2 teas + 1 mug through the store API with an invoice choice (none = member carrier). */
async function placeOrder(http: MedusaHttp, shop: Shop, choice?: Record<string, unknown>): Promise<string> {
  const { cart } = await http.store("create cart", "POST", "/store/carts", {
    region_id: shop.regionId,
    email: "buyer@example.com",
    items: [
      { variant_id: shop.variants.tea, quantity: 2 },
      { variant_id: shop.variants.mug, quantity: 1 },
    ],
    shipping_address: TAIWAN_ADDRESS,
    billing_address: TAIWAN_ADDRESS,
  })
  await http.store("shipping method", "POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shop.shippingOptionId })
  const { payment_collection } = await http.store("payment collection", "POST", "/store/payment-collections", { cart_id: cart.id })
  await http.store("payment session", "POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
    provider_id: "pp_system_default",
  })
  if (choice) {
    await http.store("invoice choice", "POST", `/store/carts/${cart.id}/einvoice`, choice)
  }
  const completed = await http.store("complete cart", "POST", `/store/carts/${cart.id}/complete`, {})
  if (completed.type !== "order" || !completed.order?.id) {
    throw new Error(`complete cart: no order (${JSON.stringify(completed).slice(0, 2000)})`)
  }
  expect(completed.order.total).toBe(ORDER_TOTAL)
  return completed.order.id
}

/** Captures the order's authorized payment through the admin API. */
async function capturePayment(http: MedusaHttp, orderId: string) {
  const { order } = await http.admin(
    "order payments",
    "GET",
    `/admin/orders/${orderId}?fields=id,payment_status,*payment_collections,*payment_collections.payments`
  )
  const payment = (order.payment_collections ?? [])
    .flatMap((pc: any) => pc.payments ?? [])
    .find((p: any) => !p.captured_at && !p.canceled_at)
  if (!payment) {
    throw new Error(`order ${orderId} has no uncaptured payment (payment_status ${order.payment_status})`)
  }
  await http.admin("capture", "POST", `/admin/payments/${payment.id}/capture`, {})
}

describe("order page: the e-invoice widget", () => {
  let app: BrowserApp | undefined
  let browser: Browser | undefined
  let simulator: Awaited<ReturnType<typeof startSimulator>> | undefined
  let http: MedusaHttp
  let page: Page
  const orders = { unpaid: "", company: "", donation: "" }
  let issuedNumber = ""
  const timings: Record<string, number> = {}
  const suiteStarted = Date.now()
  /** Console errors the test provokes on purpose (the 401 before login). */
  const expected: Array<(entry: ConsoleEntry) => boolean> = []

  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    try {
      return await fn()
    } finally {
      timings[name] = (Date.now() - started) / 1000
    }
  }

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1", logRequests: false })
    app = await startBrowserApp()
    Object.assign(timings, app.timings)
    http = new MedusaHttp(app.baseUrl)
    await step("store setup (HTTP)", async () => {
      await http.loginAdmin()
      await http.admin("e-invoice settings", "POST", "/admin/ecpay-einvoice/settings", {
        enabled: true,
        environment: "simulator",
        base_url: simulator!.url,
        merchant_id: MERCHANT_ID,
        hash_key: HASH_KEY,
        hash_iv: HASH_IV,
        issue_mode: "manual",
        charities: [CHARITY],
        default_love_code: CHARITY.code,
      })
      const shop = await createShop(http)
      orders.unpaid = await placeOrder(http, shop)
      orders.company = await placeOrder(http, shop, { type: "company", ...COMPANY })
      orders.donation = await placeOrder(http, shop, { type: "donation", love_code: CHARITY.code })
      await capturePayment(http, orders.company)
      await capturePayment(http, orders.donation)
    })
    browser = await step("launch chromium", () => launchBrowser())
    page = browser.page
    page.setDefaultTimeout(app.mode === "develop" ? 180_000 : 30_000)
  }, 900_000)

  afterAll(async () => {
    const failures: unknown[] = []
    for (const close of [() => browser?.close(), () => app?.stop(), () => simulator?.close()]) {
      await Promise.resolve()
        .then(close)
        .catch((error) => failures.push(error))
    }
    timings["total"] = (Date.now() - suiteStarted) / 1000
    const lines = Object.entries(timings).map(([name, seconds]) => `  ${name.padEnd(28)} ${seconds.toFixed(1)} s`)
    process.stdout.write(`\norder widget browser test timings (${app?.mode ?? "?"} mode):\n${lines.join("\n")}\n`)
    if (failures.length) {
      throw failures[0]
    }
  }, 120_000)

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
    await card().screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-card.png`) })
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

  it("logs in to the admin", async () => {
    await step("log in", async () => {
      const loginStarted = Date.now()
      // Before login the dashboard asks who is signed in and gets 401; the browser logs that.
      expected.push((e) => e.at >= loginStarted && / 401 /.test(e.text) && e.page.includes("/login"))
      await page.goto(`${app!.adminUrl}/login`)
      await page.locator('input[name="email"]').fill(ADMIN_EMAIL)
      await page.locator('input[type="password"]').fill(ADMIN_PASSWORD)
      await page.locator('button[type="submit"]').click()
      await page.waitForURL((url) => !url.pathname.includes("/login"))
    })
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
    await http.admin("turn e-invoicing off", "POST", "/admin/ecpay-einvoice/settings", { enabled: false })
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
      await http.admin("turn e-invoicing on", "POST", "/admin/ecpay-einvoice/settings", { enabled: true })
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
    const actions = await card().locator("[data-history-action]").evaluateAll((items) => items.map((i) => i.getAttribute("data-history-action")))
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

  it("follows the dashboard language: 繁體中文", async () => {
    await step("switch language", async () => {
      await page.goto(`${app!.adminUrl}/settings/profile/edit`)
      const dialog = page.getByRole("dialog")
      await dialog.waitFor()
      await dialog.getByRole("combobox").click()
      await page.getByRole("option", { name: "繁體中文(臺灣)", exact: true }).click()
      await dialog.getByRole("button", { name: "Save", exact: true }).click()
      await dialog.waitFor({ state: "detached" })
    })
    expect(await page.evaluate(() => window.localStorage.getItem("lng"))).toBe("zhTW")

    await step("open issued order (zh-TW)", () => openOrder(orders.donation))
    expect(await card().locator("h2").first().textContent()).toBe("電子發票")
    expect(await card().locator("[data-ecpay-status]").textContent()).toBe("已開立")
    const text = await cardText()
    for (const words of ["發票號碼", "隨機碼", "開立日期", "發票金額", "發票類型", "捐贈發票（愛心碼）", "捐贈對象", "列印紙本", "財政部發票查詢", "歷程記錄", "發票已開立", "開立失敗"]) {
      expect(text).toContain(words)
    }
    expect(await field("donation").textContent()).toBe(`${CHARITY.name}（愛心碼 ${CHARITY.code}）`)
    expect(await field("invoice_date").textContent()).toMatch(/（台灣時間）$/)
    expect(await card().locator('[data-history-action="invoice.failed"]').innerText()).toContain(`ECPay ${REFUSAL.rtnCode}：${REFUSAL.rtnMsg}`)
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
    await capturePayment(http, orders.unpaid)
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
    expect(await warning.innerText()).toContain("綠界暫時封鎖本商店的請求（HTTP 403）")
    expect(await card().locator('[data-action="retry"]').count()).toBe(1)
    expect(await card().locator('[data-history-action="invoice.retry_scheduled"]').innerText()).toContain("下次嘗試：")
    await shoot("order-09-pending-zhTW")
  })

  it("logged no unexpected console errors", () => {
    const unexpected = browser!.errors.filter((entry) => !expected.some((allowed) => allowed(entry)))
    expect(unexpected).toEqual([])
  })
})
