/**
 * The settings page in a real browser against a real store with the built plugin installed.
 *
 *   NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand \
 *     --testMatch '**\/integration-tests/browser/**\/*.spec.ts'
 *
 * Needs PostgreSQL on localhost and /usr/bin/chromium (./install-chromium.sh). See README.md.
 */
import type { Page, Response } from "playwright-core"
import type { RunningSimulator } from "../../src/simulator"
import { HASH_IV, HASH_KEY, MERCHANT_ID, adminBrowserSuite } from "./admin-suite"
import type { BrowserApp } from "./app"
import type { Browser } from "./browser"

const SETTINGS_API = "/admin/ecpay-einvoice/settings"

describe("admin settings page: Settings → ECPay e-Invoice", () => {
  let app: BrowserApp
  let browser: Browser
  let simulator: RunningSimulator
  let page: Page
  const suite = adminBrowserSuite("browser test timings", async (ready) => {
    ;({ app, browser, simulator, page } = ready)
  })
  const step = suite.step
  /** Console errors the test provokes on purpose (a 401 before login, the 400 of a bad save). */
  const expected = suite.expected

  const waitForSettingsPage = () => page.waitForSelector("[data-ecpay-settings]")

  /** Opens a section's edit drawer (Medusa's settings pattern: a card, "Edit", a drawer). */
  const editSection = async (section: string) => {
    await page.locator(`[data-edit-section="${section}"]`).click()
    const drawer = page.locator(`[data-ecpay-section-drawer="${section}"]`)
    await drawer.waitFor()
    return drawer
  }

  /** Saves the open drawer of `section` and answers the POST's response. */
  const saveSection = async (section: string): Promise<Response> => {
    const response = page.waitForResponse((r) => r.url().endsWith(SETTINGS_API) && r.request().method() === "POST")
    await page.locator(`[data-ecpay-section-drawer="${section}"] [data-action="save"]`).click()
    return response
  }

  /** Saves, checks the answer, and waits for the drawer to close. */
  const saveAndClose = async (section: string) => {
    const response = await saveSection(section)
    expect(response.status()).toBe(200)
    await page.locator(`[data-ecpay-section-drawer="${section}"]`).waitFor({ state: "detached" })
    return response
  }

  /** The saved value of a field, as its section's card shows it. */
  const saved = (section: string, field: string) => page.locator(`[data-section-summary="${section}"] [data-field="${field}"] [data-value]`)

  const chooseOption = async (triggerId: string, optionName: string) => {
    await page.locator(`#${triggerId}`).click()
    await page.getByRole("option", { name: optionName, exact: true }).click()
  }

  it("logs in to the admin", async () => {
    await suite.logIn()
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/?/)
  })

  it("opens Settings → ECPay e-Invoice from the settings menu: a card per section with its saved values", async () => {
    await step("open settings page", async () => {
      await page.goto(`${app!.adminUrl}/settings`)
      await page.getByRole("link", { name: "ECPay e-Invoice", exact: true }).click()
      await waitForSettingsPage()
    })
    expect(new URL(page.url()).pathname).toBe("/app/settings/ecpay-einvoice")
    expect(await page.locator("h1").first().textContent()).toBe("ECPay e-Invoice")
    const sections = await page.locator("[data-section]").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-section")))
    expect(sections).toEqual([
      "status",
      "credentials",
      "connection",
      "tax",
      "issuing",
      "invoice-types",
      "donation",
      "after-issue",
      "currencies",
      "content",
    ])
    expect(await saved("credentials", "merchant_id").textContent()).toBe("Not set")
    expect(await saved("credentials", "hash_key").textContent()).toBe("Not set")
    expect(await saved("credentials", "hash_iv").textContent()).toBe("Not set")
    // No form on the page itself: fields are in the drawers.
    expect(await page.locator("#merchant_id").count()).toBe(0)

    // The five core invoice types are always on and cannot be switched off.
    const drawer = await editSection("invoice-types")
    for (const type of ["member", "citizen_certificate", "mobile_barcode", "donation", "company"]) {
      const box = drawer.locator(`#invoice-type-${type}`)
      expect(await box.getAttribute("data-state")).toBe("checked")
      expect(await box.isDisabled()).toBe(true)
    }
    await browser!.screenshot("01-settings-en-initial")
    await drawer.locator('[data-action="cancel"]').click()
    await drawer.waitFor({ state: "detached" })
  })

  it("saves MerchantID, HashKey, HashIV, the simulator and a charity, section by section; the HashKey never comes back", async () => {
    await step("credentials", async () => {
      const drawer = await editSection("credentials")
      expect(await drawer.locator('[data-secret-for="hash_key"]').getAttribute("data-secret-state")).toBe("not_set")
      await drawer.locator("#merchant_id").fill(MERCHANT_ID)
      await drawer.locator("#hash_key").fill(HASH_KEY)
      await drawer.locator("#hash_iv").fill(HASH_IV)
      const response = await saveAndClose("credentials")
      // Only the section's fields are sent.
      expect(Object.keys(JSON.parse(response.request().postData() ?? "{}")).sort()).toEqual(["hash_iv", "hash_key", "merchant_id"])
      await page.getByText("Settings saved").first().waitFor()
    })
    await step("connection", async () => {
      await editSection("connection")
      await chooseOption("environment", "Built-in simulator")
      await page.locator("#base_url").fill(simulator!.url)
      await saveAndClose("connection")
    })
    await step("donation", async () => {
      const drawer = await editSection("donation")
      await drawer.locator('[data-action="add-charity"]').click()
      await drawer.locator("#charity-code-0").fill("919")
      await drawer.locator("#charity-name-0").fill("財團法人創世社會福利基金會")
      await drawer.locator("#charity-default-0").click()
      await saveAndClose("donation")
    })

    await step("currencies", async () => {
      const drawer = await editSection("currencies")
      await drawer.locator('[data-action="add-currency"]').click()
      await drawer.locator("#currency-code-0").fill("usd")
      await drawer.locator("#currency-rate-0").fill("31.5")
      const response = await saveAndClose("currencies")
      expect(JSON.parse(response.request().postData() ?? "{}")).toEqual({ currency_rates: [{ currency_code: "USD", rate: 31.5 }] })
    })

    await step("reload", async () => {
      await page.reload()
      await waitForSettingsPage()
    })
    const html = await page.content()
    expect(html).not.toContain(HASH_KEY)
    expect(html).not.toContain(HASH_IV)
    expect(await saved("credentials", "merchant_id").textContent()).toBe(MERCHANT_ID)
    expect(await saved("credentials", "hash_key").textContent()).toBe("Set")
    expect(await saved("credentials", "hash_iv").textContent()).toBe("Set")
    expect(await saved("connection", "environment").textContent()).toBe("Built-in simulator")
    expect(await saved("connection", "base_url").textContent()).toBe(simulator!.url)
    expect(await saved("donation", "charities").textContent()).toBe("919 財團法人創世社會福利基金會 ★")
    expect(await saved("currencies", "currency_rates").textContent()).toBe("1 USD = NT$31.5")

    // The drawer starts from what is saved; the secrets stay write-only.
    const drawer = await editSection("credentials")
    expect(await drawer.locator('[data-secret-for="hash_key"]').getAttribute("data-secret-state")).toBe("set")
    expect(await drawer.locator("#hash_key").getAttribute("placeholder")).toBe("Set — type a new value to replace it")
    expect(await drawer.locator("#hash_key").inputValue()).toBe("")
    expect(await drawer.locator("#merchant_id").inputValue()).toBe(MERCHANT_ID)
    await drawer.locator('[data-action="cancel"]').click()
    await drawer.waitFor({ state: "detached" })

    // Nor does the API the page reads.
    const body = await page.evaluate((url) => fetch(url, { credentials: "include" }).then((r) => r.text()), SETTINGS_API)
    expect(body).not.toContain(HASH_KEY)
    expect(body).not.toContain(HASH_IV)
    expect(JSON.parse(body).settings).toMatchObject({ hash_key: "set", hash_iv: "set", default_love_code: "919" })
    await browser!.screenshot("02-settings-en-saved")
  })

  it("tests the connection with the saved settings and says what happened", async () => {
    await step("test connection", async () => {
      await page.locator('[data-section="connection"] [data-action="test-connection"]').click()
      await page.waitForSelector("[data-connection-result]")
    })
    const result = page.locator("[data-connection-result]")
    expect(await result.getAttribute("data-connection-result")).toBe("connected")
    expect(await result.textContent()).toContain("Connected. ECPay accepted your credentials.")
    expect(await result.textContent()).toContain(MERCHANT_ID)
    // ECPay's "no such invoice" to the test lookup is what success looks like: said in words, not as a code.
    expect(await result.textContent()).toContain("As expected: the test looks up an invoice number that does not exist")
    expect(await result.textContent()).not.toContain("1600003")
    await browser!.screenshot("03-settings-en-connection")
  })

  it("shows the validation message beside the field in the drawer: a bad HashKey, a simulator without URL", async () => {
    await step("bad HashKey", async () => {
      const saveStarted = Date.now()
      expected.push((e) => e.at >= saveStarted && / 400 /.test(e.text) && e.url.endsWith(SETTINGS_API))
      await editSection("credentials")
      await page.locator("#hash_key").fill("too-short")
      const response = await saveSection("credentials")
      expect(response.status()).toBe(400)
      const body = await response.json()
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: "hash_key" })]))
    })
    const drawer = page.locator('[data-ecpay-section-drawer="credentials"]')
    const message = drawer.locator('[data-field="hash_key"] [data-error-for="hash_key"]')
    await message.waitFor()
    expect(await message.textContent()).toContain("HashKey must be exactly 16 characters")
    expect(await page.locator("#hash_key").getAttribute("aria-invalid")).toBe("true")
    await browser!.screenshot("04-settings-en-bad-hashkey")

    // Typing again clears the message; cancelling saves nothing.
    await page.locator("#hash_key").fill("")
    expect(await page.locator('[data-error-for="hash_key"]').count()).toBe(0)
    await drawer.locator('[data-action="cancel"]').click()
    await drawer.waitFor({ state: "detached" })

    // The simulator needs its address; the drawer says so before calling the API.
    await editSection("connection")
    await page.locator("#base_url").fill("")
    let posted = false
    const onRequest = (r: { url: () => string; method: () => string }) => {
      posted ||= r.url().endsWith(SETTINGS_API) && r.method() === "POST"
    }
    page.on("request", onRequest)
    await page.locator('[data-ecpay-section-drawer="connection"] [data-action="save"]').click()
    const baseUrlMessage = page.locator('[data-field="base_url"] [data-error-for="base_url"]')
    await baseUrlMessage.waitFor()
    page.off("request", onRequest)
    expect(posted).toBe(false)
    expect(await baseUrlMessage.textContent()).toContain("Enter the simulator's address")

    // Nothing bad was saved.
    await page.reload()
    await waitForSettingsPage()
    expect(await saved("credentials", "hash_key").textContent()).toBe("Set")
    expect(await saved("connection", "base_url").textContent()).toBe(simulator!.url)
  })

  it("follows the dashboard language: 繁體中文 from the profile page", async () => {
    await suite.switchLanguage("繁體中文(臺灣)")
    // The dashboard keeps the choice in the browser (i18next: cookie and localStorage "lng").
    expect(await page.evaluate(() => window.localStorage.getItem("lng"))).toBe("zhTW")

    await step("open settings page (zh-TW)", async () => {
      await page.goto(`${app!.adminUrl}/settings`)
      await page.getByRole("link", { name: "綠界電子發票", exact: true }).click()
      await waitForSettingsPage()
    })
    expect(await page.locator("h1").first().textContent()).toBe("綠界電子發票")
    const text = (await page.locator("[data-ecpay-settings]").innerText()).replace(/\s+/g, " ")
    for (const words of ["商店代號", "介接 HashKey", "介接 HashIV", "商店稅別", "應稅", "自動開立", "測試連線", "編輯"]) {
      expect(text).toContain(words)
    }
    expect(text).not.toContain("ECPay credentials")
    expect(await saved("credentials", "hash_key").textContent()).toBe("已設定")
    const drawer = await editSection("credentials")
    expect(await drawer.locator("#hash_key").getAttribute("placeholder")).toBe("已設定（輸入新值即可更換）")
    expect(await drawer.locator('[data-secret-for="hash_key"]').textContent()).toBe("已設定")
    expect(await drawer.locator('[data-action="save"]').textContent()).toBe("儲存")

    // The validation message is in Chinese too.
    const saveStarted = Date.now()
    expected.push((e) => e.at >= saveStarted && / 400 /.test(e.text) && e.url.endsWith(SETTINGS_API))
    await drawer.locator("#hash_key").fill("short")
    expect((await saveSection("credentials")).status()).toBe(400)
    const message = drawer.locator('[data-field="hash_key"] [data-error-for="hash_key"]')
    await message.waitFor()
    expect(await message.textContent()).toContain("HashKey 須為 16 個字元")
    await browser!.screenshot("05-settings-zhTW")
  })

  it("logged no unexpected console errors", () => {
    const unexpected = suite.unexpectedErrors()
    expect(unexpected).toEqual([])
  })
})
