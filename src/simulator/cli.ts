/**
 * Runs the simulator standalone:
 *   node -r ts-node/register/transpile-only src/simulator/cli.ts
 * Environment: PORT (default 7878), HOST (default 127.0.0.1), SIMULATOR_LOG_REQUESTS=0 to silence
 * per-request lines, SIMULATOR_PUBLIC_URL for links handed out when behind a proxy.
 */
import { startSimulator } from "./index"

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 7878)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got ${process.env.PORT}`)
  const simulator = await startSimulator({
    port,
    host: process.env.HOST ?? "127.0.0.1",
    logRequests: process.env.SIMULATOR_LOG_REQUESTS !== "0",
    publicUrl: process.env.SIMULATOR_PUBLIC_URL || undefined,
  })
  console.log(`ECPay simulator listening on ${simulator.url}`)
  console.log(`  protocol: POST ${simulator.url}/B2CInvoice/{Operation}   control: ${simulator.url}/__control/state`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal} received, stopping the ECPay simulator`)
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
