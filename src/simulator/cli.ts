/**
 * Runs the simulator standalone:
 *   node -r ts-node/register/transpile-only src/simulator/cli.ts [--state-file <path>]
 * Environment: PORT (default 7878), HOST (default 127.0.0.1), SIMULATOR_LOG_REQUESTS=0 to silence
 * per-request lines, SIMULATOR_PUBLIC_URL for links handed out when behind a proxy.
 * --state-file <path> (or SIMULATOR_STATE_FILE): keep the documents in that JSON file across restarts.
 */
import path from "node:path"
import { startSimulator } from "./index"

/** `--state-file <path>` or `--state-file=<path>`; SIMULATOR_STATE_FILE otherwise. */
function stateFileArgument(argv: string[]): string | undefined {
  let stateFile = process.env.SIMULATOR_STATE_FILE || undefined
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]
    if (arg === "--state-file" || arg.startsWith("--state-file=")) {
      stateFile = arg === "--state-file" ? argv[++index] : arg.slice("--state-file=".length)
      if (!stateFile || stateFile.startsWith("--")) throw new Error("--state-file needs a path")
    } else {
      throw new Error(`unknown argument ${arg} (the only option is --state-file <path>)`)
    }
  }
  return stateFile ? path.resolve(stateFile) : undefined
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 7878)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got ${process.env.PORT}`)
  const stateFile = stateFileArgument(process.argv.slice(2))
  const simulator = await startSimulator({
    port,
    host: process.env.HOST ?? "127.0.0.1",
    logRequests: process.env.SIMULATOR_LOG_REQUESTS !== "0",
    publicUrl: process.env.SIMULATOR_PUBLIC_URL || undefined,
    stateFile,
  })
  console.log(`ECPay simulator listening on ${simulator.url}`)
  if (stateFile) {
    const load = simulator.stateLoad
    const kept = load?.kind === "loaded" ? `${load.invoices} invoices and ${load.allowances} allowances loaded` : "starting empty"
    console.log(`  state file: ${stateFile} (${kept})`)
  }
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
