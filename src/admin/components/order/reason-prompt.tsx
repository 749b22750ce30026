import { useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { ActionPrompt, refusalMessages, type DataAttributes } from "./action-prompt"
import type { ActionConfirmProps } from "./action-registry"
import { REASON_MAX_LENGTH } from "../../../lib/ecpay/validators"
import { charCount } from "./allowance-form-model"
import { ReasonField } from "./reason-field"

/**
 * The confirmation of a void (an invoice's, an allowance's): what is voided (`children`), then the
 * reason ECPay keeps, required and at most 20 characters, empty each time the prompt opens.
 */
export function ReasonPrompt({
  confirm,
  title,
  description,
  submitLabel,
  reasonId,
  reasonPlaceholder,
  inputOf,
  children,
  ...data
}: {
  /** The confirmation's own props: `confirm.onConfirm` gets `inputOf(reason)`. */
  confirm: ActionConfirmProps
  title: string
  description: string
  submitLabel: string
  reasonId: string
  reasonPlaceholder?: string
  /** The request's input, from the reason (trimmed). */
  inputOf: (reason: string) => unknown
  children: ReactNode
} & DataAttributes) {
  const { t } = useTranslation()
  const { open, isPending, error, onConfirm } = confirm
  const [reason, setReason] = useState("")
  // Emptied in the render in which the prompt opens (React's way to adjust state to a prop: an effect
  // would first render the prompt with the last reason).
  const [openSeen, setOpenSeen] = useState(false)
  if (open !== openSeen) {
    setOpenSeen(open)
    if (open) {
      setReason("")
    }
  }

  const trimmed = reason.trim()
  const valid = trimmed.length > 0 && charCount(trimmed) <= REASON_MAX_LENGTH
  const refusal = refusalMessages(t, error, "reason")
  const submit = () => {
    if (valid && !isPending) {
      onConfirm(inputOf(trimmed))
    }
  }

  return (
    <ActionPrompt
      confirm={confirm}
      variant="danger"
      title={title}
      description={description}
      onSubmit={submit}
      generalError={refusal.general}
      submitLabel={submitLabel}
      submitDisabled={!valid}
      {...data}
    >
      {children}
      <ReasonField
        id={reasonId}
        label={t("ecpayEinvoice.order.voidConfirm.reason")}
        placeholder={reasonPlaceholder}
        value={reason}
        onChange={setReason}
        required
        autoFocus
        error={refusal.field}
      />
    </ActionPrompt>
  )
}
