import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { AfterIssueView } from "../../lib/types"
import { formatDeadline } from "./format"
import type { Translate } from "./labels"

/** "Can be voided until 2027-01-13 23:59 (Taiwan time), period 2026-11/12". */
export function voidUntilText(t: Translate, after: AfterIssueView): string {
  return t("ecpayEinvoice.order.afterIssue.voidUntil", { time: formatDeadline(after.void_deadline), period: after.period })
}

/**
 * Under an issued invoice: until when it can be voided, or — past the deadline, or while it has
 * allowances — why not, and what to do instead.
 */
export function VoidDeadlineNote({ after }: { after: AfterIssueView }) {
  const { t } = useTranslation()
  // `voidable` is about the deadline alone; `void_blocked_by` says why "void" is not offered now.
  const blockedBy = after.voidable ? after.void_blocked_by : "deadline"
  let text: string
  if (blockedBy === "deadline") {
    text = t("ecpayEinvoice.order.afterIssue.voidPast", { time: formatDeadline(after.void_deadline), period: after.period })
  } else if (blockedBy === "allowances") {
    text = `${voidUntilText(t, after)} ${t("ecpayEinvoice.order.afterIssue.voidBlockedByAllowances")}`
  } else {
    text = voidUntilText(t, after)
  }
  return (
    <Text
      size="small"
      className="text-ui-fg-subtle"
      data-ecpay-void-deadline={after.void_deadline}
      data-voidable={String(after.voidable)}
      data-void-blocked-by={blockedBy ?? ""}
    >
      {text}
    </Text>
  )
}
