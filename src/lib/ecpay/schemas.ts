import { z } from "./zod"
import { isEcpayDate, isEcpayDateTime } from "./dates"
import { EcpayValidationError, EcpayValidationIssue } from "./errors"
import {
  isValidAllowanceNumber,
  isValidCitizenCertificate,
  isValidInvoiceNumber,
  isValidLoveCode,
  isValidMobileBarcode,
  isValidRelateNumber,
  isValidTaxId,
  REASON_MAX_LENGTH,
} from "./validators"

/**
 * Request `Data` schemas for every B2C operation, under ECPay's own field names and without MerchantID
 * (the client adds it). Limits follow the stricter set in docs/ECPAY-PROTOCOL.md §7.5. Objects are strict,
 * so a misspelt field name is an error rather than silently dropped. Cross-field rules report the field
 * to fix in `path` and a stable rule id in `params.rule`.
 */

type RefinementContext = z.core.$RefinementCtx
type Path = (string | number)[]

function addRuleIssue(ctx: RefinementContext, path: Path, rule: string, message: string): void {
  ctx.addIssue({ code: "custom", path, message, params: { rule } })
}

/** A string field checked by one of our validators; `rule` becomes the issue's rule id. */
function checkedString(check: (value: string) => boolean, rule: string, message: string) {
  return z.string().refine(check, { message, params: { rule } })
}

/** Like {@link checkedString}, but "" (ECPay's "not given") is accepted too. */
function optionalCheckedString(check: (value: string) => boolean, rule: string, message: string) {
  return checkedString((value) => value === "" || check(value), rule, message).optional()
}

const emailFormat = z.email()
const isEmail = (value: string) => emailFormat.safeParse(value).success
/** NotifyMail may list several addresses separated by ";". */
const isEmailList = (value: string) => value.split(";").every((address) => isEmail(address.trim()))
const isDigits = (value: string) => /^[0-9]+$/.test(value)
const isHalfWidth = (value: string) => /^[\x21-\x7e]+$/.test(value)
// Callback URLs must be ASCII (punycode hosts) and at most 200 characters.
const isCallbackUrl = (value: string) => {
  if (value.length > 200 || !isHalfWidth(value)) {
    return false
  }
  try {
    const { protocol } = new URL(value)
    return protocol === "http:" || protocol === "https:"
  } catch {
    return false
  }
}

/** Digits in the shortest round-trip decimal form of `value`, e.g. 1.25 → 2, 1e-7 → 7. */
function decimalPlaces(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  if (!match) {
    return Infinity
  }
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0))
}

/** A number with at most `integerDigits` digits before and `fractionDigits` after the decimal point. */
function decimal(integerDigits: number, fractionDigits: number) {
  return z.number().refine((value) => Math.abs(value) < 10 ** integerDigits && decimalPlaces(value) <= fractionDigits, {
    message: `must have at most ${integerDigits} integer digits and ${fractionDigits} decimals`,
    params: { rule: "decimal-precision" },
  })
}

// ECPay keeps 7 decimals of amounts; sums are computed on that scale to avoid binary floating-point drift.
const AMOUNT_SCALE = 10_000_000n

/** round-half-up(Σ amounts), exact for amounts with up to 7 decimals. */
export function roundHalfUpSum(amounts: number[]): number {
  const scaledTotal = amounts.reduce((total, amount) => total + BigInt(Math.round(amount * Number(AMOUNT_SCALE))), 0n)
  const shifted = scaledTotal + AMOUNT_SCALE / 2n
  const quotient = shifted / AMOUNT_SCALE
  // BigInt division truncates toward zero; round-half-up needs the floor.
  return Number(shifted < 0n && shifted % AMOUNT_SCALE !== 0n ? quotient - 1n : quotient)
}

// Absorbs floating-point error and rounding at ECPay's 7th decimal when comparing ItemAmount.
const ITEM_AMOUNT_TOLERANCE = 1e-6

const RELATE_NUMBER_RULE = ["relate-number-format", "must be 1-30 characters of letters, digits, '_' or '-'"] as const
const INVOICE_NUMBER_RULE = ["invoice-number-format", "must be 2 uppercase letters followed by 8 digits"] as const
const ALLOWANCE_NUMBER_RULE = ["allowance-number-format", "must be 16 digits"] as const
const DATE_RULE = ["date-format", "must be a date as yyyy-MM-dd or yyyy/MM/dd"] as const
const CALLBACK_URL_RULE = ["callback-url", "must be an http(s) URL of at most 200 ASCII characters"] as const

