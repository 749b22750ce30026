/**
 * Loaded into the bench's `medusa start` only (NODE_OPTIONS=--require …, set by scripts/bench): on
 * SIGUSR2 the process runs a full garbage collection and writes process.memoryUsage() to
 * $BENCH_GC_REPORT, so that the bench reads the memory the server keeps rather than the garbage it
 * has not collected yet. Nothing else changes in the server.
 */
"use strict"
const fs = require("node:fs")
const v8 = require("node:v8")
const vm = require("node:vm")

const reportFile = process.env.BENCH_GC_REPORT
if (reportFile) {
  v8.setFlagsFromString("--expose-gc")
  const gc = vm.runInNewContext("gc")
  let seq = 0
  process.on("SIGUSR2", () => {
    gc()
    gc()
    seq += 1
    try {
      fs.writeFileSync(reportFile, JSON.stringify({ seq, pid: process.pid, ...process.memoryUsage() }))
    } catch {
      // the bench reads nothing and reports the RSS without a collection
    }
  })
}
