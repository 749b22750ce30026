import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ECPAY_PAUSED_CODE, pausedMessage } from "../../lib/ecpay-pause"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { AdminEcpayPausedResponse } from "../types"

/**
 * Refuses an admin action that would call ECPay while ECPay is paused store-wide (it answered HTTP 403):
 * 503 with the pause's end (the message names it in Taipei time) and `Retry-After`, nothing done. Medusa's
 * error types map to no 503, hence an answer here rather than a thrown MedusaError.
 */
export function refuseWhileEcpayPaused() {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    let until: Date | null
    try {
      until = await req.scope.resolve<EinvoiceModuleService>(EINVOICE_MODULE).ecpayPausedUntil()
    } catch (error) {
      return next(error)
    }
    if (!until) {
      return next()
    }
    const body: AdminEcpayPausedResponse = {
      type: ECPAY_PAUSED_CODE,
      code: ECPAY_PAUSED_CODE,
      message: pausedMessage(until),
      ecpay_paused_until: until.toISOString(),
    }
    res
      .status(503)
      .set("Retry-After", String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))))
      .json(body)
  }
}
