import { defineMiddlewares } from "@medusajs/framework/http"
import { validateBody } from "./utils/validate-body"
import { validateShopperBody } from "./utils/validate-shopper-body"
import { PostAdminEinvoiceSettings } from "./admin/ecpay-einvoice/settings/validators"
import { PostAdminBulkIssue } from "./admin/einvoices/validators"
import { PostStoreValidateInvoiceValue } from "./store/einvoice/validators"
import { InvoiceChoiceSchema } from "../lib/invoice-choice"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/ecpay-einvoice/settings",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminEinvoiceSettings)],
    },
    {
      matcher: "/admin/einvoices/bulk-issue",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminBulkIssue)],
    },
    {
      matcher: "/store/carts/:id/einvoice",
      methods: ["POST"],
      middlewares: [validateShopperBody(InvoiceChoiceSchema)],
    },
    {
      matcher: "/store/einvoice/validate",
      methods: ["POST"],
      middlewares: [validateShopperBody(PostStoreValidateInvoiceValue)],
    },
  ],
})
