import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Alert, Button, Label, Prompt, RadioGroup, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { PRINT_STYLES, type PrintStyle } from "../../../lib/invoice-paper"
import { einvoiceListQueryKey } from "../../hooks/use-einvoices"
import { orderEinvoiceQueryKey } from "../../hooks/use-order-einvoice"
import type { PrintEinvoiceBody } from "../../lib/types"
import { refusalMessages } from "./action-prompt"
import type { ActionConfirmProps } from "./action-registry"
import { ConfirmButtons } from "./confirm-buttons"
import { formatTaipeiDateTime } from "./format"
import { useMarkPrinted } from "../invoices/mark-printed"

/**
 * Printing an invoice's proof (電子發票證明聯): the paper to print on, then ECPay's print page as a link the
 * merchant opens (a link, not a pop-up: browsers block windows opened after a request), and "Mark printed",
 * which records who printed it and when and takes it off the "To print" list. Marking is offered before the
 * page too (a proof printed from ECPay's back office).
 */
export function PrintDialog(props: ActionConfirmProps) {
  const { orderId, view, open, onOpenChange, onConfirm, isPending, error, response } = props
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const invoice = view.invoice
  const number = invoice?.invoice_number ?? ""
  const [style, setStyle] = useState<PrintStyle>(1)
  const { mark, marking } = useMarkPrinted((answer) =>
    ["marked", "already_printed"].includes(answer.results[0]?.outcome ?? "")
      ? t("ecpayEinvoice.order.printDialog.markedToast", { number })
      : null
  )
  const printUrl = response?.result.print_url ?? null
  const refusal = refusalMessages(t, error, "style")

  const markPrinted = async () => {
    if (!invoice || marking) {
      return
    }
    const marked = await mark([invoice.id])
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: orderEinvoiceQueryKey(orderId) }),
      queryClient.invalidateQueries({ queryKey: einvoiceListQueryKey }),
    ])
    if (marked) {
      onOpenChange(false)
    }
  }

  return (
    <Prompt open={open} onOpenChange={(next) => !isPending && !marking && onOpenChange(next)} variant="confirmation">
      <Prompt.Content
        className="max-h-[90vh] max-w-[480px] overflow-y-auto"
        data-ecpay-confirm="print"
        data-ecpay-print={printUrl ? "ready" : "choose"}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault()
            if (!isPending) {
              onConfirm({ style } satisfies PrintEinvoiceBody)
            }
          }}
          noValidate
        >
          <Prompt.Header>
            <Prompt.Title>{t("ecpayEinvoice.order.printDialog.title", { number })}</Prompt.Title>
            <Prompt.Description>
              {invoice?.paper_reason === "winning"
                ? t("ecpayEinvoice.order.printDialog.descriptionWinning")
                : t("ecpayEinvoice.order.printDialog.descriptionPrinted")}
            </Prompt.Description>
          </Prompt.Header>
          <div className="flex flex-col gap-y-4 px-6 pt-4">
            {invoice?.printed_at ? (
              <Text size="small" className="text-ui-fg-subtle" data-ecpay-printed-at>
                {t("ecpayEinvoice.order.printDialog.reprint", { time: formatTaipeiDateTime(invoice.printed_at) })}
              </Text>
            ) : null}
            {printUrl ? (
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  {t("ecpayEinvoice.order.printDialog.ready")}
                </Text>
                <a
                  href={printUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="txt-compact-small-plus text-ui-fg-interactive hover:text-ui-fg-interactive-hover focus-visible:shadow-borders-focus inline-flex w-fit items-center gap-x-1 rounded-sm outline-none"
                  data-ecpay-print-link
                >
                  {t("ecpayEinvoice.order.printDialog.open")}
                  <ArrowUpRightOnBox />
                </a>
                <Text size="xsmall" className="text-ui-fg-muted">
                  {t("ecpayEinvoice.order.printDialog.linkHint")}
                </Text>
              </div>
            ) : (
              <div className="flex flex-col gap-y-2" data-field="style">
                <Label size="small" weight="plus">
                  {t("ecpayEinvoice.order.printDialog.style")}
                </Label>
                <RadioGroup value={String(style)} onValueChange={(value) => setStyle(Number(value) as PrintStyle)}>
                  {PRINT_STYLES.map((option) => (
                    <div key={option} className="flex items-center gap-x-2">
                      <RadioGroup.Item value={String(option)} id={`ecpay-print-style-${option}`} data-print-style={option} />
                      <Label htmlFor={`ecpay-print-style-${option}`} size="small">
                        {t(`ecpayEinvoice.order.printDialog.styles.${option}`)}
                      </Label>
                    </div>
                  ))}
                </RadioGroup>
              </div>
            )}
            {refusal.general || refusal.field ? (
              <Alert variant="error" data-ecpay-form-error>
                {refusal.field ?? refusal.general}
              </Alert>
            ) : null}
          </div>
          <Prompt.Footer>
            {invoice && !invoice.printed_at ? (
              <Button
                type="button"
                size="small"
                variant={printUrl ? "primary" : "transparent"}
                isLoading={marking}
                disabled={isPending}
                onClick={markPrinted}
                data-action="mark-printed"
              >
                {t("ecpayEinvoice.order.printDialog.markPrinted")}
              </Button>
            ) : null}
            {printUrl ? (
              <Button
                type="button"
                size="small"
                variant="secondary"
                disabled={marking}
                onClick={() => onOpenChange(false)}
                data-action="close"
              >
                {t("ecpayEinvoice.order.printDialog.close")}
              </Button>
            ) : (
              <ConfirmButtons
                isPending={isPending}
                onCancel={() => onOpenChange(false)}
                confirmLabel={t("ecpayEinvoice.order.printDialog.submit")}
              />
            )}
          </Prompt.Footer>
        </form>
      </Prompt.Content>
    </Prompt>
  )
}
