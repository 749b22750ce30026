import { decryptData, decryptString, encryptData, encryptString } from "../crypto"
import { phpUrlEncode } from "../encoding"

// Official stage key/IV (docs/ECPAY-PROTOCOL.md §1.6) and vectors (§1.7).
const STAGE_KEY = "ejCk326UnaZWKisg"
const STAGE_IV = "q9jcZX8Ib9LM8wYk"
const V1_OBJECT = { Name: "Test", ID: "A123456789" }
const V1_UPPER = "%7B%22Name%22%3A%22Test%22%2C%22ID%22%3A%22A123456789%22%7D"
const V1_LOWER = "%7b%22Name%22%3a%22Test%22%2c%22ID%22%3a%22A123456789%22%7d"

describe("official vectors", () => {
  it.each([
    [
      "V1 uppercase",
      STAGE_KEY,
      STAGE_IV,
      V1_UPPER,
      "uvI4yrErM37XNQkXGAgRgJAgHn2t72jahaMZzYhWL1HmvH4WV18VJDP2i9pTbC+tby5nxVExLLFyAkbjbS2Dvg==",
    ],
    [
      "V1 lowercase",
      STAGE_KEY,
      STAGE_IV,
      V1_LOWER,
      "ZD/z07UvdmL3aYz0tsVo+bFXF5VldNcns6ezyfea777KOmLiizrUNDYe+v1bh2QTT4AySf1NICgXxWXB6f7c6A==",
    ],
    [
      "V2",
      "7b53896b742849d3",
      "37a0ad3c6ffa428b",
      V1_UPPER,
      "oxmUqzelA4koGRQ+myZggW5qNqlVdytGJadngOuWA7jd1Fakpay72J/w5IXLIINqCYcmx7gLsaednuH54LjffA==",
    ],
    [
      "V3",
      "A123456789012345",
      "B123456789012345",
      V1_UPPER,
      "7woM9RorZKAtXJRVccAb0qhHYm+5lnlhBzyfh5EZdNck7PacNsRHgv/Jvp//ajJidqcQcs0UmAgPQVjXQHeziw==",
    ],
  ])("%s: encrypts and decrypts", (_name, key, iv, plaintext, ciphertext) => {
    expect(encryptString(plaintext, key, iv)).toBe(ciphertext)
    expect(decryptString(ciphertext, key, iv)).toBe(plaintext)
    // Hex case does not matter to the decoder.
    expect(decryptData(ciphertext, key, iv)).toEqual(V1_OBJECT)
  })

  it("encryptData reproduces the uppercase vectors from the object", () => {
    expect(encryptData(V1_OBJECT, STAGE_KEY, STAGE_IV)).toBe(
      "uvI4yrErM37XNQkXGAgRgJAgHn2t72jahaMZzYhWL1HmvH4WV18VJDP2i9pTbC+tby5nxVExLLFyAkbjbS2Dvg=="
    )
    expect(encryptData(V1_OBJECT, "A123456789012345", "B123456789012345")).toBe(
      "7woM9RorZKAtXJRVccAb0qhHYm+5lnlhBzyfh5EZdNck7PacNsRHgv/Jvp//ajJidqcQcs0UmAgPQVjXQHeziw=="
    )
  })
})

