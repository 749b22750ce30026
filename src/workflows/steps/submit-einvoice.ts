import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor, RecordEventInput } from "../../modules/einvoice/service"
import { createEcpayClient } from "../../lib/ecpay-client-factory"
import {
  EcpayBusinessError,
  EcpayEnvelopeError,
  EcpayError,
  EcpayRateLimitError,
  EcpayValidationError,
  ECPAY_RATE_LIMIT_BACKOFF_MS,
  parseEcpayDateTime,
  type GetIssueResponse,
} from "../../lib/ecpay"
import type { IssuePayload } from "../../lib/order-invoice-payload"
import { nextAttemptAt } from "../../lib/retry-backoff"
import { describe, errorCode, findByRelateNumber, NOT_CONFIGURED_MESSAGE } from "../utils/ecpay-call"

export interface SubmitEinvoiceInput {
  invoice_id: string
  payload: IssuePayload
  actor: Actor
  /** Only find out whether an earlier attempt issued the invoice; never send a new Issue. */
  reconcile_only?: boolean
}

export interface SubmitEinvoiceResult {
  invoice_id: string
  order_id: string
  status: "issued" | "pending" | "failed" | "skipped"
  invoice_number: string | null
  error_code: string | null
  error_message: string | null
}

/**
 * Sends the Issue call for a pending invoice and records what happened, so that exactly one invoice
 * exists at ECPay per RelateNumber whatever fails:
 * - an earlier attempt that may have reached ECPay is reconciled (GetIssue by RelateNumber) first;
 * - an unknown outcome (timeout, dropped connection, 5xx, unreadable reply) is reconciled at once;
 *   if ECPay cannot tell yet, the invoice stays pending for the retry job, with the same RelateNumber;
 * - a refusal is reconciled too (ECPay refuses a RelateNumber it already issued), then recorded as
 *   failed with ECPay's code and message.
 * ECPay errors never make the step throw: the outcome is data.
 */
