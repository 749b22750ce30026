import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"

/** The customer the request is logged in as (session or bearer token), or null. */
export function authenticatedCustomerId(req: Pick<AuthenticatedMedusaRequest, "auth_context">): string | null {
  const auth = req.auth_context as AuthenticatedMedusaRequest["auth_context"] | undefined
  return auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
}
