/**
 * Jest global setup of `npm run test:browser` (./jest.config.js, with ./global-teardown.ts and
 * ./sequencer.js): what several spec files need is made once, what takes long runs side by side, and
 * the servers are started before the first spec.
 *
 *   1. `medusa plugin:build`, once (not with BROWSER_SKIP_PLUGIN_BUILD=1);
 *   2. at the same time:
 *      - the checkout demo's store build (./checkout-demo.ts `buildDemoStore`: the demo's own steps on
 *        its folder, so `npm run demo` reuses it), the one Vite build of the suite;
 *      - the admin specs' store app (./app.ts): its template database, and `medusa build` of its
 *        backend alone (at a lower CPU share), the admin bundle then copied from the demo's build
 *        (both build the same dashboard with the same plugin admin; BROWSER_SHARE_ADMIN_BUILD=0 builds
 *        it again instead);
 *   3. one store per admin spec file, each on its own copy of the template and its own port, started
 *      in the order the specs run (all but the first at a lower CPU share until their spec begins)
 *      and not waited for (each spec waits for its own);
 *   4. `npm run demo` for checkout.spec.ts (which runs last), on a database copied from the template
 *      (its migrations have nothing to do), at a lower CPU share: it seeds while the admin specs run.
 *
 * The specs find them through ECPAY_BROWSER_STORES (./admin-suite.ts) and ECPAY_BROWSER_CHECKOUT_DEMO
 * (checkout.spec.ts); a spec that finds nothing (run without this setup) starts its own. Only what the
 * selected spec files need is started (jest's path pattern picks them). In develop mode
 * (BROWSER_APP_MODE=develop) the specs start their own `medusa develop` and the demo builds its own.
 */
import { readdirSync } from "node:fs"
import { mkdir, writeFile } from "node:fs/promises"
import path from "node:path"
import { stopAllStarted } from "../../scripts/demo/lib/processes"
import { buildPlugin } from "../../scripts/demo/lib/store-app"
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  LOG_DIR,
  copyTemplate,
  launchStore,
  prepareBrowserApp,
  stopGroup,
  stopLaunchedStore,
  timedSteps,
  type LaunchedStore,
  type PreparedApp,
} from "./app"
import { keepLowPriority } from "./priority"
import { DB_NAME, DEMO_DIR, buildDemoStore, spawnSharedCheckoutDemo, type CheckoutDemo, type SpawnOptions } from "./checkout-demo"
import { CHECKOUT_KEY, compareSpecs, specKey } from "./sequencer"

/** What global-teardown.ts stops. */
export interface SuiteProcesses {
  stores: LaunchedStore[]
  demo: CheckoutDemo | null
  startedAt: number
  timings: Record<string, number>
}

declare global {
  var __ECPAY_BROWSER_SUITE__: SuiteProcesses | undefined
}

export default async function globalSetup(globalConfig: { testPathPattern?: string }) {
  const log = (line: string) => process.stdout.write(`[browser-suite] ${line}\n`)
  const suite: SuiteProcesses = { stores: [], demo: null, startedAt: Date.now(), timings: {} }
  globalThis.__ECPAY_BROWSER_SUITE__ = suite
  stopOnSignals(suite)
  const timed = timedSteps(suite.timings, log)

  const pattern = new RegExp(globalConfig.testPathPattern || "", "i")
  const specs = readdirSync(__dirname)
    .filter((file) => /\.spec\.[jt]s$/.test(file) && pattern.test(path.join(__dirname, file)))
    .sort(compareSpecs)
    .map(specKey)
  process.stdout.write("\n")

  try {
    await startAll(suite, specs, timed, log)
  } catch (error) {
    // Builds and migrations still running, the stores, the demo.
    await stopAllStarted()
    await stopSuite(suite)
    throw error
  }
  suite.timings["global setup"] = (Date.now() - suite.startedAt) / 1000
  log(`global setup: ${suite.timings["global setup"].toFixed(1)} s (specs: ${specs.join(", ")})`)
}

