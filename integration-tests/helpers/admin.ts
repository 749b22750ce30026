import { readdir, readFile } from "node:fs/promises"
import path from "node:path"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

export const ADMIN_EMAIL = "admin@ecpay-einvoice.test"
export const ADMIN_PASSWORD = "supersecret-password"

interface Api {
  post: (url: string, body?: unknown, config?: unknown) => Promise<{ data: unknown }>
}

/** Creates an admin user with an email/password identity and logs in through the real auth route. */
export async function loginAsAdmin(container: MedusaContainer, api: Api) {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const user = await userModule.createUsers({ email: ADMIN_EMAIL })
  const { authIdentity } = await authModule.register("emailpass", {
    body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  } as Parameters<typeof authModule.register>[1])
  await authModule.updateAuthIdentities({
    id: authIdentity!.id,
    app_metadata: { user_id: user.id },
  })
  const { data } = (await api.post("/auth/user/emailpass", {
    email: ADMIN_EMAIL,
    password: ADMIN_PASSWORD,
  })) as { data: { token: string } }
  return { user, headers: { authorization: `Bearer ${data.token}` } }
}

/**
 * Every admin route of the plugin, read from its route files (src/api/admin/**\/route.ts and the HTTP
 * methods each exports), so that a new route is covered without editing a list. Path parameters
 * (`[id]`) become placeholders.
 */
export async function pluginAdminRoutes(): Promise<Array<{ method: string; path: string }>> {
  const root = path.resolve(__dirname, "../../src/api")
  const files = (await readdir(path.join(root, "admin"), { recursive: true }))
    .map(String)
    .filter((file) => path.basename(file) === "route.ts")
  const routes: Array<{ method: string; path: string }> = []
  for (const file of files.sort()) {
    const source = await readFile(path.join(root, "admin", file), "utf8")
    const dir = path.dirname(file).split(path.sep).join("/")
    const routePath = `/admin/${dir}`.replace(/\[([a-z_]+)\]/g, "placeholder_$1")
    for (const [, method] of source.matchAll(/export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
      routes.push({ method: method.toLowerCase(), path: routePath })
    }
  }
  return routes
}
