import { Alert, Drawer, Input, RadioGroup, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import type { AfterIssueView } from "../../lib/types"
import { Field } from "../settings/field"
import { ActionDrawer, DrawerForm, useDrawerForm } from "./action-drawer"
import type { ActionConfirmProps } from "./action-registry"
import {
  allowanceBody,
  allowanceTotal,
  checkAllowance,
  hasProblems,
  initialAllowanceValues,
  lineAllowable,
  newIdempotencyKey,
  placeServerErrors,
  submissionKey,
  type AllowanceFormValues,
  type AllowanceSubmission,
  type AllowanceSubmissionBody,
  type AllowanceMode,
  type Problem,
} from "./allowance-form-model"
import { AllowanceLines, WholeNumberInput } from "./allowance-lines"
import { DetailList } from "./detail-list"
import { formatTwd } from "./format"
import { refusalText } from "./labels"
import { ReasonField } from "./reason-field"

/**
 * The allowance (折讓) form: paper or online agreement, by items or by amount, a reason and the
 * e-mail ECPay notifies; the total and what stays allowable. The server's refusals of the input are
 * shown beside the fields they are about.
 */
export function AllowanceForm(props: ActionConfirmProps) {
  const { t } = useTranslation()
  const { view } = props
  const after = view.after_issue

  return (
    <ActionDrawer
      confirm={props}
      title={t("ecpayEinvoice.order.allowanceForm.title")}
      description={t("ecpayEinvoice.order.allowanceForm.description", { number: view.invoice?.invoice_number ?? "" })}
    >
      {after ? (
        <AllowanceFormBody after={after} invoiceTotal={view.invoice?.total ?? null} confirm={props} />
      ) : (
        <Drawer.Body>
          <Alert variant="warning">{t("ecpayEinvoice.order.allowanceForm.unavailable")}</Alert>
        </Drawer.Body>
      )}
    </ActionDrawer>
  )
}

function AllowanceFormBody({
  after,
  invoiceTotal,
  confirm,
}: {
  after: AfterIssueView
  invoiceTotal: number | null
  confirm: ActionConfirmProps
}) {
  const { isPending, error } = confirm
  const { t } = useTranslation()
  const { values, set, submitted, sent, handleSubmit } = useDrawerForm<AllowanceFormValues, AllowanceSubmissionBody>(confirm, () =>
    initialAllowanceValues(after)
  )
  // One Idempotency-Key per submission: kept for a retry of the same body, new for a changed one or a new
  // opening of the form (forgotten in the render in which it opens, as useDrawerForm does with the values).
  const [submission, setSubmission] = useState<AllowanceSubmission | null>(null)
  const [openSeen, setOpenSeen] = useState(confirm.open)
  if (confirm.open !== openSeen) {
    setOpenSeen(confirm.open)
    if (confirm.open) {
      setSubmission(null)
    }
  }
  const submit = (): AllowanceSubmissionBody => {
    const body = allowanceBody(values, after)
    const next = submissionKey(submission, body, newIdempotencyKey)
    setSubmission(next)
    return { ...body, idempotency_key: next.key }
  }

  const problems = checkAllowance(values, after)
  const server =
    error && sent
      ? placeServerErrors(error, sent, values.mode, (code, message) => refusalText(t, code, message))
      : { fields: {}, lines: {}, general: error ? [refusalText(t, error.code, error.message)] : [] }
  const problemText = (problem: Problem | undefined) =>
    problem
      ? t(`ecpayEinvoice.order.allowanceForm.errors.${problem.code}`, {
          ...problem.values,
          ...(typeof problem.values?.amount === "number" ? { amount: formatTwd(problem.values.amount) } : {}),
        })
      : undefined
  /** The server's message for a field, else (after a submit attempt) the form's own check. */
  const fieldError = (field: keyof typeof problems.fields) =>
    server.fields[field] ?? (submitted ? problemText(problems.fields[field]) : undefined)
  const lineErrors: Record<number, string> = {}
  for (const line of after.lines) {
    // A quantity above what is left is said at once; the rest after a submit attempt.
    const own = problems.lines[line.seq]
    const text = server.lines[line.seq] ?? (own && (submitted || own.code === "lineExceeds") ? problemText(own) : undefined)
    if (text) {
      lineErrors[line.seq] = text
    }
  }

  const total = allowanceTotal(values, after)
  const remainingAfter = after.remaining_allowance_amount - total
  const anyLineAllowable = after.lines.some(lineAllowable)

  return (
    <DrawerForm
      confirm={confirm}
      onSubmit={handleSubmit(hasProblems(problems), submit)}
      generalErrors={server.general}
      submitLabel={
        values.agreement === "online" ? t("ecpayEinvoice.order.allowanceForm.submitOnline") : t("ecpayEinvoice.order.allowanceForm.submit")
      }
      data-ecpay-allowance-form
    >
      <DetailList
        rows={[
          { field: "amount", label: t("ecpayEinvoice.order.fields.amount"), value: formatTwd(invoiceTotal) },
          {
            field: "remaining_allowance",
            label: t("ecpayEinvoice.order.afterIssue.remaining"),
            value: <span className="text-ui-fg-base tabular-nums">{formatTwd(after.remaining_allowance_amount)}</span>,
          },
        ]}
      />

      <Field id="ecpay-allowance-agreement" label={t("ecpayEinvoice.order.allowanceForm.agreement")} error={fieldError("agreement")}>
        <RadioGroup
          id="ecpay-allowance-agreement"
          name="agreement"
          className="grid grid-cols-1 gap-3 sm:grid-cols-2"
          value={values.agreement}
          onValueChange={(value) => set("agreement", value as AllowanceFormValues["agreement"])}
        >
          <RadioGroup.ChoiceBox
            value="paper"
            label={t("ecpayEinvoice.order.allowances.agreement.paper")}
            description={t("ecpayEinvoice.order.allowanceForm.paperHint")}
            data-agreement="paper"
          />
          <RadioGroup.ChoiceBox
            value="online"
            label={t("ecpayEinvoice.order.allowances.agreement.online")}
            description={
              after.online_available
                ? t("ecpayEinvoice.order.allowanceForm.onlineHint")
                : t("ecpayEinvoice.order.allowanceForm.onlineUnavailable")
            }
            disabled={!after.online_available}
            data-agreement="online"
          />
        </RadioGroup>
      </Field>

      <Field id="ecpay-allowance-mode" label={t("ecpayEinvoice.order.allowanceForm.mode")}>
        <RadioGroup
          id="ecpay-allowance-mode"
          name="mode"
          className="grid grid-cols-1 gap-3 sm:grid-cols-2"
          value={values.mode}
          onValueChange={(value) => set("mode", value as AllowanceMode)}
        >
          <RadioGroup.ChoiceBox
            value="lines"
            label={t("ecpayEinvoice.order.allowanceForm.byLines")}
            description={t("ecpayEinvoice.order.allowanceForm.byLinesHint")}
            disabled={!anyLineAllowable}
            data-mode="lines"
          />
          <RadioGroup.ChoiceBox
            value="amount"
            label={t("ecpayEinvoice.order.allowanceForm.byAmount")}
            description={t("ecpayEinvoice.order.allowanceForm.byAmountHint")}
            data-mode="amount"
          />
        </RadioGroup>
      </Field>

      {values.mode === "lines" ? (
        <div className="flex flex-col gap-y-2" data-field="lines">
          <AllowanceLines
            lines={after.lines}
            quantities={values.quantities}
            onChange={(seq, quantity) => set("quantities", { ...values.quantities, [seq]: quantity })}
            errors={lineErrors}
            disabled={isPending}
          />
          {fieldError("lines") ? (
            <Text size="small" className="text-ui-fg-error" role="alert" data-error-for="lines">
              {fieldError("lines")}
            </Text>
          ) : null}
        </div>
      ) : (
        <Field
          id="ecpay-allowance-amount"
          label={t("ecpayEinvoice.order.allowanceForm.amount")}
          hint={t("ecpayEinvoice.order.allowanceForm.amountHint", { amount: formatTwd(after.remaining_allowance_amount) })}
          error={fieldError("amount")}
        >
          <WholeNumberInput
            id="ecpay-allowance-amount"
            name="amount"
            min={1}
            max={after.remaining_allowance_amount}
            className="tabular-nums"
            value={values.amount}
            aria-invalid={fieldError("amount") ? true : undefined}
            onChange={(event) => set("amount", event.target.value)}
          />
        </Field>
      )}

      <ReasonField
        id="ecpay-allowance-reason"
        label={t("ecpayEinvoice.order.allowanceForm.reason")}
        placeholder={t("ecpayEinvoice.order.allowanceForm.reasonPlaceholder")}
        value={values.reason}
        onChange={(reason) => set("reason", reason)}
        error={fieldError("reason")}
      />

      <Field
        id="ecpay-allowance-email"
        label={t("ecpayEinvoice.order.allowanceForm.email")}
        hint={
          values.agreement === "online"
            ? t("ecpayEinvoice.order.allowanceForm.emailHintOnline")
            : t("ecpayEinvoice.order.allowanceForm.emailHintPaper")
        }
        error={fieldError("notify_email")}
      >
        <Input
          id="ecpay-allowance-email"
          name="notify_email"
          inputMode="email"
          autoComplete="off"
          value={values.notifyEmail}
          aria-invalid={fieldError("notify_email") ? true : undefined}
          onChange={(event) => set("notifyEmail", event.target.value)}
        />
      </Field>

      <DetailList
        rows={[
          {
            field: "allowance_total",
            label: t("ecpayEinvoice.order.allowanceForm.total"),
            value: (
              <span className="text-ui-fg-base txt-compact-small-plus tabular-nums" data-ecpay-allowance-total={total}>
                {formatTwd(total)}
              </span>
            ),
          },
          {
            field: "remaining_after",
            label: t("ecpayEinvoice.order.allowanceForm.remainingAfter"),
            value: (
              <span className="tabular-nums" data-ecpay-remaining-after={remainingAfter}>
                {formatTwd(remainingAfter)}
              </span>
            ),
          },
        ]}
      />
    </DrawerForm>
  )
}
