/** GetIssue, GetIssueList, GetInvalid, GetAllowanceList, GetAllowanceInvalid (docs/ECPAY-PROTOCOL.md §2.8–2.12). */
import { RtnCode } from "../codes"
import { ALLOWANCE_NO, readNumber, readString } from "../rules"
import type { AllowanceRecord, InvoiceRecord } from "../state"
import { formatTaipeiDate, formatTaipeiDateTime } from "../time"
import { checkInvoiceDate, fail, findInvoiceOrFail, readDate, readInvoiceNo, success } from "./common"
import type { OperationContext, OperationReply } from "./types"
import { allowanceView, invoiceView } from "./views"

export function getIssue(ctx: OperationContext): OperationReply {
  const relateNumber = readString(ctx.data, "RelateNumber", { max: 30 })
  let invoice: InvoiceRecord | undefined
  if (relateNumber) {
    invoice = ctx.store.findInvoiceByRelateNumber(ctx.merchantId, relateNumber)
    if (!invoice) fail(RtnCode.INVOICE_NOT_FOUND, `無發票號碼資料：查無 RelateNumber ${relateNumber}`)
  } else {
    const invoiceNo = readInvoiceNo(ctx.data)
    const invoiceDate = readDate(ctx.data, "InvoiceDate", { required: true, allowTime: false })
    invoice = findInvoiceOrFail(ctx, invoiceNo)
    if (invoiceDate && invoiceDate.date !== formatTaipeiDate(invoice.invoiceDate)) {
      fail(RtnCode.INVOICE_NOT_FOUND, `無發票號碼資料：${invoiceNo}（${invoiceDate.date}）`)
    }
  }
  return success("查詢成功", invoiceView(ctx, invoice, true))
}

export function getIssueList(ctx: OperationContext): OperationReply {
  const begin = readDate(ctx.data, "BeginDate", { required: true, allowTime: false })!
  const end = readDate(ctx.data, "EndDate", { required: true, allowTime: false })!
  if (begin.date > end.date) fail(RtnCode.FIELD_VALUE_NOT_ALLOWED, "BeginDate 不可晚於 EndDate")
  const perPage = readNumber(ctx.data, "NumPerPage", { required: true, integer: true, min: 1, max: 200 })
  const page = readNumber(ctx.data, "ShowingPage", { required: true, integer: true, min: 1 })
  const dataType = readString(ctx.data, "DataType", { oneOf: ["1", "2"] }) || "1"
  if (dataType === "2") fail(RtnCode.UNSUPPORTED_BY_SIMULATOR, "DataType=2（CSV）模擬器不支援，請使用 DataType=1")
  // 0 = all; 1 = only awarded / only voided; 2 = only not awarded / only not voided.
  const queryAward = readString(ctx.data, "Query_Award", { oneOf: ["0", "1", "2"] }) || "0"
  const queryInvalid = readString(ctx.data, "Query_Invalid", { oneOf: ["0", "1", "2"] }) || "0"

  const matching = ctx.store.invoices
    .filter((invoice) => invoice.merchantId === ctx.merchantId)
    .filter((invoice) => {
      const day = formatTaipeiDate(invoice.invoiceDate)
      return day >= begin.date && day <= end.date
    })
    .filter((invoice) => queryInvalid === "0" || (queryInvalid === "1") === (invoice.voided !== null))
    .filter((invoice) => queryAward === "0" || (queryAward === "1") === (invoice.award !== null))
    .sort((a, b) => b.invoiceDate.getTime() - a.invoiceDate.getTime() || b.invoiceNo.localeCompare(a.invoiceNo))
  const pageItems = matching.slice((page - 1) * perPage, page * perPage)
  return success("查詢成功", {
    TotalCount: matching.length,
    ShowingPage: page,
    InvoiceData: pageItems.map((invoice) => invoiceView(ctx, invoice, false)),
  })
}

