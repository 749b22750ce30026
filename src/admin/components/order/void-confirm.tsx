import { Alert } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { VoidInvoiceBody } from "../../lib/types"
import type { ActionConfirmProps } from "./action-registry"
import { DetailList, type DetailRow } from "./detail-list"
import { formatDeadline, formatTwd } from "./format"
import { ReasonPrompt } from "./reason-prompt"

/**
 * Before an issued invoice is voided: which invoice, until when it can be voided, that ECPay tells
 * the buyer, and the reason ECPay keeps (required, at most 20 characters).
 */
export function VoidConfirm(props: ActionConfirmProps) {
  const { t } = useTranslation()
  const view = props.view
  const invoice = view.invoice
  const after = view.after_issue
  const email = after?.buyer_email ?? invoice?.buyer_email ?? null

  const rows: DetailRow[] = []
  if (invoice?.invoice_number) {
    rows.push({ field: "invoice_number", label: t("ecpayEinvoice.order.fields.number"), value: invoice.invoice_number })
    rows.push({ field: "amount", label: t("ecpayEinvoice.order.fields.amount"), value: formatTwd(invoice.total) })
  }
  if (after) {
    rows.push({ field: "period", label: t("ecpayEinvoice.order.afterIssue.period"), value: after.period })
    rows.push({
      field: "void_deadline",
      label: t("ecpayEinvoice.order.afterIssue.voidDeadline"),
      value: t("ecpayEinvoice.order.values.taipeiTime", { time: formatDeadline(after.void_deadline) }),
    })
  }

  return (
    <ReasonPrompt
      confirm={props}
      title={t("ecpayEinvoice.order.voidConfirm.title", { number: invoice?.invoice_number ?? "" })}
      description={t("ecpayEinvoice.order.voidConfirm.description")}
      submitLabel={t("ecpayEinvoice.order.voidConfirm.submit")}
      reasonId="ecpay-void-reason"
      reasonPlaceholder={t("ecpayEinvoice.order.voidConfirm.reasonPlaceholder")}
      inputOf={(reason) => ({ reason }) satisfies VoidInvoiceBody}
    >
      <DetailList rows={rows} />
      <Alert variant="warning" data-ecpay-void-notice>
        {email ? t("ecpayEinvoice.order.voidConfirm.notifiesBuyerAt", { email }) : t("ecpayEinvoice.order.voidConfirm.notifiesBuyer")}
      </Alert>
    </ReasonPrompt>
  )
}
