/**
 * The suite's HTTP clients (the demo's Requester shape), each bound to one Medusa process, recording the
 * status of every answer: the plugin's routes (any path with /einvoice, /einvoices or /ecpay-einvoice)
 * apart from Medusa's own, and every 5xx with its body.
 */
import { requester, type Requester } from "../../demo/lib/medusa-http"

const PLUGIN_ROUTE = /\/(einvoice|einvoices|ecpay-einvoice)(\/|\?|$)/

export interface FiveXx {
  process: string
  method: string
  path: string
  status: number
  body: string
}

export class HttpTally {
  /** "plugin 200", "medusa 409", "plugin network" … → count */
  readonly statuses = new Map<string, number>()
  readonly fiveXx: FiveXx[] = []

  add(key: string) {
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1)
  }

  pluginFiveXx() {
    return this.fiveXx.filter((entry) => isPluginRoute(entry.path))
  }

  summary(): Record<string, number> {
    return Object.fromEntries([...this.statuses.entries()].sort(([a], [b]) => a.localeCompare(b)))
  }
}

export function isPluginRoute(path: string) {
  return PLUGIN_ROUTE.test(path) && !path.startsWith("/admin/faults")
}

export function trackedRequester(processName: string, baseUrl: string, headers: Record<string, string>, tally: HttpTally): Requester {
  return requester(baseUrl, headers, {
    label: processName,
    timeoutMs: 120_000,
    onAnswer: ({ method, path, status, text }) => {
      const owner = isPluginRoute(path) ? "plugin" : path.startsWith("/admin/faults") ? "suite" : "medusa"
      tally.add(`${owner} ${status}`)
      if (typeof status === "number" && status >= 500) {
        tally.fiveXx.push({ process: processName, method, path, status, body: text.slice(0, 500) })
      }
    },
  })
}