async function startAll(suite: SuiteProcesses, specs: string[], timed: ReturnType<typeof timedSteps>, log: (line: string) => void) {
  const adminSpecs = specs.filter((key) => key !== CHECKOUT_KEY)
  const mode = process.env.BROWSER_APP_MODE === "develop" ? "develop" : "production"
  if (process.env.BROWSER_SKIP_PLUGIN_BUILD !== "1") {
    await mkdir(LOG_DIR, { recursive: true })
    const logFile = path.join(LOG_DIR, "plugin-build.log")
    await writeFile(logFile, "")
    await timed("plugin build", () => buildPlugin(logFile))
    // Built: a spec that starts its own store (develop mode) uses this build.
    process.env.BROWSER_SKIP_PLUGIN_BUILD = "1"
  }

  // With the checkout spec, one Vite build serves both stores: the demo's (made ahead with the demo's
  // own steps, and reused by `npm run demo`) gives the admin specs' stores their admin bundle.
  const demoBuilt =
    specs.includes(CHECKOUT_KEY) && mode === "production" && process.env.BROWSER_SHARE_ADMIN_BUILD !== "0"
      ? timed("demo store build", () => buildDemoStore(log))
      : null
  demoBuilt?.catch(() => undefined) // awaited below; not an unhandled rejection meanwhile

  let prepared: PreparedApp | undefined
  if (adminSpecs.length) {
    const app = await prepareBrowserApp({ mode, skipPluginBuild: true, log, adminBundle: demoBuilt ?? undefined })
    prepared = app
    Object.assign(suite.timings, app.timings)
    // In develop mode each spec starts its own `medusa develop` (three Vite dev servers optimizing
    // dependencies side by side would only slow each other down); the app and template are made here.
    if (mode === "production") {
      const stores: Record<string, LaunchedStore> = {}
      await timed("stores launched", async () => {
        for (const [index, key] of adminSpecs.entries()) {
          // The first spec's store boots at full speed, the others with what is left.
          const store = await launchStore(app, key, { lowPriority: index > 0 })
          suite.stores.push(store)
          stores[key] = store
        }
      })
      process.env.ECPAY_BROWSER_STORES = JSON.stringify(stores)
    }
  }

  // Started once its store build is there (it reuses it); it gets ready while the admin specs run.
  if (specs.includes(CHECKOUT_KEY)) {
    await demoBuilt
    // A database the demo finds migrated: a fresh copy of the admin specs' template, which also holds
    // their admin user. Told so, the demo runs neither `medusa db:migrate` nor `medusa user` (two CLI
    // boots, half a minute of CPU) and logs in as that user; it seeds its catalog and orders afresh.
    // Not with CHECKOUT_TEST_FRESH=1, a cold start on an empty database.
    let fromTemplate: SpawnOptions["fromTemplate"]
    if (prepared && process.env.CHECKOUT_TEST_FRESH !== "1") {
      await copyTemplate(prepared, DB_NAME)
      log(`${DB_NAME}: copied from the template database`)
      fromTemplate = { admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, migratedStamp: prepared.templateStamp }
    }
    // Its start has time until the admin specs are done: a lower CPU share for it and what it runs.
    const { demo, shared } = await spawnSharedCheckoutDemo({ pluginBuild: "never", lowPriority: true, fromTemplate })
    suite.demo = demo
    const lowPriority = keepLowPriority(DEMO_DIR)
    demo.exited.then(() => lowPriority.stop())
    process.env.ECPAY_BROWSER_CHECKOUT_DEMO = shared
    log(`npm run demo for checkout.spec.ts started (pid ${demo.pid}, log .cache/browser-logs/demo-checkout.log)`)
  }
}

/**
 * Stops the stores (SIGTERM, SIGKILL after `graceMs`; their databases dropped) and the demo (SIGINT, as
 * Ctrl-C; SIGKILL after 60 s), whatever state they are in.
 */
export async function stopSuite(suite: SuiteProcesses, graceMs = 15_000) {
  await Promise.all([
    ...suite.stores.map((store) => stopLaunchedStore(store, graceMs)),
    (async () => {
      if (suite.demo?.running()) {
        await stopGroup(suite.demo.pid, 60_000, "SIGINT", /scripts\/demo\/index\.ts/)
      }
    })(),
  ])
}

/**
 * Ctrl-C (or SIGTERM) on jest: the stores and the demo run in process groups of their own, so they are
 * stopped here (a store serving a page may wait on its connections: 5 s, then SIGKILL); a second one
 * exits at once.
 */
function stopOnSignals(suite: SuiteProcesses) {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143
    if (stopping) {
      process.exit(code)
    }
    stopping = true
    process.stdout.write(`\n[browser-suite] ${signal}: stopping the stores and the demo …\n`)
    stopSuite(suite, 5_000).finally(() => process.exit(code))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}
