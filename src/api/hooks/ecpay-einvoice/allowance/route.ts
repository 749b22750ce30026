import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { recordAllowanceAnswerWorkflow } from "../../../../workflows/record-allowance-answer"

const PUBLIC_REASONS: Record<number, string> = {
  401: "CheckMacValue error",
  404: "unknown allowance",
  400: "rejected",
}

/**
 * ECPay's ReturnURL for online allowances (AllowanceByCollegiate): the buyer agreed or refused. Public,
 * authenticated by CheckMacValue. Answers `1|OK` once recorded (also for a repeat), `0|<reason>` otherwise.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const body = req.body
  const fields: Record<string, string> = {}
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === "string" || typeof value === "number") {
        fields[key] = String(value)
      }
    }
  }
  try {
    await recordAllowanceAnswerWorkflow(req.scope).run({ input: { fields } })
    res.type("text/plain").send("1|OK")
  } catch (error) {
    // A workflow rethrows a step's error serialized (a plain object), so no `instanceof MedusaError` here.
    const status = MedusaError.isMedusaError(error)
      ? ({ [MedusaError.Types.UNAUTHORIZED]: 401, [MedusaError.Types.NOT_FOUND]: 404, [MedusaError.Types.NOT_ALLOWED]: 400 }[
          (error as MedusaError).type
        ] ?? 400)
      : 500
    if (status === 500) {
      throw error
    }
    // The caller is anonymous until verified: a fixed reason only; the detail goes to the log.
    req.scope.resolve("logger").warn(`ECPay allowance callback refused (${status}): ${(error as Error).message}`)
    res
      .status(status)
      .type("text/plain")
      .send(`0|${PUBLIC_REASONS[status] ?? "rejected"}`)
  }
}
