import { Hint, Input, Label } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { ResendBody } from "../../lib/types"
import { ActionPrompt, refusalMessages } from "./action-prompt"
import type { ActionConfirmProps } from "./action-registry"
import { isEmailList } from "./allowance-form-model"

/**
 * Before ECPay sends the invoice's notice again (the issue notice, or the void notice of a voided
 * invoice), or its winning notice (action notify_award): to the buyer's e-mail, or to another address.
 */
export function ResendConfirm(props: ActionConfirmProps) {
  const { view, open, onConfirm, isPending, error } = props
  const { t } = useTranslation()
  const invoice = view.invoice
  const buyerEmail = view.after_issue?.buyer_email ?? invoice?.buyer_email ?? ""
  const [email, setEmail] = useState(buyerEmail)
  // The buyer's e-mail each time the prompt opens, and when it changes while the prompt is open: set in
  // that render (React's way to adjust state to props; an effect would first render the old address).
  const resetFor = open ? buyerEmail : null
  const [resetSeen, setResetSeen] = useState<string | null>(null)
  if (resetFor !== resetSeen) {
    setResetSeen(resetFor)
    if (resetFor !== null) {
      setEmail(resetFor)
    }
  }

  const trimmed = email.trim()
  // Empty: the server sends to the buyer's e-mail (so only an invoice without one needs an address).
  const problem = !trimmed
    ? buyerEmail
      ? null
      : t("ecpayEinvoice.order.allowanceForm.errors.emailRequired")
    : !isEmailList(trimmed)
      ? t("ecpayEinvoice.order.allowanceForm.errors.emailInvalid")
      : null
  const refusal = refusalMessages(t, error, "email")
  const shownError = refusal.field ?? (trimmed ? problem : null)
  const voided = invoice?.status === "voided"
  const award = props.action === "notify_award"
  const description = award
    ? t("ecpayEinvoice.order.resendConfirm.awardDescription")
    : voided
      ? t("ecpayEinvoice.order.resendConfirm.descriptionVoided")
      : t("ecpayEinvoice.order.resendConfirm.description")

  return (
    <ActionPrompt
      confirm={props}
      variant="confirmation"
      title={t(award ? "ecpayEinvoice.order.resendConfirm.awardTitle" : "ecpayEinvoice.order.resendConfirm.title", {
        number: invoice?.invoice_number ?? "",
      })}
      description={description}
      onSubmit={() => {
        if (!problem && !isPending) {
          onConfirm((trimmed ? { email: trimmed } : {}) satisfies ResendBody)
        }
      }}
      generalError={refusal.general}
      submitLabel={t(award ? "ecpayEinvoice.order.resendConfirm.awardSubmit" : "ecpayEinvoice.order.resendConfirm.submit")}
      submitDisabled={!!problem}
    >
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
          <Hint>{buyerEmail ? t("ecpayEinvoice.order.resendConfirm.emailHint") : t("ecpayEinvoice.order.resendConfirm.noBuyerEmail")}</Hint>
        )}
      </div>
    </ActionPrompt>
  )
}
