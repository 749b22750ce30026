import type { LoaderOptions } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { checkDeployment, inMemoryLockingWarning, type DeploymentConfig } from "../../../lib/deployment-check"

/**
 * Runs once per process when the module loads (server and worker alike): warns when the store runs split
 * (MEDUSA_WORKER_MODE server or worker) with Medusa's in-memory locking provider, under which the
 * per-order lock of the e-invoice workflows does not reach the other process. The settings page shows the
 * same check (`EinvoiceModuleService.deploymentCheck`).
 */
export default async function deploymentCheckLoader({ container, logger }: LoaderOptions): Promise<void> {
  let config: DeploymentConfig | undefined
  try {
    config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE, { allowUnregistered: true }) as DeploymentConfig | undefined
  } catch {
    config = undefined
  }
  const warning = inMemoryLockingWarning(checkDeployment(config, process.env))
  if (warning) {
    ;(logger ?? (container.resolve(ContainerRegistrationKeys.LOGGER) as { warn(message: string): void })).warn(warning)
  }
}
