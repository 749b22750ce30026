import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminEinvoiceSettingsResponse } from "../../../types"
import { EINVOICE_MODULE } from "../../../../modules/einvoice"
import type EinvoiceModuleService from "../../../../modules/einvoice/service"
import { updateEinvoiceSettingsWorkflow } from "../../../../workflows/update-einvoice-settings"
import type { PostAdminEinvoiceSettingsType } from "./validators"
import { roundingRisks } from "../../../utils/rounding-risks"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminEinvoiceSettingsResponse>) {
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  res.json({
    settings: await service.retrieveSettings(),
    ecpay_paused_until: await pausedUntilIso(service),
    deployment: service.deploymentCheck(),
    rounding_risks: await roundingRisks(req.scope),
  })
}

export async function POST(
  req: AuthenticatedMedusaRequest<PostAdminEinvoiceSettingsType>,
  res: MedusaResponse<AdminEinvoiceSettingsResponse>
) {
  const { result } = await updateEinvoiceSettingsWorkflow(req.scope).run({
    input: { update: req.validatedBody, actor: { type: "user", id: req.auth_context.actor_id } },
  })
  const service: EinvoiceModuleService = req.scope.resolve(EINVOICE_MODULE)
  res.json({
    settings: result,
    ecpay_paused_until: await pausedUntilIso(service),
    deployment: service.deploymentCheck(),
    rounding_risks: await roundingRisks(req.scope),
  })
}

/** The end of the store-wide ECPay pause (after a 403), while it is on. */
async function pausedUntilIso(service: EinvoiceModuleService): Promise<string | null> {
  return (await service.ecpayPausedUntil())?.toISOString() ?? null
}
