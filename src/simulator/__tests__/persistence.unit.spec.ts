import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { RtnCode } from "../codes"
import { STATE_FILE_FORMAT, STATE_FILE_VERSION, startSimulator, type RunningSimulator } from "../index"
import { MARCH_5_2025, STAGE, TestClient, allowanceData, issueData, startCallbackReceiver } from "./helpers"

describe("state file (stateFile / --state-file)", () => {
  let dir: string
  let file: string
  const running: RunningSimulator[] = []
  let logged: string[]

  /** A simulator on `file`, its clock frozen at MARCH_5_2025 (the clock is not kept in the file). */
  async function start(stateFile = file) {
    const sim = await startSimulator({ port: 0, stateFile, log: (line) => logged.push(line) })
    running.push(sim)
    sim.setClock(MARCH_5_2025)
    return { sim, client: new TestClient(sim) }
  }

  /** Closes it (which writes what is pending) and forgets it. */
  async function stop(sim: RunningSimulator) {
    await sim.close()
    running.splice(running.indexOf(sim), 1)
  }

  const readFile = () => JSON.parse(readFileSync(file, "utf8"))
  const asideFiles = () => readdirSync(dir).filter((name) => name.startsWith("state.json.corrupt-"))

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ecpay-sim-state-"))
    file = path.join(dir, "state.json")
    logged = []
  })
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  it("keeps invoices, allowances, delayed invoices, awards, notifications, print pages, registry additions and numbers across a restart", async () => {
    const receiver = await startCallbackReceiver()
    try {
      const first = await start()
      const { client } = first
      const kept = await client.issue({ RelateNumber: "KEEP-1" })
      const awarded = await client.issue({ RelateNumber: "KEEP-AWARD" })
      first.sim.awardInvoice(awarded.InvoiceNo, 5)
      const voided = await client.issue({ RelateNumber: "KEEP-VOID" })
      await client.data("Invalid", { InvoiceNo: voided.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "訂單取消" })
      const paper = await client.data("Allowance", allowanceData(kept.InvoiceNo, kept.InvoiceDate, 50))
      const online = await client.data(
        "AllowanceByCollegiate",
        allowanceData(awarded.InvoiceNo, awarded.InvoiceDate, 30, { ReturnURL: receiver.url })
      )
      await client.data(
        "DelayIssue",
        issueData({ RelateNumber: "KEEP-TRIGGER", DelayFlag: "2", DelayDay: 0, Tsr: "TSR-T", PayType: "2", PayAct: "ECPAY" })
      )
      await client.data(
        "DelayIssue",
        issueData({ RelateNumber: "KEEP-LATER", DelayFlag: "1", DelayDay: 3, Tsr: "TSR-S", PayType: "2", PayAct: "ECPAY" })
      )
      await client.data("InvoiceNotify", {
        InvoiceNo: kept.InvoiceNo,
        InvoiceTag: "I",
        Notify: "E",
        NotifyMail: "buyer@example.com",
        Notified: "C",
      })
      const print = await client.data("InvoicePrint", { InvoiceNo: kept.InvoiceNo, InvoiceDate: "2025-03-05" })
      first.sim.addToRegistry({ loveCodes: [{ code: "7654321", name: "（模擬）新增機構" }], unknownBarcodes: ["/LOST123"] })
      first.sim.setFault({ type: "http_500", times: -1, operation: "GetIssueList" })
      const before = first.sim.snapshot()
      await stop(first.sim)

      // The file: this format and version, no keys, no faults, no request log.
      const saved = readFile()
      expect(saved).toMatchObject({ format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION })
      expect(saved.invoices).toHaveLength(3)
      expect(saved.invoices[0].invoiceDate).toEqual({ $date: "2025-03-05T02:00:00.000Z" })
      const text = readFileSync(file, "utf8")
      expect(text).not.toContain(STAGE.hashKey)
      expect(text).not.toContain(STAGE.hashIV)
      expect(saved).not.toHaveProperty("faults")
      expect(saved).not.toHaveProperty("requests")
      expect(readdirSync(dir)).toEqual(["state.json"]) // no temporary file left

      const second = await start()
      expect(second.sim.stateLoad).toEqual({ kind: "loaded", invoices: 3, allowances: 2 })
      const after = second.sim.snapshot()
      expect(after.invoices).toEqual(before.invoices)
      expect(after.allowances).toEqual(before.allowances)
      expect(after.delayedInvoices).toEqual(before.delayedInvoices)
      expect(after.notifications).toEqual(before.notifications)
      expect(after.registry).toEqual(before.registry)
      expect(after.faults).toEqual([])
      expect(second.sim.requests).toEqual([])
      expect(logged).toEqual([])

      // Dates are Dates again.
      const awardedRecord = second.sim.state.findInvoice(STAGE.merchantId, awarded.InvoiceNo)!
      expect(awardedRecord.invoiceDate).toBeInstanceOf(Date)
      expect(awardedRecord.award).toEqual({ type: 5, at: MARCH_5_2025 })
      expect(second.sim.state.findInvoice(STAGE.merchantId, voided.InvoiceNo)!.voided!.at).toBeInstanceOf(Date)

      // …and the documents behave as before the restart.
      const c = second.client
      expect(await c.data("GetIssue", { RelateNumber: "KEEP-AWARD" })).toMatchObject({ IIS_Award_Flag: "1", IIS_Award_Type: 5 })
      expect((await c.data("Invalid", { InvoiceNo: kept.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "x" })).RtnCode).toBe(
        RtnCode.VOID_HAS_ALLOWANCES
      )
      expect((await c.data("AllowanceInvalid", { InvoiceNo: kept.InvoiceNo, AllowanceNo: paper.IA_Allow_No, Reason: "x" })).RtnCode).toBe(1)
      expect((await c.data("Invalid", { InvoiceNo: kept.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "x" })).RtnCode).toBe(1)
      expect((await c.data("Invalid", { InvoiceNo: voided.InvoiceNo, InvoiceDate: "2025-03-05", Reason: "x" })).RtnCode).toBe(
        RtnCode.INVOICE_ALREADY_VOIDED
      )
      expect((await c.data("Issue", issueData({ RelateNumber: "keep-1" }))).RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
      expect((await c.data("Issue", issueData({ RelateNumber: "KEEP-LATER" }))).RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
      expect((await c.data("TriggerIssue", { Tsr: "TSR-T", PayType: "2" })).RtnCode).toBe(RtnCode.TRIGGER_ISSUED)
      expect((await second.sim.agreeAllowance(online.IA_Allow_No)).acknowledged).toBe(true)
      expect((await fetch(print.InvoiceHtml.replace(/^http:\/\/[^/]+/, second.sim.url))).status).toBe(200)
      expect((await c.data("CheckLoveCode", { LoveCode: "7654321" })).IsExist).toBe("Y")
      expect((await c.data("CheckBarcode", { BarCode: "/LOST123" })).IsExist).toBe("N")
      // Numbers continue where they were: the next invoice of the track follows the last one.
      const next = await c.issue()
      const numbers = second.sim.state.invoices.map((invoice) => invoice.invoiceNo)
      expect(new Set(numbers).size).toBe(numbers.length)
      expect(Number(next.InvoiceNo.slice(2))).toBe(Number(kept.InvoiceNo.slice(2)) + 4)
      // The scheduled one is issued when due, by the restarted simulator.
      second.sim.advanceClock(3 * 24 * 60 * 60 * 1000)
      expect(second.sim.snapshot().delayedInvoices.find((d) => d.tsr === "TSR-S")?.status).toBe("issued")
      await stop(second.sim)

      const third = await start()
      expect(third.sim.snapshot().invoices.map((invoice) => [invoice.relateNumber, invoice.voided !== null])).toEqual([
        ["KEEP-1", true],
        ["KEEP-AWARD", false],
        ["KEEP-VOID", true],
        ["KEEP-TRIGGER", false],
        [expect.any(String), false],
        ["KEEP-LATER", false],
      ])
    } finally {
      await receiver.close()
    }
  })

  it("writes after each change, not before it is needed, and a reset too (numbers go on)", async () => {
    const { sim, client } = await start()
    await client.control("GET", "state")
    await client.data("GetIssueList", { BeginDate: "2025-03-01", EndDate: "2025-03-31", NumPerPage: 10, ShowingPage: 1 })
    await sim.flushState()
    expect(existsSync(file)).toBe(false) // nothing changed, nothing written

    const issued = await client.issue()
    await sim.flushState()
    expect(readFile().invoices.map((invoice: { invoiceNo: string }) => invoice.invoiceNo)).toEqual([issued.InvoiceNo])

    // A burst: every change is in the file once the writes are done.
    const burst = await Promise.all(Array.from({ length: 15 }, () => client.issue()))
    await sim.flushState()
    expect(readFile().invoices).toHaveLength(16)
    expect(readFile().invoices.map((invoice: { invoiceNo: string }) => invoice.invoiceNo)).toEqual(
      expect.arrayContaining(burst.map((reply) => reply.InvoiceNo))
    )

    // A control call that changes the state.
    await client.control("POST", `invoices/${issued.InvoiceNo}/award`, { awardType: 7 })
    await sim.flushState()
    expect(readFile().invoices[0].award).toEqual({ type: 7, at: { $date: MARCH_5_2025.toISOString() } })

    await client.control("POST", "reset")
    sim.setClock(MARCH_5_2025)
    await sim.flushState()
    expect(readFile()).toMatchObject({ invoices: [], allowances: [], delayed: [], registryAdditions: [] })
    await stop(sim)

    const again = await start()
    const after = await again.client.issue()
    expect(Number(after.InvoiceNo.slice(2))).toBe(Number(issued.InvoiceNo.slice(2)) + 16)
  })

  it.each([
    ["not JSON", "{ invoices: [", "not JSON"],
    ["another format", JSON.stringify({ format: "something-else", version: 1 }), "format"],
    ["a record without its date", null, "invoices[0]"],
  ])("a corrupt file (%s) is moved aside with one log line; the simulator starts empty and saves anew", async (_case, content, reason) => {
    if (content === null) {
      // A file this simulator wrote, then damaged.
      const { sim, client } = await start()
      await client.issue()
      await stop(sim)
      const damaged = readFile()
      delete damaged.invoices[0].invoiceDate
      writeFileSync(file, JSON.stringify(damaged))
    } else {
      writeFileSync(file, content)
    }
    const original = readFileSync(file, "utf8")
    const { sim, client } = await start()
    expect(sim.stateLoad).toMatchObject({ kind: "discarded", reason: expect.stringContaining(reason) })
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(file)
    expect(logged[0]).toContain("moved to state.json.corrupt-")
    expect(logged[0]).toContain(reason)
    expect(asideFiles()).toHaveLength(1)
    expect(readFileSync(path.join(dir, asideFiles()[0]), "utf8")).toBe(original)
    expect(existsSync(file)).toBe(false)
    expect(sim.snapshot().invoices).toEqual([])

    const issued = await client.issue()
    await sim.flushState()
    expect(readFile().invoices.map((invoice: { invoiceNo: string }) => invoice.invoiceNo)).toEqual([issued.InvoiceNo])
  })

  it("a file of another version is moved aside too (a future shape is never misread)", async () => {
    const { sim, client } = await start()
    await client.issue()
    await stop(sim)
    const future = { ...readFile(), version: STATE_FILE_VERSION + 1 }
    writeFileSync(file, JSON.stringify(future))
    const restarted = await start()
    expect(restarted.sim.stateLoad).toMatchObject({
      kind: "discarded",
      reason: expect.stringContaining(`version ${STATE_FILE_VERSION + 1}`),
    })
    expect(restarted.sim.snapshot().invoices).toEqual([])
    expect(logged).toEqual([expect.stringContaining(`this simulator reads version ${STATE_FILE_VERSION}`)])
    expect(JSON.parse(readFileSync(path.join(dir, asideFiles()[0]), "utf8")).version).toBe(STATE_FILE_VERSION + 1)
  })

  it("an unreadable file (here a folder) is moved aside; a missing folder is created", async () => {
    mkdirSync(file)
    const { sim } = await start()
    expect(sim.stateLoad).toMatchObject({ kind: "discarded", reason: expect.stringContaining("unreadable") })
    expect(asideFiles()).toHaveLength(1)
    expect(logged).toHaveLength(1)

    const nested = path.join(dir, "a", "b", "state.json")
    const other = await start(nested)
    expect(other.sim.stateLoad).toEqual({ kind: "missing" })
    await other.client.issue()
    await other.sim.flushState()
    expect(JSON.parse(readFileSync(nested, "utf8")).invoices).toHaveLength(1)
  })

  it("the CLI keeps its state with --state-file and writes it on SIGTERM", async () => {
    const root = path.resolve(__dirname, "../../..")
    const runCli = async () => {
      const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "src/simulator/cli.ts", "--state-file", file], {
        cwd: root,
        env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SIMULATOR_LOG_REQUESTS: "0", NODE_OPTIONS: "" },
        stdio: ["ignore", "pipe", "pipe"],
      })
      let output = ""
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 30_000)
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString()
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*state file: .*\)\n/.exec(output)
          if (match) {
            clearTimeout(timer)
            resolve(match[1])
          }
        })
      })
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      const stop = () => {
        child.kill("SIGTERM")
        return exited
      }
      return { url, output: () => output, stop }
    }
    const client = (url: string) => new TestClient({ url, now: () => new Date() } as unknown as RunningSimulator)

    const first = await runCli()
    expect(first.output()).toContain(`state file: ${file} (starting empty)`)
    const issued = await client(first.url).issue()
    expect(await first.stop()).toBe(0)

    const second = await runCli()
    expect(second.output()).toContain("(1 invoices and 0 allowances loaded)")
    const reply = await client(second.url).data("GetIssue", { InvoiceNo: issued.InvoiceNo, InvoiceDate: issued.InvoiceDate.slice(0, 10) })
    expect(reply).toMatchObject({ RtnCode: 1, IIS_Number: issued.InvoiceNo })
    expect(await second.stop()).toBe(0)
  }, 90_000)
})
