import { RtnCode, TransCode } from "../codes"
import { FaultBook, FaultError, parseFault } from "../faults"
import type { RunningSimulator } from "../index"
import { STAGE, TestClient, issueData, startTestSimulator } from "./helpers"

describe("fault injection", () => {
  let sim: RunningSimulator
  let client: TestClient

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
  })
  afterAll(() => sim.close())
  beforeEach(() => sim.reset())

  const invoiceCount = () => sim.state.invoices.length
  const lastLog = () => sim.requests[sim.requests.length - 1]

  it("latency: waits, then handles the request normally", async () => {
    sim.setFault({ type: "latency", ms: 300, operation: "Issue" })
    const started = Date.now()
    const reply = await client.issue()
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(reply.RtnCode).toBe(1)
    expect(lastLog().fault).toBe("latency")
  })

  it("drop_after_commit: applies the change, then drops the connection", async () => {
    sim.setFault({ type: "drop_after_commit", operation: "Issue" })
    const data = issueData({ RelateNumber: "DROP-1" })
    await expect(client.call("Issue", data)).rejects.toThrow()
    expect(invoiceCount()).toBe(1)
    expect((await client.data("GetIssue", { RelateNumber: "DROP-1" })).RtnCode).toBe(1)
    // a blind retry with the same RelateNumber is refused as a duplicate
    expect((await client.data("Issue", data)).RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
    expect(sim.requests[0]).toMatchObject({ operation: "Issue", fault: "drop_after_commit", httpStatus: null, rtnCode: 1 })
  })

  it.each([
    ["http_500", 500],
    ["http_403", 403],
  ] as const)("%s: answers HTTP %i and changes nothing", async (type, status) => {
    sim.setFault({ type, operation: "Issue" })
    const result = await client.call("Issue", issueData())
    expect(result.httpStatus).toBe(status)
    expect(result.envelope).toBeUndefined()
    expect(invoiceCount()).toBe(0)
    expect(lastLog()).toMatchObject({ fault: type, httpStatus: status, transCode: null })
  })

  it("trans_code_error: answers TransCode ≠ 1 with empty Data and changes nothing", async () => {
    sim.setFault({ type: "trans_code_error" })
    const result = await client.call("Issue", issueData())
    expect(result.envelope).toMatchObject({ TransCode: TransCode.FAULT_INJECTED, Data: "", MerchantID: STAGE.merchantId })
    expect(invoiceCount()).toBe(0)
  })

  it("garbage: answers 200 with a non-JSON body and changes nothing", async () => {
    sim.setFault({ type: "garbage", operation: "Issue" })
    const result = await client.call("Issue", issueData())
    expect(result.httpStatus).toBe(200)
    expect(() => JSON.parse(result.text)).toThrow()
    expect(invoiceCount()).toBe(0)
  })

  it("refuse: answers the given RtnCode/RtnMsg without applying, or a default", async () => {
    sim.setFault({ type: "refuse", operation: "Issue", rtnCode: 1300001, rtnMsg: "RelateNumber 重複（模擬）" })
    expect(await client.data("Issue", issueData())).toEqual({ RtnCode: 1300001, RtnMsg: "RelateNumber 重複（模擬）" })
    sim.setFault({ type: "refuse" })
    expect((await client.data("Issue", issueData())).RtnCode).toBe(RtnCode.FAULT_REFUSED)
    expect(invoiceCount()).toBe(0)
    expect((await client.issue()).RtnCode).toBe(1)
  })

  it("is consumed per matching request: times, operation filter, -1 until cleared", async () => {
    sim.setFault({ type: "http_500", operation: "Invalid", times: 2 })
    expect((await client.call("Issue", issueData())).httpStatus).toBe(200) // other operation: untouched
    expect((await client.call("Invalid", {})).httpStatus).toBe(500)
    expect((await client.call("Invalid", {})).httpStatus).toBe(500)
    expect((await client.call("Invalid", {})).httpStatus).toBe(200)

    sim.setFault({ type: "http_403", times: -1 })
    for (let i = 0; i < 3; i++) expect((await client.call("GetIssue", {})).httpStatus).toBe(403)
    sim.clearFaults()
    expect((await client.call("GetIssue", {})).httpStatus).toBe(200)
  })

  it("combines latency with one behaviour fault on the same request", async () => {
    sim.setFault({ type: "latency", ms: 100 })
    sim.setFault({ type: "http_500" })
    const started = Date.now()
    expect((await client.call("Issue", issueData())).httpStatus).toBe(500)
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)
  })

  it("rejects malformed faults", () => {
    expect(() => sim.setFault({ type: "explode" } as never)).toThrow(/type/)
    expect(() => sim.setFault({ type: "http_500", operation: "Nope" })).toThrow(/operation/)
    expect(() => sim.setFault({ type: "latency" })).toThrow(/ms/)
    expect(() => sim.setFault({ type: "http_500", times: 0 })).toThrow(/times/)
    expect(() => sim.setFault({ type: "refuse", rtnCode: 1 })).toThrow(/rtnCode/)
  })
})

describe("fault probability", () => {
  // FaultBook alone: which requests a probabilistic fault affects, with a scripted random().
  it("affects a request only when random() falls under it, and is consumed only then", () => {
    const rolls = [0.5, 0.05, 0.2, 0.01]
    const book = new FaultBook(() => rolls.shift()!)
    book.add({ type: "http_500", operation: "Issue", probability: 0.1, times: 2 })
    expect(book.take("Issue").action).toBeUndefined()
    expect(book.take("Issue").action?.type).toBe("http_500")
    expect(book.take("Issue").action).toBeUndefined()
    expect(book.list()[0].remaining).toBe(1)
    expect(book.take("Issue").action?.type).toBe("http_500")
    expect(book.list()).toEqual([])
  })

  it("a fault passed over leaves the request to the next one", () => {
    const book = new FaultBook(() => 0.5)
    book.add({ type: "drop_after_commit", probability: 0.1, times: -1 })
    book.add({ type: "http_500", times: -1 })
    expect(book.take("Allowance").action?.type).toBe("http_500")
  })

  it("is validated: a number in (0, 1]", () => {
    for (const probability of [0, -0.1, 1.5, "0.1"]) {
      expect(() => parseFault({ type: "http_500", probability }, ["Issue"])).toThrow(FaultError)
    }
    expect(parseFault({ type: "http_500", probability: 0.05 }, ["Issue"])).toEqual({ type: "http_500", probability: 0.05 })
  })
})
