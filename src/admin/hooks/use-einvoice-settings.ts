import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { adminFetch, type AdminApiError } from "../lib/admin-fetch"
import type { ConnectionResult, SettingsResponse } from "../lib/types"

const SETTINGS_PATH = "/admin/ecpay-einvoice/settings"

export const einvoiceSettingsQueryKey = ["ecpay-einvoice", "settings"] as const

export function useEinvoiceSettings() {
  return useQuery<SettingsResponse, AdminApiError>({
    queryKey: einvoiceSettingsQueryKey,
    queryFn: () => adminFetch<SettingsResponse>(SETTINGS_PATH),
  })
}

export function useUpdateEinvoiceSettings() {
  const queryClient = useQueryClient()
  return useMutation<SettingsResponse, AdminApiError, Record<string, unknown>>({
    mutationFn: (body) => adminFetch<SettingsResponse>(SETTINGS_PATH, { method: "POST", body }),
    onSuccess: (data) => {
      queryClient.setQueryData(einvoiceSettingsQueryKey, data)
    },
  })
}

/** Calls ECPay (or the simulator) with the saved settings and reports what happened. */
export function useTestEinvoiceConnection() {
  const queryClient = useQueryClient()
  return useMutation<ConnectionResult, AdminApiError, void>({
    mutationFn: () => adminFetch<ConnectionResult>(`${SETTINGS_PATH}/test-connection`, { method: "POST" }),
    // A 403 from ECPay pauses it store-wide: the page shows the pause from the settings answer.
    onSettled: () => queryClient.invalidateQueries({ queryKey: einvoiceSettingsQueryKey }),
  })
}
