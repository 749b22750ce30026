import { Alert, Button, Prompt } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { useTranslation } from "react-i18next"
import type { ActionConfirmProps } from "./action-registry"
import { REASON_MAX, charCount } from "./allowance-form-model"
import { DetailList } from "./detail-list"
import { formatTwd } from "./format"
import { agreementLabel, refusalText } from "./labels"
import { ReasonField, fieldError } from "./reason-field"

/** What the allowance void / cancel confirmation passes to the request. */
export interface AllowanceVoidInput {
  allowance_id: string
  reason: string
}

/**
 * Before an allowance is voided (an issued one) or cancelled (an online one still awaiting the
 * buyer's agreement): which allowance, what follows, and the reason ECPay keeps.
 */
export function AllowanceVoidConfirm({ action, allowance, open, onOpenChange, onConfirm, isPending, error }: ActionConfirmProps) {
  const { t } = useTranslation()
  const [reason, setReason] = useState("")
  useEffect(() => {
    if (open) {
      setReason("")
    }
  }, [open])

  if (!allowance) {
    return null
  }
  const cancel = action === "allowance-cancel"
  const group = cancel ? "allowanceCancelConfirm" : "allowanceVoidConfirm"
  const trimmed = reason.trim()
  const valid = trimmed.length > 0 && charCount(trimmed) <= REASON_MAX
  const reasonError = fieldError(error?.errors, "reason")
  const generalError = error && !reasonError ? refusalText(t, error.code, error.message) : null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (valid && !isPending) {
      onConfirm({ allowance_id: allowance.id, reason: trimmed } satisfies AllowanceVoidInput)
    }
  }

  return (
    <Prompt open={open} onOpenChange={(next) => !isPending && onOpenChange(next)} variant="danger">
      <Prompt.Content className="max-h-[90vh] max-w-[480px] overflow-y-auto" data-ecpay-confirm={action} data-ecpay-allowance={allowance.id}>
        <form onSubmit={submit} noValidate>
          <Prompt.Header>
            <Prompt.Title>
              {t(`ecpayEinvoice.order.${group}.title`, { number: allowance.allowance_number ?? "" })}
            </Prompt.Title>
            <Prompt.Description>{t(`ecpayEinvoice.order.${group}.description`)}</Prompt.Description>
          </Prompt.Header>
          <div className="flex flex-col gap-y-4 px-6 pt-4">
            <DetailList
              rows={[
                { field: "amount", label: t("ecpayEinvoice.order.allowances.amount"), value: formatTwd(allowance.amount) },
                { field: "agreement", label: t("ecpayEinvoice.order.allowances.agreementLabel"), value: agreementLabel(t, allowance.agreement) },
              ]}
            />
            <ReasonField
              id="ecpay-allowance-void-reason"
              label={t("ecpayEinvoice.order.voidConfirm.reason")}
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
              {t(`ecpayEinvoice.order.${group}.submit`)}
            </Button>
          </Prompt.Footer>
        </form>
      </Prompt.Content>
    </Prompt>
  )
}
