import type EinvoiceModuleService from "../../modules/einvoice/service"
import { formatTaipeiDate, parseEcpayDateTime, type EcpayInvoiceClient } from "../../lib/ecpay"
import { callEcpay } from "./ecpay-call"

/** An allowance of the invoice at ECPay that none of our rows holds yet, of the given amount. */
export async function findNewAllowance(
  client: EcpayInvoiceClient,
  service: EinvoiceModuleService,
  invoice: { id: string; invoice_number: string | null; invoice_date: Date | string | null },
  amount: number
): Promise<{ number: string; date: string; amount: number } | null> {
  const listed = await listInvoiceAllowances(client, invoice)
  if (!listed) {
    return null
  }
  const known = new Set(
    (await service.listEinvoiceAllowances({ einvoice_id: invoice.id })).map((row) => row.allowance_number).filter(Boolean)
  )
  const match = listed.find(
    (entry) => !known.has(entry.number) && !entry.voided && entry.amount === amount
  )
  return match ?? null
}

export interface ListedAllowance {
  number: string
  date: string
  amount: number
  voided: boolean
}

/** The invoice's allowances at ECPay (agreed ones; pending online requests are not listed), or null if ECPay cannot tell. */
export async function listInvoiceAllowances(
  client: EcpayInvoiceClient,
  invoice: { invoice_number: string | null; invoice_date: Date | string | null }
): Promise<ListedAllowance[] | null> {
  const call = await callEcpay(() =>
    client.getAllowanceList({
      SearchType: "1",
      InvoiceNo: invoice.invoice_number!,
      Date: formatTaipeiDate(new Date(invoice.invoice_date!)),
    })
  )
  if (call.kind === "refused" && /^2000039$|^1600003$/.test(call.code)) {
    return []
  }
  if (call.kind !== "ok") {
    return null
  }
  return (call.value.AllowanceInfo ?? []).map((entry) => ({
    number: entry.IA_Allow_No,
    date: entry.IA_Date,
    amount: parseAmount(entry.IA_Total_Tax_Amount) ?? 0,
    voided: isFlagSet(entry.IA_Invalid_Status),
  }))
}

export function safeDate(value: string | undefined | null): Date | null {
  if (!value) {
    return null
  }
  try {
    return parseEcpayDateTime(value)
  } catch {
    return null
  }
}

/** A whole TWD amount as ECPay sends it (a number or digits); null for "", null or anything else. */
export function parseAmount(value: unknown): number | null {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 ? value : null
  }
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null
}

/** ECPay's "1" flags may arrive as a string or a number. */
export function isFlagSet(value: unknown): boolean {
  return String(value ?? "").trim() === "1"
}
