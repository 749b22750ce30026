/**
 * What every admin browser spec sets up, for one `describe`: the ECPay simulator (in the test
 * process), the store (./app.ts), headless Chromium (./browser.ts); step timings printed at the end;
 * the admin login; switching the dashboard's language; the console errors a test provokes on purpose.
 * And the store the order specs seed (`seedOrderStore`): e-invoicing on, two products, orders placed.
 *
 *   describe("…", () => {
 *     let app: BrowserApp, browser: Browser, simulator: RunningSimulator, page: Page
 *     const suite = adminBrowserSuite("… timings", async (ready) => {
 *       ;({ app, browser, simulator, page } = ready)
 *       // the spec's own setup
 *     })
 *     const { step, expected } = suite
 *     it("logs in to the admin", async () => { await suite.logIn(); … })
 *   })
 */
import path from "node:path"
import type { Locator, Page } from "playwright-core"
import { startSimulator, type RunningSimulator } from "../../src/simulator"
import { STAGE_MERCHANT } from "../../scripts/demo/lib/config"
import { adminLogin, storeClient, type Requester } from "../../scripts/demo/lib/medusa-http"
import { placeOrder, type InvoiceChoice } from "../../scripts/demo/lib/orders"
import { SHIPPING_PRICE, seedCatalog } from "../../scripts/demo/lib/seed"
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserApp,
  startBrowserApp,
  timedSteps,
  waitForLaunchedStore,
  type BrowserApp,
  type LaunchedStore,
} from "./app"
import { launchBrowser, type Browser, type ConsoleEntry } from "./browser"

// ECPay's public stage credentials (docs/ECPAY-PROTOCOL.md §1.6); the simulator knows them too.
export const MERCHANT_ID = STAGE_MERCHANT.merchantId
export const HASH_KEY = STAGE_MERCHANT.hashKey
export const HASH_IV = STAGE_MERCHANT.hashIV

export interface SuiteReady {
  app: BrowserApp
  browser: Browser
  simulator: RunningSimulator
  page: Page
}

export interface AdminBrowserSuite {
  /** Times `fn` as `name` in the timings printed after the suite. */
  step: <T>(name: string, fn: () => Promise<T>) => Promise<T>
  timings: Record<string, number>
  /** Console errors the tests provoke on purpose (allowed by the last test). */
  expected: Array<(entry: ConsoleEntry) => boolean>
  /** Console errors the tests did not allow in `expected`. */
  unexpectedErrors: () => ConsoleEntry[]
  /** Logs in on the admin's login page (its 401 before login is expected). */
  logIn: () => Promise<void>
  /** Switches the dashboard's language in the profile page ("繁體中文(臺灣)"). */
  switchLanguage: (option: string) => Promise<void>
}

/** The store the global setup started for the spec file `key` (environment: ECPAY_BROWSER_STORES). */
function sharedStore(key: string): LaunchedStore | undefined {
  const stores = process.env.ECPAY_BROWSER_STORES
  return stores ? (JSON.parse(stores) as Record<string, LaunchedStore>)[key] : undefined
}

/**
 * Registers the `beforeAll` (simulator, store, `setup`, Chromium) and the `afterAll` (closes them all,
 * prints the timings under `title`) of the current `describe`.
 */
export function adminBrowserSuite(title: string, setup: (ready: SuiteReady) => Promise<void>): AdminBrowserSuite {
  jest.setTimeout(process.env.BROWSER_APP_MODE === "develop" ? 600_000 : 120_000)

  let app: BrowserApp | undefined
  let browser: Browser | undefined
  let simulator: RunningSimulator | undefined
  const timings: Record<string, number> = {}
  const suiteStarted = Date.now()
  const expected: AdminBrowserSuite["expected"] = []

  const step = timedSteps(timings)

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1", logRequests: false })
    // The store the global setup started for this spec file (./global-setup.ts), or one of its own.
    const shared = sharedStore(path.basename(expect.getState().testPath ?? "", ".spec.ts"))
    if (shared) {
      app = browserApp(shared, timings)
      await waitForLaunchedStore(shared, step)
    } else {
      app = await startBrowserApp()
      Object.assign(timings, app.timings)
    }
    browser = await step("launch chromium", () => launchBrowser())
    // In develop mode the first page loads wait for Vite to optimize dependencies.
    browser.page.setDefaultTimeout(app.mode === "develop" ? 180_000 : 30_000)
    await setup({ app, browser, simulator, page: browser.page })
  }, 900_000)

  afterAll(async () => {
    const failures: unknown[] = []
    for (const close of [() => browser?.close(), () => app?.stop(), () => simulator?.close()]) {
      await Promise.resolve()
        .then(close)
        .catch((error) => failures.push(error))
    }
    if (browser?.screenshots.count) {
      timings[`screenshots (${browser.screenshots.count})`] = browser.screenshots.seconds
    }
    timings["total"] = (Date.now() - suiteStarted) / 1000
    const lines = Object.entries(timings).map(([name, seconds]) => `  ${name.padEnd(28)} ${seconds.toFixed(1)} s`)
    process.stdout.write(`\n${title} (${app?.mode ?? "?"} mode):\n${lines.join("\n")}\n`)
    if (failures.length) {
      throw failures[0]
    }
  }, 120_000)

  return {
    step,
    timings,
    expected,
    unexpectedErrors: () => browser!.errors.filter((entry) => !expected.some((allowed) => allowed(entry))),
    logIn: () =>
      step("log in", async () => {
        const page = browser!.page
        const loginStarted = Date.now()
        // Before login the dashboard asks who is signed in and gets 401; the browser logs that.
        expected.push((e) => e.at >= loginStarted && / 401 /.test(e.text) && e.page.includes("/login"))
        await page.goto(`${app!.adminUrl}/login`)
        await page.locator('input[name="email"]').fill(ADMIN_EMAIL)
        await page.locator('input[type="password"]').fill(ADMIN_PASSWORD)
        await page.locator('button[type="submit"]').click()
        await page.waitForURL((url) => !url.pathname.includes("/login"))
      }),
    switchLanguage: (option) =>
      step("switch language", async () => {
        const page = browser!.page
        await page.goto(`${app!.adminUrl}/settings/profile/edit`)
        const dialog = page.getByRole("dialog")
        await dialog.waitFor()
        await dialog.getByRole("combobox").click()
        await page.getByRole("option", { name: option, exact: true }).click()
        await dialog.getByRole("button", { name: "Save", exact: true }).click()
        await dialog.waitFor({ state: "detached" })
      }),
  }
}

