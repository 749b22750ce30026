import { TransCode } from "../codes"
import type { RunningSimulator } from "../index"
import { STAGE, TestClient, aesEncrypt, issueData, startTestSimulator, urlEncode, type CallResult } from "./helpers"

describe("simulator envelope (docs/ECPAY-PROTOCOL.md §1.2–1.5)", () => {
  let sim: RunningSimulator
  let client: TestClient

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
  })
  afterAll(() => sim.close())
  beforeEach(() => sim.reset())

  const expectTransFailure = (result: Pick<CallResult, "httpStatus" | "envelope">, transCode: number) => {
    expect(result.httpStatus).toBe(200)
    expect(result.envelope.TransCode).toBe(transCode)
    expect(result.envelope.TransMsg).toEqual(expect.any(String))
    expect(result.envelope.TransMsg).not.toBe("")
    expect(result.envelope.Data).toBe("")
  }

  it("answers a valid request with TransCode 1, RpHeader.Timestamp and encrypted Data", async () => {
    const result = await client.call("CheckLoveCode", { LoveCode: "168001" }, { envelope: { PlatformID: "" } })
    expect(result.envelope).toMatchObject({ PlatformID: "", MerchantID: STAGE.merchantId, TransCode: 1, TransMsg: "Success" })
    expect(Math.abs(result.envelope.RpHeader.Timestamp - Date.now() / 1000)).toBeLessThan(5)
    expect(result.data).toMatchObject({ RtnCode: 1, IsExist: "Y" })
  })

  it("rejects a body that is not JSON", async () => {
    expectTransFailure(await client.call("Issue", {}, { rawBody: "MerchantID=2000132" }), TransCode.BODY_NOT_JSON)
    expectTransFailure(await client.call("Issue", {}, { rawBody: "[1,2]" }), TransCode.BODY_NOT_JSON)
  })

  it("rejects a missing MerchantID or Data", async () => {
    expectTransFailure(await client.call("Issue", {}, { envelope: { MerchantID: undefined } }), TransCode.ENVELOPE_FIELD_MISSING)
    expectTransFailure(await client.call("Issue", {}, { envelope: { Data: "" } }), TransCode.ENVELOPE_FIELD_MISSING)
  })

  it("rejects an unknown MerchantID", async () => {
    const result = await client.call("Issue", issueData(), { envelope: { MerchantID: "9999999" } })
    expectTransFailure(result, TransCode.UNKNOWN_MERCHANT)
  })

  it("rejects an envelope MerchantID that differs from Data.MerchantID (or a missing one)", async () => {
    const mismatch = await client.call("CheckLoveCode", { MerchantID: "2000133", LoveCode: "168001" }, { addMerchantId: false })
    expectTransFailure(mismatch, TransCode.MERCHANT_MISMATCH)
    const missing = await client.call("CheckLoveCode", { LoveCode: "168001" }, { addMerchantId: false })
    expectTransFailure(missing, TransCode.MERCHANT_MISMATCH)
  })

  it("rejects a missing or non-numeric Timestamp", async () => {
    expectTransFailure(await client.call("CheckLoveCode", { LoveCode: "168001" }, { timestamp: null }), TransCode.TIMESTAMP_INVALID)
    const textual = await client.call("CheckLoveCode", { LoveCode: "168001" }, { envelope: { RqHeader: { Timestamp: "soon" } } })
    expectTransFailure(textual, TransCode.TIMESTAMP_INVALID)
  })

  it("enforces the 10-minute Timestamp window against the simulator clock, both directions", async () => {
    sim.setClock(new Date("2025-03-05T02:00:00Z"))
    const base = Math.floor(new Date("2025-03-05T02:00:00Z").getTime() / 1000)
    const call = (timestamp: number) => client.call("CheckLoveCode", { LoveCode: "168001" }, { timestamp })
    expect((await call(base - 600)).envelope.TransCode).toBe(1)
    expect((await call(base + 600)).envelope.TransCode).toBe(1)
    expectTransFailure(await call(base - 601), TransCode.TIMESTAMP_OUT_OF_WINDOW)
    expectTransFailure(await call(base + 601), TransCode.TIMESTAMP_OUT_OF_WINDOW)
    // a real-time client is rejected once the simulator clock is moved far away
    expectTransFailure(await call(Math.floor(Date.now() / 1000)), TransCode.TIMESTAMP_OUT_OF_WINDOW)
  })

  it("rejects Data that is not Base64 or was encrypted with another key", async () => {
    expectTransFailure(await client.call("Issue", {}, { envelope: { Data: "not base64!" } }), TransCode.DATA_NOT_DECRYPTABLE)
    const otherKey = aesEncrypt(urlEncode(JSON.stringify({ MerchantID: STAGE.merchantId }), "php"), {
      ...STAGE,
      // Any other 16-character key: the stage key reversed.
      hashKey: [...STAGE.hashKey].reverse().join(""),
    })
    expectTransFailure(await client.call("Issue", {}, { envelope: { Data: otherKey } }), TransCode.DATA_NOT_DECRYPTABLE)
  })

  it("rejects Data that decrypts to something other than a JSON object", async () => {
    expectTransFailure(await client.call("Issue", {}, { envelope: { Data: aesEncrypt("not%20json") } }), TransCode.DATA_NOT_JSON)
    expectTransFailure(await client.call("Issue", {}, { envelope: { Data: aesEncrypt("%5B1%5D") } }), TransCode.DATA_NOT_JSON)
  })

  it("answers 404 for an unknown operation and 405 for GET", async () => {
    expect((await client.call("IssueEverything", {})).httpStatus).toBe(404)
    expect((await fetch(`${sim.url}/B2CInvoice/Issue`)).status).toBe(405)
    expect((await fetch(`${sim.url}/nowhere`)).status).toBe(404)
  })

  it.each(["php", "lower", "uri"] as const)("accepts the %s url-encoding flavour and keeps text intact", async (flavor) => {
    const name = "測試 商品~(1)!*'+&=%"
    const issued = await client.data(
      "Issue",
      issueData({ Items: [{ ItemName: name, ItemCount: 1, ItemWord: "個", ItemPrice: 300, ItemAmount: 300 }] }),
      { flavor }
    )
    expect(issued.RtnCode).toBe(1)
    const invoice = sim.state.findInvoice(STAGE.merchantId, issued.InvoiceNo)
    expect(invoice?.content.items[0].name).toBe(name)
  })

  it("encodes response Data PHP-style, so dates arrive with + for the space", async () => {
    const result = await client.call("Issue", issueData())
    const { createDecipheriv } = await import("node:crypto")
    const decipher = createDecipheriv("aes-128-cbc", Buffer.from(STAGE.hashKey), Buffer.from(STAGE.hashIV))
    const plain = decipher.update(result.envelope.Data, "base64", "utf8") + decipher.final("utf8")
    expect(plain).toMatch(/InvoiceDate%22%3A%22\d{4}-\d{2}-\d{2}\+\d{2}%3A\d{2}%3A\d{2}/)
    expect(result.data.InvoiceDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  })
})

