/**
 * Codes the simulator answers with. ECPay publishes no full list (docs/ECPAY-PROTOCOL.md §4), so apart
 * from the entries marked `documented: true` these numbers are the simulator's own invention. They are
 * stable: tests and the plugin may rely on them *against the simulator*, but code talking to real ECPay
 * must treat any RtnCode ≠ 1 as a failure and show RtnMsg.
 */

/** Outer-envelope codes (`TransCode`). Only 1 is documented; the rest are simulator-specific. */
export const TransCode = {
  SUCCESS: 1,
  BODY_NOT_JSON: 9100001,
  ENVELOPE_FIELD_MISSING: 9100002,
  UNKNOWN_MERCHANT: 9100003,
  TIMESTAMP_INVALID: 9100004,
  TIMESTAMP_OUT_OF_WINDOW: 9100005,
  DATA_NOT_DECRYPTABLE: 9100006,
  DATA_NOT_JSON: 9100007,
  MERCHANT_MISMATCH: 9100008,
  /** Injected by the `trans_code_error` fault. */
  FAULT_INJECTED: 9100099,
} as const

/** Business codes (`Data.RtnCode`). */
export const RtnCode = {
  SUCCESS: 1,
  // 1000xxx: a single field breaks its own rule
  FIELD_REQUIRED: 1000001,
  FIELD_TOO_LONG: 1000002,
  FIELD_FORMAT: 1000003,
  FIELD_VALUE_NOT_ALLOWED: 1000004,
  UNSUPPORTED_BY_SIMULATOR: 1000005,
  // 1100xxx: Issue cross-field rules (docs/ECPAY-PROTOCOL.md §2.1)
  PHONE_OR_EMAIL_REQUIRED: 1100001,
  PRINT_NEEDS_NAME_AND_ADDRESS: 1100002,
  DONATION_FORBIDS_PRINT: 1100003,
  DONATION_FORBIDS_IDENTIFIER: 1100004,
  DONATION_NEEDS_LOVE_CODE: 1100005,
  LOVE_CODE_WITHOUT_DONATION: 1100006,
  IDENTIFIER_CHECKSUM: 1100007,
  IDENTIFIER_NEEDS_NAME: 1100008,
  IDENTIFIER_PRINT_CARRIER_MISMATCH: 1100009,
  CARRIER_FORBIDS_PRINT: 1100010,
  NO_INVOICE_DESTINATION: 1100011,
  CARRIER_NUM_FORMAT: 1100012,
  CARRIER_NUM_MUST_BE_EMPTY: 1100013,
  CARRIER_NUM2_NOT_ALLOWED: 1100014,
  CLEARANCE_MARK_REQUIRED: 1100015,
  INV_TYPE_TAX_TYPE_MISMATCH: 1100016,
  SPECIAL_TAX_TYPE_MISMATCH: 1100017,
  MIXED_TAX_ITEMS_INVALID: 1100018,
  // 1200xxx: amounts
  ITEM_AMOUNT_MISMATCH: 1200001,
  SALES_AMOUNT_MISMATCH: 1200002,
  ALLOWANCE_AMOUNT_MISMATCH: 1200003,
  TOO_MANY_ITEMS: 1200004,
  // 1300xxx: uniqueness
  RELATE_NUMBER_DUPLICATE: 1300001,
  TSR_DUPLICATE: 1300002,
  // 16xxxxx/17xxxxx: lookups
  INVOICE_NOT_FOUND: 1600003,
  INVOICE_DATE_MISMATCH: 1600004,
  INVALID_RECORD_NOT_FOUND: 1600005,
  COMPANY_NOT_FOUND: 1700001,
  // 2000xxx: allowances
  ALLOWANCE_NOT_ENOUGH: 2000034,
  ALLOWANCE_NOT_FOUND: 2000039,
  ALLOWANCE_NOT_PENDING: 2000040,
  ALLOWANCE_ALREADY_VOIDED: 2000041,
  ALLOWANCE_ON_VOIDED_INVOICE: 2000042,
  ALLOWANCE_PERIOD_LOCKED: 2000043,
  ALLOWANCE_INVALID_NOT_FOUND: 2000044,
  // 3000xxx: notification and printing
  PRINT_NOT_ALLOWED: 3000001,
  NOTIFY_TAG_NOT_APPLICABLE: 3000002,
  // 4000xxx: delayed issue (4000003/4000004 are *success* codes of TriggerIssue)
  TRIGGER_SCHEDULED: 4000003,
  TRIGGER_ISSUED: 4000004,
  DELAY_NOT_FOUND: 4100001,
  DELAY_NOT_TRIGGERABLE: 4100002,
  DELAY_NOT_CANCELLABLE: 4100003,
  // 5070xxx: void / void-and-reissue
  INVOICE_ALREADY_VOIDED: 5070453,
  VOID_PERIOD_LOCKED: 5070454,
  VOID_HAS_ALLOWANCES: 5070455,
  REISSUE_DATE_MISMATCH: 5070456,
  // 9xxxxxx: upstream / injected
  GOV_SERVICE_DOWN: 9000001,
  FAULT_REFUSED: 9999999,
} as const

