/**
 * Jest global teardown of `npm run test:browser`: stops what ./global-setup.ts started and a spec did
 * not stop itself (each admin spec stops its store, checkout.spec.ts stops the demo with SIGINT), and
 * prints how long the whole run took.
 */
import { stopSuite } from "./global-setup"

export default async function globalTeardown() {
  const suite = globalThis.__ECPAY_BROWSER_SUITE__
  if (!suite) {
    return
  }
  await stopSuite(suite)
  const total = (Date.now() - suite.startedAt) / 1000
  const lines = Object.entries({ ...suite.timings, "whole run": total }).map(
    ([name, seconds]) => `  ${name.padEnd(28)} ${seconds.toFixed(1)} s`
  )
  process.stdout.write(`\nbrowser suite (global setup and teardown):\n${lines.join("\n")}\n`)
}