const relateNumber = checkedString(isValidRelateNumber, ...RELATE_NUMBER_RULE)
const invoiceNumber = checkedString(isValidInvoiceNumber, ...INVOICE_NUMBER_RULE)
const allowanceNumber = checkedString(isValidAllowanceNumber, ...ALLOWANCE_NUMBER_RULE)
const ecpayDate = checkedString(isEcpayDate, ...DATE_RULE)
const ecpayDateTime = checkedString(
  isEcpayDateTime,
  "date-time-format",
  "must be a date-time as yyyy-MM-dd HH:mm:ss or yyyy/MM/dd HH:mm:ss"
)
/** Void and allowance-void reasons: required, at most 20 characters. */
const reason = z
  .string()
  .max(REASON_MAX_LENGTH)
  .refine((value) => value.trim() !== "", { message: "must not be blank", params: { rule: "required" } })
const transactionNumber = checkedString(
  (value) => /^[0-9A-Za-z_-]{1,30}$/.test(value),
  "tsr-format",
  "must be 1-30 characters of letters, digits, '_' or '-'"
)
const phone = optionalCheckedString((value) => isDigits(value) && value.length <= 20, "phone-format", "must be at most 20 digits")
const notifyMail = optionalCheckedString(
  (value) => value.length <= 80 && isEmailList(value),
  "email-format",
  "must be at most 80 characters of valid e-mail addresses separated by ';'"
)

// ---------------------------------------------------------------------------------------------------------
// Issue

const issueItemSchema = z.strictObject({
  ItemSeq: z.number().int().min(1).max(999).optional(),
  ItemName: z.string().min(1).max(100),
  ItemCount: decimal(8, 2).refine((value) => value > 0, { message: "must be positive", params: { rule: "positive" } }),
  ItemWord: z.string().min(1).max(6),
  /** Tax-inclusive when vat is "1" (default), exclusive when "0". Negative for discount lines. */
  ItemPrice: decimal(8, 7),
  ItemTaxType: z.enum(["", "1", "2", "3"]).optional(),
  /** Always tax-inclusive. */
  ItemAmount: decimal(8, 7),
  ItemRemark: z.string().max(40).optional(),
})

const issueShape = {
  RelateNumber: relateNumber,
  CustomerID: optionalCheckedString(
    (value) => /^[0-9A-Za-z_]{1,20}$/.test(value),
    "customer-id-format",
    "must be at most 20 letters, digits or '_'"
  ),
  CustomerIdentifier: optionalCheckedString(isValidTaxId, "tax-id-checksum", "must be an 8-digit 統一編號 with a valid checksum"),
  CustomerName: z.string().max(60).optional(),
  CustomerAddr: z.string().max(100).optional(),
  CustomerPhone: phone,
  CustomerEmail: optionalCheckedString(
    (value) => value.length <= 80 && isEmail(value),
    "email-format",
    "must be one valid e-mail address of at most 80 characters"
  ),
  ClearanceMark: z.enum(["", "1", "2"]).optional(),
  Print: z.enum(["0", "1"]),
  Donation: z.enum(["0", "1"]),
  LoveCode: optionalCheckedString(isValidLoveCode, "love-code-format", "must be 3-7 digits"),
  CarrierType: z.enum(["", "1", "2", "3", "4", "5"]).optional(),
  CarrierNum: z.string().max(64).optional(),
  CarrierNum2: z.string().max(64).optional(),
  TaxType: z.enum(["1", "2", "3", "4", "9"]),
  ZeroTaxRateReason: z.enum(["", "71", "72", "73", "74", "75", "76", "77", "78", "79"]).optional(),
  SpecialTaxType: z.number().int().min(0).max(8).optional(),
  SalesAmount: z.number().int().positive(),
  TaxAmount: z.number().int().nonnegative().optional(),
  InvoiceRemark: z.string().max(100).optional(),
  Items: z.array(issueItemSchema).min(1).max(200),
  InvType: z.enum(["07", "08"]),
  vat: z.enum(["0", "1"]).optional(),
  ProductServiceID: z.string().max(10).optional(),
}

