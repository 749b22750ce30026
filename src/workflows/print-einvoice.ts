import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { markEinvoicesPrintedStep, openEinvoicePrintPageStep, type MarkPrintedInput, type OpenPrintPageInput } from "./steps/print-einvoice"

/**
 * The printable page of the order's invoice proof (電子發票證明聯), for an invoice that needs paper. It changes
 * nothing at ECPay or here but the audit trail: no order lock.
 */
export const printEinvoiceWorkflow = createWorkflow(
  "ecpay-einvoice-print",
  (input: OpenPrintPageInput) => new WorkflowResponse(openEinvoicePrintPageStep(input))
)

/** Marks invoices' paper proofs printed, so they leave the "To print" list (each marked once, audited). */
export const markEinvoicesPrintedWorkflow = createWorkflow(
  "ecpay-einvoice-mark-printed",
  (input: MarkPrintedInput) => new WorkflowResponse(markEinvoicesPrintedStep(input))
)
