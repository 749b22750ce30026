/**
 * The reference checkout (examples/storefront-checkout) in headless Chromium against the demo store,
 * started the way a user starts it (`npm run demo`'s script as a child process, its own PORT, its own
 * state folder and database on the local PostgreSQL: ./checkout-demo.ts) and found through its info.json.
 * In `npm run test:browser` the suite's global setup makes the demo's store build ahead with the demo's
 * own steps (the demo reuses it, as on a second run), copies the admin specs' migrated template into
 * the demo's database when it does not exist, and starts the demo before the admin specs, so it gets
 * ready while they run; this spec run on its own starts the demo itself.
 *
 * Chooses each of the six invoice types and sees the server's live validation messages, the company
 * name filled in from the tax ID and the fail-open warning; places an order, captures its payment as
 * the merchant and finds its invoice through GET /store/orders/:id/einvoice; then stops the demo with
 * SIGINT (Ctrl-C) and checks that nothing it started is left; then starts it again on the same folder
 * and database and voids, through the admin API, a sample invoice issued before the restart (the
 * simulator kept its documents in the folder), and stops it again.
 *
 * Knobs: CHECKOUT_TEST_FRESH=1 drops the test database first (a cold seed); the demo's own variables
 * pass through (the global setup sets DEMO_PLUGIN_BUILD=never: the suite built the plugin).
 * Logs: .cache/browser-logs/demo-checkout.log, demo-checkout-restart.log (the second start).
 */
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { Socket } from "node:net"
import path from "node:path"
import type { HttpTypes } from "@medusajs/framework/types"
import type { Page } from "playwright-core"
import type { DemoInfo } from "../../scripts/demo/lib/info"
import type {
  AdminEinvoiceActionResponse,
  AdminIssueEinvoiceResponse,
  ShopperInvoice,
  StoreCartEinvoiceResponse,
  StoreEinvoiceConfigResponse,
  StoreOrderEinvoiceResponse,
} from "../../src/api/types"
import { launchBrowser, type Browser } from "./browser"
import {
  DEMO_DIR,
  LOG_DIR,
  LOG_FILE,
  SIMULATOR_STATE_FILE,
  adoptCheckoutDemo,
  isDemoProcess,
  spawnCheckoutDemo,
  type CheckoutDemo,
} from "./checkout-demo"

const CART_KEY = "ecpay-einvoice-demo-cart"
const RESTART_LOG_FILE = path.join(LOG_DIR, "demo-checkout-restart.log")
const ROOT = path.resolve(__dirname, "../..")

let demo: CheckoutDemo | null = null
let info: DemoInfo
const specStarted = Date.now()
const timings: Record<string, number> = {}
let browser: Browser
let page: Page

// ------------------------------------------------------------------------------------ helpers

function listening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (result: boolean) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(1000)
    socket.once("connect", () => done(true))
    socket.once("timeout", () => done(false))
    socket.once("error", () => done(false))
    socket.connect(port, host)
  })
}

async function logTail(lines = 60, file = LOG_FILE) {
  return (await readFile(file, "utf8").catch(() => "")).split("\n").slice(-lines).join("\n")
}

/** Waits until `started` has written its info.json (it is ready), or fails with the end of its log. */
async function waitForInfo(started: CheckoutDemo, timeoutMs: number, logFile = LOG_FILE): Promise<DemoInfo> {
  const infoFile = path.join(DEMO_DIR, "info.json")
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!started.running()) {
      throw new Error(`npm run demo exited with code ${await started.exited} (log ${logFile})\n${await logTail(60, logFile)}`)
    }
    const text = await readFile(infoFile, "utf8").catch(() => null)
    if (text) {
      const parsed = JSON.parse(text) as DemoInfo
      if (isDemoProcess(parsed.pid, started.pid)) {
        return parsed
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`the demo was not ready within ${timeoutMs / 60_000} min (log ${logFile})\n${await logTail(60, logFile)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** SIGINT to the demo's npm process alone (as `kill -INT <pid>`): its exit code, or "timeout" after 60 s. */
async function interrupt(running: CheckoutDemo): Promise<number | null | "timeout"> {
  process.kill(running.pid, "SIGINT")
  let timer: NodeJS.Timeout | undefined
  const code = await Promise.race([
    running.exited,
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), 60_000)
    }),
  ])
  clearTimeout(timer)
  return code
}

/** An admin API bearer token for the demo's admin user. */
async function adminHeaders(): Promise<Record<string, string>> {
  const { token } = await api<{ token: string }>(
    "POST",
    `${info.store.url}/auth/user/emailpass`,
    {},
    { email: info.admin.email, password: info.admin.password }
  )
  return { authorization: `Bearer ${token}` }
}

/** A JSON request; `T`: the answer's type (`unknown` when not given). */
async function api<T = unknown>(method: "GET" | "POST", url: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = await response.json().catch(() => null)
  if (!response.ok) {
    throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(data)}`)
  }
  return data as T
}

