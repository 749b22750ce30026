import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { adminDownload, adminFetch, type AdminApiError, type AdminDownload } from "../lib/admin-fetch"
import type { BulkResendResponse, EinvoiceListQuery, EinvoiceListResponse } from "../lib/types"

export const einvoiceListQueryKey = ["ecpay-einvoice", "list"] as const

/** The query string of GET /admin/einvoices (only the filters that are set). */
export function einvoiceListSearch(query: EinvoiceListQuery): string {
  const params = new URLSearchParams()
  if (query.status) {
    params.set("status", query.status)
  }
  if (query.period) {
    params.set("period", query.period)
  }
  if (query.q) {
    params.set("q", query.q)
  }
  params.set("limit", String(query.limit))
  params.set("offset", String(query.offset))
  return params.toString()
}

/** The store's invoices, filtered and paged (newest first); the previous page stays while the next loads. */
export function useEinvoiceList(query: EinvoiceListQuery) {
  return useQuery<EinvoiceListResponse, AdminApiError>({
    queryKey: [...einvoiceListQueryKey, query],
    queryFn: () => adminFetch<EinvoiceListResponse>(`/admin/einvoices?${einvoiceListSearch(query)}`),
    placeholderData: keepPreviousData,
  })
}

/** GET /admin/einvoices/export?period=…: the period's invoices as CSV (for the VAT filing). */
export type ExportKind = "invoices" | "allowances"

/** GET /admin/einvoices/export: the period's invoices, or the allowances dated in it, as CSV. */
export function exportEinvoices(period: string, kind: ExportKind = "invoices"): Promise<AdminDownload> {
  return adminDownload(`/admin/einvoices/export?period=${encodeURIComponent(period)}&kind=${kind}`)
}

/** POST /admin/einvoices/bulk-resend: ECPay sends the notices of these orders' invoices again. */
export function bulkResendEinvoices(orderIds: string[]): Promise<BulkResendResponse> {
  return adminFetch<BulkResendResponse>("/admin/einvoices/bulk-resend", { method: "POST", body: { order_ids: orderIds } })
}