type IssueFields = z.output<z.ZodObject<typeof issueShape>>

function checkBuyerRules(data: IssueFields, ctx: RefinementContext): void {
  const hasIdentifier = (data.CustomerIdentifier ?? "") !== ""
  const carrierType = data.CarrierType ?? ""

  if (!data.CustomerPhone && !data.CustomerEmail) {
    addRuleIssue(ctx, ["CustomerEmail"], "contact-required", "CustomerEmail or CustomerPhone is required")
  }
  if (data.Print === "1") {
    if (!data.CustomerName) {
      addRuleIssue(ctx, ["CustomerName"], "print-requires-name", "CustomerName is required when Print is 1")
    }
    if (!data.CustomerAddr) {
      addRuleIssue(ctx, ["CustomerAddr"], "print-requires-address", "CustomerAddr is required when Print is 1")
    }
  }
  if (data.Donation === "1") {
    if (!data.LoveCode) {
      addRuleIssue(ctx, ["LoveCode"], "donation-requires-love-code", "LoveCode is required when Donation is 1")
    }
    if (data.Print !== "0") {
      addRuleIssue(ctx, ["Print"], "donation-forbids-print", "Print must be 0 when Donation is 1")
    }
    if (hasIdentifier) {
      addRuleIssue(ctx, ["CustomerIdentifier"], "donation-forbids-identifier", "CustomerIdentifier must be empty when Donation is 1")
    }
  }

  if (hasIdentifier) {
    if (!data.CustomerName) {
      addRuleIssue(
        ctx,
        ["CustomerName"],
        "identifier-requires-name",
        "CustomerName (the company name) is required with a CustomerIdentifier"
      )
    }
    // ECPay p=7896: no carrier ⇒ printed; carrier 3 ⇒ either; any other carrier ⇒ not printed.
    if (carrierType === "" && data.Print !== "1") {
      addRuleIssue(
        ctx,
        ["Print"],
        "identifier-without-carrier-requires-print",
        "Print must be 1 for a CustomerIdentifier without a carrier"
      )
    } else if (carrierType !== "" && carrierType !== "3" && data.Print !== "0") {
      addRuleIssue(
        ctx,
        ["Print"],
        "carrier-forbids-print",
        `Print must be 0 with CarrierType ${carrierType}; only CarrierType 3 allows printing a company invoice`
      )
    }
  } else if (carrierType !== "" && data.Print !== "0") {
    addRuleIssue(ctx, ["Print"], "carrier-forbids-print", "Print must be 0 when a CarrierType is set")
  }
}

function checkCarrierRules(data: IssueFields, ctx: RefinementContext): void {
  const carrierType = data.CarrierType ?? ""
  const carrierNum = data.CarrierNum ?? ""
  const carrierNum2 = data.CarrierNum2 ?? ""

  switch (carrierType) {
    case "":
    case "1":
      if (carrierNum !== "") {
        addRuleIssue(
          ctx,
          ["CarrierNum"],
          "carrier-num-must-be-empty",
          carrierType === ""
            ? "CarrierNum must be empty without a CarrierType"
            : "CarrierNum must be empty for CarrierType 1 (ECPay fills in the member carrier)"
        )
      }
      break
    case "2":
      if (!isValidCitizenCertificate(carrierNum)) {
        addRuleIssue(
          ctx,
          ["CarrierNum"],
          "citizen-certificate-format",
          "CarrierNum must be a citizen digital certificate number: 2 uppercase letters and 14 digits"
        )
      }
      break
    case "3":
      if (!isValidMobileBarcode(carrierNum)) {
        addRuleIssue(
          ctx,
          ["CarrierNum"],
          "mobile-barcode-format",
          "CarrierNum must be a mobile barcode: '/' and 7 characters of 0-9, A-Z, '+', '-', '.' (uppercase)"
        )
      }
      break
    case "4":
    case "5":
      if (!isHalfWidth(carrierNum)) {
        addRuleIssue(
          ctx,
          ["CarrierNum"],
          "carrier-num-required",
          `CarrierNum (the card's hidden code, half-width) is required for CarrierType ${carrierType}`
        )
      }
      if (!isHalfWidth(carrierNum2)) {
        addRuleIssue(
          ctx,
          ["CarrierNum2"],
          "carrier-num2-required",
          `CarrierNum2 (the card's visible code, half-width) is required for CarrierType ${carrierType}`
        )
      }
      return
  }
  if (carrierNum2 !== "") {
    addRuleIssue(ctx, ["CarrierNum2"], "carrier-num2-must-be-empty", "CarrierNum2 is only for CarrierType 4 and 5")
  }
}