export const SETTINGS_API = "/admin/ecpay-einvoice/settings"
/** The products the order specs sell (not the demo's). */
export const TEA = { title: "茶葉禮盒", handle: "tea-gift-box", sku: "TEA-GIFT-BOX", price: 1200 }
export const MUG = { title: "馬克杯", handle: "ceramic-mug", sku: "MUG-CERAMIC", price: 350 }
/** 2 teas + 1 mug + shipping: every order `placeTestOrder` places. */
export const ORDER_TOTAL = 2 * TEA.price + MUG.price + SHIPPING_PRICE

export interface OrderStore {
  /** The admin HTTP API, logged in. */
  admin: Requester
  /** Checks out 2 teas + 1 mug through the store API with an invoice choice (none = member carrier); the order's id. */
  placeTestOrder: (choice?: InvoiceChoice) => Promise<string>
}

/**
 * The store the order specs start from, set up through Medusa's admin and store HTTP APIs as the demo
 * seeds it (scripts/demo/lib): e-invoicing against the test's simulator in manual mode (so the merchant
 * issues from the admin) with `charities`, the first the store's default; the demo's region, stock
 * location and shipping, and TEA and MUG in stock.
 */
export async function seedOrderStore(
  { app, simulator }: SuiteReady,
  charities: Array<{ code: string; name: string }>
): Promise<OrderStore> {
  const admin = await adminLogin(app.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)
  await admin.post(
    SETTINGS_API,
    {
      enabled: true,
      environment: "simulator",
      base_url: simulator.url,
      merchant_id: MERCHANT_ID,
      hash_key: HASH_KEY,
      hash_iv: HASH_IV,
      issue_mode: "manual",
      charities,
      default_love_code: charities[0].code,
    },
    "e-invoice settings"
  )
  const catalog = await seedCatalog(admin, () => undefined, { products: [TEA, MUG] })
  const store = storeClient(app.baseUrl, catalog.publishableKey)
  const variant = (handle: string) => catalog.products.find((p) => p.handle === handle)!.variantId
  return {
    admin,
    placeTestOrder: async (choice) => {
      const order = await placeOrder(store, catalog, {
        items: [
          { variantId: variant(TEA.handle), quantity: 2 },
          { variantId: variant(MUG.handle), quantity: 1 },
        ],
        email: "buyer@example.com",
        choice,
      })
      expect(order.total).toBe(ORDER_TOTAL)
      return order.orderId
    },
  }
}

/** The order card's allowed actions, in the server's order (the card's foot buttons and its "…" menu). */
export async function cardActions(card: Locator): Promise<string[]> {
  const bar = card.locator("[data-ecpay-actions]")
  return (await bar.count()) ? ((await bar.getAttribute("data-ecpay-actions")) ?? "").split(" ").filter(Boolean) : []
}

/**
 * A card action's control, as the merchant reaches it: its button at the card's foot, else its item in
 * the header's "…" menu (opened here).
 */
export async function cardActionControl(page: Page, card: Locator, action: string): Promise<Locator> {
  const button = card.locator(`[data-ecpay-actions] [data-action="${action}"]`)
  if (await button.count()) {
    return button
  }
  await card.locator('[data-action="more"]').click()
  const item = page.locator(`[data-ecpay-action-menu] [data-action="${action}"]`)
  await item.waitFor()
  return item
}

/** Starts a card action from its button or its menu item. */
export async function startCardAction(page: Page, card: Locator, action: string): Promise<void> {
  await (await cardActionControl(page, card, action)).click()
}
