import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { ICacheService, MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { checkValueOffline, type CheckedValueType, type CheckInvoiceValueResult } from "../../lib/invoice-value-check"

export type { CheckedValueType, CheckInvoiceValueResult }

/** Online answers are stable for a day; failures of the government service are never cached. */
const CACHE_TTL_SECONDS = 24 * 60 * 60

/** Checks a carrier number, love code or tax ID: the format first, then ECPay's online check (fail-open), cached. */
export async function checkInvoiceValue(
  container: MedusaContainer,
  input: { type: CheckedValueType; value: string }
): Promise<CheckInvoiceValueResult> {
  const offline = checkValueOffline(input)
  if (offline.kind === "answered") {
    return offline.result
  }
  const cache = container.resolve<ICacheService>(Modules.CACHE, { allowUnregistered: true })
  const cacheKey = `ecpay-einvoice:check:${offline.type}:${offline.value}`
  const cached = cache ? await cache.get<CheckInvoiceValueResult>(cacheKey) : null
  if (cached) {
    return cached
  }
  const result = await container.resolve<EinvoiceModuleService>(EINVOICE_MODULE).checkValueOnline(offline)
  if (result.checked_online && cache) {
    await cache.set(cacheKey, result, CACHE_TTL_SECONDS)
  }
  return result
}

export const checkInvoiceValueStep = createStep(
  "ecpay-einvoice-check-value",
  async (input: { type: CheckedValueType; value: string }, { container }) => new StepResponse(await checkInvoiceValue(container, input))
)