describe("V5: PHP-style encoding of CJK, spaces and ~(1)!*'", () => {
  const object = { ItemName: "測試 商品~(1)!*'", ItemWord: "個" }
  const phpEncoded =
    "%7B%22ItemName%22%3A%22%E6%B8%AC%E8%A9%A6+%E5%95%86%E5%93%81%7E%281%29%21%2A%27%22%2C%22ItemWord%22%3A%22%E5%80%8B%22%7D"
  const phpCiphertext =
    "TFeUlV6EVzxsmT7rWBkWS9prlsFrkDFxduINIcGbX9U0eCqKUxd+k1z49Ul8PNYsWf++Xrih2ZG+7wjvyNyb16mS1Qv/Y2mv0DVIUpgdnilqWoJ4RMs1QOOV77g8L+TVqBGTwvytRbYZgdfOplhTrURjI8Cgqm8wNUuPej3AYMw="

  it("encodes and encrypts like PHP urlencode", () => {
    expect(phpUrlEncode(JSON.stringify(object))).toBe(phpEncoded)
    expect(encryptData(object, STAGE_KEY, STAGE_IV)).toBe(phpCiphertext)
    expect(decryptData(phpCiphertext, STAGE_KEY, STAGE_IV)).toEqual(object)
  })

  it("also decrypts the encodeURIComponent and PHP-SDK (\\uXXXX) variants to the same object", () => {
    const encodeUriCiphertext =
      "TFeUlV6EVzxsmT7rWBkWS9prlsFrkDFxduINIcGbX9XD9bOkNdjWtXOKotkfKzDF+StJPvLVJCdhUSwKXbathqLtK/OIQyYk3z9SatBagdLCZ5XIQO8M/VS8d2AFlAkwcYHAsvMp5ZB0jNo5a8DhSw=="
    const sdkCiphertext =
      "TFeUlV6EVzxsmT7rWBkWS50B0xmvSBQVogqVPyJxo1bidQfqa4/36/Mgi4cRU0IeSF012WFKWZxtNwxOnHH6rGfBi/ZQsaxz7Xf8WLuZORLVpfmLcYMWs+HVBuisHamDNCu5LSQv3/9Pl+YVsFi7myytw73AJJ/1hwGHCrj9Hww="
    expect(decryptData(encodeUriCiphertext, STAGE_KEY, STAGE_IV)).toEqual(object)
    expect(decryptData(sdkCiphertext, STAGE_KEY, STAGE_IV)).toEqual(object)
  })
})

describe("round trips", () => {
  it.each([
    ["plus", "1+1=2"],
    ["spaces", "  leading and trailing  "],
    ["CJK", "統一發票 電子發票"],
    ["PHP-escaped punctuation", "~!*'()"],
    ["percent", "100% %41 %zz"],
    ["ampersand and equals", "a=1&b=2"],
    ["emoji", "🧾😀👍🏽"],
    ["quotes and backslash", 'say "hi" \\ /'],
  ])("%s", (_name, value) => {
    const data = { ItemName: value, Items: [{ ItemRemark: value, ItemAmount: 12.5 }] }
    expect(decryptData(encryptData(data, STAGE_KEY, STAGE_IV), STAGE_KEY, STAGE_IV)).toEqual(data)
  })
})

describe("failures", () => {
  const ciphertext = encryptData({ RtnCode: 1 }, STAGE_KEY, STAGE_IV)

  it("rejects a wrong key without revealing it", () => {
    const wrongKey = [...STAGE_KEY].reverse().join("")
    expect(() => decryptData(ciphertext, wrongKey, STAGE_IV)).toThrow(/could not be decrypted/)
    try {
      decryptData(ciphertext, wrongKey, STAGE_IV)
    } catch (error) {
      expect((error as Error).message).not.toContain(wrongKey)
      expect((error as Error).message).not.toContain(STAGE_IV)
    }
  })

  it.each([["not base64 at all!"], [""], ["AAAA"], ["abc"]])("rejects malformed ciphertext %j", (value) => {
    expect(() => decryptString(value, STAGE_KEY, STAGE_IV)).toThrow()
  })

  it("rejects keys that are not 16 bytes, without echoing them", () => {
    expect(() => encryptString("x", "short-secret", STAGE_IV)).toThrow(/hashKey must be exactly 16/)
    expect(() => encryptString("x", STAGE_KEY, "測試測試測試")).toThrow(/hashIV must be exactly 16/)
    expect(() => encryptString("x", "short-secret", STAGE_IV)).not.toThrow(/short-secret/)
  })
})
