import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"

export type RouteArea = "admin" | "store"

export interface PluginRoute {
  /** Lower case, as axios takes it: "get", "post", … */
  method: string
  /** The route's folder as a path, parameters in brackets: /admin/orders/[id]/einvoice/void */
  template: string
  /** Its path parameters, in order: ["id", "allowance_id"] */
  params: string[]
  /** The path with each parameter replaced by the given (already URL-encoded) segment. */
  fill(segments: Record<string, string>): string
}

const API_ROOT = path.resolve(__dirname, "../../src/api")

/**
 * Every route of the plugin under /admin or /store, read from its route files (src/api/<area>/**\/route.ts
 * and the HTTP methods each exports), so that a new route is covered without editing a list. Synchronous,
 * so that a spec file can declare one test per route.
 */
export function pluginRoutes(area: RouteArea): PluginRoute[] {
  const files = readdirSync(path.join(API_ROOT, area), { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === "route.ts")
    .sort()
  const routes: PluginRoute[] = []
  for (const file of files) {
    const source = readFileSync(path.join(API_ROOT, area, file), "utf8")
    const template = `/${area}/${path.dirname(file).split(path.sep).join("/")}`
    const params = [...template.matchAll(/\[([a-z_]+)\]/g)].map(([, name]) => name)
    for (const [, method] of source.matchAll(/export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
      routes.push({
        method: method.toLowerCase(),
        template,
        params,
        fill: (segments) => template.replace(/\[([a-z_]+)\]/g, (_, name: string) => segments[name] ?? `placeholder_${name}`),
      })
    }
  }
  return routes
}
