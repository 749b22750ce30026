import { Button } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

/**
 * Cancel and confirm, the way every confirmation of an invoice action ends (the browser tests find
 * them by `data-action`). While the request runs, cancel is off and confirm shows it is loading.
 * Without `onConfirm`, confirm submits the form it stands in.
 */
export function ConfirmButtons({
  isPending,
  onCancel,
  confirmLabel,
  confirmVariant = "primary",
  confirmDisabled,
  onConfirm,
}: {
  isPending: boolean
  onCancel: () => void
  confirmLabel: string
  confirmVariant?: "primary" | "danger"
  confirmDisabled?: boolean
  onConfirm?: () => void
}) {
  const { t } = useTranslation()
  return (
    <>
      <Button type="button" size="small" variant="secondary" disabled={isPending} onClick={onCancel} data-action="cancel">
        {t("ecpayEinvoice.order.confirm.cancel")}
      </Button>
      <Button
        type={onConfirm ? "button" : "submit"}
        size="small"
        variant={confirmVariant}
        isLoading={isPending}
        disabled={confirmDisabled}
        onClick={onConfirm}
        data-action="confirm"
      >
        {confirmLabel}
      </Button>
    </>
  )
}
