import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Alert, Button, Prompt, Text, toast } from "@medusajs/ui"
import { useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { ECPAY_PAUSED_CODE } from "../../../lib/ecpay-pause"
import { bulkIssueEinvoices, bulkPrintEinvoices, bulkResendEinvoices } from "../../hooks/use-einvoices"
import { AdminApiError } from "../../lib/admin-fetch"
import type { BulkPrintResult } from "../../lib/types"
import { failureText } from "../order/action-notify"
import { ConfirmButtons } from "../order/confirm-buttons"
import { formatTaipeiDateTime } from "../order/format"
import { refusalText } from "../order/labels"
import { emptySummary, failedChunk, resendInChunks, uniqueOrderIds, type BulkResendSummary, type ChunkAnswer } from "./bulk-resend-model"
import { orderLabel, type SelectedInvoice } from "./invoices-table"
import { markedCount, useMarkPrinted } from "./mark-printed"

type Phase = "confirm" | "running" | "done"

/** What the dialog does to each order: resend its invoice's notice, issue (or retry) its invoice, or get its print page. */
export type BulkKind = "resend" | "issue" | "print"

const KEYS: Record<BulkKind, string> = { resend: "bulkResend", issue: "bulkIssue", print: "bulkPrint" }

/** The answer of one chunk, whatever the action: issuing's results read as resending's (status as the outcome). */
async function sendChunk(kind: BulkKind, ids: string[]): Promise<ChunkAnswer> {
  if (kind === "resend") {
    const response = await bulkResendEinvoices(ids)
    return { results: response.results, pausedUntil: response.ecpay_paused_until }
  }
  if (kind === "print") {
    // Each result keeps its print_url and invoice_id (BulkPrintResult) for the links and the printed mark.
    const response = await bulkPrintEinvoices(ids)
    return { results: response.results, pausedUntil: response.ecpay_paused_until }
  }
  const response = await bulkIssueEinvoices(ids)
  return {
    results: response.results.map((result) => ({
      order_id: result.order_id,
      ok: result.ok,
      outcome: result.status,
      invoice_number: result.invoice_number,
      error: result.error,
    })),
    pausedUntil: response.ecpay_paused_until,
  }
}

/**
 * Resends the notices of the selected invoices, or issues (retries) the selected orders' invoices: a
 * confirmation, then the orders in chunks of ten (the server works through each chunk one by one) with
 * the progress, then what was done and what failed, why.
 */
export function BulkResendDialog({
  kind = "resend",
  open,
  invoices,
  onOpenChange,
  onFinished,
  onMarked,
}: {
  kind?: BulkKind
  open: boolean
  invoices: SelectedInvoice[]
  onOpenChange: (open: boolean) => void
  /** After the last chunk answered and the summary was toasted (the page updates its selection, reloads its list). */
  onFinished: (summary: BulkResendSummary) => void
  /** print: after the merchant marked the printed invoices (the page reloads its list). */
  onMarked?: () => void
}) {
  const { t } = useTranslation()
  const key = (name: string) => `ecpayEinvoice.invoices.${KEYS[kind]}.${name}`
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
      return await sendChunk(kind, ids)
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
        message: t(key("notSentPaused"), { time: formatTaipeiDateTime(pausedUntil) }),
      })
    )
    if (finished) {
      setPhase("done")
      const text = t(key("summary"), { sent: finished.sent, failed: finished.failed })
      if (finished.failed) {
        toast.warning(text)
      } else {
        toast.success(text)
      }
      onFinished(finished)
    }
  }

  const failures = summary.results.filter((result) => !result.ok)
  const printed = kind === "print" ? (summary.results.filter((result) => result.ok) as BulkPrintResult[]) : []
  const { mark, marking } = useMarkPrinted((answer) => markedCount(t, answer))
  /** After printing: marks the invoices whose pages were got as printed, and closes. */
  const markPrinted = async () => {
    if (await mark(printed.map((result) => result.invoice_id).filter((id): id is string => !!id))) {
      onMarked?.()
      onOpenChange(false)
    }
  }
  const percent = summary.total ? Math.round((summary.done / summary.total) * 100) : 0

  return (
    <Prompt open={open} onOpenChange={(next) => phase !== "running" && onOpenChange(next)} variant="confirmation">
      <Prompt.Content className="max-h-[90vh] max-w-[520px] overflow-y-auto" data-ecpay-bulk-resend={phase} data-ecpay-bulk-kind={kind}>
        <Prompt.Header>
          <Prompt.Title>{phase === "done" ? t(key("doneTitle")) : t(key("title"), { n: orderIds.length })}</Prompt.Title>
          <Prompt.Description>{t(key("description"))}</Prompt.Description>
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
                  ? t(key("progress"), { done: summary.done, total: summary.total })
                  : t(key("processed"), { done: summary.done, total: summary.total })}
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
              {t(key("summary"), { sent: summary.sent, failed: summary.failed })}
            </Alert>
          ) : null}
          {printed.length ? (
            <ul className="flex flex-col gap-y-1" data-ecpay-bulk-print-links>
              {printed.map((result) => (
                <li key={result.order_id}>
                  <a
                    href={result.print_url ?? undefined}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover inline-flex items-center gap-x-1"
                    data-ecpay-print-link={result.order_id}
                  >
                    {t(key("open"), { label: labels.get(result.order_id) ?? result.order_id })}
                    <ArrowUpRightOnBox />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {failures.length ? (
            <ul className="flex flex-col gap-y-1" data-ecpay-bulk-failures>
              {failures.map((failure) => (
                <li key={failure.order_id} data-ecpay-bulk-failure={failure.order_id}>
                  <Text size="small" leading="compact" className="text-ui-fg-subtle break-words">
                    {t(key("failure"), {
                      order: labels.get(failure.order_id) ?? failure.order_id,
                      reason:
                        (failure.error ? failureText(t, failure.error.code, failure.error.message) : "") ||
                        t(key("unknownOutcome"), { outcome: failure.outcome ?? "-" }),
                    })}
                  </Text>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <Prompt.Footer>
          {phase === "done" ? (
            <>
              {printed.length ? (
                <Button
                  type="button"
                  size="small"
                  variant="primary"
                  isLoading={marking}
                  onClick={markPrinted}
                  data-action="bulk-mark-printed"
                >
                  {t(key("markPrinted"), { n: printed.length })}
                </Button>
              ) : null}
              <Button
                type="button"
                size="small"
                variant="secondary"
                disabled={marking}
                onClick={() => onOpenChange(false)}
                data-action="close"
              >
                {t(key("close"))}
              </Button>
            </>
          ) : (
            <ConfirmButtons
              isPending={phase === "running"}
              onCancel={() => onOpenChange(false)}
              confirmLabel={t(key("confirm"))}
              confirmDisabled={!orderIds.length}
              onConfirm={run}
            />
          )}
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
