import { createHash } from "crypto"
import { computeCheckMacValue, verifyCheckMacValue } from "../check-mac-value"

const STAGE_KEY = "ejCk326UnaZWKisg"
const STAGE_IV = "q9jcZX8Ib9LM8wYk"

// Worked example of developers.ecpay.com.tw p=38243 (AllowanceByCollegiate ReturnURL callback).
const officialFields = {
  RtnCode: 1,
  RtnMsg: "",
  IA_Allow_No: "1909181313013546",
  IA_Invoice_No: "UV11100019",
  IA_Date: "2019-09-18 13:13:23",
  IIS_Remain_Allowance_Amt: 0,
}

describe("computeCheckMacValue", () => {
  it("matches ECPay's worked example", () => {
    expect(computeCheckMacValue(officialFields, STAGE_KEY, STAGE_IV)).toBe("50A276E71DAE26343013958B405EEEA0")
  })

  it("does not depend on key order", () => {
    const reversed = Object.fromEntries(Object.entries(officialFields).reverse())
    expect(computeCheckMacValue(reversed, STAGE_KEY, STAGE_IV)).toBe("50A276E71DAE26343013958B405EEEA0")
  })

  it("treats numbers and numeric strings alike", () => {
    const asStrings = Object.fromEntries(Object.entries(officialFields).map(([key, value]) => [key, String(value)]))
    expect(computeCheckMacValue(asStrings, STAGE_KEY, STAGE_IV)).toBe("50A276E71DAE26343013958B405EEEA0")
  })

  it("sorts keys case-insensitively (as PHP strcasecmp, '_' before letters)", () => {
    // A case-sensitive sort would give AB, A_, a, b; ECPay's order is a, A_, AB, b.
    const fields = { b: "2", AB: "4", A_: "3", a: "1" }
    const raw = `HashKey=${STAGE_KEY}&a=1&A_=3&AB=4&b=2&HashIV=${STAGE_IV}`
    const encoded = raw.replace(/=/g, "%3d").replace(/&/g, "%26").toLowerCase()
    const expected = createHash("md5").update(encoded).digest("hex").toUpperCase()
    expect(computeCheckMacValue(fields, STAGE_KEY, STAGE_IV)).toBe(expected)
  })

  it("ignores a CheckMacValue field", () => {
    const withMac = { ...officialFields, CheckMacValue: "anything" }
    expect(computeCheckMacValue(withMac, STAGE_KEY, STAGE_IV)).toBe("50A276E71DAE26343013958B405EEEA0")
  })
})

describe("verifyCheckMacValue", () => {
  const signed = { ...officialFields, CheckMacValue: computeCheckMacValue(officialFields, STAGE_KEY, STAGE_IV) }

  it("accepts a correctly signed callback (round trip), also with a lowercase MAC", () => {
    expect(verifyCheckMacValue(signed, STAGE_KEY, STAGE_IV)).toBe(true)
    expect(verifyCheckMacValue({ ...signed, CheckMacValue: signed.CheckMacValue.toLowerCase() }, STAGE_KEY, STAGE_IV)).toBe(true)
  })

  it("round-trips values with characters the .NET table treats specially", () => {
    const fields = { RtnMsg: "折讓單 (已同意)! *+~'", IA_Date: "2019/09/18 13:13:23" }
    const mac = computeCheckMacValue(fields, STAGE_KEY, STAGE_IV)
    expect(verifyCheckMacValue({ ...fields, CheckMacValue: mac }, STAGE_KEY, STAGE_IV)).toBe(true)
  })

  it.each([
    ["a changed value", { IIS_Remain_Allowance_Amt: 100 }],
    ["an added field", { Extra: "1" }],
    ["a changed MAC", { CheckMacValue: "0".repeat(32) }],
    ["a truncated MAC", { CheckMacValue: "50A276E7" }],
  ])("rejects %s", (_name, change) => {
    expect(verifyCheckMacValue({ ...signed, ...change }, STAGE_KEY, STAGE_IV)).toBe(false)
  })

  it("rejects a missing MAC and the wrong key", () => {
    expect(verifyCheckMacValue(officialFields, STAGE_KEY, STAGE_IV)).toBe(false)
    expect(verifyCheckMacValue(signed, "A123456789012345", STAGE_IV)).toBe(false)
  })
})
