import { useEffect, useRef, useState } from "react"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { adminFetch, type AdminApiError } from "../lib/admin-fetch"
import { refreshInterval, type CardWatch } from "../lib/card-refresh"
import type {
  ActionResponse,
  CreateAllowanceBody,
  IssueEinvoiceBody,
  IssueResponse,
  OrderEinvoiceView,
  PrintEinvoiceBody,
  ReissueInvoiceBody,
  ResendBody,
  VoidAllowanceBody,
  VoidInvoiceBody,
} from "../lib/types"
import { einvoiceSettingsQueryKey } from "./use-einvoice-settings"

export const orderEinvoiceQueryKey = (orderId: string) => ["ecpay-einvoice", "order", orderId] as const

const orderPath = (orderId: string) => `/admin/orders/${encodeURIComponent(orderId)}/einvoice`

/**
 * The order's invoices, audit trail, allowed actions and issue preview. `orderChange` (orderChangeKey of
 * the dashboard's order) refreshes it when the order changes: capturing, refunding, fulfilling or
 * canceling sets off invoice work on the server, which the card then follows (card-refresh.ts).
 */
export function useOrderEinvoice(orderId: string, orderChange: string) {
  const queryClient = useQueryClient()
  const [openedAt] = useState(() => Date.now())
  const watch = useRef<CardWatch>({ openedAt, changedAt: null })
  const seenChange = useRef(orderChange)
  useEffect(() => {
    if (seenChange.current === orderChange) {
      return
    }
    seenChange.current = orderChange
    watch.current.changedAt = Date.now()
    void queryClient.invalidateQueries({ queryKey: orderEinvoiceQueryKey(orderId) })
  }, [orderChange, orderId, queryClient])
  return useQuery<OrderEinvoiceView, AdminApiError>({
    queryKey: orderEinvoiceQueryKey(orderId),
    queryFn: () => adminFetch<OrderEinvoiceView>(orderPath(orderId)),
    refetchInterval: (query) => (query.state.data ? refreshInterval(query.state.data, watch.current, Date.now()) : false),
  })
}

/** POST /admin/orders/:id/einvoice/issue (issues, or retries a failed / pending invoice). */
export function issueOrderEinvoice(orderId: string, body?: IssueEinvoiceBody): Promise<IssueResponse> {
  return adminFetch<IssueResponse>(`${orderPath(orderId)}/issue`, { method: "POST", ...(body ? { body } : {}) })
}

/** POST /admin/orders/:id/einvoice/void: voids the issued invoice (ECPay e-mails the buyer a void notice). */
export function voidOrderEinvoice(orderId: string, body: VoidInvoiceBody): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/void`, { method: "POST", body })
}

/**
 * POST /admin/orders/:id/einvoice/reissue: void-and-reissue (註銷重開) under the same number and date,
 * with the corrected buyer, carrier, donation or company data (ECPay notifies the buyer).
 */
export function reissueOrderEinvoice(orderId: string, body: ReissueInvoiceBody): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/reissue`, { method: "POST", body })
}

/**
 * POST /admin/orders/:id/einvoice/allowances: an allowance (折讓) by lines or by amount. `idempotencyKey`
 * (the form's, one per submission) goes in the `Idempotency-Key` header: a retry answers the first allowance.
 */
export function createOrderAllowance(orderId: string, body: CreateAllowanceBody, idempotencyKey?: string): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/allowances`, {
    method: "POST",
    body,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined,
  })
}

/**
 * POST /admin/orders/:id/einvoice/allowances/:allowance_id/void: voids an issued allowance, or cancels
 * an online one still awaiting the buyer's agreement.
 */
export function voidOrderAllowance(orderId: string, allowanceId: string, body: VoidAllowanceBody): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/allowances/${encodeURIComponent(allowanceId)}/void`, {
    method: "POST",
    body,
  })
}

/** POST /admin/orders/:id/einvoice/resend: ECPay sends the notice again (to the buyer, or to `email`). */
export function resendOrderEinvoice(orderId: string, body: ResendBody = {}): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/resend`, { method: "POST", body })
}

/** POST /admin/orders/:id/einvoice/print: ECPay's printable page of the invoice proof (`result.print_url`). */
export function printOrderEinvoice(orderId: string, body: PrintEinvoiceBody = {}): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/print`, { method: "POST", body })
}

/** POST /admin/orders/:id/einvoice/sync: refreshes the invoice and its allowances from ECPay. */
export function syncOrderEinvoice(orderId: string): Promise<ActionResponse> {
  return adminFetch<ActionResponse>(`${orderPath(orderId)}/sync`, { method: "POST" })
}

/**
 * Runs one invoice action of the order and puts the view it answers with into the cache, so the card
 * shows the new state without another request. Actions answer with `{ result, ...view }`.
 */
export function useOrderEinvoiceAction<TInput = void>(orderId: string, run: (orderId: string, input: TInput) => Promise<ActionResponse>) {
  const queryClient = useQueryClient()
  return useMutation<ActionResponse, AdminApiError, TInput>({
    mutationFn: (input) => run(orderId, input),
    onSuccess: (response) => {
      const { result: _result, ...view } = response
      queryClient.setQueryData<OrderEinvoiceView>(orderEinvoiceQueryKey(orderId), view)
    },
    onError: () => {
      // A refused request (400) changes nothing, but the state it was refused in may be news (the
      // payment, the order, or the settings changed since the card was loaded).
      queryClient.invalidateQueries({ queryKey: orderEinvoiceQueryKey(orderId) })
      queryClient.invalidateQueries({ queryKey: einvoiceSettingsQueryKey })
    },
  })
}

interface AdminUserSummary {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
}

/** Names of the admin users who appear in the audit trail (falls back to their ids when unknown). */
export function useAdminUserNames(ids: string[]) {
  const unique = Array.from(new Set(ids.filter(Boolean))).sort()
  const query = useQuery<{ users: AdminUserSummary[] }, AdminApiError>({
    queryKey: ["ecpay-einvoice", "users", unique],
    queryFn: () =>
      adminFetch<{ users: AdminUserSummary[] }>(
        `/admin/users?${unique.map((id) => `id[]=${encodeURIComponent(id)}`).join("&")}&fields=id,email,first_name,last_name&limit=${unique.length}`
      ),
    enabled: unique.length > 0,
    staleTime: 5 * 60_000,
    retry: false,
  })
  const names = new Map<string, string>()
  for (const user of query.data?.users ?? []) {
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ")
    names.set(user.id, name || user.email)
  }
  return names
}
