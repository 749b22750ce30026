import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { AdditionalInvoicePlan } from "../../lib/order-change-allowance"
import type { EinvoiceActionResult } from "../../lib/einvoice-results"
import type { InvoicedOrder } from "../../lib/order-for-invoice"
import { orderOutstanding } from "../utils/order-change-facts"
import { loadOrderForInvoice } from "../utils/order-for-invoice"

const SYSTEM = { type: "system" as const }

/** Writes the additional invoice an order change calls for, pending (see EinvoiceModuleService.recordAdditionalInvoice). */
export const recordAdditionalInvoiceStep = createStep(
  "ecpay-einvoice-record-additional-invoice",
  async (input: { order: InvoicedOrder; plan: AdditionalInvoicePlan }, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(await service.recordAdditionalInvoice({ ...input, actor: SYSTEM }))
  }
)

/**
 * Issues the order's additional invoices that are due, once the shopper has paid what the changes added
 * (Medusa's pending difference; see EinvoiceModuleService.issueAdditionalInvoices).
 */
export const issueAdditionalInvoicesStep = createStep(
  "ecpay-einvoice-issue-additional-invoices",
  async (input: { order: InvoicedOrder }, { container }): Promise<StepResponse<EinvoiceActionResult[]>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const outstanding = await orderOutstanding(container, input.order.order.id)
    return new StepResponse(await service.issueAdditionalInvoices({ order: input.order, outstanding, actor: SYSTEM }))
  }
)

/** A canceled order's additional invoices (see EinvoiceModuleService.settleCanceledAdditionalInvoices). */
export const settleCanceledAdditionalInvoicesStep = createStep(
  "ecpay-einvoice-settle-canceled-additional-invoices",
  async (input: { order_id: string; reason: string }, { container }): Promise<StepResponse<EinvoiceActionResult[]>> => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(
      await service.settleCanceledAdditionalInvoices({
        ...input,
        actor: SYSTEM,
        orderCanceled: async () => (await loadOrderForInvoice(container, input.order_id)).canceled,
      })
    )
  }
)
