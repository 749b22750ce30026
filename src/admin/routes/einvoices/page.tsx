import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Receipt } from "@medusajs/icons"
import { InvoicesView } from "../../components/invoices/invoices-view"

/** E-invoices (sidebar): every invoice by status and bimonthly period, CSV export, bulk resend. */
const EinvoicesPage = () => <InvoicesView />

export const config = defineRouteConfig({
  // A translation key of the default namespace: the sidebar shows it in the admin's language.
  label: "ecpayEinvoice.invoices.menuLabel",
  translationNs: "translation",
  icon: Receipt,
})

export default EinvoicesPage