const TAX_TYPES_BY_INV_TYPE = { "07": ["1", "2", "3", "9"], "08": ["3", "4"] }

function checkTaxRules(data: IssueFields, ctx: RefinementContext): void {
  if (!TAX_TYPES_BY_INV_TYPE[data.InvType].includes(data.TaxType)) {
    addRuleIssue(
      ctx,
      ["TaxType"],
      "inv-type-tax-type",
      `TaxType must be one of ${TAX_TYPES_BY_INV_TYPE[data.InvType].join("/")} for InvType ${data.InvType}`
    )
  }
  if (data.TaxType === "2" && !data.ClearanceMark) {
    addRuleIssue(
      ctx,
      ["ClearanceMark"],
      "zero-rated-requires-clearance-mark",
      "ClearanceMark (1 not via customs, 2 via customs) is required when TaxType is 2"
    )
  }

  const specialTaxType = data.SpecialTaxType
  switch (data.TaxType) {
    case "3":
      // OPay requires 8 for every exempt invoice; ECPay production (Odoo) omits it with InvType 07.
      if (data.InvType === "08" ? specialTaxType !== 8 : specialTaxType !== undefined && specialTaxType !== 8) {
        addRuleIssue(
          ctx,
          ["SpecialTaxType"],
          "special-tax-type",
          data.InvType === "08"
            ? "SpecialTaxType must be 8 for TaxType 3 with InvType 08"
            : "SpecialTaxType must be omitted or 8 for TaxType 3"
        )
      }
      break
    case "4":
      if (specialTaxType === undefined || specialTaxType < 1) {
        addRuleIssue(ctx, ["SpecialTaxType"], "special-tax-type", "SpecialTaxType 1-8 is required when TaxType is 4")
      }
      break
    default:
      if (specialTaxType !== undefined && specialTaxType !== 0) {
        addRuleIssue(ctx, ["SpecialTaxType"], "special-tax-type", `SpecialTaxType must be omitted or 0 for TaxType ${data.TaxType}`)
      }
  }

  if (data.TaxType === "9") {
    data.Items.forEach((item, index) => {
      if (!item.ItemTaxType) {
        addRuleIssue(
          ctx,
          ["Items", index, "ItemTaxType"],
          "mixed-tax-requires-item-tax-type",
          "ItemTaxType (1, 2 or 3) is required on every item when TaxType is 9"
        )
      }
    })
    const itemTaxTypes = new Set(data.Items.map((item) => item.ItemTaxType))
    if (itemTaxTypes.has("2") && itemTaxTypes.has("3")) {
      addRuleIssue(ctx, ["Items"], "mixed-tax-zero-and-exempt", "a mixed invoice may not combine zero-rated (2) and tax-exempt (3) items")
    }
  }
}

/** ItemAmount ÷ (ItemPrice × ItemCount), or undefined when the rate is not documented (vat 0 with TaxType 4). */
function itemAmountFactor(data: IssueFields, item: IssueFields["Items"][number]): number | undefined {
  if (data.vat !== "0") {
    return 1
  }
  const itemTaxType = data.TaxType === "9" ? item.ItemTaxType : data.TaxType
  if (itemTaxType === "1") {
    return 1.05
  }
  return itemTaxType === "2" || itemTaxType === "3" ? 1 : undefined
}

