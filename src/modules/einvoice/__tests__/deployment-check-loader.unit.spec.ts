import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import deploymentCheckLoader from "../loaders/deployment-check"

/** The module's start-up check, with a stand-in for the module container Medusa passes to loaders. */
const load = async (configModule: unknown) => {
  const logger = { warn: jest.fn(), info: jest.fn() }
  const container = {
    resolve: (key: string) => {
      if (key === ContainerRegistrationKeys.CONFIG_MODULE) return configModule
      throw new Error(`unexpected ${key}`)
    },
  }
  await deploymentCheckLoader({ container, logger } as unknown as Parameters<typeof deploymentCheckLoader>[0])
  return logger.warn.mock.calls.map(([message]) => message as string)
}

describe("the einvoice module's start-up check", () => {
  it("warns once when the process runs split with the in-memory lock", async () => {
    const warnings = await load({ projectConfig: { workerMode: "worker" }, modules: { locking: { resolve: "@medusajs/medusa/locking" } } })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/MEDUSA_WORKER_MODE=worker with Medusa's in-memory locking provider/)
  })

  it("says nothing in shared mode, with a shared lock, or without a config", async () => {
    const redis = {
      resolve: "@medusajs/medusa/locking",
      options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", options: { redisUrl: "redis://x" } }] },
    }
    expect(await load({ projectConfig: { workerMode: "shared" }, modules: {} })).toEqual([])
    expect(await load({ projectConfig: { workerMode: "server" }, modules: { locking: redis } })).toEqual([])
    expect(await load(undefined)).toEqual([])
  })
})
