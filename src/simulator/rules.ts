/**
 * Hand-written field and cross-field rules (docs/ECPAY-PROTOCOL.md §2.1, §2.5, §6). Independent of
 * src/lib/ecpay on purpose.
 * Every check throws a RuleViolation carrying the RtnCode and a Chinese RtnMsg that names the field.
 */
import { RtnCode } from "./codes"
import { parseDateInput } from "./time"

export class RuleViolation extends Error {
  constructor(
    readonly rtnCode: number,
    message: string
  ) {
    super(message)
  }
}

export type Fields = Record<string, unknown>

function fail(code: number, message: string): never {
  throw new RuleViolation(code, message)
}

const charLength = (text: string) => Array.from(text).length

export interface StringRule {
  required?: boolean
  max?: number
  pattern?: RegExp
  /** Human description of `pattern`, appended to the message. */
  patternHint?: string
  oneOf?: readonly string[]
  /** Field path used in messages; defaults to the key. */
  label?: string
}

/**
 * Reads a String field. Absent/null read as ''. Numbers are accepted and stringified (ECPay's PHP
 * backend is loose about JSON types); booleans, objects and arrays are a format error.
 */
export function readString(fields: Fields, key: string, rule: StringRule = {}): string {
  const label = rule.label ?? key
  const raw = fields[key]
  let value: string
  if (raw === undefined || raw === null) value = ""
  else if (typeof raw === "string") value = raw
  else if (typeof raw === "number" && Number.isFinite(raw)) value = String(raw)
  else fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為字串`)

  if (value === "") {
    if (rule.required) fail(RtnCode.FIELD_REQUIRED, `${label} 為必填欄位`)
    return value
  }
  if (rule.max !== undefined && charLength(value) > rule.max) {
    fail(RtnCode.FIELD_TOO_LONG, `${label} 長度不可超過 ${rule.max} 個字元`)
  }
  if (rule.oneOf && !rule.oneOf.includes(value)) {
    fail(RtnCode.FIELD_VALUE_NOT_ALLOWED, `${label} 僅接受 ${rule.oneOf.map((v) => (v === "" ? "空值" : v)).join("、")}`)
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤${rule.patternHint ? `：${rule.patternHint}` : ""}`)
  }
  return value
}

export interface NumberRule {
  required?: boolean
  integer?: boolean
  min?: number
  max?: number
  /** Maximum digits before / after the decimal point. */
  intDigits?: number
  decimals?: number
  label?: string
}

/** The literal decimal text of a JSON number or numeric string, without exponent notation. */
function plainDecimal(raw: number | string): string {
  const text = typeof raw === "number" ? String(raw) : raw.trim()
  if (!/e/i.test(text)) return text
  return Number(text)
    .toFixed(20)
    .replace(/\.?0+$/, "")
}

/** Reads a Number field; numeric strings are accepted (RY sends amounts as strings in production). */
export function readNumber(fields: Fields, key: string, rule: NumberRule & { required: true }): number
export function readNumber(fields: Fields, key: string, rule?: NumberRule): number | undefined
export function readNumber(fields: Fields, key: string, rule: NumberRule = {}): number | undefined {
  const label = rule.label ?? key
  const raw = fields[key]
  if (raw === undefined || raw === null || raw === "") {
    if (rule.required) fail(RtnCode.FIELD_REQUIRED, `${label} 為必填欄位`)
    return undefined
  }
  if (typeof raw !== "number" && !(typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw))) {
    fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為數字`)
  }
  const value = Number(raw)
  if (!Number.isFinite(value)) fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為數字`)
  if (rule.integer && !Number.isInteger(value)) fail(RtnCode.FIELD_FORMAT, `${label} 須為整數`)
  const [intPart, decPart = ""] = plainDecimal(raw as number | string)
    .replace("-", "")
    .split(".")
  if (rule.intDigits !== undefined && intPart.replace(/^0+(?=\d)/, "").length > rule.intDigits) {
    fail(RtnCode.FIELD_FORMAT, `${label} 整數位數不可超過 ${rule.intDigits} 位`)
  }
  if (rule.decimals !== undefined && decPart.length > rule.decimals) {
    fail(RtnCode.FIELD_FORMAT, `${label} 小數位數不可超過 ${rule.decimals} 位`)
  }
  if (rule.min !== undefined && value < rule.min) fail(RtnCode.FIELD_VALUE_NOT_ALLOWED, `${label} 不可小於 ${rule.min}`)
  if (rule.max !== undefined && value > rule.max) fail(RtnCode.FIELD_VALUE_NOT_ALLOWED, `${label} 不可大於 ${rule.max}`)
  return value
}

