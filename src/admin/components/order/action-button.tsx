import { Button, toast } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { useOrderEinvoiceAction } from "../../hooks/use-order-einvoice"
import type { AdminApiError } from "../../lib/admin-fetch"
import type { ActionResponse, EinvoiceAllowanceRecord, OrderEinvoiceView } from "../../lib/types"
import { useEcpayPaused } from "../ecpay-pause-notice"
import type { OrderEinvoiceActionDefinition } from "./action-registry"
import { formatTaipeiDateTime } from "./format"
import { refusalText } from "./labels"

/** One action of the registry, ready to start: how to start it, its confirmation, and its state. */
export interface ActionRunner {
  /** Opens the confirmation, or runs the action at once when it has none. */
  start: () => void
  /** The confirmation (rendered whether the action is started from a button or from a menu). */
  confirm: ReactNode
  pending: boolean
  /** Why it cannot be started now (ECPay paused store-wide), else null. */
  disabledReason: string | null
}

/**
 * An action's request, confirmation and toasts. A refusal the action shows in its confirmation
 * (`keepOpenOn`) keeps it open, as does an answer the action goes on from (`stayOpenOn`: the print page's
 * link); any other answer closes it with a toast.
 */
export function useActionRunner(
  orderId: string,
  view: OrderEinvoiceView,
  definition: OrderEinvoiceActionDefinition,
  allowance?: EinvoiceAllowanceRecord
): ActionRunner {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<AdminApiError | null>(null)
  const [response, setResponse] = useState<ActionResponse | null>(null)
  const mutation = useOrderEinvoiceAction(orderId, definition.run)
  const Confirm = definition.Confirm
  // Every card action calls ECPay: while ECPay is paused store-wide the server would refuse it.
  const pausedUntil = useEcpayPaused(view.ecpay_paused_until)

  const run = (input?: unknown) => {
    setError(null)
    mutation.mutate(input, {
      onSuccess: (answer) => {
        definition.notify(t, answer)
        if (Confirm && definition.stayOpenOn?.(answer)) {
          setResponse(answer)
          return
        }
        setOpen(false)
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
      setResponse(null)
    }
    setOpen(next)
  }

  return {
    start: () => (Confirm ? changeOpen(true) : run()),
    pending: mutation.isPending,
    disabledReason: pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : null,
    confirm: Confirm ? (
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
        response={response}
      />
    ) : null,
  }
}

/** One action as a button, with its confirmation. */
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
  const runner = useActionRunner(orderId, view, definition, allowance)
  return (
    <>
      <Button
        size="small"
        variant={definition.variant}
        onClick={runner.start}
        disabled={runner.pending || !!runner.disabledReason}
        isLoading={!definition.Confirm && runner.pending}
        title={runner.disabledReason ?? undefined}
        data-action={definition.id}
        data-paused={runner.disabledReason ? "true" : undefined}
      >
        {definition.icon}
        {definition.label(t)}
      </Button>
      {runner.confirm}
    </>
  )
}
