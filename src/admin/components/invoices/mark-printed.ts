// "Mark printed" from the card's print dialog, the bulk print dialog and the "To print" list: one request,
// one way to say how it went.
import { toast } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { markEinvoicesPrinted } from "../../hooks/use-einvoices"
import { AdminApiError } from "../../lib/admin-fetch"
import type { MarkPrintedResponse } from "../../lib/types"
import { refusalText } from "../order/labels"

/**
 * Marks invoices printed and toasts the outcome: `success(answer)` words it (nothing when it answers
 * null: the invoices needed no paper), a refusal is said with its reason. Answers whether it succeeded.
 */
export function useMarkPrinted(success: (answer: MarkPrintedResponse) => string | null) {
  const { t } = useTranslation()
  const [marking, setMarking] = useState(false)
  const mark = async (invoiceIds: string[]): Promise<boolean> => {
    setMarking(true)
    try {
      const answer = await markEinvoicesPrinted(invoiceIds)
      const text = success(answer)
      if (text === null) {
        toast.error(t("ecpayEinvoice.order.printDialog.markFailed", { message: refusalText(t, "invoice_not_printable", "") }))
        return false
      }
      toast.success(text)
      return true
    } catch (error) {
      const refusal = error instanceof AdminApiError ? error : new AdminApiError(0, String(error))
      toast.error(t("ecpayEinvoice.order.printDialog.markFailed", { message: refusalText(t, refusal.code, refusal.message) }))
      return false
    } finally {
      setMarking(false)
    }
  }
  return { mark, marking }
}

/** "Marked printed: n", counting those marked earlier too (their first mark stays). */
export function markedCount(t: ReturnType<typeof useTranslation>["t"], answer: MarkPrintedResponse): string {
  return t("ecpayEinvoice.invoices.toPrint.marked", { marked: answer.summary.marked + answer.summary.already_printed })
}
