import { defineMiddlewares } from "@medusajs/framework/http"
import { validateBody } from "./utils/validate-body"
import { PostAdminEinvoiceSettings } from "./admin/ecpay-einvoice/settings/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/ecpay-einvoice/settings",
      methods: ["POST"],
      middlewares: [validateBody(PostAdminEinvoiceSettings)],
    },
  ],
})