export function getInvalid(ctx: OperationContext): OperationReply {
  const relateNumber = readString(ctx.data, "RelateNumber", { required: true, max: 30 })
  const invoiceNo = readInvoiceNo(ctx.data)
  const invoiceDate = readDate(ctx.data, "InvoiceDate", { required: true, allowTime: false })
  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  if (invoice.content.relateNumber.toLowerCase() !== relateNumber.toLowerCase()) {
    fail(RtnCode.INVOICE_NOT_FOUND, `無發票號碼資料：RelateNumber ${relateNumber} 與發票 ${invoiceNo} 不符`)
  }
  checkInvoiceDate(invoice, invoiceDate)
  if (!invoice.voided) fail(RtnCode.INVALID_RECORD_NOT_FOUND, `查無作廢資料：發票 ${invoiceNo} 未作廢`)
  const uploadedAt = new Date(invoice.voided.at.getTime() + ctx.uploadDelayMs)
  const uploaded = ctx.now.getTime() >= uploadedAt.getTime()
  return success("查詢成功", {
    IIS_Mer_ID: invoice.merchantId,
    II_Invoice_No: invoice.invoiceNo,
    II_Date: formatTaipeiDateTime(invoice.voided.at),
    II_Upload_Status: uploaded ? "1" : "0",
    II_Upload_Date: uploaded ? formatTaipeiDateTime(uploadedAt) : "",
    Reason: invoice.voided.reason,
    II_Seller_Identifier: "",
    II_Buyer_Identifier: invoice.content.customerIdentifier || "0000000000",
  })
}

/** Only real allowances are listed: pending, cancelled, rejected or expired online requests are not. */
const isListable = (allowance: AllowanceRecord) => allowance.status === "issued" || allowance.status === "voided"

export function getAllowanceList(ctx: OperationContext): OperationReply {
  const searchType = readString(ctx.data, "SearchType", { required: true, oneOf: ["0", "1", "2"] })
  let found: AllowanceRecord[]
  if (searchType === "0") {
    const allowanceNo = readString(ctx.data, "AllowanceNo", {
      required: true,
      max: 16,
      pattern: ALLOWANCE_NO,
      patternHint: "須為 16 位數字",
    })
    found = ctx.store.allowances.filter((a) => a.merchantId === ctx.merchantId && a.allowanceNo === allowanceNo)
  } else {
    const invoiceNo = readInvoiceNo(ctx.data)
    const date = readDate(ctx.data, "Date", { required: true, allowTime: false })!
    const invoice = ctx.store.findInvoice(ctx.merchantId, invoiceNo)
    const all = invoice ? ctx.store.allowancesOf(invoice) : []
    found =
      searchType === "1"
        ? all.filter(() => formatTaipeiDate((invoice as InvoiceRecord).invoiceDate) === date.date)
        : all.filter((a) => a.issuedAt !== null && formatTaipeiDate(a.issuedAt) === date.date)
  }
  const listed = found.filter(isListable)
  if (listed.length === 0) fail(RtnCode.ALLOWANCE_NOT_FOUND, "查無折讓單資料，請確認!")
  return success("查詢成功", {
    AllowanceInfo: listed.map((a) => allowanceView(ctx, a, ctx.store.findInvoice(ctx.merchantId, a.invoiceNo) as InvoiceRecord)),
  })
}

export function getAllowanceInvalid(ctx: OperationContext): OperationReply {
  const invoiceNo = readInvoiceNo(ctx.data)
  const allowanceNo = readString(ctx.data, "AllowanceNo", { required: true, max: 16, pattern: ALLOWANCE_NO, patternHint: "須為 16 位數字" })
  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  const found = ctx.store.allowancesOf(invoice).find((a) => a.allowanceNo === allowanceNo && isListable(a))
  if (!found) fail(RtnCode.ALLOWANCE_NOT_FOUND, `查無折讓單資料，請確認!（${allowanceNo}）`)
  if (!found.voided) fail(RtnCode.ALLOWANCE_INVALID_NOT_FOUND, `查無折讓作廢資料：折讓單 ${allowanceNo} 未作廢`)
  const uploadedAt = new Date(found.voided.at.getTime() + ctx.uploadDelayMs)
  const uploaded = ctx.now.getTime() >= uploadedAt.getTime()
  return success("查詢成功", {
    AI_Mer_ID: found.merchantId,
    AI_Allow_No: found.allowanceNo,
    AI_Allow_Date: formatTaipeiDateTime(found.issuedAt as Date),
    AI_Invoice_No: found.invoiceNo,
    AI_Date: formatTaipeiDateTime(found.voided.at),
    Reason: found.voided.reason,
    AI_Buyer_Identifier: invoice.content.customerIdentifier || "0000000000",
    AI_Seller_Identifier: "",
    AI_Upload_Status: uploaded ? "1" : "0",
    AI_Upload_Date: uploaded ? formatTaipeiDateTime(uploadedAt) : "",
  })
}
