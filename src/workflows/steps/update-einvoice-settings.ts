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
    return new StepResponse(await service.updateSettings(update, actor))
  }
)
