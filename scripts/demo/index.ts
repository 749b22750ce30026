/**
 * `npm run demo`: a running Medusa store with this plugin installed, seeded, with the admin dashboard,
 * the ECPay simulator and the reference checkout page. Ctrl-C stops everything it started.
 * Environment variables: see README.md, "The demo in detail" (or `npm run demo -- --help`).
 */
import path from "node:path"
import { Demo, DemoStopped } from "./lib/demo"
import { optionsFromEnv, PLUGIN_ROOT } from "./lib/config"
import type { DemoInfo } from "./lib/info"
import { describeError, runMain, stopOnSignals } from "./lib/processes"

const HELP = `npm run demo — a Medusa store with the ECPay e-invoice plugin, ready to use

Environment:
  PORT=9000                     the store's port (admin at /app); the checkout page and the
                                simulator take the next two ports when free
  DATABASE_URL=postgres://…     use this database (created if missing); no database is started
  DB_USERNAME / DB_PASSWORD     for PostgreSQL on localhost (default postgres / postgres)
  DEMO_PG_PROBE_PORT=5432       where to look for PostgreSQL on localhost
  DEMO_EMBEDDED_PG=1            skip the local PostgreSQL, use the embedded one
  ECPAY_EINVOICE_ENV=stage      ECPay's stage service instead of the built-in simulator
  ECPAY_MERCHANT_ID / ECPAY_HASH_KEY / ECPAY_HASH_IV   (default: ECPay's public stage merchant)
  ECPAY_EINVOICE_BASE_URL=…     any other ECPay-compatible server
  DEMO_DIR=.demo                state folder inside the checkout (app, logs, info.json, embedded data)
  DEMO_DB_NAME=medusa_ecpay_demo_<8 hex digits of DEMO_DIR's path>   one database per state folder
  DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD   (default admin@example.com / supersecret)
  DEMO_SEED=0                   no sample orders
  DEMO_PLUGIN_BUILD=always|never, DEMO_STORE_BUILD=always
  REDIS_URL=redis://127.0.0.1:6379   Medusa's Redis event bus, workflow engine and locking
                                (production layout); a Redis database of its own per store
  DEMO_WORKER=1                 with REDIS_URL: a worker process (MEDUSA_WORKER_MODE=worker) beside
                                the server (MEDUSA_WORKER_MODE=server); Ctrl-C stops both
  DEMO_WORKER_PORT=9003         the worker's health port (next free one when taken)
`

function seconds(value: number) {
  return value >= 60 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${value.toFixed(1)} s`
}

/** NT$1,200 */
const twd = (amount: number) => `NT$${Math.round(amount).toLocaleString("en-US")}`

function banner(info: DemoInfo): string {
  const rel = (file: string) => path.relative(process.cwd(), file) || "."
  const lines = [
    "",
    `ECPay e-invoice demo store is ready (${seconds(info.timings.total)}).`,
    "",
    `  Admin dashboard  ${info.admin.url}`,
    `                   log in: ${info.admin.email} / ${info.admin.password}`,
    `  Store API        ${info.storeApi.url}`,
    `                   x-publishable-api-key: ${info.storeApi.publishableKey}`,
    `  Checkout page    ${info.checkout.url}   (examples/storefront-checkout)`,
    info.simulator
      ? `  ECPay simulator  ${info.simulator.url}   (state: ${info.simulator.controlUrl})`
      : `  ECPay            ${info.ecpay.environment}${info.ecpay.baseUrl ? ` at ${info.ecpay.baseUrl}` : " (ECPay's stage service)"}, MerchantID ${info.ecpay.merchantId}`,
    `  Database         ${info.database.url} (${info.database.kind})`,
    ...(info.redis ? [`  Redis            ${info.redis.url} (event bus, workflow engine, locking)`] : []),
    ...(info.worker ? [`  Worker           subscribers and jobs, health ${info.worker.healthUrl}   (the store serves HTTP only)`] : []),
  ]
  if (info.orders.length) {
    lines.push("", "  Sample orders (admin → Orders):")
    for (const order of info.orders) {
      const invoice = order.invoiceStatus ? `${order.invoiceStatus}${order.invoiceNumber ? ` ${order.invoiceNumber}` : ""}` : "none yet"
      lines.push(`    #${String(order.displayId).padEnd(4)} invoice ${invoice.padEnd(18)} ${order.description}`)
      for (const allowance of order.allowances ?? []) {
        const number = allowance.allowanceNumber ? ` ${allowance.allowanceNumber}` : ""
        const remaining = order.remainingAllowanceAmount != null ? `, ${twd(order.remainingAllowanceAmount)} still allowable` : ""
        lines.push(`          allowance ${allowance.status}${number}: ${twd(allowance.amount)} (${allowance.agreement})${remaining}`)
      }
    }
  }
  lines.push(
    "",
    "  Try:",
    `    curl -H 'x-publishable-api-key: ${info.storeApi.publishableKey}' ${info.storeApi.url}/einvoice/config`,
    "    npm run demo:order -- --type mobile_barcode",
    "",
    `  Details: ${rel(path.join(info.dir, "info.json"))}   Logs: ${rel(path.join(info.dir, "logs"))}/   Ctrl-C stops everything.`,
    ""
  )
  return lines.join("\n")
}

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP)
    return
  }
  process.chdir(PLUGIN_ROOT)
  const options = optionsFromEnv()
  const demo = new Demo(options)

  const control = stopOnSignals({
    what: "demo",
    stop: () => demo.stop(),
    log: options.log,
    exitCodes: { SIGINT: 0, SIGTERM: 0, SIGHUP: 0 },
    stoppedLine: "Stopped.",
  })

  const started = Date.now()
  options.log(
    `Starting the ECPay e-invoice demo (${path.relative(process.cwd(), options.dir) || options.dir}, store port ${options.port}, ECPay: ${options.ecpay.mode}${options.redisUrl ? `, Redis${options.worker ? ", server + worker" : ""}` : ""}) …`
  )
  let info: DemoInfo
  try {
    info = await demo.start()
  } catch (error) {
    if (error instanceof DemoStopped || control.exiting) {
      return
    }
    console.error(`\nThe demo could not start: ${describeError(error, "DEMO_DEBUG")}`)
    control.markExiting()
    await demo.stop()
    process.exit(1)
  }
  options.log(banner(info))
  options.log(
    `  Timings (s): ${Object.entries(info.timings)
      .map(([step, value]) => `${step} ${value}`)
      .join(", ")} — ${((Date.now() - started) / 1000).toFixed(1)} s in all`
  )

  // The store dying on its own (e.g. the database went away) ends the demo too.
  demo.onStoreExit((code, which, logFile) => {
    if (!control.exiting) {
      control.shutdown(`The ${which === "worker" ? "worker" : "store"} exited (code ${code}; log ${logFile})`, 1)
    }
  })
}

runMain("npm run demo", "DEMO_DEBUG", main)
