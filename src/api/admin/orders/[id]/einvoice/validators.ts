import { z } from "@medusajs/framework/zod"
import { PrintStyleSchema } from "../../../einvoices/validators"
import { ALLOWANCE_AGREEMENTS } from "../../../../../lib/einvoice-types"
import { InvoiceChoiceSchema } from "../../../../../lib/invoice-choice"
import { REASON_MAX_LENGTH } from "../../../../../lib/ecpay"
import { noNul } from "../../../../utils/validate-body"

/** ECPay takes a void / allowance reason of at most 20 characters. */
const reason = z
  .string()
  .trim()
  .min(1, `is required (at most ${REASON_MAX_LENGTH} characters, sent to ECPay)`)
  .max(REASON_MAX_LENGTH, `must be at most ${REASON_MAX_LENGTH} characters (ECPay's limit)`)
  .refine(...noNul)

const email = z.string().trim().email("must be an e-mail address").max(80, "must be at most 80 characters")

export const PostAdminVoidEinvoice = z.strictObject({ reason })
export type PostAdminVoidEinvoiceType = z.infer<typeof PostAdminVoidEinvoice>
export type PostAdminVoidEinvoiceInput = z.input<typeof PostAdminVoidEinvoice>

export const PostAdminCreateAllowance = z
  .strictObject({
    agreement: z.enum(ALLOWANCE_AGREEMENTS, { message: "must be paper or online" }).optional(),
    reason: reason.optional(),
    notify_email: email.optional(),
    lines: z
      .array(
        z.strictObject({
          seq: z.number({ message: "must be the line's number (ItemSeq)" }).int("must be a whole number").min(1, "must be 1 or more"),
          quantity: z.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be 1 or more"),
        })
      )
      .min(1, "choose at least one line")
      .max(200, "at most 200 lines")
      .optional(),
    amount: z
      .number({ message: "must be a number" })
      .int("must be a whole number of TWD")
      .min(1, "must be at least 1 TWD")
      .max(99_999_999, "is too large")
      .optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.lines === undefined) === (body.amount === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: body.lines === undefined ? ["lines"] : ["amount"],
        message: "give either lines or amount, not both and not neither",
      })
    }
  })
export type PostAdminCreateAllowanceType = z.infer<typeof PostAdminCreateAllowance>
export type PostAdminCreateAllowanceInput = z.input<typeof PostAdminCreateAllowance>

export const PostAdminVoidAllowance = z.strictObject({ reason })
export type PostAdminVoidAllowanceType = z.infer<typeof PostAdminVoidAllowance>
export type PostAdminVoidAllowanceInput = z.input<typeof PostAdminVoidAllowance>

export const PostAdminResendEinvoice = z.strictObject({
  email: email.optional(),
  /** "award": the winning notice of a winning invoice; "default" (or none): the issue or void notice. */
  notice: z.enum(["default", "award"], { message: "must be default or award" }).optional(),
})
export type PostAdminResendEinvoiceType = z.infer<typeof PostAdminResendEinvoice>
export type PostAdminResendEinvoiceInput = z.input<typeof PostAdminResendEinvoice>

/** The corrected data, in the same shape (and with the same rules) as the shopper's choice at checkout. */
export const PostAdminReissueEinvoice = z.strictObject({ reason, choice: InvoiceChoiceSchema })
export type PostAdminReissueEinvoiceType = z.infer<typeof PostAdminReissueEinvoice>
export type PostAdminReissueEinvoiceInput = z.input<typeof PostAdminReissueEinvoice>

/**
 * Issuing takes no body (what it issues is the order's), or, to retry after a refusal, the corrected
 * `choice` (the checkout choice's shape and rules); anything else is refused before ECPay is called.
 */
export const PostAdminIssueEinvoice = z.strictObject({ choice: InvoiceChoiceSchema.optional() })
export type PostAdminIssueEinvoiceType = z.infer<typeof PostAdminIssueEinvoice>
export type PostAdminIssueEinvoiceInput = z.input<typeof PostAdminIssueEinvoice>

export const PostAdminSyncEinvoice = z.strictObject({})

/** ECPay's PrintStyle: 1 single-sided A4 (default), 2 double-sided A4, 3 thermal (receipt printer). */
export const PostAdminPrintEinvoice = z.strictObject({
  style: PrintStyleSchema.optional(),
})
export type PostAdminPrintEinvoiceType = z.infer<typeof PostAdminPrintEinvoice>
export type PostAdminPrintEinvoiceInput = z.input<typeof PostAdminPrintEinvoice>