function checkAmountRules(data: IssueFields, ctx: RefinementContext): void {
  data.Items.forEach((item, index) => {
    const factor = itemAmountFactor(data, item)
    if (factor === undefined) {
      return
    }
    if (Math.abs(item.ItemPrice * item.ItemCount * factor - item.ItemAmount) > ITEM_AMOUNT_TOLERANCE) {
      addRuleIssue(
        ctx,
        ["Items", index, "ItemAmount"],
        "item-amount-mismatch",
        factor === 1 ? "ItemAmount must equal ItemPrice × ItemCount" : "ItemAmount must equal ItemPrice × ItemCount × 1.05 when vat is 0"
      )
    }
  })
  const itemTotal = roundHalfUpSum(data.Items.map((item) => item.ItemAmount))
  if (itemTotal !== data.SalesAmount) {
    addRuleIssue(
      ctx,
      ["SalesAmount"],
      "sales-amount-mismatch",
      `SalesAmount must equal the rounded sum of Items[].ItemAmount (${itemTotal})`
    )
  }
}

function checkIssueRules(data: IssueFields, ctx: RefinementContext): void {
  checkBuyerRules(data, ctx)
  checkCarrierRules(data, ctx)
  checkTaxRules(data, ctx)
  checkAmountRules(data, ctx)
}

export const IssueDataSchema = z.strictObject(issueShape).superRefine(checkIssueRules)

// ---------------------------------------------------------------------------------------------------------
// Delayed issue

const PAY_TYPE_ECPAY = "2"

export const DelayIssueDataSchema = z
  .strictObject({
    ...issueShape,
    /** 1 = issue DelayDay days from now; 2 = wait for TriggerIssue, then DelayDay days. */
    DelayFlag: z.enum(["1", "2"]),
    DelayDay: z.number().int().min(0).max(15),
    Tsr: transactionNumber,
    PayType: z.literal(PAY_TYPE_ECPAY).default(PAY_TYPE_ECPAY),
    PayAct: z.literal("ECPAY").default("ECPAY"),
    NotifyURL: optionalCheckedString(isCallbackUrl, ...CALLBACK_URL_RULE),
  })
  .superRefine((data, ctx) => {
    checkIssueRules(data, ctx)
    if (data.DelayFlag === "1" && data.DelayDay < 1) {
      addRuleIssue(ctx, ["DelayDay"], "delay-day-range", "DelayDay must be 1-15 when DelayFlag is 1")
    }
  })

export const TriggerIssueDataSchema = z.strictObject({
  Tsr: transactionNumber,
  PayType: z.literal(PAY_TYPE_ECPAY).default(PAY_TYPE_ECPAY),
})

export const CancelDelayIssueDataSchema = z.strictObject({ Tsr: transactionNumber })

// ---------------------------------------------------------------------------------------------------------
// Void and re-issue

export const InvalidDataSchema = z.strictObject({
  InvoiceNo: invoiceNumber,
  InvoiceDate: ecpayDate,
  Reason: reason,
})

export const VoidWithReIssueDataSchema = z.strictObject({
  VoidModel: z.strictObject({ InvoiceNo: invoiceNumber, VoidReason: reason }),
  /** The corrected invoice; InvoiceDate is the original issue time, which the re-issued invoice keeps. */
  IssueModel: z.strictObject({ ...issueShape, InvoiceDate: ecpayDateTime }).superRefine(checkIssueRules),
})

// ---------------------------------------------------------------------------------------------------------
// Allowances

const allowanceItemSchema = z.strictObject({
  ItemSeq: z.number().int().min(1).max(999),
  ItemName: z.string().min(1).max(100),
  ItemCount: decimal(8, 6).refine((value) => value > 0, { message: "must be positive", params: { rule: "positive" } }),
  ItemWord: z.string().min(1).max(6),
  ItemPrice: decimal(8, 7),
  ItemTaxType: z.enum(["", "1", "2", "3"]).optional(),
  /** Tax-inclusive; ECPay recommends integers. */
  ItemAmount: decimal(8, 7),
})

const allowanceShape = {
  InvoiceNo: invoiceNumber,
  InvoiceDate: ecpayDate,
  /** S = SMS, E = e-mail, A = both, N = none. */
  AllowanceNotify: z.enum(["S", "E", "A", "N"]),
  CustomerName: z.string().max(60).optional(),
  NotifyMail: notifyMail,
  NotifyPhone: phone,
  /** Tax-inclusive total. */
  AllowanceAmount: z.number().int().positive(),
  Items: z.array(allowanceItemSchema).min(1).max(200),
}

type AllowanceFields = z.output<z.ZodObject<typeof allowanceShape>>

