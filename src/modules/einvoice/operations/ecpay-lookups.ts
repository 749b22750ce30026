import { formatTaipeiDate, isFlagSet, parseAmount, type GetIssueResponse } from "../../../lib/ecpay"
import { NO_ALLOWANCES_RTN_CODE, refusedWith, type EcpayFailure } from "./ecpay-outcome"
import { INVOICE_NOT_FOUND_RTN_CODE } from "../../../lib/ecpay"
import type { EinvoiceOperation } from "./operation"

export type Found = { kind: "found"; issue: GetIssueResponse } | { kind: "absent" } | { kind: "unknown"; failure: EcpayFailure }

/** The invoice ECPay holds under a RelateNumber, if any (reconciliation of every unknown outcome). */
export async function findByRelateNumber(op: EinvoiceOperation, relateNumber: string): Promise<Found> {
  const call = await op.call((client) => client.getIssue({ RelateNumber: relateNumber }))
  if (call.kind === "applied") {
    return call.value.IIS_Number ? { kind: "found", issue: call.value } : { kind: "absent" }
  }
  return refusedWith(call) ? { kind: "absent" } : { kind: "unknown", failure: call }
}

export interface ListedAllowance {
  number: string
  date: string
  amount: number
  voided: boolean
}

interface NumberedInvoice {
  invoice_number: string | null
  invoice_date: Date | string | null
}

/** The invoice's allowances at ECPay (agreed ones; pending online requests are not listed), or null if ECPay cannot tell. */
export async function listInvoiceAllowances(op: EinvoiceOperation, invoice: NumberedInvoice): Promise<ListedAllowance[] | null> {
  const call = await op.call((client) =>
    client.getAllowanceList({
      SearchType: "1",
      InvoiceNo: invoice.invoice_number!,
      Date: formatTaipeiDate(new Date(invoice.invoice_date!)),
    })
  )
  if (call.kind !== "applied") {
    return refusedWith(call, [NO_ALLOWANCES_RTN_CODE, INVOICE_NOT_FOUND_RTN_CODE]) ? [] : null
  }
  return (call.value.AllowanceInfo ?? []).map((entry) => ({
    number: entry.IA_Allow_No,
    date: entry.IA_Date,
    amount: parseAmount(entry.IA_Total_Tax_Amount) ?? 0,
    voided: isFlagSet(entry.IA_Invalid_Status),
  }))
}

/** An allowance of the invoice at ECPay that none of our rows holds yet, of the given amount. */
export async function findNewAllowance(
  op: EinvoiceOperation,
  invoice: NumberedInvoice & { id: string },
  amount: number
): Promise<ListedAllowance | null> {
  const listed = await listInvoiceAllowances(op, invoice)
  if (!listed) {
    return null
  }
  const known = new Set(
    (await op.service.listEinvoiceAllowances({ einvoice_id: invoice.id })).map((row) => row.allowance_number).filter(Boolean)
  )
  return listed.find((entry) => !known.has(entry.number) && !entry.voided && entry.amount === amount) ?? null
}
