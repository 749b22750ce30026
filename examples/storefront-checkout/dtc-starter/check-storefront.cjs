/**
 * Drives Medusa's DTC starter storefront, changed as docs/STOREFRONT.md says, against the running demo
 * (`npm run demo`, whose .demo/info.json gives the store and admin): a product into the cart, address,
 * delivery, manual payment, the e-invoice step (the store's types; no Place order before a choice is
 * saved; the server's format and "not found" messages; a mobile barcode saved), the order placed, the
 * confirmation page without an invoice, the payment captured through the admin API, and the confirmation
 * page with the issued invoice. Screenshots go to SCREENSHOT_DIR (default /tmp).
 *
 *   node examples/storefront-checkout/dtc-starter/check-storefront.cjs     # from the plugin repository
 *
 * Env: STOREFRONT_URL (default http://localhost:8000), CHROMIUM (default /usr/bin/chromium).
 */
const path = require("node:path")
const root = path.join(__dirname, "..", "..", "..")
const { chromium } = require(path.join(root, "node_modules", "playwright-core"))
const info = require(path.join(root, ".demo", "info.json"))
const BASE = process.env.STOREFRONT_URL || "http://localhost:8000"
const shotDir = process.env.SCREENSHOT_DIR || "/tmp"
const shot = (page, name) => page.screenshot({ path: path.join(shotDir, `dtc-${name}.png`), fullPage: true })
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a)

;(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] })
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
  page.setDefaultTimeout(60000)
  const errors = []
  page.on("pageerror", (e) => errors.push(String(e)))
  try {
    await page.goto(`${BASE}/tw/products/oolong-tea-gift-box`)
    await page.click('[data-testid="add-product-button"]')
    await page.waitForTimeout(3000)
    log("added to cart")
    await page.goto(`${BASE}/tw/checkout?step=address`)
    await page.fill('[data-testid="shipping-first-name-input"]', "小明")
    await page.fill('[data-testid="shipping-last-name-input"]', "王")
    await page.fill('[data-testid="shipping-address-input"]', "信義路五段7號")
    await page.fill('[data-testid="shipping-postal-code-input"]', "110")
    await page.fill('[data-testid="shipping-city-input"]', "台北市")
    await page.selectOption('[data-testid="shipping-country-select"]', "tw")
    await page.fill('[data-testid="shipping-email-input"]', "buyer@example.com")
    await page.fill('[data-testid="shipping-phone-input"]', "0912345678")
    await page.click('[data-testid="submit-address-button"]')
    await page.waitForURL(/step=delivery/)
    log("address saved")
    await page.click('[data-testid="delivery-option-radio"] >> nth=0')
    await page.waitForTimeout(1500)
    await page.click('[data-testid="submit-delivery-option-button"]')
    await page.waitForURL(/step=payment/)
    log("delivery chosen")
    await page.click("text=Manual Payment")
    await page.waitForTimeout(1500)
    await page.click('[data-testid="submit-payment-button"]')
    await page.waitForURL(/step=review/)
    log("payment chosen; review step")

    // The e-invoice step: the store's types, no Place Order until a choice is saved.
    await page.waitForSelector('[data-testid="einvoice-type-mobile_barcode"]')
    const types = await page.$$eval('[data-testid^="einvoice-type-"]', (els) => els.map((e) => e.getAttribute("value")))
    log("types offered:", types.join(", "))
    if (await page.$('[data-testid="submit-order-button"]')) throw new Error("Place order shown before a choice is saved")
    await page.click('[data-testid="einvoice-type-mobile_barcode"]')
    await page.fill('[data-testid="einvoice-mobile-barcode"]', "/ab")
    await page.waitForSelector('[data-testid="einvoice-mobile-barcode-check"][data-state="invalid"]')
    log("format message:", await page.textContent('[data-testid="einvoice-mobile-barcode-check"]'))
    await page.fill('[data-testid="einvoice-mobile-barcode"]', "/0000000")
    await page.waitForSelector('[data-testid="einvoice-mobile-barcode-check"][data-state="invalid"]')
    log("unknown barcode message:", await page.textContent('[data-testid="einvoice-mobile-barcode-check"]'))
    await page.fill('[data-testid="einvoice-mobile-barcode"]', "/abc1234")
    await page.waitForSelector('[data-testid="einvoice-mobile-barcode-check"][data-state="valid"]')
    log("valid barcode message:", await page.textContent('[data-testid="einvoice-mobile-barcode-check"]'))
    await shot(page, "review-before-save")
    await page.click('[data-testid="einvoice-save"]')
    await page.waitForSelector('[data-testid="einvoice-status"][data-saved="true"]')
    log("choice saved:", await page.textContent('[data-testid="einvoice-status"]'))
    await page.waitForSelector('[data-testid="submit-order-button"]')
    await shot(page, "review-saved")
    await page.click('[data-testid="submit-order-button"]')
    await page.waitForURL(/\/order\/[^/]+\/confirmed/)
    const orderId = page.url().match(/\/order\/([^/]+)\/confirmed/)[1]
    await page.waitForSelector('[data-testid="order-einvoice"]')
    log(
      "order placed:",
      orderId,
      "invoice state on the confirmation page:",
      await page.getAttribute('[data-testid="order-einvoice"]', "data-status")
    )
    await shot(page, "confirmed-before-capture")

    // As the merchant: capture the payment through the admin API; the plugin issues the invoice on capture.
    const admin = info.admin
    const token = (
      await (
        await fetch(`${info.store.url}/auth/user/emailpass`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: admin.email, password: admin.password }),
        })
      ).json()
    ).token
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" }
    const { order } = await (
      await fetch(`${info.store.url}/admin/orders/${orderId}?fields=id,display_id,*payment_collections,*payment_collections.payments`, {
        headers: auth,
      })
    ).json()
    const payment = order.payment_collections[0].payments[0]
    const captured = await fetch(`${info.store.url}/admin/payments/${payment.id}/capture`, { method: "POST", headers: auth, body: "{}" })
    log("order", order.display_id, "payment captured:", captured.status)
    let status = "none"
    for (let i = 0; i < 30 && status !== "issued"; i++) {
      await page.waitForTimeout(2000)
      await page.reload()
      await page.waitForSelector('[data-testid="order-einvoice"]')
      status = await page.getAttribute('[data-testid="order-einvoice"]', "data-status")
    }
    log("after capture:", status, await page.textContent('[data-testid="order-einvoice-number"]').catch(() => "-"))
    await page.locator('[data-testid="order-einvoice"]').scrollIntoViewIfNeeded()
    await shot(page, "confirmed-issued")
    if (status !== "issued") throw new Error(`the invoice is ${status}, not issued`)
    log("page errors:", errors.length ? errors : "none")
    log("OK")
  } catch (error) {
    await shot(page, "failure").catch(() => {})
    console.error("FAILED:", error.message, "page errors:", errors)
    process.exitCode = 1
  } finally {
    await browser.close()
  }
})()
