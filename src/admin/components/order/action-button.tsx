import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { useOrderEinvoiceAction } from "../../hooks/use-order-einvoice"
import type { AdminApiError } from "../../lib/admin-fetch"
import type { EinvoiceAllowanceRecord, OrderEinvoiceView } from "../../lib/types"
import { useEcpayPaused } from "../ecpay-pause-notice"
import type { OrderEinvoiceActionDefinition } from "./action-registry"
import { formatTaipeiDateTime } from "./format"
import { refusalText } from "./labels"

/**
 * One action of the registry: its button, its confirmation, its request and its toasts. A refusal the
 * action shows in its confirmation (`keepOpenOn`) keeps it open; any other closes it with a toast.
 */
export function ActionButton({
  orderId,
  view,
  definition,
  allowance,
}: {
  orderId: string
  view: OrderEinvoiceView
  definition: OrderEinvoiceActionDefinition
  /** For the actions of one allowance. */
  allowance?: EinvoiceAllowanceRecord
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<AdminApiError | null>(null)
  const mutation = useOrderEinvoiceAction(orderId, definition.run)
  const Confirm = definition.Confirm
  // Every card action calls ECPay: while ECPay is paused store-wide the server would refuse it.
  const pausedUntil = useEcpayPaused(view.ecpay_paused_until)

  const run = (input?: unknown) => {
    setError(null)
    mutation.mutate(input, {
      onSuccess: (response) => {
        setOpen(false)
        definition.notify(t, response)
      },
      onError: (refusal) => {
        if (Confirm && definition.keepOpenOn?.(refusal)) {
          setError(refusal)
          return
        }
        setOpen(false)
        toast.error(t("ecpayEinvoice.order.toasts.requestFailed", { message: refusalText(t, refusal.code, refusal.message) }))
      },
    })
  }

  const changeOpen = (next: boolean) => {
    if (next) {
      setError(null)
    }
    setOpen(next)
  }

  return (
    <>
      <Button
        size="small"
        variant={definition.variant}
        onClick={() => (Confirm ? changeOpen(true) : run())}
        disabled={mutation.isPending || !!pausedUntil}
        isLoading={!Confirm && mutation.isPending}
        title={pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : undefined}
        data-action={definition.id}
        data-paused={pausedUntil ? "true" : undefined}
      >
        {definition.icon}
        {definition.label(t)}
      </Button>
      {Confirm ? (
        <Confirm
          action={definition.id}
          orderId={orderId}
          view={view}
          allowance={allowance}
          open={open}
          onOpenChange={changeOpen}
          onConfirm={run}
          isPending={mutation.isPending}
          error={error}
        />
      ) : null}
    </>
  )
}
