/**
 * The shape of <demo dir>/info.json, written by `npm run demo` once the store is ready and removed
 * when it stops. Scripts (`npm run demo:order`) and browser tests read it. Standalone on purpose
 * (node built-ins only), so tests can import it.
 */
import { readFile } from "node:fs/promises"
import path from "node:path"

export interface DemoInfo {
  version: 1
  /** The `npm run demo` process; it stops everything else on SIGINT / SIGTERM. */
  pid: number
  startedAt: string
  readyAt: string
  dir: string
  /** The process serving HTTP: "shared" (also subscribers and jobs) or, with DEMO_WORKER=1, "server". */
  store: { url: string; port: number; healthUrl: string; logFile: string; workerMode: "shared" | "server" }
  /** DEMO_WORKER=1: the worker process (subscribers and scheduled jobs); it answers only /health. */
  worker: { port: number; healthUrl: string; logFile: string } | null
  /** REDIS_URL (password hidden): Medusa's Redis event bus, workflow engine and locking provider. */
  redis: { url: string } | null
  admin: { url: string; email: string; password: string }
  storeApi: {
    url: string
    publishableKey: string
    regionId: string
    salesChannelId: string
    shippingOptionId: string
    products: Array<{ handle: string; title: string; productId: string; variantId: string; price: number }>
  }
  checkout: { url: string }
  simulator: { url: string; controlUrl: string } | null
  ecpay: { mode: "simulator" | "stage" | "external"; environment: string; merchantId: string; baseUrl: string | null }
  database: { kind: "url" | "local" | "embedded"; url: string }
  orders: Array<{
    key: string
    description: string
    orderId: string
    displayId: number
    type: string
    paymentStatus: string
    invoiceStatus: string | null
    invoiceNumber: string | null
    /** The invoice's allowances (折讓), when it has any. */
    allowances?: Array<{ allowanceNumber: string | null; agreement: string; status: string; amount: number }>
    /** TWD still allowable on the invoice, when it has allowances. */
    remainingAllowanceAmount?: number | null
  }>
  /** Seconds per startup step. */
  timings: Record<string, number>
}

const ROOT = path.resolve(__dirname, "../../..")

/** DEMO_DIR (relative to the repository root) or .demo. */
export function demoDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.DEMO_DIR || ".demo")
}

export async function readDemoInfo(dir: string = demoDir()): Promise<DemoInfo | null> {
  const text = await readFile(path.join(dir, "info.json"), "utf8").catch(() => null)
  return text ? (JSON.parse(text) as DemoInfo) : null
}
