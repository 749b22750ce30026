import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { EINVOICE_MODULE } from "../../modules/einvoice"
import type EinvoiceModuleService from "../../modules/einvoice/service"
import type { Actor, SettingsUpdate } from "../../modules/einvoice/service"

export interface UpdateEinvoiceSettingsStepInput {
  update: SettingsUpdate
  actor: Actor
}

/** Applies a settings change after checking it against the settings it lands on. */
export const updateEinvoiceSettingsStep = createStep(
  "ecpay-einvoice-update-settings",
  async ({ update, actor }: UpdateEinvoiceSettingsStepInput, { container }) => {
    const service: EinvoiceModuleService = container.resolve(EINVOICE_MODULE)
    const current = await service.retrieveSettings()
    const next = { ...current, ...update }
    if (next.tax_type === "2" && !next.clearance_mark) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "clearance_mark: zero-rated stores must set the customs clearance mark")
    }
    if (next.default_love_code && !next.charities.some((c) => c.code === next.default_love_code)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "default_love_code: the default love code must be one of the charities")
    }
    if (next.environment === "simulator" && !next.base_url) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "base_url: the simulator environment needs the simulator's URL")
    }
    // Stage and production talk to ECPay's own hosts over https: an address typed in the admin could send
    // the store's credentials and invoices anywhere. Whoever deploys the store can still set one (a proxy)
    // with the plugin's `baseUrl` option, which the admin cannot change.
    if (next.environment !== "simulator" && next.base_url && !current.configured_by_options.includes("base_url")) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `base_url: only the simulator environment takes a base URL here; ${next.environment} uses ECPay's own https address (leave it empty)`
      )
    }
    return new StepResponse(await service.updateSettings(update, actor))
  }
)
