import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { RoundingRisks } from "../types"

/** How many promotions are looked at (a store has a handful active; this bounds a large one). */
const PROMOTIONS_LOOKED_AT = 500

/**
 * What in the store can make a TWD order total with cents, which its invoice (whole dollars) then rounds:
 * the active percentage promotions (15 % off NT$2,375 is NT$2,018.75). Said on the settings page, before
 * it happens; each rounded invoice also says so on its order.
 */
export async function roundingRisks(container: MedusaContainer): Promise<RoundingRisks> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "promotion",
    fields: ["code", "status", "application_method.type"],
    filters: { status: "active" },
    pagination: { take: PROMOTIONS_LOOKED_AT },
  })
  const codes = (data as Array<{ code?: string | null; application_method?: { type?: string } | null }>)
    .filter((promotion) => promotion.application_method?.type === "percentage" && promotion.code)
    .map((promotion) => promotion.code!)
    .sort()
  return { percentage_promotions: codes }
}
