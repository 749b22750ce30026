import type { EcpayInvoiceClient } from "../../../lib/ecpay"
import { createEcpayClient } from "../../../lib/ecpay-client-factory"
import { actionResult, type EinvoiceActionResult } from "../../../lib/einvoice-results"
import type { AllowanceStatus, EinvoiceStatus } from "../../../lib/einvoice-types"
import type EinvoiceModuleService from "../service"
import type { Actor, CredentialsState, RecordEventInput } from "../service"
import { callEcpayUnlessPaused, CREDENTIALS_UNREADABLE, NOT_CONFIGURED, type EcpayFailure, type EcpayOutcome } from "./ecpay-outcome"

/** What an operation acts on; every audit entry and the result name it. */
export interface OperationSubject {
  order_id: string
  invoice_id: string | null
  invoice_number?: string | null
  allowance_id?: string | null
  allowance_number?: string | null
}

export type AuditDetails = Omit<RecordEventInput, "action" | "einvoice_id" | "order_id" | "actor">

/**
 * One ECPay operation on one invoice (or allowance): its ECPay client, its audit entries, its state
 * transitions and its result, all about the same subject and actor. Operations build one, call ECPay
 * through it, and answer with `result` / `failed`.
 */
export class EinvoiceOperation {
  private client_: Promise<EcpayInvoiceClient | EcpayFailure> | undefined

  constructor(
    readonly service: EinvoiceModuleService,
    readonly action: EinvoiceActionResult["action"],
    readonly subject: OperationSubject,
    readonly actor: Actor,
    /** Kept with every audit entry of the operation (the merchant's void or correction reason). */
    readonly reason: string | null = null,
    private readonly clientOptions: { timeoutMs?: number } = {}
  ) {}

  /** Records one audit entry about the subject. */
  async audit(event: string, details: AuditDetails = {}): Promise<void> {
    await this.service.recordEvent(this.eventInput(event, details))
  }

  private eventInput(action: string, details: AuditDetails = {}): RecordEventInput {
    return {
      action,
      einvoice_id: this.subject.invoice_id,
      order_id: this.subject.order_id,
      allowance_id: this.subject.allowance_id ?? null,
      actor: this.actor,
      reason: this.reason,
      ...details,
    }
  }

  /** The operation's answer about its subject. */
  result(outcome: string, rest: Partial<EinvoiceActionResult> = {}): EinvoiceActionResult {
    const { order_id, invoice_id, invoice_number, allowance_id, allowance_number } = this.subject
    return actionResult(
      { order_id, action: this.action, outcome },
      {
        invoice_id,
        invoice_number: invoice_number ?? null,
        ...(allowance_id !== undefined ? { allowance_id } : {}),
        ...(allowance_number !== undefined ? { allowance_number } : {}),
        ...rest,
      }
    )
  }

  /**
   * Audits a call that did not apply and answers "unknown" when ECPay may have applied it, else "failed".
   * `details` go into the audit entry as well (e.g. its data).
   */
  async failed(
    event: string,
    failure: EcpayFailure,
    rest: Partial<EinvoiceActionResult> = {},
    details: AuditDetails = {}
  ): Promise<EinvoiceActionResult> {
    await this.audit(event, { ...details, success: false, rtn_code: failure.code, rtn_msg: failure.message })
    return this.result(failure.kind === "unknown" ? "unknown" : "failed", {
      error_code: failure.code,
      error_message: failure.message,
      ...rest,
    })
  }

  /**
   * Calls ECPay with the store's credentials; every way it can end is classified, nothing is thrown.
   * While the store-wide pause is on nothing is sent (`paused`); a 403 starts it. The call waits for a
   * place among the process's `ecpayConcurrency` (the pause is checked once it has one).
   */
  async call<T>(request: (client: EcpayInvoiceClient) => Promise<T>): Promise<EcpayOutcome<T>> {
    const client = await this.client()
    if ("kind" in client) {
      return client
    }
    return await this.service.ecpayCalls.run(() => callEcpayUnlessPaused(this.service, () => request(client), this.action))
  }

  /**
   * Why ECPay cannot be called with the store's credentials (incomplete, or stored ones that cannot be
   * decrypted), without calling it; null when it can.
   */
  async unavailable(): Promise<EcpayFailure | null> {
    const client = await this.client()
    return "kind" in client ? client : null
  }

  /**
   * `unavailable`, and the end of the store-wide ECPay pause while it is on (else null), from one read of
   * the settings row, before anything is sent (the pause is checked again as each call goes out).
   */
  async readiness(): Promise<{ unavailable: EcpayFailure | null; pausedUntil: Date | null }> {
    const state = await this.service.resolveCallState()
    this.client_ ??= Promise.resolve(this.clientFor(state.credentials))
    return { unavailable: await this.unavailable(), pausedUntil: state.paused_until }
  }

  /** Moves the invoice to `to`; with `event`, its audit entry is written in the same transaction. */
  transitionInvoice(to: EinvoiceStatus, patch: Record<string, unknown> = {}, event?: { action: string; details?: AuditDetails }) {
    return this.service.transitionInvoice(this.subject.invoice_id!, to, patch, event ? this.eventInput(event.action, event.details) : null)
  }

  /** Updates the invoice row and writes the audit entry `action` about it, in one transaction. */
  updateInvoice(patch: Record<string, unknown>, action: string, details: AuditDetails = {}) {
    return this.service.updateInvoiceWithEvent(this.subject.invoice_id!, patch, this.eventInput(action, details))
  }

  transitionAllowance(to: AllowanceStatus, patch: Record<string, unknown> = {}) {
    return this.service.transitionAllowance(this.subject.allowance_id!, to, patch)
  }

  private client(): Promise<EcpayInvoiceClient | EcpayFailure> {
    this.client_ ??= this.service.resolveCredentials().then((state) => this.clientFor(state))
    return this.client_
  }

  private clientFor(state: CredentialsState): EcpayInvoiceClient | EcpayFailure {
    if (state.kind !== "ready") {
      return state.kind === "unreadable" ? CREDENTIALS_UNREADABLE : NOT_CONFIGURED
    }
    try {
      // The plugin option `timeoutMs` (README) applies to every call unless the operation sets its own.
      return createEcpayClient(state.credentials, { timeoutMs: this.service.getPluginOptions().timeoutMs, ...this.clientOptions })
    } catch {
      // An environment without its URL (the simulator without a base URL) cannot be called either.
      return NOT_CONFIGURED
    }
  }
}
