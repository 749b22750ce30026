/**
 * ECPay B2C e-invoice simulator: a stateful look-alike of ECPay's /B2CInvoice API for tests and demos.
 * Standalone (node built-ins only) and independent of the plugin's own client in src/lib/ecpay.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { CallbackResult } from "./callbacks"
import type { Fault } from "./faults"
import { EcpaySimulator, type RequestLogEntry, type SimulatorOptions } from "./server"
import type { LoadOutcome } from "./persistence"
import type { RegistryAdditions, SimulatorStore } from "./state"

export interface RunningSimulator {
  url: string
  port: number
  close(): Promise<void>
  /** live state (read it; mutate only through the protocol or the methods below) */
  state: SimulatorStore
  /** JSON view of the state, as GET /__control/state returns it */
  snapshot(): ReturnType<EcpaySimulator["snapshot"]>
  /** the simulator clock's current time */
  now(): Date
  setFault(fault: Fault): void
  clearFaults(): void
  /** freeze the clock at `date`; null returns to the base clock */
  setClock(date: Date | null): void
  advanceClock(ms: number): void
  /** forget all invoices, allowances, faults, requests and registry additions; unfreeze the clock */
  reset(): void
  addToRegistry(additions: RegistryAdditions): void
  agreeAllowance(allowanceNo: string): Promise<CallbackResult>
  disagreeAllowance(allowanceNo: string): Promise<CallbackResult>
  /**
   * Awards the invoice a lottery prize of tier `awardType` (1–12, default 6) and returns it as GetIssue
   * shows it; throws (an Error with `status` 404 / 400) for an unknown, voided or B2B invoice or a bad tier.
   */
  awardInvoice(invoiceNo: string, awardType?: number): Record<string, unknown>
  /** Resolves once every change so far is in the state file (at once without `stateFile`). */
  flushState(): Promise<void>
  /** What became of `stateFile` at start (missing, loaded, discarded); null without one. */
  stateLoad: LoadOutcome | null
  /** log of protocol requests, oldest first */
  requests: RequestLogEntry[]
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1"
  return host.includes(":") ? `[${host}]` : host
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new EcpaySimulator(options)
  const server = createServer((req, res) => void simulator.handle(req, res))
  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${urlHost(host)}:${port}`
  simulator.baseUrl = (options.publicUrl ?? url).replace(/\/$/, "")

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        simulator.cancelSleeps()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }).finally(() => simulator.flushState())
      return closing
    },
    state: simulator.store,
    snapshot: () => simulator.snapshot(),
    now: () => simulator.now(),
    setFault: (fault) => simulator.setFault(fault),
    clearFaults: () => simulator.faults.clear(),
    setClock: (date) => simulator.setClock(date),
    advanceClock: (ms) => simulator.advanceClock(ms),
    reset: () => simulator.reset(),
    addToRegistry: (additions) => simulator.addToRegistry(additions),
    agreeAllowance: (allowanceNo) => simulator.answerAllowance(allowanceNo, true),
    disagreeAllowance: (allowanceNo) => simulator.answerAllowance(allowanceNo, false),
    awardInvoice: (invoiceNo, awardType) => simulator.awardInvoice(invoiceNo, awardType),
    flushState: () => simulator.flushState(),
    stateLoad: simulator.stateLoad,
    requests: simulator.requests,
  }
}

export { EcpaySimulator, STAGE_MERCHANT } from "./server"
export type { RequestLogEntry, SimulatorMerchant, SimulatorOptions } from "./server"
export type { CallbackResult } from "./callbacks"
export type { Fault, FaultType } from "./faults"
export { FAULT_TYPES } from "./faults"
export { OPERATION_NAMES } from "./operations"
export { RtnCode, TransCode, RTN_CODE_TABLE, TRANS_CODE_TABLE } from "./codes"
export type { CodeTableEntry } from "./codes"
export type { RegistryAdditions, SimulatorStore, StoreSnapshot } from "./state"
export { ControlError } from "./errors"
export { STATE_FILE_FORMAT, STATE_FILE_VERSION } from "./persistence"
export type { LoadOutcome } from "./persistence"
