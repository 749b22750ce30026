import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { OrderEinvoiceCard } from "../components/order/order-einvoice-card"

/**
 * The order's e-invoice on the order page: status, details with the
 * Ministry of Finance lookup, issue / retry, ECPay's reply when it refused, and the audit trail.
 */
const OrderEinvoiceWidget = ({ data }: DetailWidgetProps<HttpTypes.AdminOrder>) => {
  return <OrderEinvoiceCard order={data} />
}

export const config = defineWidgetConfig({
  zone: "order.details.side.before",
  id: "ecpay-einvoice:order",
})

export default OrderEinvoiceWidget
