import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { StoreTooManyChecksResponse, StoreValidateInvoiceValueResponse } from "../../../types"
import { checkInvoiceValueWorkflow } from "../../../../workflows/check-invoice-value"
import { localeFromAcceptLanguage, shopperMessage } from "../../../../lib/invoice-choice-messages"
import type { PostStoreValidateInvoiceValueType } from "../validators"

const FIELD_OF_TYPE = {
  mobile_barcode: ["carrier_number", "mobile_barcode_format"],
  citizen_certificate: ["carrier_number", "citizen_certificate_format"],
  love_code: ["love_code", "love_code_format"],
  tax_id: ["tax_id", "tax_id_checksum"],
} as const

/**
 * Live check of one value while the shopper types: format, then ECPay's online check (fail-open). Past the
 * online-check limits (plugin option `onlineChecks`), 429 with Retry-After: nothing was sent to ECPay.
 */
export async function POST(
  req: MedusaRequest<PostStoreValidateInvoiceValueType>,
  res: MedusaResponse<StoreValidateInvoiceValueResponse | StoreTooManyChecksResponse>
) {
  const { result } = await checkInvoiceValueWorkflow(req.scope).run({ input: { ...req.validatedBody, client: req.ip ?? null } })
  const locale = localeFromAcceptLanguage(req.get("accept-language"))
  if (result.rule === "throttled") {
    const retryAfter = result.retry_after_seconds ?? 60
    res.setHeader("Retry-After", String(retryAfter))
    return res.status(429).json({
      type: "too_many_requests",
      code: "throttled",
      rule: "throttled",
      message: shopperMessage("value", "throttled", locale, { seconds: retryAfter }),
      retry_after_seconds: retryAfter,
    })
  }
  const [field, formatRule] = FIELD_OF_TYPE[result.type]
  const rule = result.rule === "format" ? formatRule : result.rule
  res.json({
    valid: result.valid,
    value: result.value,
    checked_online: result.checked_online,
    ...(rule ? { rule, message: shopperMessage(field, rule, locale) } : {}),
    ...(result.company_name ? { company_name: result.company_name } : {}),
  })
}
