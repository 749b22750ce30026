import { checkDeployment, inMemoryLockingWarning } from "../deployment-check"

const locking = (...providers: Array<Record<string, unknown>>) => ({ resolve: "@medusajs/medusa/locking", options: { providers } })
const REDIS = { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", options: { redisUrl: "redis://127.0.0.1:6379" } }
const POSTGRES = { resolve: "@medusajs/medusa/locking-postgres", id: "locking-postgres" }

describe("checkDeployment: a split store with the in-memory lock", () => {
  it.each([
    ["server", undefined, "in-memory", true],
    ["worker", { resolve: "@medusajs/medusa/locking" }, "in-memory", true],
    ["shared", undefined, "in-memory", false],
    ["server", locking(REDIS), "redis", false],
    ["worker", locking({ ...POSTGRES, is_default: true }), "postgres", false],
    // Two providers and none marked default: the locking module keeps its in-memory default.
    ["worker", locking(REDIS, POSTGRES), "in-memory", true],
    ["worker", locking(REDIS, { ...POSTGRES, is_default: true }), "postgres", false],
    ["server", locking({ resolve: "./src/providers/my-lock", id: "my-lock" }), "my-lock", false],
  ])("workerMode %s, locking %j: provider %s, warning %s", (mode, lockingModule, provider, warned) => {
    const check = checkDeployment({ projectConfig: { workerMode: mode }, modules: lockingModule ? { locking: lockingModule } : {} })
    expect(check).toEqual({ worker_mode: mode, locking_provider: provider, in_memory_locking_split: warned })
    expect(inMemoryLockingWarning(check) !== null).toBe(warned)
  })

  it("falls back to MEDUSA_WORKER_MODE, then shared; reads the array form of modules", () => {
    expect(checkDeployment({ projectConfig: {} }, { MEDUSA_WORKER_MODE: "worker" })).toMatchObject({
      worker_mode: "worker",
      in_memory_locking_split: true,
    })
    expect(checkDeployment({}, { MEDUSA_WORKER_MODE: "sideways" })).toMatchObject({ worker_mode: "shared", in_memory_locking_split: false })
    expect(checkDeployment(undefined)).toEqual({ worker_mode: "shared", locking_provider: "in-memory", in_memory_locking_split: false })
    expect(
      checkDeployment({
        projectConfig: { workerMode: "server" },
        modules: [{ resolve: "@medusajs/medusa/locking", options: { providers: [REDIS] } }],
      })
    ).toMatchObject({
      locking_provider: "redis",
      in_memory_locking_split: false,
    })
  })

  it("the warning names the mode, the risk and the fix", () => {
    const warning = inMemoryLockingWarning(checkDeployment({ projectConfig: { workerMode: "worker" } }))
    expect(warning).toMatch(/MEDUSA_WORKER_MODE=worker/)
    expect(warning).toMatch(/in-memory locking/)
    expect(warning).toMatch(/@medusajs\/medusa\/locking-redis/)
    expect(warning).toMatch(/Production deployment/)
  })
})
