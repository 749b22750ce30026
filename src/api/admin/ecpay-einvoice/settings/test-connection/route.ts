import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { testEcpayConnectionWorkflow } from "../../../../../workflows/test-ecpay-connection"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await testEcpayConnectionWorkflow(req.scope).run({
    input: { actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json(result)
}
