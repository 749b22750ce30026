import { ArrowDownTray, Envelope } from "@medusajs/icons"
import { Alert, Badge, Button, Container, Heading, Input, Skeleton, Table, Tabs, Text, clx, toast } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router-dom"
import { einvoiceListQueryKey, exportEinvoices, useEinvoiceAttention, useEinvoiceList, type ExportKind } from "../../hooks/use-einvoices"
import { saveBlob } from "../../lib/admin-fetch"
import { exportFileName, parsePeriodLabel, recentPeriods } from "../../lib/invoice-periods"
import type { EinvoiceStatus } from "../../lib/types"
import { EcpayPauseNotice, useEcpayPaused } from "../ecpay-pause-notice"
import { formatTaipeiDateTime } from "../order/format"
import { refusalText, type Translate } from "../order/labels"
import { SelectInput } from "../settings/select-input"
import { AttentionView } from "./attention-view"
import { BulkResendDialog } from "./bulk-resend-dialog"
import { keepFailed } from "./bulk-resend-model"
import { InvoicesTable, useInvoiceSelection } from "./invoices-table"
import { TO_PRINT_QUERY, ToPrintView } from "./to-print-view"

export const PAGE_SIZE = 20
const STATUSES: EinvoiceStatus[] = ["issued", "voided", "pending", "failed", "skipped"]
/** The select's value for "no filter" (a Radix select item cannot have an empty value). */
const ALL = "all"

/** "Nov–Dec 2026" / "2026 11–12月" for a period label such as "2026-11/12". */
export function periodName(t: Translate, label: string): string {
  const period = parsePeriodLabel(label)
  return period ? t(`ecpayEinvoice.invoices.periods.${period.term}`, { year: period.year }) : label
}

/**
 * The invoices page: the store's invoices by status and bimonthly period (the current
 * one unless another is chosen), a search by number or order, pages of 20, the period's CSV for the VAT
 * filing, and the notices resent for the selected invoices; and, as a second view with its count, what
 * needs attention whatever the period (AttentionView). Filters and the view live in the URL.
 */
