/**
 * The control API under /__control/: JSON in, JSON out. Everything the in-process handle offers is
 * reachable here, so tests running in another process (and the demo) can drive the simulator.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { RTN_CODE_TABLE, TRANS_CODE_TABLE } from "./codes"
import { ControlError } from "./errors"
import { FaultError } from "./faults"
import { readBody, sendJson } from "./http-utils"
import type { EcpaySimulator } from "./server"
import type { RegistryAdditions } from "./state"

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req)
  if (text.trim() === "") return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ControlError(400, "body is not JSON")
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ControlError(400, "body must be a JSON object")
  return parsed as Record<string, unknown>
}

function parseClockBody(body: Record<string, unknown>): { now: Date | null } | { advanceMs: number } {
  if ("advanceMs" in body) {
    if (typeof body.advanceMs !== "number" || !Number.isFinite(body.advanceMs)) throw new ControlError(400, "advanceMs must be a number")
    return { advanceMs: body.advanceMs }
  }
  if ("now" in body) {
    if (body.now === null) return { now: null }
    const date = typeof body.now === "string" ? new Date(body.now) : null
    if (!date || Number.isNaN(date.getTime())) throw new ControlError(400, "now must be an ISO date string or null")
    return { now: date }
  }
  throw new ControlError(400, "send { now: ISO string | null } or { advanceMs: number }")
}

function stringList(value: unknown, label: string): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new ControlError(400, `${label} must be an array of strings`)
  return value as string[]
}

function pairList<K extends string>(value: unknown, keys: [K, "name"], label: string): Record<K | "name", string>[] | undefined {
  if (value === undefined) return undefined
  const valid =
    Array.isArray(value) &&
    value.every(
      (entry) => typeof entry === "object" && entry !== null && keys.every((k) => typeof (entry as Record<string, unknown>)[k] === "string")
    )
  if (!valid) throw new ControlError(400, `${label} must be an array of { ${keys.join(", ")} } strings`)
  return value as Record<K | "name", string>[]
}

function parseRegistryBody(body: Record<string, unknown>): RegistryAdditions {
  return {
    barcodes: stringList(body.barcodes, "barcodes"),
    unknownBarcodes: stringList(body.unknownBarcodes, "unknownBarcodes"),
    loveCodes: pairList(body.loveCodes, ["code", "name"], "loveCodes"),
    companies: pairList(body.companies, ["taxId", "name"], "companies"),
  }
}

function parseAwardBody(body: Record<string, unknown>): { awardType?: number; merchantId?: string } {
  const { awardType, merchantId } = body
  if (awardType !== undefined && (typeof awardType !== "number" || !Number.isInteger(awardType) || awardType < 1 || awardType > 12)) {
    throw new ControlError(400, `awardType must be an integer prize tier 1–12, got ${JSON.stringify(awardType)}`)
  }
  if (merchantId !== undefined && (typeof merchantId !== "string" || merchantId === "")) {
    throw new ControlError(400, "merchantId must be a non-empty string")
  }
  return { awardType: awardType as number | undefined, merchantId: merchantId as string | undefined }
}

const ALLOWANCE_ROUTE = /^\/__control\/allowances\/([^/]+)\/(agree|disagree)$/
const AWARD_ROUTE = /^\/__control\/invoices\/([^/]+)\/award$/

export async function handleControl(sim: EcpaySimulator, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const route = `${req.method} ${pathname.replace(/\/$/, "")}`
  try {
    switch (route) {
      case "GET /__control/health":
        return sendJson(res, 200, { ok: true, now: sim.now().toISOString(), clockFrozen: sim.clock.isFrozen() })
      case "GET /__control/state":
        return sendJson(res, 200, sim.snapshot())
      case "GET /__control/requests":
        return sendJson(res, 200, { requests: sim.requests })
      case "DELETE /__control/requests":
        sim.requests.length = 0
        return sendJson(res, 200, { requests: [] })
      case "GET /__control/faults":
        return sendJson(res, 200, { faults: sim.faults.list() })
      case "POST /__control/faults":
        sim.setFault((await readJson(req)) as never)
        return sendJson(res, 201, { faults: sim.faults.list() })
      case "DELETE /__control/faults":
        sim.faults.clear()
        return sendJson(res, 200, { faults: [] })
      case "POST /__control/clock": {
        const change = parseClockBody(await readJson(req))
        if ("advanceMs" in change) sim.advanceClock(change.advanceMs)
        else sim.setClock(change.now)
        return sendJson(res, 200, { now: sim.now().toISOString(), clockFrozen: sim.clock.isFrozen() })
      }
      case "POST /__control/reset":
        sim.reset()
        return sendJson(res, 200, { ok: true })
      case "POST /__control/registry":
        sim.addToRegistry(parseRegistryBody(await readJson(req)))
        return sendJson(res, 200, { registry: sim.snapshot().registry })
      case "GET /__control/codes":
        return sendJson(res, 200, { transCodes: TRANS_CODE_TABLE, rtnCodes: RTN_CODE_TABLE })
    }
    const allowanceMatch = req.method === "POST" ? ALLOWANCE_ROUTE.exec(pathname) : null
    if (allowanceMatch) {
      const result = await sim.answerAllowance(decodeURIComponent(allowanceMatch[1]), allowanceMatch[2] === "agree")
      return sendJson(res, 200, result)
    }
    const awardMatch = req.method === "POST" ? AWARD_ROUTE.exec(pathname.replace(/\/$/, "")) : null
    if (awardMatch) {
      const { awardType, merchantId } = parseAwardBody(await readJson(req))
      return sendJson(res, 200, sim.awardInvoice(decodeURIComponent(awardMatch[1]), awardType, merchantId))
    }
    sendJson(res, 404, { error: `no control route ${route}` })
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { error: error.message })
    if (error instanceof FaultError) return sendJson(res, 400, { error: error.message })
    throw error
  }
}
