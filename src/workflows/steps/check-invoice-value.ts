import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { ICacheService, MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import { checkValueOffline, type CheckedValueType, type CheckInvoiceValueResult } from "../../lib/invoice-value-check"

export type { CheckedValueType, CheckInvoiceValueResult }

/** A value to check, and who asks (counted against the online-check limits). */
export interface CheckInvoiceValueInput {
  type: CheckedValueType
  value: string
  /** The client's IP address. */
  client?: string | null
  cart_id?: string | null
}

/**
 * Checks a carrier number, love code or tax ID: the format first, then ECPay's online check (fail-open,
 * throttled), reusing an earlier answer for the same value for as long as the check allows.
 */
export async function checkInvoiceValue(container: MedusaContainer, input: CheckInvoiceValueInput): Promise<CheckInvoiceValueResult> {
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
  const result = await container
    .resolve<EinvoiceModuleService>(EINVOICE_MODULE)
    .checkValueOnline({ type: offline.type, value: offline.value, client: input.client, cart_id: input.cart_id })
  if (cache && result.cache_seconds) {
    await cache.set(cacheKey, result, result.cache_seconds)
  }
  return result
}

export const checkInvoiceValueStep = createStep(
  "ecpay-einvoice-check-value",
  async (input: CheckInvoiceValueInput, { container }) => new StepResponse(await checkInvoiceValue(container, input))
)
