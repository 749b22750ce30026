import { createEcpayClient } from "../../../lib/ecpay-client-factory"
import type { ConnectionTestResult } from "../../../lib/connection-test"
import type { EcpayCredentials } from "../../../lib/einvoice-types"
import type EinvoiceModuleService from "../service"
import type { Actor } from "../service"
import { callEcpayUnlessPaused, type EcpayOutcome } from "./ecpay-outcome"

/** A RelateNumber that is never issued: looking it up proves the credentials without side effects. */
const PROBE_RELATE_NUMBER = "CONNECTIONTEST0000000000000000"

/**
 * Calls ECPay's GetIssue with the saved credentials and audits the answer. Any answer that ECPay could
 * decrypt (even "no such invoice") proves MerchantID, HashKey and HashIV; an envelope refusal means they
 * are wrong.
 */
export async function testConnection(service: EinvoiceModuleService, input: { actor: Actor }): Promise<ConnectionTestResult> {
  const credentials = await service.resolveCredentials()
  const result: ConnectionTestResult =
    credentials.kind === "ready"
      ? await probe(service, credentials.credentials)
      : {
          ok: false,
          ...(credentials.kind === "unreadable"
            ? { code: credentials.code, message: credentials.message }
            : { code: "not_configured" as const, message: "MerchantID, HashKey and HashIV must all be set before testing the connection" }),
          environment: null,
          merchant_id: null,
        }
  await service.recordEvent({
    action: "settings.connection_tested",
    success: result.ok,
    actor: input.actor,
    rtn_code: result.rtn_code ?? result.trans_code ?? null,
    rtn_msg: result.rtn_msg ?? null,
    data: { code: result.code, environment: result.environment },
  })
  return result
}

async function probe(service: EinvoiceModuleService, credentials: EcpayCredentials): Promise<ConnectionTestResult> {
  const started = Date.now()
  // The client is built inside the call: an environment it cannot call answers "error", like any other failure.
  const call = await callEcpayUnlessPaused(
    service,
    () => createEcpayClient(credentials, { timeoutMs: 15000 }).getIssue({ RelateNumber: PROBE_RELATE_NUMBER }),
    "test_connection"
  )
  return {
    environment: credentials.environment,
    merchant_id: credentials.merchantId,
    ...answer(call),
    latency_ms: Date.now() - started,
  }
}

type Answer = Omit<ConnectionTestResult, "environment" | "merchant_id" | "latency_ms">

/** What the probe's outcome says about the credentials. */
function answer(call: EcpayOutcome<unknown>): Answer {
  const connected: Answer = { ok: true, code: "connected", message: "ECPay accepted the credentials" }
  switch (call.kind) {
    case "applied":
      return connected
    case "refused":
      if (call.by === "ecpay") {
        // ECPay decrypted the request and answered (no such invoice): the credentials work.
        return { ...connected, rtn_code: call.rtnCode, rtn_msg: call.message }
      }
      if (call.by === "envelope") {
        return {
          ok: false,
          code: "credentials_rejected",
          message: "ECPay refused the request: check MerchantID, HashKey and HashIV",
          trans_code: call.transCode,
          rtn_msg: call.transMsg,
        }
      }
      break
    case "rate_limited":
    case "paused":
      // The message names when the store-wide pause ends.
      return { ok: false, code: "rate_limited", message: call.message }
    case "transport":
    case "unknown":
      if (call.httpStatus !== undefined && call.httpStatus >= 500) {
        return {
          ok: false,
          code: "credentials_rejected",
          message: `ECPay answered HTTP ${call.httpStatus}, which it does for a MerchantID and key that do not match`,
        }
      }
      if (call.transport) {
        return { ok: false, code: "unreachable", message: `ECPay could not be reached (${call.transport})` }
      }
      break
    case "not_configured":
      break
  }
  return { ok: false, code: "error", message: call.message }
}