describe("simulator options", () => {
  it("serves several merchants with their own keys and keeps their data apart", async () => {
    const other = { merchantId: "3000001", hashKey: [...STAGE.hashKey].reverse().join(""), hashIV: [...STAGE.hashIV].reverse().join("") }
    const { sim, client } = await startTestSimulator({ merchants: [STAGE, other] })
    try {
      const relate = "SHARED-ORDER-1"
      expect((await client.issue({ RelateNumber: relate })).RtnCode).toBe(1)
      const otherClient = new TestClient(sim, other)
      // the same RelateNumber is free for another merchant
      expect((await otherClient.issue({ RelateNumber: relate })).RtnCode).toBe(1)
      expect((await otherClient.data("GetIssue", { RelateNumber: relate })).IIS_Mer_ID).toBe(other.merchantId)
      // a request signed with the wrong merchant's key fails
      const wrongKey = await client.call(
        "CheckLoveCode",
        { MerchantID: other.merchantId, LoveCode: "168001" },
        {
          envelope: { MerchantID: other.merchantId },
          addMerchantId: false,
        }
      )
      expect(wrongKey.envelope.TransCode).toBe(TransCode.DATA_NOT_DECRYPTABLE)
    } finally {
      await sim.close()
    }
  })

  it("uses an injected base clock and a custom timestamp tolerance", async () => {
    const fixed = new Date("2024-11-20T04:00:00Z")
    const { sim, client } = await startTestSimulator({ now: () => fixed, timestampToleranceSeconds: 30 })
    try {
      expect(sim.now().toISOString()).toBe(fixed.toISOString())
      const base = Math.floor(fixed.getTime() / 1000)
      expect((await client.call("CheckLoveCode", { LoveCode: "168001" }, { timestamp: base - 30 })).envelope.TransCode).toBe(1)
      expect((await client.call("CheckLoveCode", { LoveCode: "168001" }, { timestamp: base - 31 })).envelope.TransCode).toBe(
        TransCode.TIMESTAMP_OUT_OF_WINDOW
      )
      const issued = await client.issue()
      expect(issued.InvoiceDate).toBe("2024-11-20 12:00:00")
    } finally {
      await sim.close()
    }
  })
})