export interface CodeTableEntry {
  code: number
  name: string
  meaning: string
  /** true when the number is attested by ECPay or a production integration (docs/ECPAY-PROTOCOL.md §4). */
  documented: boolean
}

const MEANINGS: Record<keyof typeof RtnCode, [string, boolean]> = {
  SUCCESS: ["business success", true],
  FIELD_REQUIRED: ["a required field is missing or empty", false],
  FIELD_TOO_LONG: ["a field exceeds its maximum length", false],
  FIELD_FORMAT: ["a field has the wrong type or format", false],
  FIELD_VALUE_NOT_ALLOWED: ["a field's value is outside its allowed set or range", false],
  UNSUPPORTED_BY_SIMULATOR: ["an option real ECPay accepts but the simulator does not emulate (e.g. CSV output)", false],
  PHONE_OR_EMAIL_REQUIRED: ["CustomerPhone and CustomerEmail are both empty", false],
  PRINT_NEEDS_NAME_AND_ADDRESS: ["Print=1 without CustomerName and CustomerAddr", false],
  DONATION_FORBIDS_PRINT: ["Donation=1 with Print=1", false],
  DONATION_FORBIDS_IDENTIFIER: ["Donation=1 with a CustomerIdentifier", false],
  DONATION_NEEDS_LOVE_CODE: ["Donation=1 without a LoveCode", false],
  LOVE_CODE_WITHOUT_DONATION: ["LoveCode given while Donation=0", false],
  IDENTIFIER_CHECKSUM: ["CustomerIdentifier fails the 統一編號 checksum (÷5 rule)", false],
  IDENTIFIER_NEEDS_NAME: ["CustomerIdentifier without CustomerName (the company name)", false],
  IDENTIFIER_PRINT_CARRIER_MISMATCH: ["CustomerIdentifier with a Print/CarrierType combination ECPay forbids", false],
  CARRIER_FORBIDS_PRINT: ["no identifier: a carrier requires Print=0", false],
  NO_INVOICE_DESTINATION: ["Print=0 and Donation=0 without any carrier", false],
  CARRIER_NUM_FORMAT: ["CarrierNum does not match its CarrierType's format", false],
  CARRIER_NUM_MUST_BE_EMPTY: ["CarrierNum must be empty for CarrierType '' or 1", false],
  CARRIER_NUM2_NOT_ALLOWED: ["CarrierNum2 given for a carrier type other than 4/5", false],
  CLEARANCE_MARK_REQUIRED: ["zero-rated (TaxType 2, or a zero-rated item of TaxType 9) without ClearanceMark", false],
  INV_TYPE_TAX_TYPE_MISMATCH: ["InvType/TaxType pairing not allowed (07: 1/2/3/9, 08: 3/4)", false],
  SPECIAL_TAX_TYPE_MISMATCH: ["SpecialTaxType does not fit TaxType/InvType", false],
  MIXED_TAX_ITEMS_INVALID: ["TaxType 9 items: missing ItemTaxType or exempt combined with zero-rated", false],
  ITEM_AMOUNT_MISMATCH: ["ItemPrice × ItemCount ≠ ItemAmount", false],
  SALES_AMOUNT_MISMATCH: ["round(Σ ItemAmount) ≠ SalesAmount", false],
  ALLOWANCE_AMOUNT_MISMATCH: ["round(Σ ItemAmount) ≠ AllowanceAmount", false],
  TOO_MANY_ITEMS: ["more than 200 items", false],
  RELATE_NUMBER_DUPLICATE: ["RelateNumber already used by this merchant (case-insensitive)", false],
  TSR_DUPLICATE: ["Tsr already used by this merchant", false],
  INVOICE_NOT_FOUND: ["no invoice with that number / RelateNumber (無發票號碼資料)", true],
  INVOICE_DATE_MISMATCH: ["InvoiceDate does not match the invoice's issue date", false],
  INVALID_RECORD_NOT_FOUND: ["GetInvalid: the invoice is not voided", false],
  COMPANY_NOT_FOUND: ["GetCompanyNameByTaxID: no company registered under that number", false],
  ALLOWANCE_NOT_ENOUGH: ["AllowanceAmount exceeds the remaining allowable amount (無足夠金額可以折讓)", true],
  ALLOWANCE_NOT_FOUND: ["no allowance with that number for that invoice (查無折讓單資料)", true],
  ALLOWANCE_NOT_PENDING: ["AllowanceInvalidByCollegiate on an allowance that is not awaiting agreement", false],
  ALLOWANCE_ALREADY_VOIDED: ["AllowanceInvalid on an already voided allowance", false],
  ALLOWANCE_ON_VOIDED_INVOICE: ["allowance requested on a voided invoice", false],
  ALLOWANCE_PERIOD_LOCKED: ["AllowanceInvalid after the period lock (13th of the following odd month)", false],
  ALLOWANCE_INVALID_NOT_FOUND: ["GetAllowanceInvalid: the allowance is not voided", false],
  PRINT_NOT_ALLOWED: ["InvoicePrint on a voided invoice or one fully reduced by allowances", false],
  NOTIFY_TAG_NOT_APPLICABLE: ["InvoiceNotify tag does not match the document's state (e.g. II for a live invoice)", false],
  TRIGGER_SCHEDULED: ["TriggerIssue success: issue scheduled after DelayDay days", true],
  TRIGGER_ISSUED: ["TriggerIssue success: issued immediately", true],
  DELAY_NOT_FOUND: ["no delayed invoice with that Tsr", false],
  DELAY_NOT_TRIGGERABLE: ["TriggerIssue on a delayed invoice that is not DelayFlag=2 or was already triggered", false],
  DELAY_NOT_CANCELLABLE: ["CancelDelayIssue after the invoice was issued or cancelled", false],
  INVOICE_ALREADY_VOIDED: ["the invoice is already voided (ECPay's plugin treats it as success for Invalid)", true],
  VOID_PERIOD_LOCKED: ["Invalid / VoidWithReIssue after the period lock (13th of the following odd month)", false],
  VOID_HAS_ALLOWANCES: ["Invalid / VoidWithReIssue while the invoice has live or pending allowances", false],
  REISSUE_DATE_MISMATCH: ["VoidWithReIssue IssueModel.InvoiceDate differs from the original issue time", false],
  GOV_SERVICE_DOWN: ["MOF (財政部) lookup service unavailable", true],
  FAULT_REFUSED: ["default code of the `refuse` fault", false],
}

