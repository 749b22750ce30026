/**
 * Test-only admin routes of the fault suite's store app (files under src/api/admin/faults, compiled by
 * `medusa build` with the app). Both need an admin's token, like every /admin route.
 *
 *   - POST /admin/faults/emit { name, data }: emits the event through Medusa's event bus (Redis), as the
 *     bus does when it delivers an event a second time; the suite sends payment.captured and
 *     payment.refunded again this way;
 *   - POST /admin/faults/jobs { job: "retry" | "sync" }: runs the plugin's scheduled job (the same
 *     function the scheduler runs every minute / hour) once, now, in this process.
 */
export const APP_ROUTES: Record<string, string> = {
  "src/api/admin/faults/emit/route.ts": `import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"

export async function POST(req: MedusaRequest<{ name: string; data: Record<string, unknown> }>, res: MedusaResponse) {
  const eventBus = req.scope.resolve(Modules.EVENT_BUS)
  await eventBus.emit({ name: req.body.name, data: req.body.data })
  res.json({ emitted: req.body.name })
}
`,
  "src/api/admin/faults/jobs/route.ts": `import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"

const JOBS: Record<string, string> = {
  retry: "medusa-plugin-ecpay-einvoice/jobs/retry-einvoices",
  sync: "medusa-plugin-ecpay-einvoice/jobs/sync-einvoices",
}

export async function POST(req: MedusaRequest<{ job: string }>, res: MedusaResponse) {
  const file = JOBS[req.body.job]
  if (!file) {
    res.status(400).json({ message: "job must be retry or sync" })
    return
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const job = require(file).default as (container: unknown) => Promise<unknown>
  const result = await job(req.scope)
  res.json({ job: req.body.job, result: result ?? null })
}
`,
}
