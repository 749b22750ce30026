import { Alert, Button, Hint, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useTestEinvoiceConnection } from "../../hooks/use-einvoice-settings"
import type { ConnectionResult } from "../../lib/types"

/** The "Test connection" button and, below it, what happened in the merchant's language. */
export function ConnectionTest({ unsavedChanges }: { unsavedChanges: boolean }) {
  const { t } = useTranslation()
  const test = useTestEinvoiceConnection()

  return (
    <div className="flex flex-col gap-y-3" data-field="test-connection">
      <div className="flex items-center gap-x-3">
        <Button
          type="button"
          size="small"
          variant="secondary"
          isLoading={test.isPending}
          data-action="test-connection"
          onClick={() => test.mutate()}
        >
          {t("ecpayEinvoice.connection.test")}
        </Button>
        {unsavedChanges ? <Hint>{t("ecpayEinvoice.connection.usesSaved")}</Hint> : null}
      </div>
      {test.isError ? (
        <Alert variant="error" data-connection-result="request-failed">
          {test.error.code === "ecpay_paused"
            ? t("ecpayEinvoice.connection.codes.rate_limited")
            : t("ecpayEinvoice.connection.requestFailed", { message: test.error.message })}
        </Alert>
      ) : null}
      {test.data ? <ConnectionResultView result={test.data} /> : null}
    </div>
  )
}

function ConnectionResultView({ result }: { result: ConnectionResult }) {
  const { t } = useTranslation()
  const present = (value: unknown) => value !== undefined && value !== null && value !== ""
  const details: Array<[string, string]> = []
  if (result.environment) {
    details.push([t("ecpayEinvoice.connection.environment"), t(`ecpayEinvoice.options.environment.${result.environment}`)])
  }
  if (result.merchant_id) {
    details.push([t("ecpayEinvoice.connection.merchantId"), result.merchant_id])
  }
  if (present(result.latency_ms)) {
    details.push([t("ecpayEinvoice.connection.latency"), t("ecpayEinvoice.connection.milliseconds", { ms: result.latency_ms })])
  }
  if (present(result.trans_code)) {
    details.push([t("ecpayEinvoice.connection.transCode"), String(result.trans_code)])
  }
  if (result.ok) {
    // A connected test looks up a number that was never issued: ECPay's "no such invoice" (1600003) is the
    // answer hoped for, so it is said in words; its code would read as an error.
    details.push([t("ecpayEinvoice.connection.ecpayReplyToProbe"), t("ecpayEinvoice.connection.probeAnswered")])
  } else if (present(result.rtn_code) || present(result.rtn_msg)) {
    details.push([t("ecpayEinvoice.connection.ecpayReply"), [result.rtn_code, result.rtn_msg].filter(present).join(" ")])
  }

  return (
    <Alert variant={result.ok ? "success" : result.code === "rate_limited" ? "warning" : "error"} data-connection-result={result.code}>
      <div className="flex flex-col gap-y-2">
        <Text size="small" weight="plus">
          {t(`ecpayEinvoice.connection.codes.${result.code}`, {
            defaultValue: t("ecpayEinvoice.connection.codes.error"),
          })}
        </Text>
        {details.length ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {details.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-ui-fg-subtle txt-small">{term}</dt>
                <dd className="txt-small">{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {/* The server's technical detail helps only where the sentence cannot say more. */}
        {result.message && (result.code === "error" || result.code === "unreachable") ? (
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t("ecpayEinvoice.connection.detail", { message: result.message })}
          </Text>
        ) : null}
      </div>
    </Alert>
  )
}
