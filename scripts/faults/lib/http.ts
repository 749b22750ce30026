/**
 * The suite's HTTP clients (the demo's Requester shape), each bound to one Medusa process, recording the
 * status of every answer: the plugin's routes (any path with /einvoice, /einvoices or /ecpay-einvoice)
 * apart from Medusa's own, and every 5xx with its body.
 */
import { MedusaHttpError, type Requester } from "../../demo/lib/medusa-http"

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
  const send = async <T>(method: string, path: string, body: unknown, step?: string): Promise<T> => {
    const owner = isPluginRoute(path) ? "plugin" : path.startsWith("/admin/faults") ? "suite" : "medusa"
    let response: Response
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      })
    } catch (error) {
      tally.add(`${owner} network`)
      throw new MedusaHttpError(`${step ? `${step}: ` : ""}${method} ${path} on ${processName}: ${String(error)}`, 0, null)
    }
    const text = await response.text()
    tally.add(`${owner} ${response.status}`)
    if (response.status >= 500) {
      tally.fiveXx.push({ process: processName, method, path, status: response.status, body: text.slice(0, 500) })
    }
    let data: unknown = text
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      // not JSON
    }
    if (!response.ok) {
      throw new MedusaHttpError(
        `${step ? `${step}: ` : ""}${method} ${path} on ${processName} answered ${response.status} ${text.slice(0, 600)}`,
        response.status,
        data
      )
    }
    return data as T
  }
  return {
    headers,
    get: (path, step) => send("GET", path, undefined, step),
    post: (path, body = {}, step) => send("POST", path, body, step),
    del: (path, step) => send("DELETE", path, undefined, step),
  }
}
