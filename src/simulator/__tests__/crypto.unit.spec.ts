import { computeCheckMacValue, decryptData, encryptData, encryptText, phpUrlDecode, phpUrlEncode } from "../crypto"
import { isValidTaxId } from "../rules"
import { formatTaipeiDateTime, isPeriodLocked, parseDateInput, periodLockInstant } from "../time"
import { STAGE, checkMacValue } from "./helpers"

const { hashKey, hashIV } = STAGE

describe("simulator crypto (docs/ECPAY-PROTOCOL.md §1.3–1.8)", () => {
  const plain = { Name: "Test", ID: "A123456789" }
  const upperCipher = "uvI4yrErM37XNQkXGAgRgJAgHn2t72jahaMZzYhWL1HmvH4WV18VJDP2i9pTbC+tby5nxVExLLFyAkbjbS2Dvg=="
  const lowerCipher = "ZD/z07UvdmL3aYz0tsVo+bFXF5VldNcns6ezyfea777KOmLiizrUNDYe+v1bh2QTT4AySf1NICgXxWXB6f7c6A=="

  it("reproduces the official V1 vector (uppercase hex)", () => {
    expect(encryptData(plain, hashKey, hashIV)).toBe(upperCipher)
  })

  it("decrypts both official V1 ciphertexts, uppercase and lowercase hex", () => {
    expect(decryptData(upperCipher, hashKey, hashIV)).toEqual(plain)
    expect(decryptData(lowerCipher, hashKey, hashIV)).toEqual(plain)
  })

  it("reproduces the V5 PHP-urlencode vector with CJK, space and !*'()~", () => {
    const v5 = { ItemName: "測試 商品~(1)!*'", ItemWord: "個" }
    expect(phpUrlEncode(JSON.stringify(v5))).toBe(
      "%7B%22ItemName%22%3A%22%E6%B8%AC%E8%A9%A6+%E5%95%86%E5%93%81%7E%281%29%21%2A%27%22%2C%22ItemWord%22%3A%22%E5%80%8B%22%7D"
    )
    expect(encryptData(v5, hashKey, hashIV)).toBe(
      "TFeUlV6EVzxsmT7rWBkWS9prlsFrkDFxduINIcGbX9U0eCqKUxd+k1z49Ul8PNYsWf++Xrih2ZG+7wjvyNyb16mS1Qv/Y2mv0DVIUpgdnilqWoJ4RMs1QOOV77g8L+TVqBGTwvytRbYZgdfOplhTrURjI8Cgqm8wNUuPej3AYMw="
    )
  })

  it("decrypts the encodeURIComponent flavour of V5 to the same object", () => {
    const uriCipher =
      "TFeUlV6EVzxsmT7rWBkWS9prlsFrkDFxduINIcGbX9XD9bOkNdjWtXOKotkfKzDF+StJPvLVJCdhUSwKXbathqLtK/OIQyYk3z9SatBagdLCZ5XIQO8M/VS8d2AFlAkwcYHAsvMp5ZB0jNo5a8DhSw=="
    expect(decryptData(uriCipher, hashKey, hashIV)).toEqual({ ItemName: "測試 商品~(1)!*'", ItemWord: "個" })
  })

  it("urldecodes like PHP: + is a space, %2B / %2b a plus, malformed escapes stay literal", () => {
    expect(phpUrlDecode("a+b%2Bc%2bd")).toBe("a b+c+d")
    expect(phpUrlDecode("100%")).toBe("100%")
    expect(phpUrlDecode("%zz")).toBe("%zz")
    expect(phpUrlDecode("%E5%95%86")).toBe("商")
  })

  it("decrypts a PHP-json_encode style plaintext with \\u escapes", () => {
    const cipher = encryptText(phpUrlEncode('{"ItemWord":"\\u500b"}'), hashKey, hashIV)
    expect(decryptData(cipher, hashKey, hashIV)).toEqual({ ItemWord: "個" })
  })

  it("computes the CheckMacValue of ECPay's worked example (p=38243)", () => {
    const fields = {
      RtnCode: "1",
      RtnMsg: "",
      IA_Allow_No: "1909181313013546",
      IA_Invoice_No: "UV11100019",
      IA_Date: "2019-09-18 13:13:23",
      IIS_Remain_Allowance_Amt: "0",
    }
    expect(computeCheckMacValue(fields, hashKey, hashIV)).toBe("50A276E71DAE26343013958B405EEEA0")
    expect(checkMacValue(fields)).toBe("50A276E71DAE26343013958B405EEEA0")
  })

  it("ignores a CheckMacValue field and keeps !*() unescaped", () => {
    const fields = { RtnMsg: "ok!(*)", RtnCode: "1" }
    expect(computeCheckMacValue({ ...fields, CheckMacValue: "X" }, hashKey, hashIV)).toBe(checkMacValue(fields))
  })
})

describe("Taiwan tax ID checksum (docs/ECPAY-PROTOCOL.md §6)", () => {
  it.each([
    ["22099131", true],
    ["12345675", true], // 7th digit 7 special case
    ["12345601", true], // ÷5 rule only
    ["10458570", true], // ÷5 rule only
    ["10458579", true], // 7th digit 7, ÷5 rule only
    ["12345678", false],
    ["00000000", false],
    ["1234567", false],
    ["1234567a", false],
  ])("%s → %s", (taxId, valid) => {
    expect(isValidTaxId(taxId)).toBe(valid)
  })
})

describe("Taipei periods and the void lock", () => {
  it("locks Jan–Feb documents after 23:59:59 on 13 March (Taipei)", () => {
    const february = new Date("2025-02-20T04:00:00Z")
    expect(periodLockInstant(february).toISOString()).toBe("2025-03-13T16:00:00.000Z")
    expect(isPeriodLocked(february, new Date("2025-03-13T15:59:59Z"))).toBe(false)
    expect(isPeriodLocked(february, new Date("2025-03-13T16:00:00Z"))).toBe(true)
  })

  it("locks Nov–Dec documents on 14 January of the next year", () => {
    expect(periodLockInstant(new Date("2025-12-31T15:59:59Z")).toISOString()).toBe("2026-01-13T16:00:00.000Z")
    // 2025-12-31 16:00Z is already 1 January 2026 in Taipei → Jan–Feb 2026 period
    expect(periodLockInstant(new Date("2025-12-31T16:00:00Z")).toISOString()).toBe("2026-03-13T16:00:00.000Z")
  })

  it("formats in Asia/Taipei and parses ECPay's date inputs", () => {
    expect(formatTaipeiDateTime(new Date("2025-03-04T18:30:05Z"))).toBe("2025-03-05 02:30:05")
    expect(parseDateInput("2025/03/05")).toEqual({ date: "2025-03-05", time: null })
    expect(parseDateInput("2025-03-05+10:00:00")).toEqual({ date: "2025-03-05", time: "10:00:00" })
    expect(parseDateInput("2025-02-30")).toBeNull()
    expect(parseDateInput("20250305")).toBeNull()
  })
})