export function InvoicesView() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [params, setParams] = useSearchParams()
  const periods = useMemo(() => recentPeriods(new Date(), 6), [])
  const currentPeriod = periods[0].label

  const status = (STATUSES as string[]).includes(params.get("status") ?? "") ? (params.get("status") as EinvoiceStatus) : undefined
  const periodParam = params.get("period")
  const period = periodParam === ALL ? undefined : periodParam && parsePeriodLabel(periodParam) ? periodParam : currentPeriod
  const q = (params.get("q") ?? "").trim()
  const offset = Math.max(0, Number.parseInt(params.get("offset") ?? "0", 10) || 0)

  const viewParam = params.get("view")
  const view = viewParam === "attention" || viewParam === "to_print" ? viewParam : "all"
  const award = params.get("award") === "winning" ? "winning" : undefined

  const query = useEinvoiceList({ status, period, q: q || undefined, award, limit: PAGE_SIZE, offset })
  const attention = useEinvoiceAttention()
  const toPrint = useEinvoiceList(TO_PRINT_QUERY)

  /** Changes filters (and goes back to the first page unless the offset is what changes). */
  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") {
            next.delete(key)
          } else {
            next.set(key, value)
          }
        }
        if (!("offset" in changes)) {
          next.delete("offset")
        }
        return next
      },
      { replace: true }
    )
  }

  // The search box writes to the URL a moment after the merchant stops typing.
  const [search, setSearch] = useState(q)
  const written = useRef(q)
  const writeSearch = (value: string) => {
    written.current = value
    update({ q: value || null })
  }
  useEffect(() => {
    // Only a change from elsewhere (back button, a link) replaces what is in the box.
    if (q !== written.current) {
      written.current = q
      setSearch(q)
    }
  }, [q])
  useEffect(() => {
    if (search.trim() === q) {
      return
    }
    const timer = window.setTimeout(() => writeSearch(search.trim()), 350)
    return () => window.clearTimeout(timer)
    // On a change of the box only: `writeSearch` is a new function each render (listed, it would restart
    // the delay at every render, a list reload's too), and a change of `q` from elsewhere changes the box.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search])

  const { selected, setSelected, toggle, togglePage } = useInvoiceSelection(query.data?.einvoices ?? [])
  const [bulkOpen, setBulkOpen] = useState(false)

  const [exporting, setExporting] = useState<ExportKind | null>(null)
  const exportCsv = async (kind: ExportKind) => {
    if (!period || exporting) {
      return
    }
    setExporting(kind)
    try {
      const file = await exportEinvoices(period, kind)
      saveBlob(file.blob, file.filename ?? exportFileName(period, kind))
      toast.success(
        t(kind === "allowances" ? "ecpayEinvoice.invoices.export.allowancesDone" : "ecpayEinvoice.invoices.export.done", {
          period: periodName(t, period),
        })
      )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const code = (error as { code?: string }).code
      toast.error(t("ecpayEinvoice.invoices.export.failed", { message: refusalText(t, code, message) }))
    } finally {
      setExporting(null)
    }
  }

  const data = query.data
  const rows = data?.einvoices ?? []
  // Resending calls ECPay: not while ECPay is paused store-wide.
  const pausedUntil = useEcpayPaused(data?.ecpay_paused_until ?? attention.data?.ecpay_paused_until ?? null)
  const attentionCount = attention.data?.counts.total
  const toPrintCount = toPrint.data?.count
  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const pageIndex = Math.floor(offset / PAGE_SIZE)
  const filtered = !!status || !!q || !!period || !!award

  const periodOptions = [
    ...periods.map((entry) => ({ value: entry.label, label: periodName(t, entry.label) })),
    // A period picked elsewhere (an older one in the URL) stays choosable.
    ...(period && !periods.some((entry) => entry.label === period) ? [{ value: period, label: periodName(t, period) }] : []),
    { value: ALL, label: t("ecpayEinvoice.invoices.filters.allPeriods") },
  ]

  return (
    <Container className="divide-y p-0" data-ecpay-invoices-page>
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">{t("ecpayEinvoice.invoices.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.invoices.description")}
          </Text>
        </div>
        <div className={clx("flex flex-wrap items-center gap-2", view !== "all" && "hidden")}>
          <Button
            size="small"
            variant="secondary"
            disabled={!period || !!exporting}
            isLoading={exporting === "invoices"}
            onClick={() => exportCsv("invoices")}
            title={period ? undefined : t("ecpayEinvoice.invoices.export.needsPeriod")}
            data-action="export-csv"
            data-period={period ?? ""}
          >
            <ArrowDownTray />
            {t("ecpayEinvoice.invoices.export.button")}
          </Button>
          <Button
            size="small"
            variant="secondary"
            disabled={!period || !!exporting}
            isLoading={exporting === "allowances"}
            onClick={() => exportCsv("allowances")}
            title={period ? t("ecpayEinvoice.invoices.export.allowancesHint") : t("ecpayEinvoice.invoices.export.needsPeriod")}
            data-action="export-allowances-csv"
            data-period={period ?? ""}
          >
            <ArrowDownTray />
            {t("ecpayEinvoice.invoices.export.allowancesButton")}
          </Button>
          <Button
            size="small"
            variant="secondary"
            disabled={!selected.size || !!pausedUntil}
            onClick={() => setBulkOpen(true)}
            title={pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : undefined}
            data-action="bulk-resend"
            data-selected={selected.size}
            data-paused={pausedUntil ? "true" : undefined}
          >
            <Envelope />
            {selected.size
              ? t("ecpayEinvoice.invoices.bulkResend.buttonCount", { n: selected.size })
              : t("ecpayEinvoice.invoices.bulkResend.button")}
          </Button>
        </div>
      </div>

      <div className="px-6 py-3" data-ecpay-invoices-views>
        <Tabs value={view} onValueChange={(value) => update({ view: value === "attention" || value === "to_print" ? value : null })}>
          <Tabs.List>
            <Tabs.Trigger value="all" data-view="all">
              {t("ecpayEinvoice.invoices.views.all")}
            </Tabs.Trigger>
            <Tabs.Trigger value="attention" data-view="attention">
              {t("ecpayEinvoice.invoices.views.attention")}
              {attentionCount ? (
                <Badge size="2xsmall" color="red" className="ml-2" data-ecpay-attention-count={attentionCount}>
                  {attentionCount}
                </Badge>
              ) : null}
            </Tabs.Trigger>
            <Tabs.Trigger value="to_print" data-view="to_print">
              {t("ecpayEinvoice.invoices.views.toPrint")}
              {toPrintCount ? (
                <Badge size="2xsmall" color="orange" className="ml-2" data-ecpay-to-print-count={toPrintCount}>
                  {toPrintCount}
                </Badge>
              ) : null}
            </Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      </div>

      {pausedUntil ? (
        <div className="px-6 py-4">
          <EcpayPauseNotice until={pausedUntil} />
        </div>
      ) : null}

      {view === "attention" ? <AttentionView pausedUntil={pausedUntil} /> : null}
      {view === "to_print" ? <ToPrintView pausedUntil={pausedUntil} /> : null}

      <div className={clx("flex flex-wrap items-end gap-3 px-6 py-4", view !== "all" && "hidden")} data-ecpay-invoices-filters>
        <FilterField filter="status" label={t("ecpayEinvoice.invoices.filters.status")} className="w-[180px]">
          <SelectInput
            id="ecpay-invoices-status"
            value={status ?? ALL}
            options={[
              { value: ALL, label: t("ecpayEinvoice.invoices.filters.allStatuses") },
              ...STATUSES.map((value) => ({ value, label: t(`ecpayEinvoice.order.status.${value}`) })),
            ]}
            onChange={(value) => update({ status: value === ALL ? null : value })}
          />
        </FilterField>
        <FilterField filter="period" label={t("ecpayEinvoice.invoices.filters.period")} className="w-[200px]">
          <SelectInput
            id="ecpay-invoices-period"
            value={period ?? ALL}
            options={periodOptions}
            onChange={(value) => update({ period: value === currentPeriod ? null : value })}
          />
        </FilterField>
        <FilterField filter="award" label={t("ecpayEinvoice.invoices.filters.award")} className="w-[180px]">
          <SelectInput
            id="ecpay-invoices-award"
            value={award ?? ALL}
            options={[
              { value: ALL, label: t("ecpayEinvoice.invoices.filters.allAwards") },
              { value: "winning", label: t("ecpayEinvoice.invoices.filters.winning") },
            ]}
            onChange={(value) => update({ award: value === ALL ? null : value })}
          />
        </FilterField>
        <FilterField filter="q" label={t("ecpayEinvoice.invoices.filters.search")} className="min-w-[240px] flex-1">
          <Input
            type="search"
            name="q"
            value={search}
            maxLength={60}
            placeholder={t("ecpayEinvoice.invoices.filters.searchPlaceholder")}
            aria-label={t("ecpayEinvoice.invoices.filters.search")}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                writeSearch(search.trim())
              }
            }}
          />
        </FilterField>
      </div>

      {view === "all" ? (
        <>
          {selected.size ? (
            <div className="bg-ui-bg-subtle flex items-center justify-between gap-x-4 px-6 py-2" data-ecpay-selection={selected.size}>
              <Text size="small" className="text-ui-fg-subtle">
                {t("ecpayEinvoice.invoices.selection.count", { n: selected.size })}
              </Text>
              <Button size="small" variant="transparent" onClick={() => setSelected(new Map())} data-action="clear-selection">
                {t("ecpayEinvoice.invoices.selection.clear")}
              </Button>
            </div>
          ) : null}

          {query.isLoading ? (
            <div
              className="flex flex-col gap-y-3 px-6 py-4"
              aria-busy="true"
              aria-label={t("ecpayEinvoice.invoices.loading")}
              data-ecpay-invoices="loading"
            >
              {Array.from({ length: 5 }, (_, index) => (
                <Skeleton key={index} className="h-6 w-full" />
              ))}
            </div>
          ) : !data ? (
            <div className="flex flex-col gap-y-3 px-6 py-4" data-ecpay-invoices="error">
              <Alert variant="error" data-ecpay-invoices-error>
                {t("ecpayEinvoice.invoices.loadError", {
                  message: query.error ? refusalText(t, query.error.code, query.error.message) : "",
                })}
              </Alert>
              <div>
                <Button size="small" variant="secondary" onClick={() => query.refetch()} data-action="retry">
                  {t("ecpayEinvoice.invoices.retry")}
                </Button>
              </div>
            </div>
          ) : (
            <div data-ecpay-invoices={rows.length ? "list" : "empty"} data-count={count} aria-busy={query.isFetching}>
              {query.error ? (
                <div className="px-6 py-3">
                  <Alert variant="warning" data-ecpay-invoices-error>
                    {t("ecpayEinvoice.invoices.loadError", { message: refusalText(t, query.error.code, query.error.message) })}
                  </Alert>
                </div>
              ) : null}
              {rows.length ? (
                <>
                  <InvoicesTable rows={rows} selected={selected} onToggle={toggle} onTogglePage={togglePage} />
                  <Table.Pagination
                    count={count}
                    pageSize={PAGE_SIZE}
                    pageIndex={pageIndex}
                    pageCount={pageCount}
                    canPreviousPage={pageIndex > 0}
                    canNextPage={pageIndex + 1 < pageCount}
                    previousPage={() => update({ offset: String(Math.max(0, offset - PAGE_SIZE)) })}
                    nextPage={() => update({ offset: String(offset + PAGE_SIZE) })}
                    translations={{
                      of: t("ecpayEinvoice.invoices.pagination.of"),
                      results: t("ecpayEinvoice.invoices.pagination.results"),
                      pages: t("ecpayEinvoice.invoices.pagination.pages"),
                      prev: t("ecpayEinvoice.invoices.pagination.prev"),
                      next: t("ecpayEinvoice.invoices.pagination.next"),
                    }}
                    data-ecpay-pagination
                  />
                </>
              ) : (
                <div className="flex flex-col items-center gap-y-1 px-6 py-10 text-center" data-ecpay-invoices-empty>
                  <Text size="small" weight="plus">
                    {t("ecpayEinvoice.invoices.empty.title")}
                  </Text>
                  <Text size="small" className="text-ui-fg-subtle">
                    {offset > 0
                      ? t("ecpayEinvoice.invoices.empty.pastEnd")
                      : filtered
                        ? period && !status && !q
                          ? t("ecpayEinvoice.invoices.empty.period", { period: periodName(t, period) })
                          : t("ecpayEinvoice.invoices.empty.filtered")
                        : t("ecpayEinvoice.invoices.empty.none")}
                  </Text>
                  {offset > 0 ? (
                    <Button size="small" variant="transparent" onClick={() => update({ offset: null })} data-action="first-page">
                      {t("ecpayEinvoice.invoices.pagination.first")}
                    </Button>
                  ) : null}
                </div>
              )}
            </div>
          )}
        </>
      ) : null}

      <BulkResendDialog
        open={bulkOpen}
        invoices={Array.from(selected.values())}
        onOpenChange={setBulkOpen}
        onFinished={(summary) => {
          setSelected((current) => keepFailed(current, summary))
          queryClient.invalidateQueries({ queryKey: einvoiceListQueryKey })
        }}
      />
    </Container>
  )
}

/** One filter above the list: its small label over the control; `data-filter` names it for the tests. */
function FilterField({ filter, label, className, children }: { filter: string; label: string; className: string; children: ReactNode }) {
  return (
    <div className={clx("flex flex-col gap-y-1", className)} data-filter={filter}>
      <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      {children}
    </div>
  )
}
