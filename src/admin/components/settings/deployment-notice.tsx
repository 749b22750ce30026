import { Alert, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { SettingsResponse } from "../../lib/types"

/**
 * On the settings page: the store runs split (MEDUSA_WORKER_MODE server or worker) with Medusa's
 * in-memory locking provider, so the per-order lock does not reach the other process. Nothing otherwise.
 */
export function DeploymentNotice({ deployment }: { deployment: SettingsResponse["deployment"] | undefined }) {
  const { t } = useTranslation()
  if (!deployment?.in_memory_locking_split) {
    return null
  }
  return (
    <Alert variant="warning" data-ecpay-in-memory-locking={deployment.worker_mode}>
      <div className="flex flex-col gap-y-1">
        <Text size="small" leading="compact" weight="plus">
          {t("ecpayEinvoice.deployment.inMemoryLockingTitle", { mode: deployment.worker_mode })}
        </Text>
        <Text size="small">{t("ecpayEinvoice.deployment.inMemoryLockingNotice")}</Text>
      </div>
    </Alert>
  )
}
