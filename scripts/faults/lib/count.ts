/**
 * The suite's verdict, counted twice: at ECPay (the simulator's own records, which know nothing of the
 * plugin) and in Medusa (the plugin's tables, Medusa's refunds). An order's invoices at ECPay are found by
 * the RelateNumber the plugin derives from the order (src/lib/relate-number.ts: prefix + display id +
 * digest, "R<n>" for later invoices), so an invoice the plugin lost track of is still counted.
 */
import { deriveRelateNumber } from "../../../src/lib/relate-number"
import type { StoreSnapshot } from "../../../src/simulator"
import { withClient } from "../../demo/lib/database"
import { allowedByOrder, refundedByOrder, type PlacedRef, type RunResult } from "./run"

export interface Check {
  name: string
  ok: boolean
  detail: string
}

export interface Figures {
  orders: number
  voidOrders: number
  placeFailures: number
  ecpay: {
    exactlyOneValid: number
    duplicates: number
    missing: number
    voidOrdersVoidedOnce: number
    invoices: number
    liveAllowances: number
    allowanceAmount: number
    allowancesUnknownToMedusa: number
  }
  medusa: {
    exactlyOneIssued: number
    numberMismatches: number
    voidOrdersVoided: number
    refundedOrders: number
    refundedAmount: number
    allowedAmount: number
    invoiceStatuses: Record<string, number>
    allowanceStatuses: Record<string, number>
  }
  refundMismatches: string[]
  pending: string[]
  plugin5xx: Array<{ process: string; method: string; path: string; status: number; body: string }>
  pause503: number
}

