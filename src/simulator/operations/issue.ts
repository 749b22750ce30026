/** Issue, DelayIssue, TriggerIssue, CancelDelayIssue (docs/ECPAY-PROTOCOL.md §2.1–2.2). */
import { RtnCode } from "../codes"
import { readString, validateDelay, validateIssue } from "../rules"
import { fail, success, taipeiDateTime } from "./common"
import type { OperationContext, OperationReply } from "./types"

const DAY_MS = 24 * 60 * 60 * 1000

function checkRelateNumberFree(ctx: OperationContext, relateNumber: string): void {
  if (ctx.store.isRelateNumberTaken(ctx.merchantId, relateNumber)) {
    fail(RtnCode.RELATE_NUMBER_DUPLICATE, `RelateNumber ${relateNumber} 已存在（不分大小寫），不可重複使用`)
  }
}

export function issue(ctx: OperationContext): OperationReply {
  const content = validateIssue(ctx.data)
  checkRelateNumberFree(ctx, content.relateNumber)
  const invoice = ctx.store.issueInvoice({ merchantId: ctx.merchantId, content, at: ctx.now, origin: "Issue" })
  return success("開立發票成功", {
    InvoiceNo: invoice.invoiceNo,
    InvoiceDate: taipeiDateTime(invoice.invoiceDate),
    RandomNumber: invoice.randomNumber,
  })
}

export function delayIssue(ctx: OperationContext): OperationReply {
  const content = validateIssue(ctx.data)
  const delay = validateDelay(ctx.data)
  checkRelateNumberFree(ctx, content.relateNumber)
  if (ctx.store.findDelayed(ctx.merchantId, delay.tsr)) fail(RtnCode.TSR_DUPLICATE, `Tsr ${delay.tsr} 已存在，不可重複使用`)
  const scheduled = delay.delayFlag === "1"
  ctx.store.addDelayed({
    merchantId: ctx.merchantId,
    tsr: delay.tsr,
    delayFlag: delay.delayFlag,
    delayDay: delay.delayDay,
    status: scheduled ? "scheduled" : "waiting_trigger",
    content,
    notifyUrl: delay.notifyUrl,
    createdAt: ctx.now,
    triggeredAt: null,
    dueAt: scheduled ? new Date(ctx.now.getTime() + delay.delayDay * DAY_MS) : null,
    invoiceNo: null,
    cancelledAt: null,
  })
  return success("延遲開立發票資料新增成功", { OrderNumber: delay.tsr })
}

function readTsr(ctx: OperationContext): string {
  return readString(ctx.data, "Tsr", { required: true, max: 30 })
}

export function triggerIssue(ctx: OperationContext): OperationReply {
  const tsr = readTsr(ctx)
  readString(ctx.data, "PayType", { required: true, oneOf: ["2"] })
  const delayed = ctx.store.findDelayed(ctx.merchantId, tsr)
  if (!delayed) fail(RtnCode.DELAY_NOT_FOUND, `查無 Tsr ${tsr} 的延遲開立資料`)
  if (delayed.delayFlag !== "2") fail(RtnCode.DELAY_NOT_TRIGGERABLE, `Tsr ${tsr} 為預約開立（DelayFlag=1），不可觸發`)
  if (delayed.status !== "waiting_trigger") fail(RtnCode.DELAY_NOT_TRIGGERABLE, `Tsr ${tsr} 已觸發或已取消，不可再觸發`)
  delayed.triggeredAt = ctx.now
  if (delayed.delayDay === 0) {
    ctx.store.issueDelayed(delayed, ctx.now)
    return { RtnCode: RtnCode.TRIGGER_ISSUED, RtnMsg: "觸發開立成功，發票已開立", Tsr: tsr }
  }
  delayed.status = "scheduled"
  delayed.dueAt = new Date(ctx.now.getTime() + delayed.delayDay * DAY_MS)
  return { RtnCode: RtnCode.TRIGGER_SCHEDULED, RtnMsg: `觸發成功，發票將於 ${delayed.delayDay} 天後開立`, Tsr: tsr }
}

export function cancelDelayIssue(ctx: OperationContext): OperationReply {
  const tsr = readTsr(ctx)
  const delayed = ctx.store.findDelayed(ctx.merchantId, tsr)
  if (!delayed) fail(RtnCode.DELAY_NOT_FOUND, `查無 Tsr ${tsr} 的延遲開立資料`)
  if (delayed.status !== "waiting_trigger" && delayed.status !== "scheduled") {
    fail(RtnCode.DELAY_NOT_CANCELLABLE, `Tsr ${tsr} 的發票${delayed.status === "issued" ? "已開立" : "已取消"}，不可取消`)
  }
  // docs/ECPAY-PROTOCOL.md §2.2 (p=22055): only before the scheduled time / before the trigger.
  if (delayed.triggeredAt !== null) fail(RtnCode.DELAY_NOT_CANCELLABLE, `Tsr ${tsr} 已觸發開立，不可取消`)
  ctx.store.cancelDelayed(delayed, ctx.now)
  return success("取消延遲開立成功", { Tsr: tsr })
}
