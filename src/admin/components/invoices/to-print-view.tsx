import { CheckCircle, DocumentText } from "@medusajs/icons"
import { Button, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { einvoiceListQueryKey, useEinvoiceList } from "../../hooks/use-einvoices"
import { formatTaipeiDateTime } from "../order/format"
import { BulkResendDialog } from "./bulk-resend-dialog"
import { ViewEmpty, ViewLoadError, ViewLoading } from "./view-states"
import { InvoicesTable, useInvoiceSelection } from "./invoices-table"
import { markedCount, useMarkPrinted } from "./mark-printed"

/** The server's largest page: the list shows this many, and says when there are more. */
export const TO_PRINT_LIMIT = 100

/** The query of the "To print" list (also read by the page for the tab's count). */
export const TO_PRINT_QUERY = { paper: "to_print", limit: TO_PRINT_LIMIT, offset: 0 } as const

/**
 * "To print": issued invoices of any period that need a paper proof and are not marked printed (printed
 * invoices, winning member-carrier invoices). The merchant selects them, gets ECPay's print pages in one
 * go (progress, then a link per invoice), prints, and marks them printed; or marks them printed directly.
 */
export function ToPrintView({ pausedUntil }: { pausedUntil: string | null }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const query = useEinvoiceList(TO_PRINT_QUERY)
  const [bulkOpen, setBulkOpen] = useState(false)
  const { mark, marking } = useMarkPrinted((answer) => markedCount(t, answer))

  const reload = () => queryClient.invalidateQueries({ queryKey: einvoiceListQueryKey })
  const { selected, setSelected, toggle, togglePage } = useInvoiceSelection(query.data?.einvoices ?? [])

  const markSelected = async () => {
    if (await mark(Array.from(selected.keys()))) {
      setSelected(new Map())
    }
    await reload()
  }

  if (query.isLoading) {
    return <ViewLoading marker="data-ecpay-to-print" />
  }
  const data = query.data
  if (!data) {
    return <ViewLoadError marker="data-ecpay-to-print" error={query.error} />
  }
  const rows = data.einvoices

  return (
    <div data-ecpay-to-print={rows.length ? "list" : "empty"} data-count={data.count}>
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle max-w-[640px]">
          {t("ecpayEinvoice.invoices.toPrint.description")}
        </Text>
        <div className="flex items-center gap-2">
          <Button
            size="small"
            variant="secondary"
            disabled={!selected.size || marking}
            isLoading={marking}
            onClick={markSelected}
            data-action="mark-printed"
            data-selected={selected.size}
          >
            <CheckCircle />
            {t("ecpayEinvoice.invoices.toPrint.markButton", { n: selected.size })}
          </Button>
          <Button
            size="small"
            variant="primary"
            disabled={!selected.size || !!pausedUntil}
            onClick={() => setBulkOpen(true)}
            title={pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : undefined}
            data-action="bulk-print"
            data-selected={selected.size}
          >
            <DocumentText />
            {selected.size
              ? t("ecpayEinvoice.invoices.toPrint.buttonCount", { n: selected.size })
              : t("ecpayEinvoice.invoices.toPrint.button")}
          </Button>
        </div>
      </div>
      {rows.length ? (
        <>
          <InvoicesTable rows={rows} selected={selected} onToggle={toggle} onTogglePage={togglePage} />
          {rows.length < data.count ? (
            <Text size="small" className="text-ui-fg-subtle px-6 py-3" data-ecpay-to-print-more>
              {t("ecpayEinvoice.invoices.toPrint.more", { shown: rows.length, total: data.count })}
            </Text>
          ) : null}
        </>
      ) : (
        <ViewEmpty marker="data-ecpay-to-print" text={t("ecpayEinvoice.invoices.toPrint.empty")} />
      )}
      <BulkResendDialog
        kind="print"
        open={bulkOpen}
        invoices={Array.from(selected.values())}
        onOpenChange={setBulkOpen}
        onFinished={() => undefined}
        onMarked={() => {
          setSelected(new Map())
          reload()
        }}
      />
    </div>
  )
}