export async function countAndCheck(
  databaseUrl: string,
  snapshot: StoreSnapshot,
  result: RunResult
): Promise<{ figures: Figures; checks: Check[] }> {
  const main = result.placed.filter((order) => order.kind === "main")
  const voids = result.placed.filter((order) => order.kind === "void")
  const ids = result.placed.map((order) => order.orderId)

  // ECPay's side: invoices by RelateNumber, allowances by invoice number.
  const invoicesOf = (order: PlacedRef) => {
    const base = deriveRelateNumber({ prefix: result.prefix, orderId: order.orderId, displayId: order.displayId })
    const own = new RegExp(`^${base}(R\\d+)?$`, "i")
    return snapshot.invoices.filter((invoice) => own.test(invoice.relateNumber))
  }
  const liveAllowancesOf = (invoiceNos: Set<string>) =>
    snapshot.allowances.filter((allowance) => invoiceNos.has(allowance.invoiceNo) && allowance.status === "issued")

  // Medusa's side.
  const db = await withClient(databaseUrl, async (client) => {
    const invoices = await client.query(
      `select order_id, status, invoice_number from ecpay_einvoice where deleted_at is null and order_id = any($1::text[])`,
      [ids]
    )
    const allowances = await client.query(
      `select e.order_id, a.status, a.allowance_number, a.amount::float as amount
         from ecpay_einvoice_allowance a join ecpay_einvoice e on e.id = a.einvoice_id
        where a.deleted_at is null and e.order_id = any($1::text[])`,
      [ids]
    )
    return {
      invoices: invoices.rows as Array<{ order_id: string; status: string; invoice_number: string | null }>,
      allowances: allowances.rows as Array<{ order_id: string; status: string; allowance_number: string | null; amount: number }>,
      refunded: await refundedByOrder(client, ids),
      allowed: await allowedByOrder(client, ids),
    }
  })
  const tally = (values: string[]) =>
    values.reduce<Record<string, number>>((acc, value) => ({ ...acc, [value]: (acc[value] ?? 0) + 1 }), {})

  let exactlyOneValid = 0
  let duplicates = 0
  let missing = 0
  let exactlyOneIssued = 0
  let numberMismatches = 0
  const refundMismatches: string[] = []
  let allowanceAmount = 0
  let liveAllowances = 0
  const medusaAllowanceNumbers = new Set(db.allowances.map((a) => a.allowance_number).filter(Boolean))
  let allowancesUnknownToMedusa = 0
  for (const order of main) {
    const atEcpay = invoicesOf(order)
    const valid = atEcpay.filter((invoice) => !invoice.voided)
    if (valid.length === 1) exactlyOneValid += 1
    else if (valid.length > 1) duplicates += 1
    else missing += 1
    const issued = db.invoices.filter((row) => row.order_id === order.orderId && row.status === "issued")
    if (issued.length === 1) exactlyOneIssued += 1
    if (valid.length === 1 && issued.length === 1 && issued[0].invoice_number !== valid[0].invoiceNo) numberMismatches += 1

    const live = liveAllowancesOf(new Set(atEcpay.map((invoice) => invoice.invoiceNo)))
    const atEcpayAmount = live.reduce((sum, allowance) => sum + allowance.amount, 0)
    allowanceAmount += atEcpayAmount
    liveAllowances += live.length
    allowancesUnknownToMedusa += live.filter((allowance) => !medusaAllowanceNumbers.has(allowance.allowanceNo)).length
    const refunded = db.refunded.get(order.orderId) ?? 0
    const allowed = db.allowed.get(order.orderId) ?? 0
    if (atEcpayAmount !== refunded || allowed !== refunded) {
      refundMismatches.push(
        `order ${order.displayId}: refunded NT$${refunded}, allowed at ECPay NT$${atEcpayAmount} (${live.length} allowances), in Medusa NT$${allowed}`
      )
    }
  }
  let voidOrdersVoidedOnce = 0
  let voidOrdersVoided = 0
  for (const order of voids) {
    const atEcpay = invoicesOf(order)
    if (atEcpay.length === 1 && atEcpay[0].voided) voidOrdersVoidedOnce += 1
    const rows = db.invoices.filter((row) => row.order_id === order.orderId)
    if (rows.length >= 1 && rows.every((row) => row.status === "voided")) voidOrdersVoided += 1
  }
  const pending = [
    ...db.invoices.filter((row) => row.status === "pending").map((row) => `invoice of ${row.order_id} pending`),
    ...db.allowances
      .filter((row) => !["issued", "voided", "failed", "rejected"].includes(row.status))
      .map((row) => `allowance of ${row.order_id} ${row.status}`),
  ]
  const fiveXx = result.http.pluginFiveXx()
  const pause503 = fiveXx.filter((entry) => entry.status === 503 && /pause/i.test(entry.body)).length
  const plugin5xx = fiveXx.filter((entry) => !(entry.status === 503 && /pause/i.test(entry.body)))
  const refundedAmount = [...db.refunded.values()].reduce((a, b) => a + b, 0)
  const allowedAmount = [...db.allowed.values()].reduce((a, b) => a + b, 0)

  const figures: Figures = {
    orders: main.length,
    voidOrders: voids.length,
    placeFailures: result.placeFailures.length,
    ecpay: {
      exactlyOneValid,
      duplicates,
      missing,
      voidOrdersVoidedOnce,
      invoices: snapshot.invoices.length,
      liveAllowances,
      allowanceAmount,
      allowancesUnknownToMedusa,
    },
    medusa: {
      exactlyOneIssued,
      numberMismatches,
      voidOrdersVoided,
      refundedOrders: db.refunded.size,
      refundedAmount,
      allowedAmount,
      invoiceStatuses: tally(db.invoices.map((row) => row.status)),
      allowanceStatuses: tally(db.allowances.map((row) => row.status)),
    },
    refundMismatches,
    pending,
    plugin5xx,
    pause503,
  }
  const n = main.length
  const checks: Check[] = [
    {
      name: "every order placed and captured",
      ok: result.placeFailures.length === 0,
      detail: `${result.placed.length} of ${n + voids.length + result.placeFailures.length}`,
    },
    {
      name: "ECPay: orders with exactly one valid invoice = N",
      ok: exactlyOneValid === n && duplicates === 0 && missing === 0,
      detail: `${exactlyOneValid} of ${n}; ${duplicates} with duplicates, ${missing} without`,
    },
    {
      name: "Medusa: orders with exactly one issued invoice = N, same number as ECPay's",
      ok: exactlyOneIssued === n && numberMismatches === 0,
      detail: `${exactlyOneIssued} of ${n}; ${numberMismatches} numbers differ`,
    },
    {
      name: "voided orders: one invoice at ECPay, voided once; voided in Medusa",
      ok: voidOrdersVoidedOnce === voids.length && voidOrdersVoided === voids.length,
      detail: `ECPay ${voidOrdersVoidedOnce}, Medusa ${voidOrdersVoided} of ${voids.length}`,
    },
    {
      name: "allowances at ECPay and in Medusa = the refunded amounts (no duplicate, none missing)",
      ok: refundMismatches.length === 0 && allowancesUnknownToMedusa === 0,
      detail: `refunded NT$${refundedAmount} on ${db.refunded.size} orders; ECPay NT$${allowanceAmount} in ${liveAllowances} allowances (${allowancesUnknownToMedusa} unknown to Medusa); Medusa NT$${allowedAmount}; ${refundMismatches.length} orders differ`,
    },
    {
      name: "nothing pending after the drain",
      ok: pending.length === 0,
      detail: pending.length ? pending.slice(0, 5).join("; ") : "0 invoices, 0 allowances",
    },
    {
      name: "no 5xx from the plugin's routes",
      ok: plugin5xx.length === 0,
      detail: `${plugin5xx.length}${pause503 ? ` (plus ${pause503} × 503 "ECPay paused", the store-wide pause's answer)` : ""}`,
    },
  ]
  return { figures, checks }
}
