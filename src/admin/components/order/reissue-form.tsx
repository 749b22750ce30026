import { Alert, Checkbox, Hint, Input, Label } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { useEinvoiceSettings } from "../../hooks/use-einvoice-settings"
import type { Charity, EinvoiceRecord, InvoiceChoiceBody, InvoiceType } from "../../lib/types"
import { SelectInput } from "../settings/select-input"
import { ActionDrawer, DrawerForm, useDrawerForm } from "./action-drawer"
import type { ActionConfirmProps } from "./action-registry"
import { DetailList } from "./detail-list"
import { formatTwd } from "./format"
import { choiceSummary, loveCodeLabel, refusalText } from "./labels"
import { ReasonField } from "./reason-field"
import {
  REISSUE_TYPES,
  checkReissue,
  defaultLoveCodeOf,
  fieldsOfType,
  hasReissueProblems,
  initialReissueValues,
  placeReissueErrors,
  reissueBody,
  reissueChoice,
  type ReissueField,
  type ReissueFormValues,
  type ReissueProblem,
} from "./reissue-form-model"

/**
 * Void-and-reissue (註銷重開): corrects the buyer, carrier, donation or company data of an issued
 * invoice under the same number and date. The form starts from the invoice as it is; the reason is
 * required (ECPay keeps it with the void); the server's refusals appear beside the field they name.
 */
export function ReissueForm(props: ActionConfirmProps) {
  return <ChoiceFormDrawer mode="reissue" confirm={props} />
}

/**
 * Fix, then retry: the same fields for an invoice ECPay refused, without a reason (nothing is voided);
 * the invoice is issued with the corrected data, which the order keeps.
 */
export function CorrectForm(props: ActionConfirmProps) {
  return <ChoiceFormDrawer mode="correct" confirm={props} />
}

function ChoiceFormDrawer({ mode, confirm }: { mode: "reissue" | "correct"; confirm: ActionConfirmProps }) {
  const { t } = useTranslation()
  const invoice = confirm.view.invoice
  const reissue = mode === "reissue"
  return (
    <ActionDrawer
      confirm={confirm}
      title={
        reissue
          ? t("ecpayEinvoice.order.reissueForm.title", { number: invoice?.invoice_number ?? "" })
          : t("ecpayEinvoice.order.correctForm.title")
      }
      description={t(reissue ? "ecpayEinvoice.order.reissueForm.description" : "ecpayEinvoice.order.correctForm.description")}
    >
      {invoice ? (
        <ReissueFormBody
          mode={mode}
          invoice={invoice}
          // A reissue notifies the buyer at the address the after-issue view knows.
          buyerEmail={(reissue ? confirm.view.after_issue?.buyer_email : null) ?? invoice.buyer_email}
          confirm={confirm}
        />
      ) : null}
    </ActionDrawer>
  )
}

/** What each mode sends: a reissue's reason and choice, or a retry's choice. */
type ChoiceFormBody = { reason?: string; choice: InvoiceChoiceBody }

