/** InvoiceNotify and InvoicePrint (docs/ECPAY-PROTOCOL.md §2.13, §2.15). */
import { randomBytes } from "node:crypto"
import { RtnCode } from "../codes"
import { ALLOWANCE_NO, checkEmailList, readNumber, readString } from "../rules"
import { checkInvoiceDate, fail, findInvoiceOrFail, readDate, readInvoiceNo, success } from "./common"
import type { OperationContext, OperationReply } from "./types"

export function invoiceNotify(ctx: OperationContext): OperationReply {
  const invoiceNo = readInvoiceNo(ctx.data)
  const invoiceTag = readString(ctx.data, "InvoiceTag", { required: true, oneOf: ["I", "II", "A", "AI", "AW"] })
  const allowanceNo = readString(ctx.data, "AllowanceNo", {
    required: invoiceTag === "A" || invoiceTag === "AI",
    max: 16,
    pattern: ALLOWANCE_NO,
    patternHint: "須為 16 位數字",
  })
  const notify = readString(ctx.data, "Notify", { required: true, oneOf: ["S", "E", "A"] })
  const phone = readString(ctx.data, "Phone", {
    required: notify === "S" || notify === "A",
    max: 20,
    pattern: /^\d+$/,
    patternHint: "僅允許數字",
  })
  const mail = readString(ctx.data, "NotifyMail", { required: notify === "E" || notify === "A", max: 80 })
  if (mail) checkEmailList(mail, "NotifyMail")
  const notified = readString(ctx.data, "Notified", { required: true, oneOf: ["C", "M", "A"] })

  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  if (invoiceTag === "II" && !invoice.voided) fail(RtnCode.NOTIFY_TAG_NOT_APPLICABLE, `發票 ${invoiceNo} 未作廢，不可發送作廢通知`)
  if (invoiceTag === "AW" && !invoice.award) fail(RtnCode.NOTIFY_TAG_NOT_APPLICABLE, `發票 ${invoiceNo} 未中獎，不可發送中獎通知`)
  if (invoiceTag === "A" || invoiceTag === "AI") {
    const found = ctx.store.allowancesOf(invoice).find((a) => a.allowanceNo === allowanceNo)
    if (!found || (found.status !== "issued" && found.status !== "voided")) {
      fail(RtnCode.ALLOWANCE_NOT_FOUND, `查無折讓單資料，請確認!（${allowanceNo}）`)
    }
    if (invoiceTag === "AI" && !found.voided) fail(RtnCode.NOTIFY_TAG_NOT_APPLICABLE, `折讓單 ${allowanceNo} 未作廢，不可發送折讓作廢通知`)
  }
  ctx.store.notifications.push({
    at: ctx.now,
    merchantId: ctx.merchantId,
    invoiceNo,
    allowanceNo,
    invoiceTag,
    notify,
    notified,
    phone,
    mail,
  })
  return success("發送通知成功（模擬環境不實際寄送）", { MerchantID: ctx.merchantId })
}

export function invoicePrint(ctx: OperationContext): OperationReply {
  const invoiceNo = readInvoiceNo(ctx.data)
  const invoiceDate = readDate(ctx.data, "InvoiceDate", { required: true, allowTime: false })
  const printStyle = readNumber(ctx.data, "PrintStyle", { integer: true, min: 1, max: 5 }) ?? 1
  const showDetail = readString(ctx.data, "IsShowingDetail", { oneOf: ["1", "2"] }) !== "2"
  readString(ctx.data, "IsReprintInvoice", { oneOf: ["Y", "N"] })
  const invoice = findInvoiceOrFail(ctx, invoiceNo)
  checkInvoiceDate(invoice, invoiceDate)
  if (invoice.voided) fail(RtnCode.PRINT_NOT_ALLOWED, `發票 ${invoiceNo} 已作廢，不可列印`)
  if (ctx.store.remainingAllowanceAmount(invoice) <= 0) {
    fail(RtnCode.PRINT_NOT_ALLOWED, `發票 ${invoiceNo} 已全額折讓，不可列印`)
  }
  const token = randomBytes(12).toString("hex")
  ctx.store.printPages.set(token, { merchantId: ctx.merchantId, invoiceNo, printStyle, showDetail })
  invoice.printCount += 1
  return success("取得列印網址成功", { InvoiceHtml: `${ctx.baseUrl}/__print/${token}` })
}