const storeHeaders = () => ({ "x-publishable-api-key": info.storeApi.publishableKey })

async function cartChoice() {
  const cartId = await page.evaluate((key) => window.sessionStorage.getItem(key), CART_KEY)
  expect(cartId).toMatch(/^cart_/)
  return (await api<StoreCartEinvoiceResponse>("GET", `${info.store.url}/store/carts/${cartId}/einvoice`, storeHeaders())).einvoice
}

const byTestId = (id: string) => `[data-testid="${id}"]`

async function chooseType(type: string) {
  await page.check(byTestId(`einvoice-type-${type}`))
}

/** Waits for the live check under a field to settle, returns its state and text. */
async function settledCheck(testId: string) {
  const locator = page.locator(`${byTestId(`${testId}-check`)}:not([data-state="checking"])`)
  await locator.waitFor({ timeout: 15_000 })
  return { state: await locator.getAttribute("data-state"), text: (await locator.textContent()) ?? "" }
}

async function save() {
  await page.click(byTestId("einvoice-save"))
  await page.locator(`${byTestId("einvoice-status")}[data-saved="true"]`).waitFor({ timeout: 15_000 })
}

// -------------------------------------------------------------------------------- the demo

beforeAll(async () => {
  const adopted = adoptCheckoutDemo()
  demo = adopted ?? (await spawnCheckoutDemo())
  const waitStarted = Date.now()
  info = await waitForInfo(demo, 540_000)
  timings[adopted ? "waiting for the demo (started by the global setup)" : "npm run demo until ready"] = (Date.now() - waitStarted) / 1000
  const launched = Date.now()
  browser = await launchBrowser({ locale: "zh-TW" })
  page = browser.page
  timings["launch chromium"] = (Date.now() - launched) / 1000
}, 600_000)

afterAll(async () => {
  await browser?.close()
  if (demo?.running()) {
    try {
      process.kill(-demo.pid!, "SIGINT")
    } catch {
      // gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-demo!.pid!, "SIGKILL")
      } catch {
        // gone
      }
    }, 60_000)
    await demo.exited
    clearTimeout(timer)
  }
  timings["total"] = (Date.now() - specStarted) / 1000
  const lines = Object.entries(timings).map(([name, seconds]) => `  ${name.padEnd(52)} ${seconds.toFixed(1)} s`)
  const demoSteps = info
    ? Object.entries(info.timings)
        .map(([step, value]) => `${step} ${value}`)
        .join(", ")
    : "not ready"
  process.stdout.write(`\ncheckout browser test timings:\n${lines.join("\n")}\n  the demo's own start (s): ${demoSteps}\n`)
}, 90_000)

// ------------------------------------------------------------------------------------ tests

