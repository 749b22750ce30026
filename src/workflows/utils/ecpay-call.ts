import type EinvoiceModuleService from "../../modules/einvoice/service"
import { createEcpayClient } from "../../lib/ecpay-client-factory"
import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayError,
  EcpayRateLimitError,
  EcpayValidationError,
  type EcpayInvoiceClient,
  type GetIssueResponse,
} from "../../lib/ecpay"

/** How a call to ECPay ended, in the terms the after-issue steps record. */
export type CallOutcome<T> =
  | { kind: "ok"; value: T }
  /** ECPay (or our own validation before sending) said no: nothing changed at ECPay. */
  | { kind: "refused"; code: string; message: string }
  /** The request may or may not have taken effect (timeout, dropped connection, 5xx, unreadable reply). */
  | { kind: "unknown"; code: string; message: string }

export const NOT_CONFIGURED_MESSAGE =
  "ECPay MerchantID, HashKey and HashIV are not all set: complete the ECPay e-invoice settings, then retry"

/** The protocol client for the store's credentials, or null when they are incomplete. */
export async function clientFor(service: EinvoiceModuleService): Promise<EcpayInvoiceClient | null> {
  const credentials = await service.getCredentials()
  return credentials ? createEcpayClient(credentials) : null
}

/** Runs one ECPay call and classifies its failure; never throws for ECPay's sake. */
export async function callEcpay<T>(call: () => Promise<T>): Promise<CallOutcome<T>> {
  try {
    return { kind: "ok", value: await call() }
  } catch (error) {
    if (error instanceof EcpayBusinessError) {
      return { kind: "refused", code: String(error.rtnCode), message: error.rtnMsg }
    }
    if (error instanceof EcpayValidationError) {
      return { kind: "refused", code: "validation", message: error.message }
    }
    if (error instanceof EcpayEnvelopeError) {
      return { kind: "refused", code: `trans_${error.transCode}`, message: `ECPay refused the request envelope: ${error.transMsg}` }
    }
    if (error instanceof EcpayRateLimitError) {
      return { kind: "refused", code: "http_403", message: "ECPay is rate-limiting this store (HTTP 403); try again in a few minutes" }
    }
    if (error instanceof EcpayError && !error.outcomeUnknown) {
      return { kind: "refused", code: errorCode(error), message: describe(error) }
    }
    return { kind: "unknown", code: errorCode(error), message: describe(error) }
  }
}

export type Found = { kind: "found"; issue: GetIssueResponse } | { kind: "absent" } | { kind: "unknown"; error: unknown }

/** The invoice ECPay holds under a RelateNumber, if any. */
export async function findByRelateNumber(client: EcpayInvoiceClient, relateNumber: string): Promise<Found> {
  try {
    const issue = await client.getIssue({ RelateNumber: relateNumber })
    return issue.IIS_Number ? { kind: "found", issue } : { kind: "absent" }
  } catch (error) {
    if (error instanceof EcpayBusinessError && error.isNotFound()) {
      return { kind: "absent" }
    }
    return { kind: "unknown", error }
  }
}

export function errorCode(error: unknown): string {
  if (error instanceof EcpayError) {
    return error.constructor.name.replace(/^Ecpay/, "").replace(/Error$/, "").toLowerCase()
  }
  return "error"
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
