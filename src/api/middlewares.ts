import { defineMiddlewares } from "@medusajs/framework/http"
import { validateBody, validateQuery } from "./utils/validate-body"
import { validateShopperBody } from "./utils/validate-shopper-body"
import { PostAdminEinvoiceSettings } from "./admin/ecpay-einvoice/settings/validators"
import { GetAdminEinvoices, GetAdminEinvoicesExport, PostAdminBulkIssue, PostAdminBulkResend } from "./admin/einvoices/validators"
import {
  PostAdminCreateAllowance,
  PostAdminReissueEinvoice,
  PostAdminResendEinvoice,
  PostAdminSyncEinvoice,
  PostAdminVoidAllowance,
  PostAdminVoidEinvoice,
} from "./admin/orders/[id]/einvoice/validators"
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
      matcher: "/admin/einvoices",
      methods: ["GET"],
      middlewares: [validateQuery(GetAdminEinvoices)],
    },
    {
      matcher: "/admin/einvoices/export",
      methods: ["GET"],
      middlewares: [validateQuery(GetAdminEinvoicesExport)],
    },
    {
      matcher: "/admin/einvoices/bulk-resend",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminBulkResend)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/void",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminVoidEinvoice)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/reissue",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminReissueEinvoice)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/allowances",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminCreateAllowance)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/allowances/:allowance_id/void",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminVoidAllowance)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/resend",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminResendEinvoice)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/sync",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminSyncEinvoice)],
    },
    {
      matcher: "/hooks/ecpay-einvoice/allowance",
      methods: ["POST"],
      bodyParser: { sizeLimit: "16kb" },
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
