import type { z } from "./ecpay/zod"

/**
 * Shopper-facing wording of invoice-choice validation issues, in zh-TW and English, chosen by the
 * request's Accept-Language. Each entry names the field the shopper has to fix.
 */

export type Locale = "zh-TW" | "en"

export interface ShopperFieldError {
  field: string
  rule: string
  message: string
}

const FIELD_LABELS: Record<string, Record<Locale, string>> = {
  type: { "zh-TW": "發票類型", en: "Invoice type" },
  carrier_number: { "zh-TW": "載具號碼", en: "Carrier number" },
  carrier_number2: { "zh-TW": "載具顯碼", en: "Card visible code" },
  love_code: { "zh-TW": "捐贈碼", en: "Love code" },
  tax_id: { "zh-TW": "統一編號", en: "Tax ID" },
  company_name: { "zh-TW": "公司名稱", en: "Company name" },
  buyer_name: { "zh-TW": "買受人姓名", en: "Buyer name" },
  address: { "zh-TW": "寄送地址", en: "Address" },
  email: { "zh-TW": "電子郵件", en: "E-mail" },
  phone: { "zh-TW": "手機號碼", en: "Phone" },
  print: { "zh-TW": "列印紙本", en: "Print" },
  value: { "zh-TW": "輸入值", en: "Value" },
}

const RULE_MESSAGES: Record<string, Record<Locale, (p: Record<string, unknown>) => string>> = {
  required: { "zh-TW": () => "為必填", en: () => "is required" },
  not_for_type: {
    "zh-TW": (p) => `不適用於「${p.type}」發票`,
    en: (p) => `is not used for ${p.type} invoices`,
  },
  unknown_field: { "zh-TW": () => "不是可接受的欄位", en: () => "is not a known field" },
  invalid_type: { "zh-TW": () => "格式不正確", en: () => "has the wrong type" },
  control_character: { "zh-TW": () => "不可包含控制字元", en: () => "must not contain control characters" },
  invalid_choice: {
    "zh-TW": (p) => `必須是下列之一：${p.options}`,
    en: (p) => `must be one of: ${p.options}`,
  },
  too_long: {
    "zh-TW": (p) => `最多 ${p.max} 個字`,
    en: (p) => `must be at most ${p.max} characters`,
  },
  email_format: { "zh-TW": () => "不是有效的電子郵件地址", en: () => "is not a valid e-mail address" },
  phone_format: { "zh-TW": () => "只能是數字，最多 20 碼", en: () => "must be digits only, at most 20" },
  citizen_certificate_format: {
    "zh-TW": () => "應為 2 個英文字母加 14 個數字（共 16 碼）",
    en: () => "must be 2 letters followed by 14 digits",
  },
  mobile_barcode_format: {
    "zh-TW": () => "應為「/」開頭再加 7 碼（數字、大寫英文或 + - .）",
    en: () => "must be '/' followed by 7 characters of 0-9, A-Z, +, - or .",
  },
  love_code_format: { "zh-TW": () => "應為 3 至 7 位數字", en: () => "must be 3 to 7 digits" },
  tax_id_checksum: {
    "zh-TW": () => "不是有效的 8 位數統一編號（檢查碼錯誤）",
    en: () => "is not a valid 8-digit tax ID (checksum failed)",
  },
  paper_is_printed: { "zh-TW": () => "紙本發票一定會列印", en: () => "a paper invoice is always printed" },
  half_width: { "zh-TW": () => "只能是半形英數字", en: () => "must be half-width letters and digits" },
  not_found: {
    "zh-TW": () => "查無此號碼，請確認後再輸入",
    en: () => "does not exist; please check it",
  },
  unchecked: {
    "zh-TW": () => "目前無法向財政部線上查驗，已先接受此號碼",
    en: () => "could not be checked online right now; accepted for now",
  },
  throttled: {
    "zh-TW": (p) => `查驗次數過多，請於 ${p.seconds} 秒後再試（結帳不受影響）`,
    en: (p) => `was checked too often; try again in ${p.seconds} s (checkout is not affected)`,
  },
}

/** Picks zh-TW when the shopper's Accept-Language prefers Chinese, English otherwise. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const first = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=")
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) }
    })
    .filter((entry) => entry.tag)
    .sort((a, b) => b.q - a.q)[0]
  return first?.tag.startsWith("zh") ? "zh-TW" : "en"
}

export function fieldLabel(field: string, locale: Locale): string {
  return FIELD_LABELS[field]?.[locale] ?? field
}

export function shopperMessage(field: string, rule: string, locale: Locale, params: Record<string, unknown> = {}): string {
  const render = RULE_MESSAGES[rule]?.[locale] ?? RULE_MESSAGES.invalid_type[locale]
  const separator = locale === "zh-TW" ? "" : " "
  return `${fieldLabel(field, locale)}${separator}${render(params)}`
}

/** Words zod issues from `InvoiceChoiceSchema` (or any flat body schema) for the shopper. */
export function toShopperErrors(issues: z.core.$ZodIssue[], locale: Locale, body: Record<string, unknown> = {}): ShopperFieldError[] {
  return issues.flatMap((issue): ShopperFieldError[] => {
    const field = String(issue.path[0] ?? "body")
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const named = fieldName(key)
        return { field: named, rule: "unknown_field", message: shopperMessage(named, "unknown_field", locale) }
      })
    }
    let rule = "invalid_type"
    const params: Record<string, unknown> = { type: body.type }
    if (issue.code === "custom") {
      rule = String((issue.params as { rule?: string } | undefined)?.rule ?? "invalid_type")
    } else if (issue.code === "too_big") {
      rule = "too_long"
      params.max = issue.maximum
    } else if (issue.code === "invalid_value") {
      rule = body[field] === undefined ? "required" : "invalid_choice"
      params.options = issue.values.join(", ")
    } else if (issue.code === "invalid_type") {
      rule = body[field] === undefined ? "required" : "invalid_type"
    }
    return [{ field, rule, message: shopperMessage(field, rule, locale, params) }]
  })
}

/** An unknown key as an error names it: a blank one ("" or " ") quoted, so that the entry still shows it. */
export function fieldName(key: string): string {
  return key.trim() ? key : JSON.stringify(key)
}
