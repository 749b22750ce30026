/** Invalid (void) and VoidWithReIssue (註銷重開) (docs/ECPAY-PROTOCOL.md §2.3–2.4, §3). */
import { RtnCode } from "../codes"
import { REASON_RULE, readObject, readString, validateIssue } from "../rules"
import type { InvoiceRecord } from "../state"
import { formatTaipeiDate, formatTaipeiDateTime, isPeriodLocked, periodLockInstant } from "../time"
import { checkInvoiceDate, fail, findInvoiceOrFail, readDate, readInvoiceNo, success, taipeiDateTime } from "./common"
import type { OperationContext, OperationReply } from "./types"

/** Shared preconditions of every kind of void. */
function checkVoidable(ctx: OperationContext, invoice: InvoiceRecord): void {
  if (invoice.voided) fail(RtnCode.INVOICE_ALREADY_VOIDED, `發票 ${invoice.invoiceNo} 已作廢，不可重複作廢`)
  if (ctx.store.blockingAllowancesOf(invoice).length > 0) {
    fail(RtnCode.VOID_HAS_ALLOWANCES, `發票 ${invoice.invoiceNo} 尚有未作廢的折讓單，請先作廢折讓單`)
  }
  if (isPeriodLocked(invoice.invoiceDate, ctx.now)) {
    const lock = new Date(periodLockInstant(invoice.invoiceDate).getTime() - 1000)
    fail(RtnCode.VOID_PERIOD_LOCKED, `發票 ${invoice.invoiceNo} 已超過作廢期限（${formatTaipeiDateTime(lock)}）`)
  }
}

export function invalid(ctx: OperationContext): OperationReply {
  const invoiceNo = readInvoiceNo(ctx.data)
  const invoiceDate = readDate(ctx.data, "InvoiceDate", { required: true, allowTime: true })
  const reason = readString(ctx.data, "Reason", REASON_RULE)
  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  checkInvoiceDate(invoice, invoiceDate)
  checkVoidable(ctx, invoice)
  invoice.voided = { at: ctx.now, reason }
  return success("作廢發票成功", { InvoiceNo: invoice.invoiceNo })
}

function checkNestedMerchant(ctx: OperationContext, model: Record<string, unknown>, label: string): void {
  const merchantId = readString(model, "MerchantID", { max: 10, label: `${label}.MerchantID` })
  if (merchantId && merchantId !== ctx.merchantId) {
    fail(RtnCode.FIELD_VALUE_NOT_ALLOWED, `${label}.MerchantID 與 MerchantID 不一致`)
  }
}

export function voidWithReIssue(ctx: OperationContext): OperationReply {
  const voidModel = readObject(ctx.data, "VoidModel")
  checkNestedMerchant(ctx, voidModel, "VoidModel")
  const invoiceNo = readInvoiceNo(voidModel, "InvoiceNo", "VoidModel.InvoiceNo")
  const voidReason = readString(voidModel, "VoidReason", { ...REASON_RULE, label: "VoidModel.VoidReason" })
  const issueModel = readObject(ctx.data, "IssueModel")
  checkNestedMerchant(ctx, issueModel, "IssueModel")
  const issueDate = readDate(issueModel, "InvoiceDate", { required: true, allowTime: true, label: "IssueModel.InvoiceDate" })
  const content = validateIssue(issueModel)

  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  checkVoidable(ctx, invoice)
  // The re-issued invoice keeps the original number and issue time (docs/ECPAY-PROTOCOL.md §2.4).
  const originalDateTime = formatTaipeiDateTime(invoice.invoiceDate)
  if (
    issueDate &&
    (issueDate.date !== formatTaipeiDate(invoice.invoiceDate) ||
      (issueDate.time !== null && `${issueDate.date} ${issueDate.time}` !== originalDateTime))
  ) {
    fail(RtnCode.REISSUE_DATE_MISMATCH, `IssueModel.InvoiceDate 須為原發票開立時間 ${originalDateTime}`)
  }
  if (ctx.store.isRelateNumberTaken(ctx.merchantId, content.relateNumber, invoice)) {
    fail(RtnCode.RELATE_NUMBER_DUPLICATE, `RelateNumber ${content.relateNumber} 已被其他發票使用`)
  }
  ctx.store.reissueInvoice(invoice, content, voidReason, ctx.now)
  return success("註銷重開發票成功", {
    InvoiceNo: invoice.invoiceNo,
    InvoiceDate: taipeiDateTime(invoice.invoiceDate),
    RandomNumber: invoice.randomNumber,
  })
}
