import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { loadOrderForInvoice } from "../utils/order-for-invoice"

export const loadEinvoiceOrderStep = createStep("ecpay-einvoice-load-order", async ({ order_id }: { order_id: string }, { container }) => {
  return new StepResponse(await loadOrderForInvoice(container, order_id))
})