describe("reference checkout against the demo store", () => {
  it("the demo reports its URLs and key in info.json, and the store API answers with the key", async () => {
    expect(info.store.url).toBe(`http://localhost:${info.store.port}`)
    expect(info.storeApi.publishableKey).toMatch(/^pk_/)
    expect(info.admin.url).toBe(`${info.store.url}/app`)
    expect(info.simulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(info.database.kind).toBe("local")

    const config = await api<StoreEinvoiceConfigResponse>("GET", `${info.storeApi.url}/einvoice/config`, storeHeaders())
    expect(config).toMatchObject({
      enabled: true,
      types: ["member", "mobile_barcode", "citizen_certificate", "donation", "company", "paper"],
    })
    expect(config.charities.length).toBeGreaterThanOrEqual(3)
    // Sample orders: one issued per type, one failed, one awaiting payment.
    const byKey = Object.fromEntries(info.orders.map((o) => [o.key, o]))
    for (const type of config.types) {
      expect(byKey[type]).toMatchObject({ invoiceStatus: "issued" })
      expect(byKey[type].invoiceNumber).toMatch(/^[A-Z]{2}\d{8}$/)
    }
    expect(byKey.issue_failed).toMatchObject({ invoiceStatus: "failed" })
    expect(byKey.awaiting_payment).toMatchObject({ paymentStatus: "authorized", invoiceStatus: null })

    // The admin login printed by the demo works.
    const { token } = await api<{ token: string }>(
      "POST",
      `${info.store.url}/auth/user/emailpass`,
      {},
      { email: info.admin.email, password: info.admin.password }
    )
    expect(token).toBeTruthy()
  })

  it("shows the six invoice types and the store's charities", async () => {
    await page.goto(info.checkout.url)
    await page.locator(byTestId("einvoice-type-member")).waitFor({ timeout: 30_000 })
    const types = await page.$$eval('[data-testid^="einvoice-type-"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    expect(types).toEqual(["member", "mobile_barcode", "citizen_certificate", "donation", "company", "paper"])
    expect(await page.isChecked(byTestId("einvoice-type-member"))).toBe(true)
    expect(await page.isDisabled(byTestId("place-order"))).toBe(true)

    await chooseType("donation")
    const options = await page.$$eval(`${byTestId("einvoice-charity")} option`, (els) => els.map((e) => (e as HTMLOptionElement).value))
    expect(options.slice(0, 3)).toEqual(["168001", "919", "25885"])
    expect(options).toHaveLength(4) // + "other love code"
    expect(await page.inputValue(byTestId("einvoice-charity"))).toBe("168001")
  })

  it("member carrier: saved on the cart as is", async () => {
    await chooseType("member")
    await save()
    expect(await cartChoice()).toMatchObject({ type: "member", carrier_number: null })
    // The button also waits for the cart and its shipping options, which load on their own: it must become
    // enabled, however long they take on a loaded machine.
    await page.locator(`${byTestId("place-order")}:enabled`).waitFor({ timeout: 15_000 })
  })

  it("mobile barcode: live format message, then ECPay's check, then saved", async () => {
    await chooseType("mobile_barcode")
    // Editing after saving un-saves: the place-order button waits again.
    expect(await page.isDisabled(byTestId("place-order"))).toBe(true)
    await page.fill(byTestId("einvoice-mobile-barcode"), "/ab")
    let check = await settledCheck("einvoice-mobile-barcode")
    expect(check.state).toBe("invalid")
    expect(check.text).toContain("應為「/」開頭再加 7 碼")

    await page.fill(byTestId("einvoice-mobile-barcode"), "/abc1234")
    expect(await page.inputValue(byTestId("einvoice-mobile-barcode"))).toBe("/ABC1234")
    check = await settledCheck("einvoice-mobile-barcode")
    expect(check).toEqual({ state: "valid", text: "✓ 已確認" })

    // A barcode the government registry does not know.
    await page.fill(byTestId("einvoice-mobile-barcode"), "/0000000")
    check = await settledCheck("einvoice-mobile-barcode")
    expect(check.state).toBe("invalid")
    expect(check.text).toContain("查無此號碼")

    await page.fill(byTestId("einvoice-mobile-barcode"), "/ABC1234")
    await settledCheck("einvoice-mobile-barcode")
    await save()
    expect(await cartChoice()).toMatchObject({ type: "mobile_barcode", carrier_number: "/ABC1234" })
  })

  it("citizen certificate: format checked live, then saved", async () => {
    await chooseType("citizen_certificate")
    await page.fill(byTestId("einvoice-citizen-certificate"), "ab123")
    let check = await settledCheck("einvoice-citizen-certificate")
    expect(check.state).toBe("invalid")
    expect(check.text).toContain("2 個英文字母加 14 個數字")

    await page.fill(byTestId("einvoice-citizen-certificate"), "ab12345678901234")
    check = await settledCheck("einvoice-citizen-certificate")
    expect(check).toEqual({ state: "valid", text: "✓ 格式正確" })
    await save()
    expect(await cartChoice()).toMatchObject({ type: "citizen_certificate", carrier_number: "AB12345678901234" })
  })

  it("donation: a charity from the dropdown, or another love code checked live", async () => {
    await chooseType("donation")
    await page.selectOption(byTestId("einvoice-charity"), "919")
    await save()
    expect(await cartChoice()).toMatchObject({ type: "donation", love_code: "919" })

    await page.selectOption(byTestId("einvoice-charity"), "__other__")
    await page.fill(byTestId("einvoice-love-code"), "12")
    let check = await settledCheck("einvoice-love-code")
    expect(check.state).toBe("invalid")
    expect(check.text).toContain("3 至 7 位數字")
    await page.fill(byTestId("einvoice-love-code"), "25885")
    check = await settledCheck("einvoice-love-code")
    expect(check).toEqual({ state: "valid", text: "✓ 已確認" })
    await save()
    expect(await cartChoice()).toMatchObject({ type: "donation", love_code: "25885" })
  })

  it("company: checksum message, then the company name filled in from the tax ID", async () => {
    await chooseType("company")
    await page.fill(byTestId("einvoice-tax-id"), "12345678")
    let check = await settledCheck("einvoice-tax-id")
    expect(check.state).toBe("invalid")
    expect(check.text).toContain("檢查碼錯誤")
    expect(await page.inputValue(byTestId("einvoice-company-name"))).toBe("")

    await page.fill(byTestId("einvoice-tax-id"), "22099131")
    check = await settledCheck("einvoice-tax-id")
    expect(check.state).toBe("valid")
    expect(check.text).toContain("（模擬）測試科技股份有限公司")
    await expect(page.inputValue(byTestId("einvoice-company-name"))).resolves.toBe("（模擬）測試科技股份有限公司")
    await save()
    expect(await cartChoice()).toMatchObject({
      type: "company",
      company_tax_id: "22099131",
      company_name: "（模擬）測試科技股份有限公司",
      print: false,
    })
  })

  it("paper: name and address required, prefilled from the shipping address", async () => {
    await chooseType("paper")
    expect(await page.inputValue(byTestId("einvoice-address"))).toBe("110 台北市信義路五段7號")
    await page.fill(byTestId("einvoice-buyer-name"), "")
    await page.click(byTestId("einvoice-save"))
    await expect(page.locator(byTestId("einvoice-required-buyerName")).textContent()).resolves.toBe("請輸入買受人姓名")
    expect(await page.getAttribute(byTestId("einvoice-status"), "data-saved")).toBe("false")

    await page.fill(byTestId("einvoice-buyer-name"), "王小明")
    await save()
    expect(await cartChoice()).toMatchObject({ type: "paper", buyer_name: "王小明", buyer_address: "110 台北市信義路五段7號", print: true })
  })

  it("fail-open: when the government service is down the barcode is accepted with a warning", async () => {
    const applied = () => page.locator(`${byTestId("demo-gov-down")}[data-applied="true"]`).waitFor({ timeout: 10_000 })
    await page.check(byTestId("demo-gov-down"))
    await applied()
    try {
      await chooseType("mobile_barcode")
      // A barcode not checked before (checked answers are cached for a day).
      const barcode = `/G${Date.now().toString(36).toUpperCase().slice(-6)}`
      await page.fill(byTestId("einvoice-mobile-barcode"), barcode)
      const check = await settledCheck("einvoice-mobile-barcode")
      expect(check.state).toBe("unchecked")
      expect(check.text).toContain("目前無法向財政部線上查驗")
      await save()
      await expect(page.locator(byTestId("einvoice-warning")).textContent()).resolves.toContain("暫時無法線上確認")
      expect(await cartChoice()).toMatchObject({ type: "mobile_barcode", carrier_number: barcode })
    } finally {
      await page.uncheck(byTestId("demo-gov-down"))
      await applied()
    }
  })

  it("places the order; after capture its invoice is issued and shown through GET /store/orders/:id/einvoice", async () => {
    // The order goes out as a company invoice.
    await chooseType("company")
    await page.fill(byTestId("einvoice-tax-id"), "22099131")
    await settledCheck("einvoice-tax-id")
    await save()
    await page.click(byTestId("place-order"))
    const confirmation = page.locator(byTestId("order-confirmation"))
    await confirmation.waitFor({ timeout: 30_000 })
    const orderId = (await confirmation.getAttribute("data-order-id"))!
    expect(orderId).toMatch(/^order_/)

    // Before payment: no invoice for the shopper yet.
    const before = await api<StoreOrderEinvoiceResponse>("GET", `${info.storeApi.url}/orders/${orderId}/einvoice`, storeHeaders())
    expect(before.einvoice === null || before.einvoice.status === "pending").toBe(true)

    // The merchant captures the payment.
    const admin = await adminHeaders()
    const { order } = await api<HttpTypes.AdminOrderResponse>(
      "GET",
      `${info.store.url}/admin/orders/${orderId}?fields=id,*payment_collections,*payment_collections.payments`,
      admin
    )
    const payment = order.payment_collections![0].payments![0]
    await api("POST", `${info.store.url}/admin/payments/${payment.id}/capture`, admin, {})

    // The shopper's view, through the store API with the demo's key.
    let invoice: ShopperInvoice | null = null
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      invoice = (await api<StoreOrderEinvoiceResponse>("GET", `${info.storeApi.url}/orders/${orderId}/einvoice`, storeHeaders())).einvoice
      if (invoice?.status === "issued") break
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(invoice).toMatchObject({ status: "issued", type: "company", company_tax_id: "22099131", donation: false })
    expect(invoice?.invoice_number).toMatch(/^[A-Z]{2}\d{8}$/)

    // …and on the confirmation page, which polls the same route.
    await page.locator(`${byTestId("order-invoice")}[data-status="issued"]`).waitFor({ timeout: 15_000 })
    expect(await page.textContent(byTestId("order-invoice-number"))).toBe(invoice?.invoice_number)
    await browser.screenshot("checkout-order-invoice")
  })

  it("no console errors in the page", () => {
    expect(browser.errors).toEqual([])
  })

  it("SIGINT to the npm run demo process alone (not its process group) stops the demo and everything it started", async () => {
    const ports = [info.store.port, Number(new URL(info.checkout.url).port), Number(new URL(info.simulator!.url).port)]
    // As `kill -INT <pid>` or a process manager would: npm passes it on to the demo (its script execs node).
    expect(await interrupt(demo!)).toBe(0)
    for (const port of ports) {
      expect(await listening(port)).toBe(false)
    }
    expect(existsSync(path.join(DEMO_DIR, "info.json"))).toBe(false)
    // No process is left working in the demo's folder (the store runs from <dir>/app/.medusa/server).
    if (existsSync("/proc")) {
      const left = () =>
        readdirSync("/proc")
          .filter((entry) => /^\d+$/.test(entry))
          .filter((pid) => {
            try {
              return readlinkSync(`/proc/${pid}/cwd`).startsWith(DEMO_DIR)
            } catch {
              return false
            }
          })
          .map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim()}`)
      // Medusa forks its telemetry sender detached on exit; the demo turns telemetry off so there is
      // none, but allow a moment for anything that is just exiting.
      for (let i = 0; i < 20 && left().length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(left()).toEqual([])
    }
  }, 90_000)
  it("started again on the same folder and database, the demo reuses both: a sample invoice issued before the restart is voided", async () => {
    // The simulator kept its documents beside the database (it wrote them as it went, and on SIGINT).
    expect(existsSync(SIMULATOR_STATE_FILE)).toBe(true)
    const before = info
    // The member carrier's sample invoice, issued before the restart (this test issues it again at its end,
    // so a database kept for the next run still has it issued).
    const sample = before.orders.find((o) => o.key === "member")
    expect(sample).toMatchObject({ invoiceStatus: "issued", invoiceNumber: expect.stringMatching(/^[A-Z]{2}\d{8}$/) })
    const target = { orderId: sample!.orderId, invoiceNumber: sample!.invoiceNumber! }
    // The plugin's build the demo installs: unchanged, the restart builds nothing.
    const adminBundle = path.join(ROOT, ".medusa/server/src/admin/index.mjs")
    const bundleHash = () => createHash("sha256").update(readFileSync(adminBundle)).digest("hex")
    const bundleBefore = bundleHash()

    const restartStarted = Date.now()
    // The plugin the first start installed (built by the suite, or by that start): never built again.
    demo = await spawnCheckoutDemo({ pluginBuild: "never", restart: { admin: before.admin, logFile: RESTART_LOG_FILE } })
    info = await waitForInfo(demo, 300_000, RESTART_LOG_FILE)
    timings["restart: npm run demo until ready"] = (Date.now() - restartStarted) / 1000
    const log = await readFile(RESTART_LOG_FILE, "utf8")
    // Same database, same sample orders (found, not placed again), nothing rebuilt or migrated.
    expect(info.database.url).toBe(before.database.url)
    expect(info.orders.map((o) => [o.key, o.orderId, o.invoiceNumber])).toEqual(
      before.orders.map((o) => [o.key, o.orderId, o.invoiceNumber])
    )
    expect(log).toContain("orders: reusing the ones an earlier run placed")
    expect(log).not.toContain("medusa db:migrate")
    expect(log).not.toContain("medusa plugin:build")
    if (bundleHash() === bundleBefore) {
      // (Only a `npm run build` in this checkout between the two starts gives the store a new admin bundle.)
      expect(log).not.toContain("medusa build")
    }
    expect(log).toMatch(/simulator: \d+ invoices and \d+ allowances kept from the last run/)
    expect(log).not.toContain("unknown to the simulator")

    // The merchant voids it in the admin: ECPay (the restarted simulator) knows it.
    const admin = { "content-type": "application/json", accept: "application/json", ...(await adminHeaders()) }
    const response = await fetch(`${info.store.url}/admin/orders/${target.orderId}/einvoice/void`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ reason: "重啟後作廢測試" }),
    })
    const body = (await response.json()) as AdminEinvoiceActionResponse
    expect({ status: response.status, result: body.result }).toMatchObject({
      status: 200,
      result: { action: "void", outcome: "voided", invoice_number: target.invoiceNumber },
    })
    expect(body.invoices.find((invoice) => invoice.invoice_number === target.invoiceNumber)).toMatchObject({
      status: "voided",
      void_reason: "重啟後作廢測試",
    })
    const simulated = await api<{ invoices: Array<{ invoiceNo: string; voided: { reason: string } | null }> }>(
      "GET",
      info.simulator!.controlUrl,
      {}
    )
    expect(simulated.invoices.find((invoice) => invoice.invoiceNo === target.invoiceNumber)?.voided).toMatchObject({
      reason: "重啟後作廢測試",
    })
    expect(existsSync(SIMULATOR_STATE_FILE)).toBe(true)

    // As a merchant would after a void: a new invoice for the order (new number), so the sample is issued again.
    const reissued = await api<AdminIssueEinvoiceResponse>(
      "POST",
      `${info.store.url}/admin/orders/${target.orderId}/einvoice/issue`,
      admin,
      {}
    )
    expect(reissued.result).toMatchObject({ outcome: "issued", invoice_number: expect.stringMatching(/^[A-Z]{2}\d{8}$/) })
    expect(reissued.result.invoice_number).not.toBe(target.invoiceNumber)

    expect(await interrupt(demo)).toBe(0)
    expect(existsSync(path.join(DEMO_DIR, "info.json"))).toBe(false)
    // The void is in the state file the next start will load.
    const saved = JSON.parse(await readFile(SIMULATOR_STATE_FILE, "utf8")) as { invoices: Array<{ invoiceNo: string; voided: unknown }> }
    expect(saved.invoices.find((invoice) => invoice.invoiceNo === target.invoiceNumber)?.voided).not.toBeNull()
  }, 420_000)
})
