import { z } from "@medusajs/framework/zod"

export const MAX_BULK_ORDERS = 100

export const PostAdminBulkIssue = z.strictObject({
  order_ids: z
    .array(z.string().trim().min(1, "order id must not be empty").max(100, "order id is too long"))
    .min(1, "at least one order id is required")
    .max(MAX_BULK_ORDERS, `at most ${MAX_BULK_ORDERS} orders at once`)
    .refine((ids) => new Set(ids).size === ids.length, "each order id may appear once"),
})

export type PostAdminBulkIssueType = z.infer<typeof PostAdminBulkIssue>
