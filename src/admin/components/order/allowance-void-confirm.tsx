import { useTranslation } from "react-i18next"
import type { ActionConfirmProps } from "./action-registry"
import { DetailList } from "./detail-list"
import { formatTwd } from "./format"
import { agreementLabel } from "./labels"
import { ReasonPrompt } from "./reason-prompt"

/** What the allowance void / cancel confirmation passes to the request. */
export interface AllowanceVoidInput {
  allowance_id: string
  reason: string
}

/**
 * Before an allowance is voided (an issued one) or cancelled (an online one still awaiting the
 * buyer's agreement): which allowance, what follows, and the reason ECPay keeps.
 */
export function AllowanceVoidConfirm(props: ActionConfirmProps) {
  const { t } = useTranslation()
  const allowance = props.allowance
  if (!allowance) {
    return null
  }
  const group = props.action === "allowance-cancel" ? "allowanceCancelConfirm" : "allowanceVoidConfirm"

  return (
    <ReasonPrompt
      confirm={props}
      title={t(`ecpayEinvoice.order.${group}.title`, { number: allowance.allowance_number ?? "" })}
      description={t(`ecpayEinvoice.order.${group}.description`)}
      submitLabel={t(`ecpayEinvoice.order.${group}.submit`)}
      reasonId="ecpay-allowance-void-reason"
      inputOf={(reason) => ({ allowance_id: allowance.id, reason }) satisfies AllowanceVoidInput}
      data-ecpay-allowance={allowance.id}
    >
      <DetailList
        rows={[
          { field: "amount", label: t("ecpayEinvoice.order.allowances.amount"), value: formatTwd(allowance.amount) },
          { field: "agreement", label: t("ecpayEinvoice.order.allowances.agreementLabel"), value: agreementLabel(t, allowance.agreement) },
        ]}
      />
    </ReasonPrompt>
  )
}
