import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { OrderChangeOutcome } from "../../modules/einvoice/operations/order-change-allowance"
import type { InvoicedOrder } from "../../lib/order-for-invoice"
import { loadOrderChangeFacts, type OrderChangeEvent } from "../utils/order-change-facts"

export interface PlanOrderChangeAllowanceStepInput {
  order_id: string
  change: OrderChangeEvent
  order: Pick<InvoicedOrder, "canceled" | "refunded_total">
}

/**
 * Reads the change through Medusa's Query and asks the module what it owes the order's invoices: an
 * allowance, an additional invoice (see EinvoiceModuleService.planOrderChangeAllowance). Null when the
 * change is not the invoice's business.
 */
export const planOrderChangeAllowanceStep = createStep(
  "ecpay-einvoice-plan-order-change-allowance",
  async (input: PlanOrderChangeAllowanceStepInput, { container }): Promise<StepResponse<OrderChangeOutcome | null>> => {
    const facts = await loadOrderChangeFacts(container, input.change)
    if (!facts) {
      return new StepResponse(null)
    }
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    return new StepResponse(
      await service.planOrderChangeAllowance({
        order_id: input.order_id,
        change: facts,
        refunded_total: input.order.refunded_total,
        canceled: input.order.canceled,
      })
    )
  }
)
