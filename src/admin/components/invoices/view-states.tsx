import { Alert, Skeleton, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { AdminApiError } from "../../lib/admin-fetch"
import { refusalText } from "../order/labels"

/** The attribute a view marks its state with (`data-ecpay-attention`, `data-ecpay-to-print`), for the tests. */
type Marker = `data-${string}`

/** A view of the E-invoices page while its list loads. */
export function ViewLoading({ marker }: { marker: Marker }) {
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" aria-busy="true" {...{ [marker]: "loading" }}>
      {Array.from({ length: 3 }, (_, index) => (
        <Skeleton key={index} className="h-6 w-full" />
      ))}
    </div>
  )
}

/** A view whose list could not be loaded, saying why. */
export function ViewLoadError({ marker, error }: { marker: Marker; error: AdminApiError | null }) {
  const { t } = useTranslation()
  return (
    <div className="px-6 py-4" {...{ [marker]: "error" }}>
      <Alert variant="error">
        {t("ecpayEinvoice.invoices.loadError", { message: error ? refusalText(t, error.code, error.message) : "" })}
      </Alert>
    </div>
  )
}

/** A view with nothing in it: one line saying so. */
export function ViewEmpty({ marker, text }: { marker: Marker; text: string }) {
  return (
    <div className="flex flex-col items-center gap-y-1 px-6 py-10 text-center" {...{ [`${marker}-empty`]: true }}>
      <Text size="small" weight="plus">
        {text}
      </Text>
    </div>
  )
}
