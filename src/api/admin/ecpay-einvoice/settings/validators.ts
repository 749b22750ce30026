import { z } from "@medusajs/framework/zod"
import { isValidLoveCode } from "../../../../lib/ecpay/validators"
import {
  ALLOWANCE_AGREEMENTS,
  CORE_INVOICE_TYPES,
  ECPAY_ENVIRONMENTS,
  EDIT_CORRECTIONS,
  INVOICE_TYPES,
  ISSUE_MODES,
  ISSUE_TRIGGERS,
} from "../../../../lib/einvoice-types"
import { noNul } from "../../../utils/validate-body"

const secret = (name: string) =>
  z.string().regex(/^[\x21-\x7e]{16}$/, `${name} must be exactly 16 printable ASCII characters, as shown in the ECPay back office`)

const charity = z.object({
  code: z.string().trim().refine(isValidLoveCode, "love code must be 3 to 7 digits"),
  name: z
    .string()
    .trim()
    .min(1, "charity name is required")
    .max(60, "charity name is at most 60 characters")
    .refine(...noNul),
})

export const PostAdminEinvoiceSettings = z
  .object({
    enabled: z.boolean(),
    environment: z.enum(ECPAY_ENVIRONMENTS),
    merchant_id: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, "MerchantID is 1 to 10 digits")
      .nullable(),
    hash_key: secret("HashKey").nullable(),
    hash_iv: secret("HashIV").nullable(),
    base_url: z
      .string()
      .trim()
      .url("base URL must be a full http(s) URL")
      .refine((url) => /^https?:\/\//.test(url), "base URL must start with http:// or https://")
      .nullable(),
    tax_type: z.enum(["1", "2", "3"], {
      message: "tax type must be 1 (taxable), 2 (zero-rated) or 3 (tax-free)",
    }),
    clearance_mark: z.enum(["1", "2"], { message: "clearance mark must be 1 or 2" }).nullable(),
    zero_tax_rate_reason: z
      .string()
      .regex(/^7[1-9]$/, "zero tax rate reason must be 71 to 79")
      .nullable(),
    issue_mode: z.enum(ISSUE_MODES),
    issue_trigger: z.enum(ISSUE_TRIGGERS),
    issue_delay_days: z.number().int("delay must be whole days").min(0).max(30, "delay is at most 30 days"),
    enabled_types: z
      .array(z.enum(INVOICE_TYPES))
      .max(INVOICE_TYPES.length)
      .refine(
        (types) => CORE_INVOICE_TYPES.every((type) => types.includes(type)),
        `the five core invoice types (${CORE_INVOICE_TYPES.join(", ")}) must always be offered`
      ),
    charities: z.array(charity).max(50, "at most 50 charities"),
    default_love_code: z.string().trim().refine(isValidLoveCode, "love code must be 3 to 7 digits").nullable(),
    relate_number_prefix: z.string().regex(/^[A-Za-z0-9]{0,10}$/, "RelateNumber prefix is up to 10 letters or digits"),
    auto_void_on_cancel: z.boolean(),
    auto_allowance_on_refund: z.boolean(),
    auto_allowance_on_return: z.boolean(),
    auto_allowance_on_edit: z.boolean(),
    edit_correction: z.enum(EDIT_CORRECTIONS),
    allowance_agreement: z.enum(ALLOWANCE_AGREEMENTS),
    notify_by_medusa: z.boolean(),
    notification_template: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine(...noNul),
    item_word: z
      .string()
      .trim()
      .min(1, "unit word is required")
      .max(6, "unit word is at most 6 characters")
      .refine(...noNul),
    invoice_remark: z
      .string()
      .max(100, "invoice remark is at most 100 characters")
      .refine(...noNul)
      .nullable(),
    currency_rates: z
      .array(
        z.strictObject({
          currency_code: z
            .string()
            .trim()
            .regex(/^[A-Za-z]{3}$/, "currency code is 3 letters (ISO 4217), e.g. USD")
            .transform((code) => code.toLowerCase())
            .refine((code) => code !== "twd", "TWD orders need no rate"),
          rate: z
            .number({ message: "rate must be a number (TWD per unit)" })
            .positive("rate must be more than 0")
            .max(100_000, "rate is at most 100000 TWD per unit"),
        })
      )
      .max(20, "at most 20 currencies"),
  })
  .partial()
  .strict()
  .superRefine((body, ctx) => {
    if (body.tax_type === "2" && body.clearance_mark === null) {
      ctx.addIssue({
        code: "custom",
        path: ["clearance_mark"],
        message: "zero-rated stores must set the customs clearance mark",
      })
    }
    if (body.default_love_code && body.charities && !body.charities.some((c) => c.code === body.default_love_code)) {
      ctx.addIssue({
        code: "custom",
        path: ["default_love_code"],
        message: "the default love code must be one of the charities",
      })
    }
    const codes = (body.charities ?? []).map((c) => c.code)
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: "custom", path: ["charities"], message: "each love code may appear once" })
    }
    const currencies = (body.currency_rates ?? []).map((entry) => entry.currency_code)
    if (new Set(currencies).size !== currencies.length) {
      ctx.addIssue({ code: "custom", path: ["currency_rates"], message: "each currency may appear once" })
    }
  })

export type PostAdminEinvoiceSettingsType = z.infer<typeof PostAdminEinvoiceSettings>
export type PostAdminEinvoiceSettingsInput = z.input<typeof PostAdminEinvoiceSettings>

/** The connection test takes no body: it uses the saved credentials. */
export const PostAdminTestConnection = z.strictObject({})
