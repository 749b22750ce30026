import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"
import { localeFromAcceptLanguage, toShopperErrors } from "../../lib/invoice-choice-messages"
import type { Validates } from "./validate-body"

/**
 * Like `validateBody`, for store routes: every message names its field in the shopper's language
 * (zh-TW or English, from Accept-Language), and carries a stable `rule` id for storefronts.
 */
export function validateShopperBody(schema: z.ZodType) {
  const middleware = async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const body = isRecord(req.body) ? req.body : {}
    if (!isRecord(req.body)) {
      const locale = localeFromAcceptLanguage(req.get("accept-language"))
      return res.status(400).json({
        type: "invalid_data",
        message: locale === "zh-TW" ? "請求內容必須是 JSON 物件" : "The request body must be a JSON object",
        errors: [{ field: "body", rule: "invalid_type", message: "body must be a JSON object" }],
      })
    }
    const result = await schema.safeParseAsync(body)
    if (result.success) {
      req.validatedBody = result.data
      return next()
    }
    const errors = toShopperErrors(result.error.issues, localeFromAcceptLanguage(req.get("accept-language")), body)
    res.status(400).json({
      type: "invalid_data",
      message: errors.map((e) => e.message).join("; "),
      errors,
    })
  }
  const validates: Validates = { source: "body", schema }
  return Object.assign(middleware, { validates })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
