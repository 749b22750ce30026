import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { pluginRoutes } from "./routes"

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
 * Every admin route of the plugin, read from its route files (see pluginRoutes), with each path parameter
 * (`[id]`) as a placeholder (`placeholder_id`).
 */
export async function pluginAdminRoutes(): Promise<Array<{ method: string; path: string }>> {
  return pluginRoutes("admin").map((route) => ({ method: route.method, path: route.fill({}) }))
}
