import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"

export interface FieldError {
  field: string
  message: string
}

/**
 * Validates `req.body` with a zod schema and answers 400 with one entry per field on failure,
 * so that every message names its field (Medusa's own validator drops the field name for
 * custom rules). On success the parsed body is `req.validatedBody`.
 */
export function validateBody(schema: z.ZodType) {
  return validate(schema, "body")
}

/** As `validateBody`, for the query string; the parsed query is `req.validatedQuery`. */
export function validateQuery(schema: z.ZodType) {
  return validate(schema, "query")
}

function validate(schema: z.ZodType, source: "body" | "query") {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const result = await schema.safeParseAsync(req[source] ?? {})
    if (result.success) {
      if (source === "body") {
        req.validatedBody = result.data
      } else {
        req.validatedQuery = result.data as Record<string, unknown>
      }
      return next()
    }
    const errors = toFieldErrors(result.error.issues)
    res.status(400).json({
      type: "invalid_data",
      message: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      errors,
    })
  }
}

export function toFieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "body"
    if (issue.code === "unrecognized_keys") {
      return { field: issue.keys.join(", "), message: "is not a known field" }
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      return { field, message: "is required" }
    }
    return { field, message: issue.message }
  })
}