function checkAllowanceRules(data: AllowanceFields, ctx: RefinementContext): void {
  const notify = data.AllowanceNotify
  if ((notify === "E" || notify === "A") && !data.NotifyMail) {
    addRuleIssue(ctx, ["NotifyMail"], "notify-mail-required", `NotifyMail is required when AllowanceNotify is ${notify}`)
  }
  if ((notify === "S" || notify === "A") && !data.NotifyPhone) {
    addRuleIssue(ctx, ["NotifyPhone"], "notify-phone-required", `NotifyPhone is required when AllowanceNotify is ${notify}`)
  }
  const itemTotal = roundHalfUpSum(data.Items.map((item) => item.ItemAmount))
  if (itemTotal !== data.AllowanceAmount) {
    addRuleIssue(
      ctx,
      ["AllowanceAmount"],
      "allowance-amount-mismatch",
      `AllowanceAmount must equal the rounded sum of Items[].ItemAmount (${itemTotal})`
    )
  }
}

export const AllowanceDataSchema = z.strictObject(allowanceShape).superRefine(checkAllowanceRules)

/** Online allowance: the buyer agrees through an e-mailed link, ECPay then posts to ReturnURL. */
export const AllowanceByCollegiateDataSchema = z
  .strictObject({
    ...allowanceShape,
    AllowanceNotify: z.literal("E"),
    ReturnURL: checkedString(isCallbackUrl, ...CALLBACK_URL_RULE),
  })
  .superRefine(checkAllowanceRules)

const allowanceVoidShape = {
  InvoiceNo: invoiceNumber,
  AllowanceNo: allowanceNumber,
  Reason: reason,
}

export const AllowanceInvalidDataSchema = z.strictObject(allowanceVoidShape)
export const AllowanceInvalidByCollegiateDataSchema = z.strictObject(allowanceVoidShape)

// ---------------------------------------------------------------------------------------------------------
// Queries

export const GetIssueDataSchema = z
  .strictObject({
    RelateNumber: optionalCheckedString(isValidRelateNumber, ...RELATE_NUMBER_RULE),
    InvoiceNo: optionalCheckedString(isValidInvoiceNumber, ...INVOICE_NUMBER_RULE),
    InvoiceDate: optionalCheckedString(isEcpayDate, ...DATE_RULE),
  })
  .superRefine((data, ctx) => {
    if (data.InvoiceNo && !data.InvoiceDate) {
      addRuleIssue(ctx, ["InvoiceDate"], "invoice-date-required", "InvoiceDate is required with InvoiceNo")
    } else if (data.InvoiceDate && !data.InvoiceNo) {
      addRuleIssue(ctx, ["InvoiceNo"], "invoice-number-required", "InvoiceNo is required with InvoiceDate")
    } else if (!data.RelateNumber && !data.InvoiceNo) {
      addRuleIssue(ctx, ["RelateNumber"], "relate-number-or-invoice-required", "give RelateNumber, or InvoiceNo with InvoiceDate")
    }
  })

export const GetIssueListDataSchema = z
  .strictObject({
    BeginDate: ecpayDate,
    EndDate: ecpayDate,
    NumPerPage: z.number().int().min(1).max(200),
    ShowingPage: z.number().int().min(1),
    /** 1 = JSON, 2 = CSV. */
    DataType: z.literal([1, 2]).default(1),
    // Award / void filters 0-2 as named by Rytass; their exact meanings are not published
    // (docs/ECPAY-PROTOCOL.md §2.9).
    Query_Award: z.literal([0, 1, 2]).optional(),
    Query_Invalid: z.literal([0, 1, 2]).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.BeginDate.replace(/\//g, "-") > data.EndDate.replace(/\//g, "-")) {
      addRuleIssue(ctx, ["EndDate"], "date-range", "EndDate must not be before BeginDate")
    }
  })

export const GetInvalidDataSchema = z.strictObject({
  RelateNumber: relateNumber,
  InvoiceNo: invoiceNumber,
  InvoiceDate: ecpayDate,
})