export const submitEinvoiceStep = createStep(
  "ecpay-einvoice-submit",
  async (input: SubmitEinvoiceInput, { container }): Promise<StepResponse<SubmitEinvoiceResult>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const before = await service.retrieveEinvoice(input.invoice_id)
    const audit = (action: string, extra: Partial<RecordEventInput>) =>
      service.recordEvent({
        action,
        einvoice_id: before.id,
        order_id: before.order_id,
        actor: input.actor,
        ...extra,
      })
    const result = (status: SubmitEinvoiceResult["status"], invoice: { invoice_number?: string | null; last_error_code?: string | null; last_error_message?: string | null }) =>
      new StepResponse<SubmitEinvoiceResult>({
        invoice_id: before.id,
        order_id: before.order_id,
        status,
        invoice_number: invoice.invoice_number ?? null,
        error_code: invoice.last_error_code ?? null,
        error_message: invoice.last_error_message ?? null,
      })

    const fail = async (code: string, message: string, data?: Record<string, unknown>) => {
      const failed = await service.transitionInvoice(before.id, "failed", {
        last_error_code: code,
        last_error_message: message,
        status_reason: message,
        next_attempt_at: null,
      })
      await audit("invoice.failed", { success: false, rtn_code: code, rtn_msg: message, data })
      return result("failed", failed)
    }
    const postpone = async (code: string, message: string, attempts: number, atLeastMs = 0) => {
      const pending = await service.transitionInvoice(before.id, "pending", {
        last_error_code: code,
        last_error_message: message,
        next_attempt_at: nextAttemptAt(attempts, new Date(), atLeastMs),
      })
      await audit("invoice.retry_scheduled", {
        success: false,
        rtn_code: code,
        rtn_msg: message,
        data: { next_attempt_at: pending.next_attempt_at },
      })
      return result("pending", pending)
    }
    const adopt = async (issued: { number: string; random: string; date: string; upload?: string | null }, via: string) => {
      const invoice = await service.transitionInvoice(before.id, "issued", {
        invoice_number: issued.number,
        random_number: issued.random,
        invoice_date: parseEcpayDateTime(issued.date),
        issued_at: new Date(),
        remaining_allowance_amount: input.payload.SalesAmount,
        upload_status: issued.upload ?? null,
        last_error_code: null,
        last_error_message: null,
        status_reason: null,
        next_attempt_at: null,
      })
      await audit("invoice.issued", { rtn_code: 1, data: { invoice_number: issued.number, via } })
      return result("issued", invoice)
    }
    const adoptFound = (found: GetIssueResponse, via: string) =>
      adopt(
        {
          number: found.IIS_Number,
          random: found.IIS_Random_Number,
          date: found.IIS_Create_Date,
          upload: found.IIS_Upload_Status,
        },
        via
      )

    const credentials = await service.getCredentials()
    if (!credentials) {
      return await fail("not_configured", NOT_CONFIGURED_MESSAGE)
    }
    const client = createEcpayClient(credentials)

    if (before.attempts > 0) {
      const found = await findByRelateNumber(client, before.relate_number)
      if (found.kind === "found") {
        return await reconcileOrFail(found.issue, "reconciled before retry")
      }
      if (found.kind === "unknown") {
        return await postpone("reconcile_unavailable", describe(found.error), before.attempts)
      }
    }
    if (input.reconcile_only) {
      const skipped = await service.transitionInvoice(before.id, "skipped", {
        status_reason: "The order was canceled; ECPay has no invoice for it",
        next_attempt_at: null,
      })
      await audit("invoice.skipped", { reason: "order canceled; nothing was issued at ECPay" })
      return result("skipped", skipped)
    }

    const attempts = before.attempts + 1
    await service.updateEinvoices({ id: before.id, attempts })
    await audit("invoice.issue_requested", { data: { relate_number: before.relate_number, attempt: attempts, sales_amount: input.payload.SalesAmount } })

    try {
      const issued = await client.issue(input.payload)
      return await adopt(
        { number: issued.InvoiceNo, random: issued.RandomNumber, date: issued.InvoiceDate },
        "issue"
      )
    } catch (error) {
      if (error instanceof EcpayValidationError) {
        return await fail("validation", error.message, { issues: error.issues })
      }
      if (error instanceof EcpayRateLimitError) {
        return await postpone("http_403", "ECPay is rate-limiting this store (HTTP 403)", attempts, ECPAY_RATE_LIMIT_BACKOFF_MS)
      }
      if (error instanceof EcpayEnvelopeError) {
        return await fail(`trans_${error.transCode}`, `ECPay refused the request envelope: ${error.transMsg}`)
      }
      if (error instanceof EcpayBusinessError) {
        // ECPay refuses a RelateNumber it has already issued: if that is what happened, adopt it.
        const found = await findByRelateNumber(client, before.relate_number)
        if (found.kind === "found") {
          return await reconcileOrFail(found.issue, "reconciled after refusal")
        }
        return await fail(String(error.rtnCode), error.rtnMsg)
      }
      if (error instanceof EcpayError && error.outcomeUnknown) {
        const found = await findByRelateNumber(client, before.relate_number)
        if (found.kind === "found") {
          return await reconcileOrFail(found.issue, "reconciled after unknown outcome")
        }
        return await postpone(errorCode(error), describe(error), attempts)
      }
      return await postpone(errorCode(error), describe(error), attempts)
    }

    async function reconcileOrFail(found: GetIssueResponse, via: string) {
      if (Number(found.IIS_Sales_Amount) !== input.payload.SalesAmount) {
        return await fail(
          "relate_number_conflict",
          `ECPay already holds invoice ${found.IIS_Number} under RelateNumber ${before.relate_number} for ${found.IIS_Sales_Amount} TWD, not ${input.payload.SalesAmount} TWD: another system may use the same RelateNumber prefix`
        )
      }
      return await adoptFound(found, via)
    }
  }
)
