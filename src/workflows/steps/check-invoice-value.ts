import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { ICacheService, MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { createEcpayClient } from "../../lib/ecpay-client-factory"
import { EcpayBusinessError } from "../../lib/ecpay"
import {
  isValidCitizenCertificate,
  isValidLoveCode,
  isValidMobileBarcode,
  isValidTaxId,
  normalizeMobileBarcode,
} from "../../lib/ecpay/validators"

export type CheckedValueType = "mobile_barcode" | "love_code" | "tax_id" | "citizen_certificate"

export interface CheckInvoiceValueResult {
  type: CheckedValueType
  value: string
  valid: boolean
  /** `format`: wrong shape; `not_found`: ECPay / the government says it does not exist; `unchecked`: accepted without the online check. */
  rule: "format" | "not_found" | "unchecked" | null
  company_name: string | null
  charity_name: string | null
  checked_online: boolean
}

/** Online answers are stable for a day; failures of the government service are never cached. */
const CACHE_TTL_SECONDS = 24 * 60 * 60

const FORMAT: Record<CheckedValueType, (value: string) => boolean> = {
  mobile_barcode: isValidMobileBarcode,
  love_code: isValidLoveCode,
  tax_id: isValidTaxId,
  citizen_certificate: isValidCitizenCertificate,
}

export function normalizeCheckedValue(type: CheckedValueType, value: string): string {
  const trimmed = value.trim()
  return type === "mobile_barcode" ? normalizeMobileBarcode(trimmed) : type === "citizen_certificate" ? trimmed.toUpperCase() : trimmed
}

/**
 * Checks a carrier number, love code or tax ID: the format first, then ECPay's CheckBarcode /
 * CheckLoveCode / GetCompanyNameByTaxID, cached. When the government service (or ECPay) cannot
 * answer, the value is accepted with `checked_online: false` so that checkout is never blocked.
 */
export async function checkInvoiceValue(
  container: MedusaContainer,
  input: { type: CheckedValueType; value: string }
): Promise<CheckInvoiceValueResult> {
  const value = normalizeCheckedValue(input.type, input.value)
  const base = { type: input.type, value, company_name: null, charity_name: null }
  if (!FORMAT[input.type](value)) {
    return { ...base, valid: false, rule: "format", checked_online: false }
  }
  if (input.type === "citizen_certificate") {
    // ECPay offers no existence check for citizen certificates.
    return { ...base, valid: true, rule: null, checked_online: false }
  }
  const cache = container.resolve<ICacheService>(Modules.CACHE, { allowUnregistered: true })
  const cacheKey = `ecpay-einvoice:check:${input.type}:${value}`
  const cached = cache ? await cache.get<CheckInvoiceValueResult>(cacheKey) : null
  if (cached) {
    return cached
  }
  const result = await checkOnline(container.resolve(EINVOICE_MODULE), input.type, value)
  if (result.checked_online && cache) {
    await cache.set(cacheKey, result, CACHE_TTL_SECONDS)
  }
  return result
}

export const checkInvoiceValueStep = createStep(
  "ecpay-einvoice-check-value",
  async (input: { type: CheckedValueType; value: string }, { container }) => {
    return new StepResponse(await checkInvoiceValue(container, input))
  }
)

async function checkOnline(
  service: EinvoiceModuleService,
  type: Exclude<CheckedValueType, "citizen_certificate">,
  value: string
): Promise<CheckInvoiceValueResult> {
  const base = { type, value, company_name: null, charity_name: null }
  const unchecked: CheckInvoiceValueResult = { ...base, valid: true, rule: "unchecked", checked_online: false }
  const credentials = await service.getCredentials().catch(() => null)
  if (!credentials) {
    return unchecked
  }
  try {
    const client = createEcpayClient(credentials, { timeoutMs: 8000 })
    if (type === "mobile_barcode") {
      const answer = await client.checkBarcode({ BarCode: value })
      return answer.IsExist === "Y"
        ? { ...base, valid: true, rule: null, checked_online: true }
        : { ...base, valid: false, rule: "not_found", checked_online: true }
    }
    if (type === "love_code") {
      const answer = await client.checkLoveCode({ LoveCode: value })
      return answer.IsExist === "Y"
        ? { ...base, valid: true, rule: null, checked_online: true }
        : { ...base, valid: false, rule: "not_found", checked_online: true }
    }
    const answer = await client.getCompanyNameByTaxId({ UnifiedBusinessNo: value })
    return { ...base, valid: true, rule: null, company_name: answer.CompanyName || null, checked_online: true }
  } catch (error) {
    if (type === "tax_id" && error instanceof EcpayBusinessError && !error.isGovernmentServiceDown()) {
      // Not in the registry does not make a checksum-valid tax ID wrong (welfare committees,
      // some agencies): accept it, without a name.
      return { ...base, valid: true, rule: null, checked_online: true }
    }
    return unchecked
  }
}
