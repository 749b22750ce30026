import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { adminDownload, adminFetch, type AdminApiError, type AdminDownload } from "../lib/admin-fetch"
import type {
  AttentionResponse,
  BulkIssueResponse,
  BulkPrintResponse,
  BulkResendResponse,
  EinvoiceListQuery,
  EinvoiceListResponse,
  MarkPrintedResponse,
} from "../lib/types"

export const einvoiceListQueryKey = ["ecpay-einvoice", "list"] as const
export const einvoiceAttentionQueryKey = ["ecpay-einvoice", "attention"] as const

/** How many of each kind the "Needs attention" view lists (its counts are always whole). */
export const ATTENTION_LIMIT = 100

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
  if (query.award) {
    params.set("award", query.award)
  }
  if (query.paper) {
    params.set("paper", query.paper)
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

/** POST /admin/einvoices/bulk-issue: issues (or retries) these orders' invoices, one after the other. */
export function bulkIssueEinvoices(orderIds: string[]): Promise<BulkIssueResponse> {
  return adminFetch<BulkIssueResponse>("/admin/einvoices/bulk-issue", { method: "POST", body: { order_ids: orderIds } })
}

/** POST /admin/einvoices/bulk-print: ECPay's print pages of these orders' invoices, one after the other. */
export function bulkPrintEinvoices(orderIds: string[]): Promise<BulkPrintResponse> {
  return adminFetch<BulkPrintResponse>("/admin/einvoices/bulk-print", { method: "POST", body: { order_ids: orderIds } })
}

/** POST /admin/einvoices/mark-printed: these invoices' paper proofs were printed (who and when are recorded). */
export function markEinvoicesPrinted(invoiceIds: string[]): Promise<MarkPrintedResponse> {
  return adminFetch<MarkPrintedResponse>("/admin/einvoices/mark-printed", { method: "POST", body: { invoice_ids: invoiceIds } })
}

/** GET /admin/einvoices/attention: failed and pending invoices and paid orders without one, with counts; kept current every minute. */
export function useEinvoiceAttention() {
  return useQuery<AttentionResponse, AdminApiError>({
    queryKey: einvoiceAttentionQueryKey,
    queryFn: () => adminFetch<AttentionResponse>(`/admin/einvoices/attention?limit=${ATTENTION_LIMIT}`),
    refetchInterval: 60_000,
  })
}
