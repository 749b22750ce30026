import { AbstractPaymentProvider, ModuleProvider, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { randomUUID } from "node:crypto"

/**
 * Test-only payment provider that captures when the payment is authorized, like card gateways
 * configured for immediate capture: the order is paid at checkout and Medusa emits only order.placed.
 */
class AutocapturePaymentProvider extends AbstractPaymentProvider {
  static identifier = "autocapture"

  constructor(container: Record<string, unknown>, options: Record<string, unknown> = {}) {
    super(container, options)
  }

  async initiatePayment() {
    return { id: randomUUID(), data: {} }
  }
  async authorizePayment() {
    return { data: {}, status: PaymentSessionStatus.CAPTURED }
  }
  async capturePayment() {
    return { data: {} }
  }
  async getPaymentStatus() {
    return { status: PaymentSessionStatus.CAPTURED }
  }
  async retrievePayment() {
    return { data: {} }
  }
  async updatePayment() {
    return { data: {} }
  }
  async deletePayment() {
    return { data: {} }
  }
  async refundPayment() {
    return { data: {} }
  }
  async cancelPayment() {
    return { data: {} }
  }
  async getWebhookActionAndData() {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default ModuleProvider(Modules.PAYMENT, { services: [AutocapturePaymentProvider] })