export const GetAllowanceListDataSchema = z
  .strictObject({
    /** 0 = by AllowanceNo, 1 = InvoiceNo + invoice date, 2 = InvoiceNo + allowance date. */
    SearchType: z.enum(["0", "1", "2"]),
    AllowanceNo: optionalCheckedString(isValidAllowanceNumber, ...ALLOWANCE_NUMBER_RULE),
    InvoiceNo: optionalCheckedString(isValidInvoiceNumber, ...INVOICE_NUMBER_RULE),
    Date: optionalCheckedString(isEcpayDate, ...DATE_RULE),
  })
  .superRefine((data, ctx) => {
    if (data.SearchType === "0") {
      if (!data.AllowanceNo) {
        addRuleIssue(ctx, ["AllowanceNo"], "allowance-number-required", "AllowanceNo is required when SearchType is 0")
      }
      return
    }
    if (!data.InvoiceNo) {
      addRuleIssue(ctx, ["InvoiceNo"], "invoice-number-required", `InvoiceNo is required when SearchType is ${data.SearchType}`)
    }
    if (!data.Date) {
      addRuleIssue(ctx, ["Date"], "date-required", `Date is required when SearchType is ${data.SearchType}`)
    }
  })

// ---------------------------------------------------------------------------------------------------------
// Notifications, printing and lookups

export const InvoiceNotifyDataSchema = z
  .strictObject({
    InvoiceNo: invoiceNumber,
    AllowanceNo: optionalCheckedString(isValidAllowanceNumber, ...ALLOWANCE_NUMBER_RULE),
    Phone: phone,
    NotifyMail: notifyMail,
    /** S = SMS, E = e-mail, A = both. */
    Notify: z.enum(["S", "E", "A"]),
    /** I issued, II voided, A allowance, AI allowance voided, AW winning. */
    InvoiceTag: z.enum(["I", "II", "A", "AI", "AW"]),
    /** C customer, M merchant, A both. */
    Notified: z.enum(["C", "M", "A"]),
  })
  .superRefine((data, ctx) => {
    if (!data.Phone && !data.NotifyMail) {
      addRuleIssue(ctx, ["NotifyMail"], "contact-required", "NotifyMail or Phone is required")
    } else if (data.Notify === "S" && !data.Phone) {
      addRuleIssue(ctx, ["Phone"], "notify-phone-required", "Phone is required when Notify is S")
    } else if (data.Notify === "E" && !data.NotifyMail) {
      addRuleIssue(ctx, ["NotifyMail"], "notify-mail-required", "NotifyMail is required when Notify is E")
    }
    if ((data.InvoiceTag === "A" || data.InvoiceTag === "AI") && !data.AllowanceNo) {
      addRuleIssue(ctx, ["AllowanceNo"], "allowance-number-required", `AllowanceNo is required when InvoiceTag is ${data.InvoiceTag}`)
    }
  })

export const InvoicePrintDataSchema = z.strictObject({
  InvoiceNo: invoiceNumber,
  InvoiceDate: ecpayDate,
  /** 1 single-sided (default), 2 double-sided, 3 thermal; 4-5 are accepted by some clients (UNCONFIRMED). */
  PrintStyle: z.number().int().min(1).max(5).optional(),
  IsShowingDetail: z.literal([1, 2]).optional(),
  /** "Y" marks the printout as a reprint. */
  IsReprintInvoice: z.enum(["", "Y"]).optional(),
})

export const CheckBarcodeDataSchema = z.strictObject({
  BarCode: checkedString(
    isValidMobileBarcode,
    "mobile-barcode-format",
    "must be '/' and 7 characters of 0-9, A-Z, '+', '-', '.' (uppercase)"
  ),
})

export const CheckLoveCodeDataSchema = z.strictObject({
  LoveCode: checkedString(isValidLoveCode, "love-code-format", "must be 3-7 digits"),
})

export const GetCompanyNameByTaxIdDataSchema = z.strictObject({
  UnifiedBusinessNo: checkedString(isValidTaxId, "tax-id-checksum", "must be an 8-digit 統一編號 with a valid checksum"),
})

// ---------------------------------------------------------------------------------------------------------
// Operation table and types

