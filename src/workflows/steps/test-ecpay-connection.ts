import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"

/**
 * Calls ECPay's GetIssue with the saved credentials. Any answer that ECPay could decrypt (even
 * "no such invoice") proves MerchantID, HashKey and HashIV; an envelope refusal means they are wrong.
 */
export const testEcpayConnectionStep = createStep("ecpay-einvoice-test-connection", async (input: { actor: Actor }, { container }) => {
  const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
  return new StepResponse(await service.testConnection(input))
})
