import { Alert, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useEinvoiceSettings } from "../../hooks/use-einvoice-settings"
import type { IssuePreviewIssue } from "../../lib/types"
import { ActionPrompt } from "./action-prompt"
import type { ActionConfirmProps } from "./action-registry"
import { TotalRoundingNote } from "./total-rounding-note"
import { conversionText } from "./invoice-details"
import { DetailList, type DetailRow } from "./detail-list"
import { destinationOfPreview, formatTwd } from "./format"
import { companyCarrierRow, destinationRow } from "./labels"

/**
 * The confirmation before an invoice is issued (or retried): exactly what the server will send to
 * ECPay, from the view's `preview` — the lines, the total, the invoice type and where it goes.
 */
export function IssueConfirm(props: ActionConfirmProps) {
  const { action, view, onConfirm } = props
  const { t } = useTranslation()
  const preview = view.preview
  const retry = action === "retry"

  return (
    <ActionPrompt
      confirm={props}
      variant="confirmation"
      wide
      title={retry ? t("ecpayEinvoice.order.confirm.retryTitle") : t("ecpayEinvoice.order.confirm.issueTitle")}
      description={retry ? t("ecpayEinvoice.order.confirm.retryDescription") : t("ecpayEinvoice.order.confirm.issueDescription")}
      onSubmit={() => onConfirm()}
      generalError={null}
      submitLabel={retry ? t("ecpayEinvoice.order.confirm.retry") : t("ecpayEinvoice.order.confirm.issue")}
      submitDisabled={false}
    >
      {preview?.kind === "issue" && preview.tax_conflict ? (
        <Alert variant="warning" data-preview-tax-conflict>
          {t("ecpayEinvoice.order.confirm.taxConflict", { reason: preview.tax_conflict })}
        </Alert>
      ) : null}
      {preview?.kind === "issue" ? <PreviewBody preview={preview} /> : null}
      {preview && preview.kind !== "issue" ? (
        <Alert variant="info" data-preview-kind={preview.kind}>
          {t("ecpayEinvoice.order.confirm.skip", { reason: preview.reason })}
        </Alert>
      ) : null}
    </ActionPrompt>
  )
}

function PreviewBody({ preview }: { preview: IssuePreviewIssue }) {
  const { t } = useTranslation()
  const settings = useEinvoiceSettings()
  const charities = settings.data?.settings.charities ?? []
  const destination = destinationOfPreview(preview)
  const rows: DetailRow[] = [
    {
      field: "type",
      label: t("ecpayEinvoice.order.fields.type"),
      value: t(`ecpayEinvoice.invoiceTypes.${preview.type}`, { defaultValue: preview.type }),
    },
  ]
  const where = destinationRow(t, destination, charities)
  rows.push({ ...where, value: <span className="whitespace-pre-line">{where.value}</span> })
  const carrier = companyCarrierRow(t, destination)
  if (carrier) {
    rows.push(carrier)
  }
  const buyer = [preview.CustomerName && destination.kind !== "company" ? preview.CustomerName : null, preview.CustomerEmail]
    .filter(Boolean)
    .join("\n")
  if (buyer) {
    rows.push({ field: "buyer", label: t("ecpayEinvoice.order.fields.buyer"), value: <span className="whitespace-pre-line">{buyer}</span> })
  }
  rows.push({
    field: "print",
    label: t("ecpayEinvoice.order.fields.print"),
    value: preview.Print === "1" ? t("ecpayEinvoice.order.values.yes") : t("ecpayEinvoice.order.values.no"),
  })
  if (preview.InvoiceRemark) {
    rows.push({ field: "remark", label: t("ecpayEinvoice.order.confirm.remark"), value: preview.InvoiceRemark })
  }

  return (
    <>
      <div className="flex flex-col gap-y-2" data-preview-lines>
        <Text size="small" leading="compact" weight="plus">
          {t("ecpayEinvoice.order.confirm.lines")}
        </Text>
        <div className="overflow-hidden rounded-md border">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("ecpayEinvoice.order.confirm.item")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("ecpayEinvoice.order.confirm.quantity")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("ecpayEinvoice.order.confirm.unitPrice")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("ecpayEinvoice.order.confirm.lineAmount")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {preview.Items.map((item, index) => (
                <Table.Row key={item.ItemSeq ?? index} data-preview-line={index}>
                  <Table.Cell className="whitespace-normal break-words py-2" data-cell="name">
                    {item.ItemName}
                    {item.ItemTaxType ? (
                      <span className="text-ui-fg-muted block txt-compact-xsmall" data-cell="tax-type">
                        {t(`ecpayEinvoice.options.taxType.${item.ItemTaxType}`)}
                      </span>
                    ) : null}
                    {item.ItemRemark ? <span className="text-ui-fg-muted block txt-compact-xsmall">{item.ItemRemark}</span> : null}
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums" data-cell="quantity">
                    {`${item.ItemCount} ${item.ItemWord}`}
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums" data-cell="price">
                    {formatTwd(item.ItemPrice)}
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums" data-cell="amount">
                    {formatTwd(item.ItemAmount)}
                  </Table.Cell>
                </Table.Row>
              ))}
              <Table.Row className="[&_td]:txt-compact-small-plus" data-preview-total>
                <Table.Cell>{t("ecpayEinvoice.order.confirm.total")}</Table.Cell>
                <Table.Cell />
                <Table.Cell />
                <Table.Cell className="text-right tabular-nums" data-cell="total">
                  {formatTwd(preview.SalesAmount)}
                </Table.Cell>
              </Table.Row>
            </Table.Body>
          </Table>
        </div>
      </div>
      {preview.total_rounding ? <TotalRoundingNote rounding={preview.total_rounding} /> : null}
      {preview.currency_conversion ? (
        <Alert variant="info" data-ecpay-conversion={preview.currency_conversion.currency_code}>
          {t("ecpayEinvoice.order.confirm.conversion", { conversion: conversionText(t, preview.currency_conversion) })}
        </Alert>
      ) : null}
      <DetailList rows={rows} />
      <Text size="xsmall" className="text-ui-fg-muted" data-choice-source={preview.choice_source}>
        {t(`ecpayEinvoice.order.confirm.source.${preview.choice_source}`, {
          defaultValue: t("ecpayEinvoice.order.confirm.source.order"),
        })}
      </Text>
    </>
  )
}
