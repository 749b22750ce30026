import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { taipeiTime } from "../../lib/ecpay-pause"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"

/** The pauses each job has said it skips for (one line per job and pause in this process, not one a minute). */
const announced = new Set<string>()

/**
 * Whether a scheduled job should skip its run because ECPay is paused store-wide (after a 403): then it
 * logs so, once per pause, and answers the pause's end.
 */
export async function skipWhileEcpayPaused(container: MedusaContainer, job: string): Promise<Date | null> {
  const until = await container.resolve<EinvoiceModuleService>(EINVOICE_MODULE).ecpayPausedUntil()
  if (!until) {
    return null
  }
  const key = `${job}:${until.toISOString()}`
  if (!announced.has(key)) {
    announced.add(key)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    logger.warn(`ECPay e-invoice: ${job} skips its runs while ECPay is paused (HTTP 403), until ${taipeiTime(until)}`)
  }
  return until
}

/** The jobs that have said they skip for unreadable credentials, until those are readable again. */
const heldForCredentials = new Set<string>()

/**
 * Whether a scheduled job should skip its run because the stored HashKey/HashIV cannot be decrypted (the
 * secret key changed): every call would fail the same way until the merchant enters them again. Logged
 * once per job until they can be read again.
 */
export async function skipWhileCredentialsUnreadable(container: MedusaContainer, job: string): Promise<boolean> {
  const state = await container.resolve<EinvoiceModuleService>(EINVOICE_MODULE).resolveCredentials()
  if (state.kind !== "unreadable") {
    heldForCredentials.delete(job)
    return false
  }
  if (!heldForCredentials.has(job)) {
    heldForCredentials.add(job)
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`ECPay e-invoice: ${job} skips its runs: ${state.message}`)
  }
  return true
}
