import { Alert, Button, Hint, Input, Label, Prompt } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { useTranslation } from "react-i18next"
import type { ResendBody } from "../../lib/types"
import type { ActionConfirmProps } from "./action-registry"
import { isEmailList } from "./allowance-form-model"
import { refusalText } from "./labels"
import { fieldError } from "./reason-field"

/**
 * Before ECPay sends the invoice's notice again (the issue notice, or the void notice of a voided
 * invoice): to the buyer's e-mail, or to another address.
 */
export function ResendConfirm({ action, view, open, onOpenChange, onConfirm, isPending, error }: ActionConfirmProps) {
  const { t } = useTranslation()
  const invoice = view.invoice
  const buyerEmail = view.after_issue?.buyer_email ?? invoice?.buyer_email ?? ""
  const [email, setEmail] = useState(buyerEmail)
  useEffect(() => {
    if (open) {
      setEmail(buyerEmail)
    }
  }, [open, buyerEmail])

  const trimmed = email.trim()
  // Empty: the server sends to the buyer's e-mail (so only an invoice without one needs an address).
  const problem = !trimmed
    ? buyerEmail
      ? null
      : t("ecpayEinvoice.order.allowanceForm.errors.emailRequired")
    : !isEmailList(trimmed)
      ? t("ecpayEinvoice.order.allowanceForm.errors.emailInvalid")
      : null
  const serverFieldError = fieldError(error?.errors, "email")
  const generalError = error && !serverFieldError ? refusalText(t, error.code, error.message) : null
  const shownError = serverFieldError ?? (trimmed ? problem : null)
  const voided = invoice?.status === "voided"

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!problem && !isPending) {
      onConfirm((trimmed ? { email: trimmed } : {}) satisfies ResendBody)
    }
  }

  return (
    <Prompt open={open} onOpenChange={(next) => !isPending && onOpenChange(next)} variant="confirmation">
      <Prompt.Content className="max-h-[90vh] max-w-[480px] overflow-y-auto" data-ecpay-confirm={action}>
        <form onSubmit={submit} noValidate>
          <Prompt.Header>
            <Prompt.Title>{t("ecpayEinvoice.order.resendConfirm.title", { number: invoice?.invoice_number ?? "" })}</Prompt.Title>
            <Prompt.Description>
              {voided ? t("ecpayEinvoice.order.resendConfirm.descriptionVoided") : t("ecpayEinvoice.order.resendConfirm.description")}
            </Prompt.Description>
          </Prompt.Header>
          <div className="flex flex-col gap-y-4 px-6 pt-4">
            <div className="flex flex-col gap-y-2" data-field="email">
              <Label htmlFor="ecpay-resend-email" size="small" weight="plus">
                {t("ecpayEinvoice.order.resendConfirm.email")}
              </Label>
              <Input
                id="ecpay-resend-email"
                name="email"
                inputMode="email"
                autoComplete="off"
                value={email}
                aria-invalid={shownError ? true : undefined}
                onChange={(event) => setEmail(event.target.value)}
              />
              {shownError ? (
                <Hint variant="error" role="alert" data-error-for="email">
                  {shownError}
                </Hint>
              ) : (
                <Hint>
                  {buyerEmail
                    ? t("ecpayEinvoice.order.resendConfirm.emailHint")
                    : t("ecpayEinvoice.order.resendConfirm.noBuyerEmail")}
                </Hint>
              )}
            </div>
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
            <Button type="submit" size="small" variant="primary" isLoading={isPending} disabled={!!problem} data-action="confirm">
              {t("ecpayEinvoice.order.resendConfirm.submit")}
            </Button>
          </Prompt.Footer>
        </form>
      </Prompt.Content>
    </Prompt>
  )
}
