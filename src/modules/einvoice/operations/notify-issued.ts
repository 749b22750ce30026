import { issuedNotification, type IssuedNotification } from "../../../lib/issued-notification"
import type EinvoiceModuleService from "../service"
import { EinvoiceOperation } from "./operation"

export interface NotifyIssuedInput {
  invoice_id: string
  /** Sends the notification (Medusa's Notification Module, which this module cannot reach itself). */
  send: (notification: IssuedNotification) => Promise<unknown>
}

/**
 * Sends the shopper a Medusa notification about the issued invoice when the store turned it on. A failure
 * is recorded in the audit trail and does not undo the issue.
 */
export async function notifyInvoiceIssued(service: EinvoiceModuleService, input: NotifyIssuedInput): Promise<{ sent: boolean }> {
  const settings = await service.retrieveSettings()
  const invoice = await service.retrieveEinvoice(input.invoice_id)
  const notification = issuedNotification(settings, invoice)
  if (!notification) {
    return { sent: false }
  }
  const op = new EinvoiceOperation(service, "issue", { order_id: invoice.order_id, invoice_id: invoice.id }, { type: "system" })
  try {
    await input.send(notification)
    await op.audit("invoice.notified", { data: { channel: "email" } })
    return { sent: true }
  } catch (error) {
    await op.audit("invoice.notify_failed", { success: false, reason: error instanceof Error ? error.message : String(error) })
    return { sent: false }
  }
}
