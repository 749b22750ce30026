/** The Ministry of Finance e-invoice platform's public invoice lookup (財政部電子發票整合服務平台). */
export const MOF_INVOICE_LOOKUP_URL = "https://www.einvoice.nat.gov.tw/portal/btc/mobile/btc502w/detail"

export function invoiceLookupUrl(): string {
  return MOF_INVOICE_LOOKUP_URL
}
