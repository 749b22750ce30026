import { z } from "@medusajs/framework/zod"
import { EINVOICE_STATUSES } from "../../../lib/einvoice-types"
import { parsePeriodLabel } from "../../../lib/invoice-period"
import { noNul } from "../../utils/validate-body"
import { PRINT_STYLES } from "../../../lib/invoice-paper"

export const MAX_BULK_ORDERS = 100

/** A bulk request's ids ("order" or "invoice"): 1 to MAX_BULK_ORDERS, each once, none empty. */
const idList = (what: "order" | "invoice") =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, `${what} id must not be empty`)
        .max(100, `${what} id is too long`)
        .refine(...noNul)
    )
    .min(1, `at least one ${what} id is required`)
    .max(MAX_BULK_ORDERS, `at most ${MAX_BULK_ORDERS} ${what}s at once`)
    .refine((ids) => new Set(ids).size === ids.length, `each ${what} id may appear once`)

export const PostAdminBulkIssue = z.strictObject({ order_ids: idList("order") })

export type PostAdminBulkIssueType = z.infer<typeof PostAdminBulkIssue>
export type PostAdminBulkIssueInput = z.input<typeof PostAdminBulkIssue>

export const PostAdminBulkResend = PostAdminBulkIssue
export type PostAdminBulkResendType = PostAdminBulkIssueType
export type PostAdminBulkResendInput = PostAdminBulkIssueInput

/** ECPay's PrintStyle, as the print routes take it. */
export const PrintStyleSchema = z.literal(PRINT_STYLES, { message: "must be 1 (A4), 2 (A4 double-sided) or 3 (thermal)" })

/** POST /admin/einvoices/bulk-print: the printable pages of several orders' invoices. */
export const PostAdminBulkPrint = PostAdminBulkIssue.extend({
  style: PrintStyleSchema.optional(),
})
export type PostAdminBulkPrintType = z.infer<typeof PostAdminBulkPrint>
export type PostAdminBulkPrintInput = z.input<typeof PostAdminBulkPrint>

/** POST /admin/einvoices/mark-printed: the invoices whose paper proofs were printed. */
export const PostAdminMarkPrinted = z.strictObject({ invoice_ids: idList("invoice") })
export type PostAdminMarkPrintedType = z.infer<typeof PostAdminMarkPrinted>
export type PostAdminMarkPrintedInput = z.input<typeof PostAdminMarkPrinted>
const period = z
  .string()
  .trim()
  .refine((value) => parsePeriodLabel(value) !== null, "must be a bimonthly period such as 2026-11/12")

const count = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .refine((value) => value <= max, `must be at most ${max}`)
    .optional()
    .transform((value) => value ?? fallback)

export const GetAdminEinvoices = z.strictObject({
  status: z.enum(EINVOICE_STATUSES, { message: `must be one of ${EINVOICE_STATUSES.join(", ")}` }).optional(),
  period: period.optional(),
  q: z
    .string()
    .trim()
    .max(60, "must be at most 60 characters")
    .refine(...noNul)
    .optional(),
  /** winning: only invoices that won the lottery (中獎), as the last sync from ECPay knows. */
  award: z.enum(["winning"], { message: "must be winning" }).optional(),
  /** to_print: issued invoices that need paper and are not marked printed yet (whatever their period). */
  paper: z.enum(["to_print"], { message: "must be to_print" }).optional(),
  limit: count(100, 20).refine((value) => value >= 1, "must be at least 1"),
  offset: count(1_000_000, 0),
})
export type GetAdminEinvoicesType = z.infer<typeof GetAdminEinvoices>

/** GET /admin/einvoices/attention: how many of each kind to list (the counts are always whole). */
export const GetAdminEinvoiceAttention = z.strictObject({
  limit: count(200, 50).refine((value) => value >= 1, "must be at least 1"),
})
export type GetAdminEinvoiceAttentionType = z.infer<typeof GetAdminEinvoiceAttention>

export const GetAdminEinvoicesExport = z.strictObject({
  period,
  /** invoices issued in the period, or allowances dated in it */
  kind: z.enum(["invoices", "allowances"], { message: "must be invoices or allowances" }).default("invoices"),
})
export type GetAdminEinvoicesExportType = z.infer<typeof GetAdminEinvoicesExport>
