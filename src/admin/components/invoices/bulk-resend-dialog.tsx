import { Alert, Button, Prompt, Text } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { ECPAY_PAUSED_CODE } from "../../../lib/ecpay-pause"
import { bulkResendEinvoices } from "../../hooks/use-einvoices"
import { AdminApiError } from "../../lib/admin-fetch"
import { failureText } from "../order/action-notify"
import { ConfirmButtons } from "../order/confirm-buttons"
import { formatTaipeiDateTime } from "../order/format"
import { refusalText } from "../order/labels"
import { emptySummary, failedChunk, resendInChunks, uniqueOrderIds, type BulkResendSummary, type ChunkAnswer } from "./bulk-resend-model"
import { orderLabel, type SelectedInvoice } from "./invoices-table"

type Phase = "confirm" | "running" | "done"

/**
 * Resends the notices of the selected invoices: a confirmation, then the orders in chunks of ten (the
 * server works through each chunk one by one) with the progress, then what was sent and what failed, why.
 */
export function BulkResendDialog({
  open,
  invoices,
  onOpenChange,
  onFinished,
}: {
  open: boolean
  invoices: SelectedInvoice[]
  onOpenChange: (open: boolean) => void
  /** After the last chunk answered (the page clears the selection, reloads the list). */
  onFinished: (summary: BulkResendSummary) => void
}) {
  const { t } = useTranslation()
  const [phase, setPhase] = useState<Phase>("confirm")
  const orderIds = uniqueOrderIds(invoices.map((invoice) => invoice.orderId))
  const [summary, setSummary] = useState<BulkResendSummary>(() => emptySummary(orderIds.length))
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  // Afresh each time the dialog opens, in that render (React's way to adjust state to a prop: an effect
  // would first render the last run's summary).
  const [openSeen, setOpenSeen] = useState(false)
  if (open !== openSeen) {
    setOpenSeen(open)
    if (open) {
      setPhase("confirm")
      setSummary(emptySummary(orderIds.length))
    }
  }

  const labels = new Map(
    invoices.map((invoice) => [
      invoice.orderId,
      [orderLabel(invoice.displayId, invoice.orderId), invoice.invoiceNumber].filter(Boolean).join(" · "),
    ])
  )

  /** One chunk: the server's answer, or, when the request itself was refused, every order in it failed. */
  const send = async (ids: string[]): Promise<ChunkAnswer> => {
    try {
      const response = await bulkResendEinvoices(ids)
      return { results: response.results, pausedUntil: response.ecpay_paused_until }
    } catch (error) {
      const refusal = error instanceof AdminApiError ? error : new AdminApiError(0, String(error))
      return {
        results: failedChunk(ids, { code: refusal.code ?? null, message: refusalText(t, refusal.code, refusal.message) }),
        pausedUntil: refusal.code === ECPAY_PAUSED_CODE ? (refusal.pausedUntil ?? null) : null,
      }
    }
  }

  const run = async () => {
    setPhase("running")
    setSummary(emptySummary(orderIds.length))
    const finished = await resendInChunks(
      orderIds,
      send,
      (current) => {
        if (mounted.current) {
          setSummary(current)
        }
        return mounted.current
      },
      (pausedUntil) => ({
        code: ECPAY_PAUSED_CODE,
        message: t("ecpayEinvoice.invoices.bulkResend.notSentPaused", { time: formatTaipeiDateTime(pausedUntil) }),
      })
    )
    if (finished) {
      setPhase("done")
      onFinished(finished)
    }
  }

  const failures = summary.results.filter((result) => !result.ok)
  const percent = summary.total ? Math.round((summary.done / summary.total) * 100) : 0

  return (
    <Prompt open={open} onOpenChange={(next) => phase !== "running" && onOpenChange(next)} variant="confirmation">
      <Prompt.Content className="max-h-[90vh] max-w-[520px] overflow-y-auto" data-ecpay-bulk-resend={phase}>
        <Prompt.Header>
          <Prompt.Title>
            {phase === "done"
              ? t("ecpayEinvoice.invoices.bulkResend.doneTitle")
              : t("ecpayEinvoice.invoices.bulkResend.title", { n: orderIds.length })}
          </Prompt.Title>
          <Prompt.Description>{t("ecpayEinvoice.invoices.bulkResend.description")}</Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-4 px-6 pt-4">
          {phase !== "confirm" ? (
            <div className="flex flex-col gap-y-2">
              <div
                className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={summary.total}
                aria-valuenow={summary.done}
              >
                <div className="bg-ui-fg-interactive h-full transition-[width]" style={{ width: `${percent}%` }} />
              </div>
              <Text size="small" className="text-ui-fg-subtle tabular-nums" data-ecpay-bulk-progress={`${summary.done}/${summary.total}`}>
                {phase === "running"
                  ? t("ecpayEinvoice.invoices.bulkResend.progress", { done: summary.done, total: summary.total })
                  : t("ecpayEinvoice.invoices.bulkResend.processed", { done: summary.done, total: summary.total })}
              </Text>
            </div>
          ) : null}
          {phase === "done" ? (
            <Alert
              variant={summary.failed ? (summary.sent ? "warning" : "error") : "success"}
              data-ecpay-bulk-summary
              data-sent={summary.sent}
              data-failed={summary.failed}
            >
              {t("ecpayEinvoice.invoices.bulkResend.summary", { sent: summary.sent, failed: summary.failed })}
            </Alert>
          ) : null}
          {failures.length ? (
            <ul className="flex flex-col gap-y-1" data-ecpay-bulk-failures>
              {failures.map((failure) => (
                <li key={failure.order_id} data-ecpay-bulk-failure={failure.order_id}>
                  <Text size="small" leading="compact" className="text-ui-fg-subtle break-words">
                    {t("ecpayEinvoice.invoices.bulkResend.failure", {
                      order: labels.get(failure.order_id) ?? failure.order_id,
                      reason:
                        (failure.error ? failureText(t, failure.error.code, failure.error.message) : "") ||
                        t("ecpayEinvoice.invoices.bulkResend.unknownOutcome", { outcome: failure.outcome ?? "-" }),
                    })}
                  </Text>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <Prompt.Footer>
          {phase === "done" ? (
            <Button type="button" size="small" variant="secondary" onClick={() => onOpenChange(false)} data-action="close">
              {t("ecpayEinvoice.invoices.bulkResend.close")}
            </Button>
          ) : (
            <ConfirmButtons
              isPending={phase === "running"}
              onCancel={() => onOpenChange(false)}
              confirmLabel={t("ecpayEinvoice.invoices.bulkResend.confirm")}
              confirmDisabled={!orderIds.length}
              onConfirm={run}
            />
          )}
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
