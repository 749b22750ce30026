/**
 * Debian's chromium, headless, driven by playwright-core: a fresh profile per run, every console
 * error and uncaught page error collected, screenshots written to ./screenshots (git-ignored).
 * Install the browser with ./install-chromium.sh.
 */
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, rm } from "node:fs/promises"
import os from "node:os"
import path from "node:path"
import { chromium, type BrowserContext, type Page } from "playwright-core"

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
export const SCREENSHOT_DIR = path.join(__dirname, "screenshots")
/**
 * Screenshots are for people looking at the screens; no test reads them. BROWSER_SCREENSHOTS=0 skips them
 * (CI does: nobody sees them there, and rendering and encoding them costs the suite's CPU).
 */
export const SCREENSHOTS_ON = process.env.BROWSER_SCREENSHOTS !== "0"

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

export interface ConsoleEntry {
  kind: "console" | "pageerror"
  text: string
  /** For a failed resource, the resource's URL; otherwise the script's. */
  url: string
  /** The page's URL when it happened. */
  page: string
  at: number
}

export interface Browser {
  context: BrowserContext
  page: Page
  /** Console errors and uncaught exceptions, in order. */
  errors: ConsoleEntry[]
  /** Writes ./screenshots/<name>.png of the whole dashboard (nothing with BROWSER_SCREENSHOTS=0). */
  screenshot: (name: string) => Promise<void>
  /** How many screenshots were taken, and the seconds they took. */
  screenshots: { count: number; seconds: number }
  close: () => Promise<void>
}

export async function launchBrowser(options: { locale?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run integration-tests/browser/install-chromium.sh`)
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "ecpay-einvoice-chromium-"))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 1000 },
      locale: options.locale ?? "en-US",
      timezoneId: "Asia/Taipei",
    })
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true })
    throw error
  }
  const page = context.pages()[0] ?? (await context.newPage())
  const errors: ConsoleEntry[] = []
  page.on("console", (message) => {
    if (message.type() === "error") {
      errors.push({
        kind: "console",
        text: message.text(),
        url: message.location().url,
        page: page.url(),
        at: Date.now(),
      })
    }
  })
  page.on("pageerror", (error) => {
    errors.push({ kind: "pageerror", text: String(error.stack || error), url: "", page: page.url(), at: Date.now() })
  })

  let closed = false
  const screenshots = { count: 0, seconds: 0 }
  return {
    context,
    page,
    errors,
    screenshots,
    screenshot: async (name) => {
      if (!SCREENSHOTS_ON) {
        return
      }
      const started = Date.now()
      const file = path.join(SCREENSHOT_DIR, `${name}.png`)
      // The dashboard scrolls an inner container, not the page: grow the window to show it all.
      const viewport = page.viewportSize() ?? { width: 1400, height: 1000 }
      const height = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll("*"), (el) => el.scrollHeight)))
      await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 8000) })
      try {
        await page.screenshot({ path: file })
      } finally {
        await page.setViewportSize(viewport)
        screenshots.count++
        screenshots.seconds += (Date.now() - started) / 1000
      }
    },
    close: async () => {
      if (closed) {
        return
      }
      closed = true
      await context.close().catch(() => undefined)
      await rm(userDataDir, { recursive: true, force: true })
    },
  }
}
