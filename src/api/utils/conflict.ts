import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaResponse } from "@medusajs/framework/http"

/**
 * Answers a workflow's conflict (MedusaError CONFLICT) as a 409 with its own code and message — Medusa's
 * error handler would replace that message with a generic one, and the message names what conflicts
 * (the reused Idempotency-Key, the allowance whose outcome is unknown). Returns false for any other error.
 */
export function answerConflict(res: MedusaResponse, error: unknown): boolean {
  const { type, code, message } = (error ?? {}) as { type?: string; code?: string; message?: string }
  if (type !== MedusaError.Types.CONFLICT) {
    return false
  }
  res.status(409).json({ type, code: code ?? "conflict", message: message ?? "conflict" })
  return true
}

/** An `Idempotency-Key` header: 1 to 200 visible ASCII characters; absent is fine (one is generated). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || value === "") {
    return null
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "Idempotency-Key: must be 1 to 200 visible ASCII characters (e.g. a UUID)",
      "idempotency_key_invalid"
    )
  }
  return value
}
