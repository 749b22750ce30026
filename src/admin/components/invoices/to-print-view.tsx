import { CheckCircle, DocumentText } from "@medusajs/icons"
import { Alert, Button, Skeleton, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { einvoiceListQueryKey, useEinvoiceList } from "../../hooks/use-einvoices"
import { formatTaipeiDateTime } from "../order/format"
import { refusalText } from "../order/labels"
import { BulkResendDialog } from "./bulk-resend-dialog"
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
    return (
      <div className="flex flex-col gap-y-3 px-6 py-4" aria-busy="true" data-ecpay-to-print="loading">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} className="h-6 w-full" />
        ))}
      </div>
    )
  }
  const data = query.data
  if (!data) {
    return (
      <div className="px-6 py-4" data-ecpay-to-print="error">
        <Alert variant="error">
          {t("ecpayEinvoice.invoices.loadError", { message: query.error ? refusalText(t, query.error.code, query.error.message) : "" })}
        </Alert>
      </div>
    )
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
        <div className="flex flex-col items-center gap-y-1 px-6 py-10 text-center" data-ecpay-to-print-empty>
          <Text size="small" weight="plus">
            {t("ecpayEinvoice.invoices.toPrint.empty")}
          </Text>
        </div>
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
