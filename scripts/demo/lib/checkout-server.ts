/**
 * Serves the reference checkout (examples/storefront-checkout) from the demo process: bundled once with
 * esbuild (React, react-dom and @medusajs/js-sdk from the plugin repository's node_modules), the store
 * URL and publishable key injected into the page.
 */
import { createServer, type Server } from "node:http"
import { mkdir, readFile } from "node:fs/promises"
import path from "node:path"
// esbuild: a devDependency of the plugin repository (Vite's too).
import * as esbuild from "esbuild"
import { PLUGIN_ROOT } from "./config"

export const EXAMPLE_DIR = path.join(PLUGIN_ROOT, "examples", "storefront-checkout")

export interface CheckoutPageConfig {
  /** The Medusa backend, as the browser reaches it. */
  backendUrl: string
  publishableKey: string
  regionId: string
  /** For the page's "demo tools" (only shown when set): the simulator's control API. */
  simulatorUrl: string | null
  adminUrl: string
}

export interface RunningCheckout {
  url: string
  port: number
  close: () => Promise<void>
}

export async function bundleCheckout(outDir: string): Promise<{ js: string; css: string }> {
  await mkdir(outDir, { recursive: true })
  const result = await esbuild.build({
    entryPoints: [path.join(EXAMPLE_DIR, "src", "main.tsx")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    jsx: "automatic",
    minify: true,
    sourcemap: false,
    write: false,
    outdir: outDir,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
    absWorkingDir: PLUGIN_ROOT,
    nodePaths: [path.join(PLUGIN_ROOT, "node_modules")],
  })
  // The build service is not needed any more: one process less while the demo runs.
  await esbuild.stop()
  const js = result.outputFiles.find((file) => file.path.endsWith(".js"))?.text ?? ""
  const css = await readFile(path.join(EXAMPLE_DIR, "src", "checkout.css"), "utf8")
  return { js, css }
}

export interface DemoTools {
  /** The simulator answers CheckBarcode / CheckLoveCode / GetCompanyNameByTaxID with "service down". */
  setGovDown(on: boolean): void
}

export async function startCheckoutServer(options: {
  port: number
  config: CheckoutPageConfig
  outDir: string
  tools?: DemoTools | null
}): Promise<RunningCheckout> {
  const assets = await bundleCheckout(options.outDir)
  const template = await readFile(path.join(EXAMPLE_DIR, "index.html"), "utf8")
  const html = template.replace(
    "<!-- demo-config -->",
    `<script>window.__CHECKOUT_CONFIG__ = ${JSON.stringify(options.config).replace(/</g, "\\u003c")}</script>`
  )
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
      res.end(body)
    }
    if (req.method === "POST" && url.pathname === "/demo-tools/gov-down" && options.tools) {
      let body = ""
      req.setEncoding("utf8")
      req.on("data", (chunk) => (body += chunk))
      req.on("end", () => {
        try {
          const on = JSON.parse(body || "{}").on === true
          options.tools!.setGovDown(on)
          send(200, "application/json", JSON.stringify({ gov_down: on }))
        } catch {
          send(400, "application/json", JSON.stringify({ message: 'body must be JSON: {"on": true|false}' }))
        }
      })
      return
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(405, "text/plain; charset=utf-8", "method not allowed")
    }
    switch (url.pathname) {
      case "/":
      case "/index.html":
        return send(200, "text/html; charset=utf-8", html)
      case "/checkout.js":
        return send(200, "text/javascript; charset=utf-8", assets.js)
      case "/checkout.css":
        return send(200, "text/css; charset=utf-8", assets.css)
      case "/config.json":
        return send(200, "application/json", JSON.stringify(options.config))
      case "/favicon.ico":
        res.writeHead(204)
        return res.end()
      default:
        return send(404, "text/plain; charset=utf-8", "not found")
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port, "127.0.0.1", () => resolve())
  })
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : options.port
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
