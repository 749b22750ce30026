import { spawn } from "node:child_process"
import path from "node:path"
import type { RunningSimulator } from "../index"
import { STAGE, TestClient, allowanceData, issueData, startCallbackReceiver, startTestSimulator } from "./helpers"

describe("control API over HTTP (/__control/)", () => {
  let sim: RunningSimulator
  let client: TestClient

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
  })
  afterAll(() => sim.close())
  beforeEach(() => sim.reset())

  it("GET health", async () => {
    const { status, body } = await client.control("GET", "health")
    expect(status).toBe(200)
    expect(body).toMatchObject({ ok: true, now: expect.any(String), clockFrozen: false })
  })

  it("GET state lists invoices, allowances, delayed invoices and the registry, never the hash keys", async () => {
    const issued = await client.issue({ RelateNumber: "STATE-1" })
    await client.data("Allowance", allowanceData(issued.InvoiceNo, issued.InvoiceDate, 50))
    await client.data("DelayIssue", issueData({ DelayFlag: "2", DelayDay: 0, Tsr: "TSR-STATE", PayType: "2", PayAct: "ECPAY" }))
    const { status, body } = await client.control("GET", "state")
    expect(status).toBe(200)
    expect(body.merchants).toEqual([{ merchantId: STAGE.merchantId }])
    expect(body.invoices).toEqual([
      expect.objectContaining({ invoiceNo: issued.InvoiceNo, relateNumber: "STATE-1", remainingAllowanceAmount: 250, voided: null }),
    ])
    expect(body.allowances).toEqual([expect.objectContaining({ invoiceNo: issued.InvoiceNo, amount: 50, status: "issued", mode: "paper" })])
    expect(body.delayedInvoices).toEqual([expect.objectContaining({ tsr: "TSR-STATE", status: "waiting_trigger" })])
    expect(body.registry.loveCodes).toEqual(expect.arrayContaining([expect.objectContaining({ code: "168001" })]))
    expect(body.registry.unknownBarcodes).toEqual(["/0000000"])
    const text = JSON.stringify(body)
    expect(text).not.toContain(STAGE.hashKey)
    expect(text).not.toContain(STAGE.hashIV)
  })

  it("GET requests returns the log with decrypted Data and outcome codes; DELETE clears it", async () => {
    await client.issue({ RelateNumber: "LOG-1" })
    await client.call("Issue", {}, { rawBody: "nope" })
    const { body } = await client.control("GET", "requests")
    expect(body.requests).toEqual([
      expect.objectContaining({
        at: expect.any(String),
        operation: "Issue",
        merchantId: STAGE.merchantId,
        data: expect.objectContaining({ RelateNumber: "LOG-1", MerchantID: STAGE.merchantId }),
        httpStatus: 200,
        transCode: 1,
        rtnCode: 1,
        rtnMsg: "開立發票成功",
      }),
      expect.objectContaining({ operation: "Issue", merchantId: null, data: null, transCode: 9100001, rtnCode: null }),
    ])
    expect(JSON.stringify(body)).not.toContain(STAGE.hashKey)
    await client.control("DELETE", "requests")
    expect((await client.control("GET", "requests")).body.requests).toEqual([])
  })

  it("POST / GET / DELETE faults", async () => {
    const created = await client.control("POST", "faults", { operation: "Issue", type: "http_500", times: 2 })
    expect(created.status).toBe(201)
    expect(created.body.faults).toEqual([expect.objectContaining({ operation: "Issue", type: "http_500", remaining: 2 })])
    expect((await client.call("Issue", issueData())).httpStatus).toBe(500)
    expect((await client.control("GET", "faults")).body.faults[0].remaining).toBe(1)
    await client.control("POST", "faults", { type: "refuse", rtnCode: 2000034, rtnMsg: "模擬" })
    expect((await client.control("DELETE", "faults")).body.faults).toEqual([])
    expect((await client.call("Issue", issueData())).httpStatus).toBe(200)
    expect((await client.control("POST", "faults", { type: "nope" })).status).toBe(400)
    expect((await client.control("POST", "faults", { type: "latency" })).status).toBe(400)
  })

  it("POST clock sets, advances and releases the simulator clock", async () => {
    const set = await client.control("POST", "clock", { now: "2025-03-05T02:00:00Z" })
    expect(set.body).toEqual({ now: "2025-03-05T02:00:00.000Z", clockFrozen: true })
    expect((await client.issue()).InvoiceDate).toBe("2025-03-05 10:00:00")
    const advanced = await client.control("POST", "clock", { advanceMs: 90_000 })
    expect(advanced.body.now).toBe("2025-03-05T02:01:30.000Z")
    const released = await client.control("POST", "clock", { now: null })
    expect(released.body.clockFrozen).toBe(false)
    expect(Math.abs(new Date(released.body.now).getTime() - Date.now())).toBeLessThan(5000)
    expect((await client.control("POST", "clock", { now: "yesterday" })).status).toBe(400)
    expect((await client.control("POST", "clock", {})).status).toBe(400)
  })

  it("POST reset forgets everything", async () => {
    await client.issue()
    sim.setFault({ type: "http_500", times: -1 })
    sim.addToRegistry({ loveCodes: [{ code: "555", name: "x" }] })
    expect((await client.control("POST", "reset")).body).toEqual({ ok: true })
    const state = (await client.control("GET", "state")).body
    expect(state).toMatchObject({ invoices: [], allowances: [], delayedInvoices: [], faults: [] })
    expect(state.registry.loveCodes.map((l) => l.code)).not.toContain("555")
    expect((await client.control("GET", "requests")).body.requests).toEqual([])
  })

  it("POST registry adds barcodes, love codes and companies, and validates the body", async () => {
    const added = await client.control("POST", "registry", {
      barcodes: ["/0000000"],
      loveCodes: [{ code: "4321", name: "（模擬）測試協會" }],
      companies: [{ taxId: "12345601", name: "（模擬）測試公司" }],
    })
    expect(added.status).toBe(200)
    expect(added.body.registry.unknownBarcodes).toEqual([])
    expect((await client.data("CheckBarcode", { BarCode: "/0000000" })).IsExist).toBe("Y")
    expect((await client.data("CheckLoveCode", { LoveCode: "4321" })).IsExist).toBe("Y")
    expect((await client.data("GetCompanyNameByTaxID", { UnifiedBusinessNo: "12345601" })).CompanyName).toBe("（模擬）測試公司")
    expect((await client.control("POST", "registry", { loveCodes: ["4321"] })).status).toBe(400)
  })

  it("POST allowances/:no/agree answers the online allowance and reports the callback", async () => {
    const receiver = await startCallbackReceiver()
    try {
      const issued = await client.issue()
      const created = await client.data(
        "AllowanceByCollegiate",
        allowanceData(issued.InvoiceNo, issued.InvoiceDate, 30, { ReturnURL: receiver.url })
      )
      const { status, body } = await client.control("POST", `allowances/${created.IA_Allow_No}/agree`)
      expect(status).toBe(200)
      expect(body).toMatchObject({ agreed: true, httpStatus: 200, body: "1|OK", acknowledged: true })
      expect(receiver.received).toHaveLength(1)
    } finally {
      await receiver.close()
    }
  })

  it("GET codes lists the code tables; unknown routes and bad JSON are rejected", async () => {
    const codes = (await client.control("GET", "codes")).body
    expect(codes.rtnCodes).toEqual(expect.arrayContaining([expect.objectContaining({ code: 1600003, documented: true })]))
    expect(codes.transCodes.length).toBeGreaterThan(5)
    expect((await client.control("GET", "nothing")).status).toBe(404)
    const badJson = await fetch(`${sim.url}/__control/faults`, { method: "POST", body: "{" })
    expect(badJson.status).toBe(400)
  })
})

describe("cli", () => {
  it("starts on PORT/HOST, prints its URL and stops cleanly on SIGTERM", async () => {
    const root = path.resolve(__dirname, "../../..")
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "src/simulator/cli.ts"], {
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
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
    })
    const health = await fetch(`${url}/__control/health`)
    expect(health.status).toBe(200)
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })
})
