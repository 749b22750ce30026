import type { MedusaContainer } from "@medusajs/framework/types"
import { EINVOICE_MODULE } from "../../src/modules/einvoice"
import type EinvoiceModuleService from "../../src/modules/einvoice/service"
import type { SettingsUpdate } from "../../src/modules/einvoice/service"
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../src/simulator"

export const STAGE = { merchantId: "2000132", hashKey: "ejCk326UnaZWKisg", hashIV: "q9jcZX8Ib9LM8wYk" }

export const CHARITIES = [
  { code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" },
  { code: "919", name: "財團法人創世社會福利基金會" },
]

/** A simulator on a free local port; `options` as startSimulator's (e.g. a wider timestamp tolerance). */
export async function startTestSimulator(options: Omit<SimulatorOptions, "port" | "host"> = {}): Promise<RunningSimulator> {
  return await startSimulator({ ...options, port: 0, host: "127.0.0.1" })
}

export function einvoiceService(container: MedusaContainer): EinvoiceModuleService {
  return container.resolve<EinvoiceModuleService>(EINVOICE_MODULE)
}

/** The settings of a store invoicing against the simulator, automatic on payment capture unless overridden. */
export function simulatorSettings(simulatorUrl: string, overrides: SettingsUpdate = {}): SettingsUpdate {
  return {
    enabled: true,
    environment: "simulator",
    base_url: simulatorUrl,
    merchant_id: STAGE.merchantId,
    hash_key: STAGE.hashKey,
    hash_iv: STAGE.hashIV,
    issue_mode: "automatic",
    issue_trigger: "payment_captured",
    charities: CHARITIES,
    default_love_code: CHARITIES[0].code,
    ...overrides,
  }
}

/** Turns e-invoicing on against the simulator, automatic on payment capture unless overridden. */
export async function configureEinvoice(container: MedusaContainer, simulator: RunningSimulator, overrides: SettingsUpdate = {}) {
  await einvoiceService(container).updateSettings(simulatorSettings(simulator.url, overrides))
}

/** Retries `check` until it stops throwing (subscribers run after the HTTP call that fired them). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      return await check()
    } catch (error) {
      lastError = error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw lastError
}

/** The Issue requests the simulator received (successful or not). */
export function issueRequests(simulator: RunningSimulator) {
  return simulator.requests.filter((entry) => entry.operation === "Issue")
}
