import { Alert, Button, Prompt } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { useTranslation } from "react-i18next"
import type { VoidInvoiceBody } from "../../lib/types"
import type { ActionConfirmProps } from "./action-registry"
import { REASON_MAX, charCount } from "./allowance-form-model"
import { DetailList, type DetailRow } from "./detail-list"
import { formatDeadline, formatTwd } from "./format"
import { refusalText } from "./labels"
import { ReasonField, fieldError } from "./reason-field"

/**
 * Before an issued invoice is voided: which invoice, until when it can be voided, that ECPay tells
 * the buyer, and the reason ECPay keeps (required, at most 20 characters).
 */
export function VoidConfirm({ action, view, open, onOpenChange, onConfirm, isPending, error }: ActionConfirmProps) {
  const { t } = useTranslation()
  const [reason, setReason] = useState("")
  useEffect(() => {
    if (open) {
      setReason("")
    }
  }, [open])

  const invoice = view.invoice
  const after = view.after_issue
  const trimmed = reason.trim()
  const valid = trimmed.length > 0 && charCount(trimmed) <= REASON_MAX
  const reasonError = fieldError(error?.errors, "reason")
  const generalError = error && !reasonError ? refusalText(t, error.code, error.message) : null
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

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (valid && !isPending) {
      onConfirm({ reason: trimmed } satisfies VoidInvoiceBody)
    }
  }

  return (
    <Prompt open={open} onOpenChange={(next) => !isPending && onOpenChange(next)} variant="danger">
      <Prompt.Content className="max-h-[90vh] max-w-[480px] overflow-y-auto" data-ecpay-confirm={action}>
        <form onSubmit={submit} noValidate>
          <Prompt.Header>
            <Prompt.Title>{t("ecpayEinvoice.order.voidConfirm.title", { number: invoice?.invoice_number ?? "" })}</Prompt.Title>
            <Prompt.Description>{t("ecpayEinvoice.order.voidConfirm.description")}</Prompt.Description>
          </Prompt.Header>
          <div className="flex flex-col gap-y-4 px-6 pt-4">
            <DetailList rows={rows} />
            <Alert variant="warning" data-ecpay-void-notice>
              {email
                ? t("ecpayEinvoice.order.voidConfirm.notifiesBuyerAt", { email })
                : t("ecpayEinvoice.order.voidConfirm.notifiesBuyer")}
            </Alert>
            <ReasonField
              id="ecpay-void-reason"
              label={t("ecpayEinvoice.order.voidConfirm.reason")}
              placeholder={t("ecpayEinvoice.order.voidConfirm.reasonPlaceholder")}
              value={reason}
              onChange={setReason}
              required
              autoFocus
              error={reasonError}
            />
            {generalError ? (
              <Alert variant="error" data-ecpay-form-error>
                {generalError}
              </Alert>
            ) : null}
          </div>
          <Prompt.Footer>
            <Button type="button" size="small" variant="secondary" disabled={isPending} onClick={() => onOpenChange(false)} data-action="cancel">
              {t("ecpayEinvoice.order.confirm.cancel")}
            </Button>
            <Button type="submit" size="small" variant="danger" isLoading={isPending} disabled={!valid} data-action="confirm">
              {t("ecpayEinvoice.order.voidConfirm.submit")}
            </Button>
          </Prompt.Footer>
        </form>
      </Prompt.Content>
    </Prompt>
  )
}