function ReissueFormBody({
  mode,
  invoice,
  buyerEmail,
  confirm,
}: {
  mode: "reissue" | "correct"
  invoice: EinvoiceRecord
  buyerEmail: string | null
  confirm: ActionConfirmProps
}) {
  const { isPending, error } = confirm
  const { t } = useTranslation()
  const settings = useEinvoiceSettings().data?.settings
  const charities = settings?.charities ?? []
  const defaultLoveCode = defaultLoveCodeOf(charities, settings?.default_love_code)
  const { values, setValues, set, submitted, sent, handleSubmit } = useDrawerForm<ReissueFormValues, ChoiceFormBody>(confirm, () =>
    initialReissueValues(invoice, defaultLoveCode)
  )

  const changeType = (type: InvoiceType) =>
    setValues((current) => ({
      ...current,
      type,
      // A donation needs a charity: start at the store's default one.
      loveCode: type === "donation" && !current.loveCode ? (defaultLoveCode ?? "") : current.loveCode,
    }))

  const checked = checkReissue(values)
  // A retry voids nothing: no reason to give.
  const problems: typeof checked =
    mode === "correct" ? Object.fromEntries(Object.entries(checked).filter(([field]) => field !== "reason")) : checked
  const server = error
    ? placeReissueErrors(error, sent?.choice.type ?? values.type, (code, message) => refusalText(t, code, message))
    : { fields: {}, general: [] }
  const problemText = (problem: ReissueProblem | undefined) =>
    problem ? t(`ecpayEinvoice.order.reissueForm.errors.${problem.code}`, problem.values ?? {}) : undefined
  /** The server's message for a field, else (after a submit attempt) the form's own check. */
  const fieldError = (field: ReissueField): string | undefined =>
    (server.fields as Partial<Record<ReissueField, string>>)[field] ?? (submitted ? problemText(problems[field]) : undefined)

  const shown = fieldsOfType(values.type)
  const email = values.email.trim() || buyerEmail

  return (
    <DrawerForm
      confirm={confirm}
      onSubmit={handleSubmit(hasReissueProblems(problems), () =>
        mode === "correct" ? { choice: reissueChoice(values) } : reissueBody(values)
      )}
      generalErrors={server.general}
      submitLabel={t(mode === "correct" ? "ecpayEinvoice.order.correctForm.submit" : "ecpayEinvoice.order.reissueForm.submit")}
      data-ecpay-reissue-form={mode}
    >
      <DetailList
        rows={[
          ...(invoice.invoice_number
            ? [
                {
                  field: "invoice_number",
                  label: t("ecpayEinvoice.order.fields.number"),
                  value: <span className="text-ui-fg-base tabular-nums">{invoice.invoice_number}</span>,
                },
              ]
            : []),
          { field: "amount", label: t("ecpayEinvoice.order.fields.amount"), value: formatTwd(invoice.total) },
          { field: "current", label: t("ecpayEinvoice.order.reissueForm.current"), value: choiceSummary(t, invoice) },
        ]}
      />
      <Alert variant="info" data-ecpay-reissue-notice>
        {mode === "correct" ? (
          t("ecpayEinvoice.order.correctForm.notice")
        ) : (
          <>
            {t("ecpayEinvoice.order.reissueForm.keeps")}{" "}
            {email ? t("ecpayEinvoice.order.reissueForm.notifiesBuyerAt", { email }) : t("ecpayEinvoice.order.reissueForm.notifiesBuyer")}
          </>
        )}
      </Alert>

      <ChoiceField id="ecpay-reissue-type" name="type" label={t("ecpayEinvoice.order.reissueForm.type")} error={fieldError("type")}>
        <SelectInput
          id="ecpay-reissue-type"
          value={values.type}
          options={REISSUE_TYPES.map((type) => ({ value: type, label: t(`ecpayEinvoice.invoiceTypes.${type}`) }))}
          onChange={(value) => changeType(value as InvoiceType)}
          disabled={isPending}
          invalid={!!fieldError("type")}
        />
      </ChoiceField>

      {shown.includes("love_code") ? (
        <LoveCodeField
          charities={charities}
          value={values.loveCode}
          current={invoice.love_code}
          onChange={(code) => set("loveCode", code)}
          error={fieldError("love_code")}
          disabled={isPending}
        />
      ) : null}

      {shown.includes("carrier_number") ? (
        <TextField
          name="carrier_number"
          label={t(
            values.type === "citizen_certificate"
              ? "ecpayEinvoice.order.reissueForm.citizenCertificate"
              : values.type === "mobile_barcode"
                ? "ecpayEinvoice.order.reissueForm.mobileBarcode"
                : "ecpayEinvoice.order.reissueForm.cardHiddenCode"
          )}
          placeholder={
            values.type === "citizen_certificate" ? "AB12345678901234" : values.type === "mobile_barcode" ? "/ABC1234" : undefined
          }
          value={values.carrierNumber}
          onChange={(value) => set("carrierNumber", value)}
          error={fieldError("carrier_number")}
        />
      ) : null}
      {shown.includes("carrier_number2") ? (
        <TextField
          name="carrier_number2"
          label={t("ecpayEinvoice.order.reissueForm.cardVisibleCode")}
          value={values.carrierNumber2}
          onChange={(value) => set("carrierNumber2", value)}
          error={fieldError("carrier_number2")}
        />
      ) : null}

      {shown.includes("tax_id") ? (
        <TextField
          name="tax_id"
          label={t("ecpayEinvoice.order.fields.taxId")}
          placeholder="12345678"
          inputMode="numeric"
          maxLength={8}
          value={values.taxId}
          onChange={(value) => set("taxId", value)}
          error={fieldError("tax_id")}
        />
      ) : null}
      {shown.includes("company_name") ? (
        <TextField
          name="company_name"
          label={t("ecpayEinvoice.order.reissueForm.companyName")}
          value={values.companyName}
          onChange={(value) => set("companyName", value)}
          error={fieldError("company_name")}
        />
      ) : null}
      {shown.includes("print") ? (
        <div className="flex flex-col gap-y-2" data-field="print">
          <div className="flex items-center gap-x-2">
            <Checkbox
              id="ecpay-reissue-print"
              name="print"
              checked={values.print}
              onCheckedChange={(checked) => set("print", checked === true)}
              disabled={isPending}
            />
            <Label htmlFor="ecpay-reissue-print" size="small" weight="plus">
              {t("ecpayEinvoice.order.reissueForm.print")}
            </Label>
          </div>
          <Hint>{t("ecpayEinvoice.order.reissueForm.printHint")}</Hint>
          {fieldError("print") ? (
            <Hint variant="error" role="alert" data-error-for="print">
              {fieldError("print")}
            </Hint>
          ) : null}
        </div>
      ) : null}
      {shown.includes("buyer_name") ? (
        <TextField
          name="buyer_name"
          label={t("ecpayEinvoice.order.reissueForm.buyerName")}
          value={values.buyerName}
          onChange={(value) => set("buyerName", value)}
          error={fieldError("buyer_name")}
        />
      ) : null}
      {shown.includes("address") ? (
        <TextField
          name="address"
          label={t("ecpayEinvoice.order.reissueForm.address")}
          optional={values.type === "company" && !values.print}
          value={values.address}
          onChange={(value) => set("address", value)}
          error={fieldError("address")}
        />
      ) : null}

      <TextField
        name="email"
        label={t("ecpayEinvoice.order.reissueForm.email")}
        optional
        hint={t("ecpayEinvoice.order.reissueForm.emailHint")}
        inputMode="email"
        value={values.email}
        onChange={(value) => set("email", value)}
        error={fieldError("email")}
      />

      {mode === "reissue" ? (
        <ReasonField
          id="ecpay-reissue-reason"
          label={t("ecpayEinvoice.order.reissueForm.reason")}
          placeholder={t("ecpayEinvoice.order.reissueForm.reasonPlaceholder")}
          value={values.reason}
          onChange={(reason) => set("reason", reason)}
          required
          error={fieldError("reason")}
        />
      ) : null}
    </DrawerForm>
  )
}

