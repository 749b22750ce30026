import { allowance, allowanceByCollegiate, allowanceInvalid, allowanceInvalidByCollegiate } from "./allowance"
import { checkBarcode, checkLoveCode, getCompanyNameByTaxId } from "./gov"
import { cancelDelayIssue, delayIssue, issue, triggerIssue } from "./issue"
import { invoiceNotify, invoicePrint } from "./notify"
import { getAllowanceInvalid, getAllowanceList, getInvalid, getIssue, getIssueList } from "./queries"
import type { OperationHandler } from "./types"
import { invalid, voidWithReIssue } from "./void"

/** Every `/B2CInvoice/{Op}` path the simulator answers; anything else is a 404. */
export const OPERATIONS: Record<string, OperationHandler> = {
  Issue: issue,
  DelayIssue: delayIssue,
  TriggerIssue: triggerIssue,
  CancelDelayIssue: cancelDelayIssue,
  Invalid: invalid,
  VoidWithReIssue: voidWithReIssue,
  Allowance: allowance,
  AllowanceByCollegiate: allowanceByCollegiate,
  AllowanceInvalid: allowanceInvalid,
  AllowanceInvalidByCollegiate: allowanceInvalidByCollegiate,
  GetIssue: getIssue,
  GetIssueList: getIssueList,
  GetInvalid: getInvalid,
  GetAllowanceList: getAllowanceList,
  GetAllowanceInvalid: getAllowanceInvalid,
  InvoiceNotify: invoiceNotify,
  InvoicePrint: invoicePrint,
  CheckBarcode: checkBarcode,
  CheckLoveCode: checkLoveCode,
  GetCompanyNameByTaxID: getCompanyNameByTaxId,
}

export const OPERATION_NAMES = Object.keys(OPERATIONS)

export type { OperationContext, OperationHandler, OperationReply } from "./types"