export const RTN_CODE_TABLE: CodeTableEntry[] = (Object.keys(RtnCode) as (keyof typeof RtnCode)[]).map((name) => ({
  code: RtnCode[name],
  name,
  meaning: MEANINGS[name][0],
  documented: MEANINGS[name][1],
}))

export const TRANS_CODE_TABLE: CodeTableEntry[] = [
  { code: TransCode.SUCCESS, name: "SUCCESS", meaning: "envelope accepted", documented: true },
  { code: TransCode.BODY_NOT_JSON, name: "BODY_NOT_JSON", meaning: "request body is not a JSON object", documented: false },
  {
    code: TransCode.ENVELOPE_FIELD_MISSING,
    name: "ENVELOPE_FIELD_MISSING",
    meaning: "MerchantID, RqHeader or Data missing",
    documented: false,
  },
  { code: TransCode.UNKNOWN_MERCHANT, name: "UNKNOWN_MERCHANT", meaning: "MerchantID not configured", documented: false },
  {
    code: TransCode.TIMESTAMP_INVALID,
    name: "TIMESTAMP_INVALID",
    meaning: "RqHeader.Timestamp missing or not a number",
    documented: false,
  },
  {
    code: TransCode.TIMESTAMP_OUT_OF_WINDOW,
    name: "TIMESTAMP_OUT_OF_WINDOW",
    meaning: "Timestamp more than 10 minutes from the simulator clock",
    documented: false,
  },
  {
    code: TransCode.DATA_NOT_DECRYPTABLE,
    name: "DATA_NOT_DECRYPTABLE",
    meaning: "Data is not Base64 or fails AES with the merchant's key",
    documented: false,
  },
  { code: TransCode.DATA_NOT_JSON, name: "DATA_NOT_JSON", meaning: "decrypted Data is not a JSON object", documented: false },
  { code: TransCode.MERCHANT_MISMATCH, name: "MERCHANT_MISMATCH", meaning: "envelope MerchantID ≠ Data.MerchantID", documented: false },
  { code: TransCode.FAULT_INJECTED, name: "FAULT_INJECTED", meaning: "injected by the trans_code_error fault", documented: false },
]
