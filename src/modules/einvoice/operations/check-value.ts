import { GOVERNMENT_SERVICE_DOWN_RTN_CODES } from "../../../lib/ecpay"
import { createEcpayClient } from "../../../lib/ecpay-client-factory"
import type { CheckInvoiceValueResult, OnlineCheckedValueType } from "../../../lib/invoice-value-check"
import type EinvoiceModuleService from "../service"
import { callEcpayUnlessPaused, refusedWith } from "./ecpay-outcome"

/**
 * Asks ECPay whether a well-formed value exists: CheckBarcode / CheckLoveCode / GetCompanyNameByTaxID.
 * When the government service (or ECPay) cannot answer, the store has no credentials, or ECPay is paused
 * store-wide (after a 403), the value is accepted with `checked_online: false` so that checkout is never
 * blocked.
 */
export async function checkValueOnline(
  service: EinvoiceModuleService,
  input: { type: OnlineCheckedValueType; value: string }
): Promise<CheckInvoiceValueResult> {
  const { type, value } = input
  const base = { type, value, company_name: null, charity_name: null }
  const unchecked: CheckInvoiceValueResult = { ...base, valid: true, rule: "unchecked", checked_online: false }
  const exists = (found: boolean): CheckInvoiceValueResult =>
    found ? { ...base, valid: true, rule: null, checked_online: true } : { ...base, valid: false, rule: "not_found", checked_online: true }
  const credentials = await service.getCredentials().catch(() => null)
  if (!credentials) {
    return unchecked
  }
  const call = await callEcpayUnlessPaused(
    service,
    async (): Promise<CheckInvoiceValueResult> => {
      const client = createEcpayClient(credentials, { timeoutMs: 8000 })
      if (type === "mobile_barcode") {
        return exists((await client.checkBarcode({ BarCode: value })).IsExist === "Y")
      }
      if (type === "love_code") {
        return exists((await client.checkLoveCode({ LoveCode: value })).IsExist === "Y")
      }
      const answer = await client.getCompanyNameByTaxId({ UnifiedBusinessNo: value })
      return { ...base, valid: true, rule: null, company_name: answer.CompanyName || null, checked_online: true }
    },
    "check_value"
  ).catch(() => null)
  if (!call) {
    // The pause could not be read (the database): checkout is not blocked for it.
    return unchecked
  }
  if (call.kind === "applied") {
    return call.value
  }
  if (type === "tax_id" && call.kind === "refused" && call.by === "ecpay" && !refusedWith(call, GOVERNMENT_SERVICE_DOWN_RTN_CODES)) {
    // Not in the registry does not make a checksum-valid tax ID wrong (welfare committees, some
    // agencies): accept it, without a name.
    return { ...base, valid: true, rule: null, checked_online: true }
  }
  return unchecked
}
