/**
 * The suite's printout and docs/RELIABILITY.md: figures, checks, the machine, the date and the command.
 */
import { execSync } from "node:child_process"
import os from "node:os"
import type { Check, Figures } from "./count"
import type { RunOptions, RunResult } from "./run"

export interface ReportInput {
  command: string
  /** The commit the plugin was built from (FAULTS_SOURCE=head), else null: the checkout as it was. */
  commit: string | null
  startedAt: Date
  seconds: number
  setupTimings: Record<string, number>
  options: RunOptions
  pauseSeconds: number
  result: RunResult
  figures: Figures
  checks: Check[]
}

function git(args: string): string {
  try {
    return execSync(`git ${args}`, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  } catch {
    return "unknown"
  }
}

export function machine() {
  const cpus = os.cpus()
  return {
    nproc: cpus.length,
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    load: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(" "),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  }
}

export function checksTable(checks: Check[]): string {
  return [
    "| Check | Result | Figures |",
    "|---|---|---|",
    ...checks.map((check) => `| ${check.name} | ${check.ok ? "pass" : "**FAIL**"} | ${check.detail.replace(/\|/g, "\\|")} |`),
  ].join("\n")
}

export function reportMarkdown(input: ReportInput): string {
  const { options, result, figures, checks } = input
  const m = machine()
  const passed = checks.every((check) => check.ok)
  const commit = input.commit ? input.commit.slice(0, 7) : git("rev-parse --short HEAD")
  // The suite tests the committed plugin unless told to test the checkout (FAULTS_SOURCE=worktree).
  const dirty = !input.commit && git("status --porcelain --untracked-files=no -- src") !== ""
  const faults = Object.entries(result.simulator.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ${count}`)
    .join(", ")
  const drains = result.drains
    .map(
      (drain, i) =>
        `${i === 0 ? "after the refunds" : "after the voids"}: ${drain.settled ? "settled" : "**not settled**"} in ${drain.seconds} s (${drain.rounds} rounds, retry job run ${drain.retryJobRuns}×, ${drain.fastForwarded} retry times moved to now, ${drain.locksReleased} order locks of the killed process released, ${drain.merchantSyncs} merchant syncs, ${drain.pausedWaitSeconds} s waiting out the pause)`
    )
    .join("; ")
  return `# Reliability: the fault suite

\`${input.command}\` — **${passed ? "all checks pass" : "some checks FAIL"}** at ${figures.orders} orders
(${input.startedAt.toISOString().replace("T", " ").slice(0, 16)} UTC, ${input.seconds} s in all; ${input.commit ? `the plugin as committed at ${commit}` : `the checkout at ${commit}${dirty ? " with uncommitted changes in src/" : ""}`}).

Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB memory, ${m.platform}, Node ${m.node}; load average
at the end ${m.load} (the suite's own Medusa processes, PostgreSQL and Redis count in it).

## What ran

- One PostgreSQL database and one Redis; Medusa's Redis event bus, workflow engine and locking provider
  (the demo's production layout, \`scripts/demo/lib/store-app.ts\`). Three \`medusa start\` processes: a
  server (HTTP only), a shared one (HTTP, subscribers, jobs) and a worker (subscribers, jobs). Medusa's
  worker does not serve the API, so the admin's clicks "on two processes at once" go to the server and the
  shared process; events are taken by the shared process and the worker.
- The ECPay simulator: ${options.latencyMs} ms latency on every call; ${Math.round(options.dropRate * 100)} % of Issue, Allowance
  and Invalid answers dropped after ECPay applied them; ${Math.round(options.http500Rate * 100)} % HTTP 500 (nothing applied);
  HTTP 403 to every call for ${options.window403Ms / 1000} s halfway through the orders (plugin option
  \`rateLimitPauseMinutes\` = ${input.pauseSeconds} s). Faults injected: ${faults || "none"}; ${result.simulator.requests} calls in all.
- ${figures.orders} orders (+ ${figures.voidOrders} orders voided at the end) through the store API, alternately on the
  two HTTP processes, captured by the admin (automatic issuing on capture); \`payment.captured\` delivered
  a second time through the event bus for every order (${result.duplicateEvents.captured}×); the admin's "Issue" on both
  processes at once for one order in ${options.clickEvery} (${result.issueClicks} clicks).
- One order in ${options.refundEvery}: two partial refunds at once, one on each HTTP process (${result.refundCalls.ok} accepted,
  ${result.refundCalls.refused} refused by Medusa, ${result.refundCalls.failed} failed), \`payment.refunded\` delivered a
  second time (${result.duplicateEvents.refunded}×); a paper allowance per refund (store setting).
- ${result.kill ? `The ${result.kill.process} process killed with SIGKILL after ${result.kill.atRefund} refunded orders, started again (${result.kill.restartSeconds} s).` : "No process was killed."}
- The drain: ${drains}. It moves the retry time of pending invoices to now (the back-off is minutes
  long; the suite does not wait for it) and runs the plugin's retry job, asks for a sync of an order whose
  allowance is still pending, and waits out a store-wide ECPay pause.

## Result

${checksTable(checks)}

| Figure | ECPay (simulator) | Medusa |
|---|---|---|
| Orders with exactly one valid invoice | ${figures.ecpay.exactlyOneValid} of ${figures.orders} | ${figures.medusa.exactlyOneIssued} of ${figures.orders} |
| Orders with more than one valid invoice | ${figures.ecpay.duplicates} | — |
| Orders without a valid invoice | ${figures.ecpay.missing} | ${figures.orders - figures.medusa.exactlyOneIssued} |
| Voided orders, voided once | ${figures.ecpay.voidOrdersVoidedOnce} of ${figures.voidOrders} | ${figures.medusa.voidOrdersVoided} of ${figures.voidOrders} |
| Allowances (TWD) | ${figures.ecpay.allowanceAmount} in ${figures.ecpay.liveAllowances} | ${figures.medusa.allowedAmount} |
| Refunded (TWD, Medusa) | | ${figures.medusa.refundedAmount} on ${figures.medusa.refundedOrders} orders |
| Invoice rows by status | ${figures.ecpay.invoices} invoices | ${JSON.stringify(figures.medusa.invoiceStatuses)} |
| Allowance rows by status | | ${JSON.stringify(figures.medusa.allowanceStatuses)} |

HTTP answers seen by the suite: ${JSON.stringify(result.http.summary())}.

Phases (s): ${Object.entries(result.phases)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ")}; setup (s): ${Object.entries(input.setupTimings)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ")}.
${
  figures.refundMismatches.length || figures.pending.length || figures.plugin5xx.length || result.placeFailures.length
    ? `
## What failed

${[
  ...result.placeFailures.slice(0, 10).map((line) => `- ${line}`),
  ...figures.refundMismatches.slice(0, 20).map((line) => `- ${line}`),
  ...figures.pending.slice(0, 20).map((line) => `- ${line}`),
  ...figures.plugin5xx
    .slice(0, 10)
    .map((entry) => `- ${entry.status} ${entry.method} ${entry.path} on ${entry.process}: ${entry.body.slice(0, 200)}`),
].join("\n")}
`
    : ""
}`
}
