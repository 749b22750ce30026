import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { fieldName } from "../../lib/invoice-choice-messages"
import { NOT_STORABLE_MESSAGE, isStorableText } from "../../lib/storable-text"

export interface FieldError {
  field: string
  message: string
}

/**
 * For `.refine(...noNul)` on free text: PostgreSQL stores no NUL character, so a string holding one would
 * be a 500 when saved (after ECPay was called, for an action); refused here, naming the field.
 */
export const noNul = [isStorableText, NOT_STORABLE_MESSAGE] as const

/** What a validating middleware checks, read by the route fuzz tests to tell an invalid request from a valid one. */
export interface Validates {
  source: "body" | "query"
  schema: z.ZodType
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
  const middleware = async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
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
  const validates: Validates = { source, schema }
  return Object.assign(middleware, { validates })
}

export function toFieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "body"
    if (issue.code === "unrecognized_keys") {
      // One entry per key, under its object's path (a blank key quoted).
      return issue.keys.map((key) => ({
        field: [...issue.path, fieldName(key)].join("."),
        message: "is not a known field",
      }))
    }
    if (issue.code === "invalid_type" && issue.input === undefined) {
      return [{ field, message: "is required" }]
    }
    return [{ field, message: issue.message }]
  })
}