/** A label, the input, a hint, and the message beside it; `data-field` / `data-error-for` = the server's name. */
function ChoiceField({
  id,
  name,
  label,
  optional,
  hint,
  error,
  children,
}: {
  id: string
  name: string
  label: string
  optional?: boolean
  hint?: ReactNode
  error?: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <div className="flex flex-col gap-y-2" data-field={name}>
      <Label htmlFor={id} size="small" weight="plus">
        {label}
        {optional ? <span className="text-ui-fg-muted txt-compact-small"> {t("ecpayEinvoice.order.form.optional")}</span> : null}
      </Label>
      {children}
      {hint ? <Hint>{hint}</Hint> : null}
      {error ? (
        <Hint variant="error" id={`${id}-error`} role="alert" data-error-for={name}>
          {error}
        </Hint>
      ) : null}
    </div>
  )
}

function TextField({
  name,
  label,
  value,
  onChange,
  error,
  optional,
  hint,
  placeholder,
  inputMode,
  maxLength,
}: {
  name: ReissueField
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
  optional?: boolean
  hint?: ReactNode
  placeholder?: string
  inputMode?: "numeric" | "email" | "text"
  maxLength?: number
}) {
  const id = `ecpay-reissue-${name.replace(/_/g, "-")}`
  return (
    <ChoiceField id={id} name={name} label={label} optional={optional} hint={hint} error={error}>
      <Input
        id={id}
        name={name}
        autoComplete="off"
        inputMode={inputMode}
        maxLength={maxLength}
        placeholder={placeholder}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </ChoiceField>
  )
}

/** The store's charities as a select (plus the invoice's own love code when it is not one of them). */
function LoveCodeField({
  charities,
  value,
  current,
  onChange,
  error,
  disabled,
}: {
  charities: Charity[]
  value: string
  current: string | null
  onChange: (code: string) => void
  error?: string
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const id = "ecpay-reissue-love-code"
  const label = t("ecpayEinvoice.order.fields.donation")
  if (!charities.length) {
    return (
      <ChoiceField id={id} name="love_code" label={label} hint={t("ecpayEinvoice.order.reissueForm.noCharities")} error={error}>
        <Input
          id={id}
          name="love_code"
          autoComplete="off"
          inputMode="numeric"
          maxLength={7}
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      </ChoiceField>
    )
  }
  const codes = new Set(charities.map((charity) => charity.code))
  const extra = [current, value].filter((code): code is string => !!code && !codes.has(code))
  const options = [
    ...charities.map((charity) => ({ value: charity.code, label: loveCodeLabel(t, charity.code, charities) })),
    ...Array.from(new Set(extra)).map((code) => ({ value: code, label: loveCodeLabel(t, code) })),
  ]
  return (
    <ChoiceField id={id} name="love_code" label={label} error={error}>
      <SelectInput
        id={id}
        value={value}
        options={options}
        onChange={onChange}
        placeholder={t("ecpayEinvoice.common.choose")}
        disabled={disabled}
        invalid={!!error}
      />
    </ChoiceField>
  )
}
