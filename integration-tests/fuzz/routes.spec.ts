import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { RunningSimulator } from "../../src/simulator"
import { migratedDatabase } from "../helpers/migrated-database"
import { configureEinvoice, startTestSimulator } from "../helpers/einvoice"
import { createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"
import { describeRouteFuzz } from "../http/fuzz.cases"

/** Random cases per route; thousands in all over the plugin's routes (the HTTP suite runs a few of each). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300)

// One route's cases, with fast-check's shrinking of a failure, may take minutes on a loaded machine.
jest.setTimeout(Math.max(600_000, RUNS * 2_000))

const database = migratedDatabase("fuzz")

/** npm run test:fuzz: the route fuzz of integration-tests/http/fuzz.cases.ts with the large budget, one test per route. */
medusaIntegrationTestRunner({
  dbName: database.dbName,
  hooks: database.hooks,
  testSuite: ({ api, getContainer }) => {
    let simulator: RunningSimulator
    let fixture: StoreFixture
    let orderId: string
    let completedCartId: string

    // Runs before the runner snapshots the database: every test starts from this store.
    beforeAll(async () => {
      await database.keep()
      simulator = await startTestSimulator()
      fixture = await createStoreFixture(getContainer(), api)
      await configureEinvoice(getContainer(), simulator, { issue_mode: "manual" })
      const handled = TestEventUtils.waitSubscribersExecution("order.placed", getContainer().resolve(Modules.EVENT_BUS))
      const placed = await placeOrder(api, fixture, { items: [{ variantId: fixture.variants.mugId, quantity: 1 }] })
      await handled
      orderId = placed.orderId
      completedCartId = placed.cartId
    })
    afterAll(async () => {
      await simulator.close()
    })
    beforeEach(() => {
      simulator.reset()
    })

    describeRouteFuzz(() => ({ api, fixture, simulator, orderId, completedCartId }), { runs: RUNS, testPerRoute: true })
  },
})