/** Every B2C operation the client calls; each name is also the path segment after /B2CInvoice/. */
export const EcpayRequestSchemas = {
  Issue: IssueDataSchema,
  DelayIssue: DelayIssueDataSchema,
  TriggerIssue: TriggerIssueDataSchema,
  CancelDelayIssue: CancelDelayIssueDataSchema,
  Invalid: InvalidDataSchema,
  VoidWithReIssue: VoidWithReIssueDataSchema,
  Allowance: AllowanceDataSchema,
  AllowanceByCollegiate: AllowanceByCollegiateDataSchema,
  AllowanceInvalid: AllowanceInvalidDataSchema,
  AllowanceInvalidByCollegiate: AllowanceInvalidByCollegiateDataSchema,
  GetIssue: GetIssueDataSchema,
  GetIssueList: GetIssueListDataSchema,
  GetInvalid: GetInvalidDataSchema,
  GetAllowanceList: GetAllowanceListDataSchema,
  InvoiceNotify: InvoiceNotifyDataSchema,
  InvoicePrint: InvoicePrintDataSchema,
  CheckBarcode: CheckBarcodeDataSchema,
  CheckLoveCode: CheckLoveCodeDataSchema,
  GetCompanyNameByTaxID: GetCompanyNameByTaxIdDataSchema,
} as const

export type EcpayOperation = keyof typeof EcpayRequestSchemas
/** What a caller passes for an operation (defaults may be omitted). */
export type EcpayRequestData<Op extends EcpayOperation> = z.input<(typeof EcpayRequestSchemas)[Op]>
/** What is encrypted and sent for an operation (defaults filled in). */
export type EcpayParsedRequestData<Op extends EcpayOperation> = z.output<(typeof EcpayRequestSchemas)[Op]>

export type IssueData = EcpayRequestData<"Issue">
export type IssueItem = z.input<typeof issueItemSchema>
export type DelayIssueData = EcpayRequestData<"DelayIssue">
export type TriggerIssueData = EcpayRequestData<"TriggerIssue">
export type CancelDelayIssueData = EcpayRequestData<"CancelDelayIssue">
export type InvalidData = EcpayRequestData<"Invalid">
export type VoidWithReIssueData = EcpayRequestData<"VoidWithReIssue">
export type AllowanceData = EcpayRequestData<"Allowance">
export type AllowanceItem = z.input<typeof allowanceItemSchema>
export type AllowanceByCollegiateData = EcpayRequestData<"AllowanceByCollegiate">
export type AllowanceInvalidData = EcpayRequestData<"AllowanceInvalid">
export type AllowanceInvalidByCollegiateData = EcpayRequestData<"AllowanceInvalidByCollegiate">
export type GetIssueData = EcpayRequestData<"GetIssue">
export type GetIssueListData = EcpayRequestData<"GetIssueList">
export type GetInvalidData = EcpayRequestData<"GetInvalid">
export type GetAllowanceListData = EcpayRequestData<"GetAllowanceList">
export type InvoiceNotifyData = EcpayRequestData<"InvoiceNotify">
export type InvoicePrintData = EcpayRequestData<"InvoicePrint">
export type CheckBarcodeData = EcpayRequestData<"CheckBarcode">
export type CheckLoveCodeData = EcpayRequestData<"CheckLoveCode">
export type GetCompanyNameByTaxIdData = EcpayRequestData<"GetCompanyNameByTaxID">

function toValidationIssues(error: z.ZodError): EcpayValidationIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String)
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...path, key].join("."),
        rule: issue.code,
        message: "is not a field of this ECPay operation",
      }))
    }
    const rule = issue.code === "custom" && typeof issue.params?.rule === "string" ? issue.params.rule : issue.code
    return [{ field: path.join("."), rule, message: issue.message }]
  })
}

/** Lists everything wrong with `data` for `operation`; empty when ECPay's documented rules are met. */
export function findRequestIssues(operation: EcpayOperation, data: unknown): EcpayValidationIssue[] {
  const result = EcpayRequestSchemas[operation].safeParse(data)
  return result.success ? [] : toValidationIssues(result.error)
}

/** Validates `data` for `operation` and returns what should be sent; throws {@link EcpayValidationError}. */
export function parseRequestData<Op extends EcpayOperation>(operation: Op, data: unknown): EcpayParsedRequestData<Op> {
  const result = EcpayRequestSchemas[operation].safeParse(data)
  if (!result.success) {
    throw new EcpayValidationError(operation, toValidationIssues(result.error))
  }
  return result.data as EcpayParsedRequestData<Op>
}
