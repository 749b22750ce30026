import { z } from "@medusajs/framework/zod"

export const PostStoreValidateInvoiceValue = z.strictObject({
  type: z.enum(["mobile_barcode", "love_code", "tax_id", "citizen_certificate"]),
  value: z.string().max(64),
})

export type PostStoreValidateInvoiceValueType = z.infer<typeof PostStoreValidateInvoiceValue>
export type PostStoreValidateInvoiceValueInput = z.input<typeof PostStoreValidateInvoiceValue>
