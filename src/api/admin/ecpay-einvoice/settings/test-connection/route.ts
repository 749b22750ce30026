import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminTestConnectionResponse } from "../../../../types"
import { testEcpayConnectionWorkflow } from "../../../../../workflows/test-ecpay-connection"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTestConnectionResponse>) {
  const { result } = await testEcpayConnectionWorkflow(req.scope).run({
    input: { actor: { type: "user", id: req.auth_context.actor_id } },
  })
  res.json(result)
}
