import { authenticate, defineMiddlewares } from "@medusajs/framework/http"
import { refuseWhileEcpayPaused } from "./utils/ecpay-pause-guard"
import { validateBody, validateQuery } from "./utils/validate-body"
import { validateShopperBody } from "./utils/validate-shopper-body"
import { pathParamsGuard } from "./utils/path-params"
import { PostAdminEinvoiceSettings, PostAdminTestConnection } from "./admin/ecpay-einvoice/settings/validators"
import {
  GetAdminEinvoiceAttention,
  GetAdminEinvoices,
  GetAdminEinvoicesExport,
  PostAdminBulkIssue,
  PostAdminBulkPrint,
  PostAdminBulkResend,
  PostAdminMarkPrinted,
} from "./admin/einvoices/validators"
import {
  PostAdminCreateAllowance,
  PostAdminIssueEinvoice,
  PostAdminPrintEinvoice,
  PostAdminReissueEinvoice,
  PostAdminResendEinvoice,
  PostAdminSyncEinvoice,
  PostAdminVoidAllowance,
  PostAdminVoidEinvoice,
} from "./admin/orders/[id]/einvoice/validators"
import { PostStoreValidateInvoiceValue } from "./store/einvoice/validators"
import { InvoiceChoiceSchema } from "../lib/invoice-choice"

/** Admin actions that call ECPay answer 503 while ECPay is paused store-wide (after a 403); bulk actions report per order. */
const paused = refuseWhileEcpayPaused()
/** Who the shopper is, when logged in: their saved choice and their order's full details are theirs alone. */
const shopper = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })
/** Every route of the plugin with a path parameter: an id that cannot be one is a 400, not a 500. */
const pathParams = pathParamsGuard([
  "/admin/orders/:id/einvoice/allowances/:allowance_id",
  "/admin/orders/:id/einvoice",
  "/store/carts/:id/einvoice",
  "/store/orders/:id/einvoice",
])

export default defineMiddlewares({
  routes: [
    ...pathParams,
    {
      matcher: "/admin/ecpay-einvoice/settings/test-connection",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminTestConnection), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/issue",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminIssueEinvoice), paused],
    },
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
      matcher: "/admin/einvoices/attention",
      methods: ["GET"],
      middlewares: [validateQuery(GetAdminEinvoiceAttention)],
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
      matcher: "/admin/einvoices/bulk-print",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminBulkPrint)],
    },
    {
      matcher: "/admin/einvoices/mark-printed",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminMarkPrinted)],
    },
    {
      matcher: "/admin/orders/:id/einvoice/print",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminPrintEinvoice), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/void",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminVoidEinvoice), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/reissue",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminReissueEinvoice), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/allowances",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminCreateAllowance), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/allowances/:allowance_id/void",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminVoidAllowance), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/resend",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminResendEinvoice), paused],
    },
    {
      matcher: "/admin/orders/:id/einvoice/sync",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminSyncEinvoice), paused],
    },
    {
      matcher: "/hooks/ecpay-einvoice/allowance",
      methods: ["POST"],
      bodyParser: { sizeLimit: "16kb" },
    },
    {
      matcher: "/store/carts/:id/einvoice",
      methods: ["GET"],
      middlewares: [shopper],
    },
    {
      matcher: "/store/carts/:id/einvoice",
      methods: ["POST"],
      middlewares: [shopper, validateShopperBody(InvoiceChoiceSchema)],
    },
    {
      matcher: "/store/orders/:id/einvoice",
      methods: ["GET"],
      middlewares: [shopper],
    },
    {
      matcher: "/store/einvoice/validate",
      methods: ["POST"],
      middlewares: [validateShopperBody(PostStoreValidateInvoiceValue)],
    },
  ],
})
