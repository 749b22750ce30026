import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { NOT_STORABLE_MESSAGE, isStorableText } from "../../lib/storable-text"

/**
 * Refuses, with a 400 naming the parameter, a path parameter of the plugin's routes that cannot be an id:
 * one that is not valid percent-encoding (Express cannot decode it, and Medusa answers its error with a
 * 500) or that holds a NUL character (PostgreSQL refuses it in a query: another 500).
 *
 * `templates` are route prefixes such as "/admin/orders/:id/einvoice". The middleware is mounted on their
 * static beginnings ("/admin/orders"), without methods: Medusa registers such middlewares before any with a
 * parameter or a wildcard (whose matching is where Express decodes, and fails), and it acts on the paths of
 * the templates only.
 */
export function pathParamsGuard(templates: string[]) {
  // The longest first: it names more of the parameters of a path that both match.
  const compiled = [...templates]
    .sort((a, b) => b.length - a.length)
    .map((template) => {
      const segments = template.split("/")
      const pattern = segments.map((segment) => (segment.startsWith(":") ? "[^/]+" : escapeRegExp(segment))).join("/")
      return { segments, regexp: new RegExp(`^${pattern}(?:/|$)`, "i") }
    })
  const mounts = [...new Set(templates.map((template) => template.slice(0, template.indexOf("/:"))))]

  const middleware = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    // Express strips the matched part from req.url inside a middleware mounted on a path: read the original.
    const path = req.originalUrl.split("?")[0]
    const route = compiled.find(({ regexp }) => regexp.test(path))
    if (!route) {
      return next()
    }
    const parts = path.split("/")
    for (const [index, segment] of route.segments.entries()) {
      if (!segment.startsWith(":")) {
        continue
      }
      const field = segment.slice(1)
      const problem = unreadable(parts[index])
      if (problem) {
        return res.status(400).json({
          type: "invalid_data",
          message: `${field}: ${problem}`,
          errors: [{ field, message: problem }],
        })
      }
    }
    next()
  }
  return mounts.map((matcher) => ({ matcher, middlewares: [middleware] }))
}

function unreadable(segment: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return "is not valid URL encoding (UTF-8, percent-encoded)"
  }
  return isStorableText(decoded) ? null : NOT_STORABLE_MESSAGE
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}
