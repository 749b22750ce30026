/** Allowance, AllowanceByCollegiate, AllowanceInvalid, AllowanceInvalidByCollegiate (docs/ECPAY-PROTOCOL.md §2.5–2.7). */
import { RtnCode } from "../codes"
import { ALLOWANCE_NO, REASON_RULE, readString, validateAllowance } from "../rules"
import type { AllowanceRecord } from "../state"
import { formatTaipeiDateTime, isPeriodLocked, parseDateInput, periodLockInstant } from "../time"
import { checkInvoiceDate, fail, findInvoiceOrFail, readInvoiceNo, success, taipeiDateTime } from "./common"
import type { OperationContext, OperationReply } from "./types"

/** Online allowances wait 72 hours for the buyer's agreement (p=15391). */
export const ONLINE_AGREEMENT_WINDOW_MS = 72 * 60 * 60 * 1000

function createAllowance(ctx: OperationContext, online: boolean): { allowance: AllowanceRecord; remaining: number } {
  const content = validateAllowance(ctx.data, online)
  const invoice = findInvoiceOrFail(ctx, content.invoiceNo)
  checkInvoiceDate(invoice, parseDateInput(content.invoiceDate))
  if (invoice.voided) fail(RtnCode.ALLOWANCE_ON_VOIDED_INVOICE, `發票 ${invoice.invoiceNo} 已作廢，不可折讓`)
  const remaining = ctx.store.remainingAllowanceAmount(invoice)
  if (content.allowanceAmount > remaining) {
    fail(RtnCode.ALLOWANCE_NOT_ENOUGH, `無足夠金額可以折讓（AllowanceAmount ${content.allowanceAmount}，剩餘可折讓金額 ${remaining}）`)
  }
  const allowance: AllowanceRecord = {
    allowanceNo: ctx.store.allocateAllowanceNo(ctx.now),
    merchantId: ctx.merchantId,
    invoiceNo: invoice.invoiceNo,
    mode: online ? "online" : "paper",
    status: online ? "pending" : "issued",
    amount: content.allowanceAmount,
    content,
    createdAt: ctx.now,
    issuedAt: online ? null : ctx.now,
    expiresAt: online ? new Date(ctx.now.getTime() + ONLINE_AGREEMENT_WINDOW_MS) : null,
    returnUrl: online ? content.returnUrl : null,
    voided: null,
    closed: null,
  }
  ctx.store.addAllowance(allowance)
  return { allowance, remaining: ctx.store.remainingAllowanceAmount(invoice) }
}

export function allowance(ctx: OperationContext): OperationReply {
  const { allowance: created, remaining } = createAllowance(ctx, false)
  return success("折讓單資料新增成功", {
    IA_Allow_No: created.allowanceNo,
    IA_Invoice_No: created.invoiceNo,
    IA_Date: taipeiDateTime(created.createdAt),
    IA_Remain_Allowance_Amt: remaining,
  })
}

export function allowanceByCollegiate(ctx: OperationContext): OperationReply {
  const { allowance: created, remaining } = createAllowance(ctx, true)
  return success("線上折讓單已建立，待買受人同意（模擬環境不寄送通知信）", {
    IA_Allow_No: created.allowanceNo,
    IA_Invoice_No: created.invoiceNo,
    IA_TempDate: taipeiDateTime(created.createdAt),
    IA_TempExpireDate: taipeiDateTime(created.expiresAt as Date),
    IA_Remain_Allowance_Amt: remaining,
  })
}

function readAllowanceVoidRequest(ctx: OperationContext) {
  const invoiceNo = readInvoiceNo(ctx.data)
  const allowanceNo = readString(ctx.data, "AllowanceNo", { required: true, max: 16, pattern: ALLOWANCE_NO, patternHint: "須為 16 位數字" })
  const reason = readString(ctx.data, "Reason", REASON_RULE)
  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  const found = ctx.store.allowancesOf(invoice).find((a) => a.allowanceNo === allowanceNo)
  return { invoiceNo, allowanceNo, reason, found }
}

export function allowanceInvalid(ctx: OperationContext): OperationReply {
  const { invoiceNo, allowanceNo, reason, found } = readAllowanceVoidRequest(ctx)
  // Pending/cancelled online allowances are not allowances yet; they are cancelled, not voided.
  if (!found || (found.status !== "issued" && found.status !== "voided")) {
    fail(RtnCode.ALLOWANCE_NOT_FOUND, `查無折讓單資料，請確認!（${allowanceNo}）`)
  }
  if (found.voided) fail(RtnCode.ALLOWANCE_ALREADY_VOIDED, `折讓單 ${allowanceNo} 已作廢過，不可重複作廢`)
  const issuedAt = found.issuedAt as Date
  if (isPeriodLocked(issuedAt, ctx.now)) {
    const lock = new Date(periodLockInstant(issuedAt).getTime() - 1000)
    fail(RtnCode.ALLOWANCE_PERIOD_LOCKED, `折讓單 ${allowanceNo} 已超過作廢期限（${formatTaipeiDateTime(lock)}）`)
  }
  found.status = "voided"
  found.voided = { at: ctx.now, reason }
  return success("該折讓單已作廢", { IA_Invoice_No: invoiceNo })
}

export function allowanceInvalidByCollegiate(ctx: OperationContext): OperationReply {
  const { invoiceNo, allowanceNo, reason, found } = readAllowanceVoidRequest(ctx)
  if (!found) fail(RtnCode.ALLOWANCE_NOT_FOUND, `查無折讓單資料，請確認!（${allowanceNo}）`)
  if (found.status !== "pending") {
    fail(RtnCode.ALLOWANCE_NOT_PENDING, `折讓單 ${allowanceNo} 不是待買受人同意的線上折讓，不可取消（狀態：${found.status}）`)
  }
  found.status = "cancelled"
  found.closed = { at: ctx.now, reason }
  return success("線上折讓單已取消", { IA_Invoice_No: invoiceNo })
}
