import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor } from "../../modules/einvoice/service"
import { createEcpayClient } from "../../lib/ecpay-client-factory"
import type { ConnectionTestResult } from "../../lib/connection-test"
import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayHttpError,
  EcpayRateLimitError,
  EcpayTransportError,
} from "../../lib/ecpay/errors"


/** A RelateNumber that is never issued: looking it up proves the credentials without side effects. */
const PROBE_RELATE_NUMBER = "CONNECTIONTEST0000000000000000"

/**
 * Calls ECPay's GetIssue with the saved credentials. Any answer that ECPay could decrypt (even
 * "no such invoice") proves MerchantID, HashKey and HashIV; an envelope refusal means they are wrong.
 */
export const testEcpayConnectionStep = createStep(
  "ecpay-einvoice-test-connection",
  async ({ actor }: { actor: Actor }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const credentials = await service.getCredentials()
    const result = credentials
      ? await probe(credentials)
      : {
          ok: false,
          code: "not_configured" as const,
          message: "MerchantID, HashKey and HashIV must all be set before testing the connection",
          environment: null,
          merchant_id: null,
        }
    await service.recordEvent({
      action: "settings.connection_tested",
      success: result.ok,
      actor,
      rtn_code: result.rtn_code ?? result.trans_code ?? null,
      rtn_msg: result.rtn_msg ?? null,
      data: { code: result.code, environment: result.environment },
    })
    return new StepResponse(result)
  }
)

async function probe(
  credentials: NonNullable<Awaited<ReturnType<EinvoiceModuleService["getCredentials"]>>>
): Promise<ConnectionTestResult> {
  const base = { environment: credentials.environment, merchant_id: credentials.merchantId }
  const started = Date.now()
  try {
    const client = createEcpayClient(credentials, { timeoutMs: 15000 })
    await client.getIssue({ RelateNumber: PROBE_RELATE_NUMBER })
    return { ...base, ok: true, code: "connected", message: "ECPay accepted the credentials", latency_ms: Date.now() - started }
  } catch (error) {
    const latency_ms = Date.now() - started
    if (error instanceof EcpayBusinessError) {
      return {
        ...base,
        ok: true,
        code: "connected",
        message: "ECPay accepted the credentials",
        rtn_code: error.rtnCode,
        rtn_msg: error.rtnMsg,
        latency_ms,
      }
    }
    if (error instanceof EcpayEnvelopeError) {
      return {
        ...base,
        ok: false,
        code: "credentials_rejected",
        message: "ECPay refused the request: check MerchantID, HashKey and HashIV",
        trans_code: error.transCode,
        rtn_msg: error.transMsg,
        latency_ms,
      }
    }
    if (error instanceof EcpayRateLimitError) {
      return { ...base, ok: false, code: "rate_limited", message: "ECPay is rate-limiting this store (HTTP 403); wait 30 minutes", latency_ms }
    }
    if (error instanceof EcpayHttpError && error.status >= 500) {
      return {
        ...base,
        ok: false,
        code: "credentials_rejected",
        message: `ECPay answered HTTP ${error.status}, which it does for a MerchantID and key that do not match`,
        latency_ms,
      }
    }
    if (error instanceof EcpayTransportError) {
      return { ...base, ok: false, code: "unreachable", message: `ECPay could not be reached (${error.kind})`, latency_ms }
    }
    return { ...base, ok: false, code: "error", message: error instanceof Error ? error.message : String(error), latency_ms }
  }
}