/** Reads a required nested object (e.g. VoidWithReIssue's VoidModel / IssueModel). */
export function readObject(fields: Fields, key: string, label = key): Fields {
  const raw = fields[key]
  if (raw === undefined || raw === null) fail(RtnCode.FIELD_REQUIRED, `${label} 為必填欄位`)
  if (typeof raw !== "object" || Array.isArray(raw)) fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為物件`)
  return raw as Fields
}

// ---------------------------------------------------------------------------------------------------
// Taiwan identifiers (docs/ECPAY-PROTOCOL.md §6)

/** 統一編號 checksum with the 2023 ÷5 rule and the 7th-digit-7 special case; `00000000` is rejected. */
export function isValidTaxId(taxId: string): boolean {
  if (!/^\d{8}$/.test(taxId) || taxId === "00000000") return false
  const weights = [1, 2, 1, 2, 1, 2, 4, 1]
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const product = Number(taxId[i]) * weights[i]
    sum += Math.floor(product / 10) + (product % 10)
  }
  return sum % 5 === 0 || (taxId[6] === "7" && (sum + 1) % 5 === 0)
}

export const MOBILE_BARCODE = /^\/[0-9A-Z+\-.]{7}$/
export const CITIZEN_CERTIFICATE = /^[A-Z]{2}\d{14}$/
export const LOVE_CODE = /^\d{3,7}$/
export const INVOICE_NO = /^[A-Z]{2}\d{8}$/
export const ALLOWANCE_NO = /^\d{16}$/
const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/
const DIGITS = /^\d+$/
/** ECPay asks for no special symbols; production clients send base64url (`-`, `_`), so those pass. */
const RELATE_NUMBER = /^[0-9A-Za-z_-]+$/
const HTTP_URL = /^https?:\/\/[^\s]+$/i

// ---------------------------------------------------------------------------------------------------
// Items and amounts

export interface ItemLine {
  seq: number | null
  name: string
  count: number
  word: string
  price: number
  taxType: string
  amount: number
  remark: string
}

/** Round half up, after trimming float noise from sums of decimals. */
export function roundHalfUp(value: number): number {
  return Math.round(Number(value.toFixed(7)))
}

interface ItemsRule {
  maxItems: number
  seqRequired: boolean
  countDecimals: number
  taxTypeRequired: boolean
  remarkAllowed: boolean
}

export function readItems(fields: Fields, rule: ItemsRule): ItemLine[] {
  const raw = fields.Items
  if (raw === undefined || raw === null) fail(RtnCode.FIELD_REQUIRED, "Items 為必填欄位")
  if (!Array.isArray(raw)) fail(RtnCode.FIELD_FORMAT, "Items 格式錯誤：須為陣列")
  if (raw.length === 0) fail(RtnCode.FIELD_REQUIRED, "Items 至少需有一筆商品")
  if (raw.length > rule.maxItems) fail(RtnCode.TOO_MANY_ITEMS, `Items 商品數量不可超過 ${rule.maxItems} 筆`)
  return raw.map((entry, index) => {
    const at = `Items[${index}]`
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail(RtnCode.FIELD_FORMAT, `${at} 格式錯誤：須為物件`)
    }
    const item = entry as Fields
    const seq = readNumber(item, "ItemSeq", { required: rule.seqRequired, integer: true, min: 1, max: 999, label: `${at}.ItemSeq` })
    return {
      seq: seq ?? null,
      name: readString(item, "ItemName", { required: true, max: 100, label: `${at}.ItemName` }),
      count: readNumber(item, "ItemCount", { required: true, intDigits: 8, decimals: rule.countDecimals, label: `${at}.ItemCount` }),
      word: readString(item, "ItemWord", { required: true, max: 6, label: `${at}.ItemWord` }),
      price: readNumber(item, "ItemPrice", { required: true, intDigits: 8, decimals: 7, label: `${at}.ItemPrice` }),
      taxType: readString(item, "ItemTaxType", { required: rule.taxTypeRequired, oneOf: ["1", "2", "3"], label: `${at}.ItemTaxType` }),
      amount: readNumber(item, "ItemAmount", { required: true, intDigits: 8, decimals: 7, label: `${at}.ItemAmount` }),
      remark: rule.remarkAllowed ? readString(item, "ItemRemark", { max: 40, label: `${at}.ItemRemark` }) : "",
    }
  })
}

/**
 * ItemPrice × ItemCount = ItemAmount. With `vat=0` on a taxable line the price excludes the 5% tax
 * while ItemAmount includes it, so the product is multiplied by 1.05 and integer rounding is tolerated.
 */
export function checkItemArithmetic(items: ItemLine[], exclusiveOfTax: (item: ItemLine) => boolean): void {
  items.forEach((item, index) => {
    const product = item.price * item.count
    const [expected, tolerance] = exclusiveOfTax(item) ? [product * 1.05, 0.5] : [product, 0.01]
    if (Math.abs(expected - item.amount) > tolerance + 1e-9) {
      fail(
        RtnCode.ITEM_AMOUNT_MISMATCH,
        `Items[${index}].ItemAmount 金額錯誤：ItemPrice × ItemCount${exclusiveOfTax(item) ? " × 1.05" : ""} 應為 ${Number(expected.toFixed(7))}`
      )
    }
  })
}

export function sumItemAmounts(items: ItemLine[]): number {
  return roundHalfUp(items.reduce((total, item) => total + item.amount, 0))
}

// ---------------------------------------------------------------------------------------------------
// Issue (and the issue part of DelayIssue / VoidWithReIssue)

export interface IssueContent {
  relateNumber: string
  customerId: string
  customerIdentifier: string
  customerName: string
  customerAddr: string
  customerPhone: string
  customerEmail: string
  clearanceMark: string
  print: "0" | "1"
  donation: "0" | "1"
  loveCode: string
  carrierType: string
  carrierNum: string
  carrierNum2: string
  taxType: string
  zeroTaxRateReason: string
  specialTaxType: number
  salesAmount: number
  taxAmount: number | null
  invoiceRemark: string
  invType: string
  vat: "0" | "1"
  items: ItemLine[]
}

/** Validates an Issue `Data` object (without MerchantID, which the envelope already checked). */
export function validateIssue(fields: Fields): IssueContent {
  const relateNumber = readString(fields, "RelateNumber", {
    required: true,
    max: 30,
    pattern: RELATE_NUMBER,
    patternHint: "僅允許英數字、- 與 _",
  })
  const customerId = readString(fields, "CustomerID", { max: 20, pattern: /^[A-Za-z0-9_]+$/, patternHint: "僅允許英數字與底線" })
  const customerIdentifier = readString(fields, "CustomerIdentifier", { max: 8, pattern: /^\d{8}$/, patternHint: "須為 8 位數字" })
  const customerName = readString(fields, "CustomerName", { max: 60 })
  const customerAddr = readString(fields, "CustomerAddr", { max: 100 })
  const customerPhone = readString(fields, "CustomerPhone", { max: 20, pattern: DIGITS, patternHint: "僅允許數字" })
  const customerEmail = readString(fields, "CustomerEmail", { max: 80, pattern: EMAIL, patternHint: "須為一個有效的電子郵件地址" })
  const clearanceMark = readString(fields, "ClearanceMark", { oneOf: ["1", "2"] })
  const print = readString(fields, "Print", { required: true, oneOf: ["0", "1"] }) as "0" | "1"
  const donation = readString(fields, "Donation", { required: true, oneOf: ["0", "1"] }) as "0" | "1"
  const loveCode = readString(fields, "LoveCode", { max: 7, pattern: LOVE_CODE, patternHint: "須為 3 至 7 位數字" })
  const carrierType = readString(fields, "CarrierType", { oneOf: ["1", "2", "3", "4", "5"] })
  const carrierNum = readString(fields, "CarrierNum", { max: 64 })
  const carrierNum2 = readString(fields, "CarrierNum2", { max: 64 })
  const taxType = readString(fields, "TaxType", { required: true, oneOf: ["1", "2", "3", "4", "9"] })
  const zeroTaxRateReason = readString(fields, "ZeroTaxRateReason", { pattern: /^7[1-9]$/, patternHint: "須為 71 至 79" })
  const specialTaxType = readNumber(fields, "SpecialTaxType", { integer: true, min: 0, max: 8 })
  const salesAmount = readNumber(fields, "SalesAmount", { required: true, integer: true, min: 1, intDigits: 10 })
  const taxAmount = readNumber(fields, "TaxAmount", { integer: true, min: 0 })
  const invoiceRemark = readString(fields, "InvoiceRemark", { max: 200 })
  const invType = readString(fields, "InvType", { required: true, oneOf: ["07", "08"] })
  const vat = (readString(fields, "vat", { oneOf: ["0", "1"] }) || "1") as "0" | "1"
  const items = readItems(fields, {
    maxItems: 200,
    seqRequired: false,
    countDecimals: 2,
    taxTypeRequired: taxType === "9",
    remarkAllowed: true,
  })

  // Buyer contact and destination
  if (!customerPhone && !customerEmail) {
    fail(RtnCode.PHONE_OR_EMAIL_REQUIRED, "CustomerPhone 與 CustomerEmail 至少需填寫一項")
  }
  if (print === "1" && (!customerName || !customerAddr)) {
    fail(RtnCode.PRINT_NEEDS_NAME_AND_ADDRESS, `Print=1 時 ${!customerName ? "CustomerName" : "CustomerAddr"} 為必填`)
  }
  if (donation === "1") {
    if (print === "1") fail(RtnCode.DONATION_FORBIDS_PRINT, "Donation=1（捐贈）時 Print 須為 0")
    if (customerIdentifier) fail(RtnCode.DONATION_FORBIDS_IDENTIFIER, "Donation=1（捐贈）時不可填寫 CustomerIdentifier")
    if (!loveCode) fail(RtnCode.DONATION_NEEDS_LOVE_CODE, "Donation=1（捐贈）時 LoveCode 為必填")
  } else if (loveCode) {
    fail(RtnCode.LOVE_CODE_WITHOUT_DONATION, "Donation=0 時 LoveCode 須為空值")
  }

  if (customerIdentifier) {
    if (!isValidTaxId(customerIdentifier)) fail(RtnCode.IDENTIFIER_CHECKSUM, "CustomerIdentifier 統一編號檢查碼錯誤")
    if (!customerName) fail(RtnCode.IDENTIFIER_NEEDS_NAME, "有 CustomerIdentifier 時 CustomerName（公司名稱）為必填")
    // Official matrix (p=7896): no carrier ⇒ Print 1; carrier 1/2 (and card carriers) ⇒ Print 0; carrier 3 ⇒ either.
    if (carrierType === "" && print !== "1") {
      fail(RtnCode.IDENTIFIER_PRINT_CARRIER_MISMATCH, "有 CustomerIdentifier 且 CarrierType 為空值時 Print 須為 1")
    }
    if (carrierType !== "" && carrierType !== "3" && print !== "0") {
      fail(RtnCode.IDENTIFIER_PRINT_CARRIER_MISMATCH, `有 CustomerIdentifier 且 CarrierType=${carrierType} 時 Print 須為 0`)
    }
  } else {
    if (carrierType !== "" && print === "1") fail(RtnCode.CARRIER_FORBIDS_PRINT, "使用載具（CarrierType 非空值）時 Print 須為 0")
    if (print === "0" && donation === "0" && carrierType === "") {
      fail(RtnCode.NO_INVOICE_DESTINATION, "Print=0 且 Donation=0 時 CarrierType 為必填")
    }
  }

  // Carrier numbers
  if (carrierType === "" || carrierType === "1") {
    if (carrierNum) fail(RtnCode.CARRIER_NUM_MUST_BE_EMPTY, `CarrierType=${carrierType || "空值"} 時 CarrierNum 須為空值`)
  } else if (carrierType === "2" && !CITIZEN_CERTIFICATE.test(carrierNum)) {
    fail(RtnCode.CARRIER_NUM_FORMAT, "CarrierNum 自然人憑證條碼格式錯誤：須為 2 個大寫英文字母加 14 位數字")
  } else if (carrierType === "3" && !MOBILE_BARCODE.test(carrierNum)) {
    fail(RtnCode.CARRIER_NUM_FORMAT, "CarrierNum 手機條碼格式錯誤：須為 / 加 7 碼（0-9、A-Z、+、-、.）")
  } else if ((carrierType === "4" || carrierType === "5") && !carrierNum) {
    fail(RtnCode.CARRIER_NUM_FORMAT, `CarrierType=${carrierType} 時 CarrierNum（卡片隱碼）為必填`)
  }
  if (carrierNum2 && carrierType !== "4" && carrierType !== "5") {
    fail(RtnCode.CARRIER_NUM2_NOT_ALLOWED, "CarrierNum2 僅限 CarrierType 為 4 或 5 時填寫")
  }

  // Tax
  const allowedTaxTypes = invType === "07" ? ["1", "2", "3", "9"] : ["3", "4"]
  if (!allowedTaxTypes.includes(taxType)) {
    fail(RtnCode.INV_TYPE_TAX_TYPE_MISMATCH, `InvType=${invType} 時 TaxType 僅接受 ${allowedTaxTypes.join("、")}`)
  }
  if (taxType === "4" && (specialTaxType === undefined || specialTaxType < 1)) {
    fail(RtnCode.SPECIAL_TAX_TYPE_MISMATCH, "TaxType=4（特種稅率）時 SpecialTaxType 須為 1 至 8")
  }
  if (taxType === "3" && invType === "08" && specialTaxType !== 8) {
    fail(RtnCode.SPECIAL_TAX_TYPE_MISMATCH, "InvType=08 且 TaxType=3 時 SpecialTaxType 須為 8")
  }
  if (taxType === "3" && specialTaxType !== undefined && specialTaxType !== 0 && specialTaxType !== 8) {
    fail(RtnCode.SPECIAL_TAX_TYPE_MISMATCH, "TaxType=3（免稅）時 SpecialTaxType 須為 8")
  }
  if (["1", "2", "9"].includes(taxType) && specialTaxType !== undefined && specialTaxType !== 0) {
    fail(RtnCode.SPECIAL_TAX_TYPE_MISMATCH, `TaxType=${taxType} 時 SpecialTaxType 須為 0`)
  }
  if (taxType === "9") {
    const kinds = new Set(items.map((item) => item.taxType))
    if (kinds.has("2") && kinds.has("3")) {
      fail(RtnCode.MIXED_TAX_ITEMS_INVALID, "TaxType=9（混合稅率）時不可同時包含零稅率（2）與免稅（3）商品")
    }
  }
  const hasZeroRated = taxType === "2" || (taxType === "9" && items.some((item) => item.taxType === "2"))
  if (hasZeroRated && !clearanceMark) {
    fail(RtnCode.CLEARANCE_MARK_REQUIRED, "零稅率發票 ClearanceMark（通關方式）為必填")
  }

  // Amounts
  const lineIsTaxable = (item: ItemLine) => (taxType === "9" ? item.taxType === "1" : taxType === "1")
  checkItemArithmetic(items, (item) => vat === "0" && lineIsTaxable(item))
  const itemsTotal = sumItemAmounts(items)
  if (itemsTotal !== salesAmount) {
    fail(RtnCode.SALES_AMOUNT_MISMATCH, `SalesAmount 金額錯誤：商品合計 ${itemsTotal} 與 SalesAmount ${salesAmount} 不符`)
  }

  return {
    relateNumber,
    customerId,
    customerIdentifier,
    customerName,
    customerAddr,
    customerPhone,
    customerEmail,
    clearanceMark,
    print,
    donation,
    loveCode,
    carrierType,
    carrierNum,
    carrierNum2,
    taxType,
    zeroTaxRateReason: zeroTaxRateReason || (hasZeroRated ? "71" : ""),
    specialTaxType: specialTaxType ?? (taxType === "3" && invType === "08" ? 8 : 0),
    salesAmount,
    taxAmount: taxAmount ?? null,
    invoiceRemark,
    invType,
    vat,
    items,
  }
}

// ---------------------------------------------------------------------------------------------------
// Allowance

export interface AllowanceContent {
  invoiceNo: string
  invoiceDate: string
  allowanceNotify: string
  customerName: string
  notifyMail: string
  notifyPhone: string
  allowanceAmount: number
  items: ItemLine[]
  returnUrl: string
}

/** `;`-separated list of e-mail addresses, as NotifyMail allows. */
export function checkEmailList(value: string, label: string): void {
  const addresses = value.split(";").map((part) => part.trim())
  if (addresses.some((address) => !EMAIL.test(address))) {
    fail(RtnCode.FIELD_FORMAT, `${label} 格式錯誤：須為電子郵件地址，多筆以 ; 分隔`)
  }
}

export function validateAllowance(fields: Fields, online: boolean): AllowanceContent {
  const invoiceNo = readString(fields, "InvoiceNo", {
    required: true,
    max: 10,
    pattern: INVOICE_NO,
    patternHint: "須為 2 碼英文加 8 碼數字",
  })
  const invoiceDate = readString(fields, "InvoiceDate", { required: true, max: 20 })
  if (!parseDateInput(invoiceDate)) fail(RtnCode.FIELD_FORMAT, "InvoiceDate 格式錯誤：須為 yyyy-MM-dd 或 yyyy/MM/dd")
  const allowanceNotify = readString(fields, "AllowanceNotify", { required: true, oneOf: online ? ["E"] : ["S", "E", "A", "N"] })
  const customerName = readString(fields, "CustomerName", { max: 60 })
  const notifyMail = readString(fields, "NotifyMail", {
    required: allowanceNotify === "E" || allowanceNotify === "A",
    max: 80,
  })
  if (notifyMail) checkEmailList(notifyMail, "NotifyMail")
  const notifyPhone = readString(fields, "NotifyPhone", {
    required: allowanceNotify === "S" || allowanceNotify === "A",
    max: 20,
    pattern: DIGITS,
    patternHint: "僅允許數字",
  })
  const allowanceAmount = readNumber(fields, "AllowanceAmount", { required: true, integer: true, min: 1 })
  const returnUrl = online
    ? readString(fields, "ReturnURL", { required: true, max: 200, pattern: HTTP_URL, patternHint: "須為 http(s) 網址" })
    : ""
  const items = readItems(fields, { maxItems: 200, seqRequired: true, countDecimals: 6, taxTypeRequired: false, remarkAllowed: false })
  checkItemArithmetic(items, () => false)
  const itemsTotal = sumItemAmounts(items)
  if (itemsTotal !== allowanceAmount) {
    fail(RtnCode.ALLOWANCE_AMOUNT_MISMATCH, `AllowanceAmount 金額錯誤：商品合計 ${itemsTotal} 與 AllowanceAmount ${allowanceAmount} 不符`)
  }
  return { invoiceNo, invoiceDate, allowanceNotify, customerName, notifyMail, notifyPhone, allowanceAmount, items, returnUrl }
}

// ---------------------------------------------------------------------------------------------------
// DelayIssue extras

export interface DelayContent {
  delayFlag: "1" | "2"
  delayDay: number
  tsr: string
  notifyUrl: string
}

export function validateDelay(fields: Fields): DelayContent {
  const delayFlag = readString(fields, "DelayFlag", { required: true, oneOf: ["1", "2"] }) as "1" | "2"
  const delayDay = readNumber(fields, "DelayDay", {
    required: true,
    integer: true,
    min: delayFlag === "1" ? 1 : 0,
    max: 15,
  })
  const tsr = readString(fields, "Tsr", { required: true, max: 30, pattern: RELATE_NUMBER, patternHint: "僅允許英數字、- 與 _" })
  readString(fields, "PayType", { required: true, oneOf: ["2"] })
  readString(fields, "PayAct", { required: true, oneOf: ["ECPAY"] })
  const notifyUrl = readString(fields, "NotifyURL", { max: 200, pattern: HTTP_URL, patternHint: "須為 http(s) 網址" })
  return { delayFlag, delayDay, tsr, notifyUrl }
}

export const REASON_RULE: StringRule = { required: true, max: 20 }
