import { createCipheriv, hkdfSync, randomBytes } from "node:crypto"
import { SecretBox, SecretBoxError, SecretUnreadableError } from "../secret-box"

const CURRENT = "current-secret-key-0123456789abcdef"
const OLD = "old-secret-key-0123456789abcdef"
const HASH_KEY_PLACE = "ecpay_einvoice_setting:default:hash_key"
const HASH_IV_PLACE = "ecpay_einvoice_setting:default:hash_iv"

/** A value as the first release stored it: HKDF key, no associated data. */
function legacySeal(secret: string, plaintext: string): string {
  const key = Buffer.from(hkdfSync("sha256", secret, "medusa-plugin-ecpay-einvoice", "settings-secrets", 32))
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
  return ["v1", iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".")
}

describe("SecretBox", () => {
  const box = new SecretBox(CURRENT)

  it("opens what it sealed, for the same place; each seal has its own nonce, each box its own salt", async () => {
    const first = await box.seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    const second = await box.seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    const otherBox = await new SecretBox(CURRENT).seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    expect(first).toMatch(/^v2\.15\.[\w-]{22}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/)
    expect(first.split(".")[3]).not.toBe(second.split(".")[3])
    expect(first.split(".")[5]).not.toBe(second.split(".")[5])
    expect(first.split(".")[2]).not.toBe(otherBox.split(".")[2])
    expect(await new SecretBox(CURRENT).open(otherBox, HASH_KEY_PLACE)).toEqual({ plaintext: "ejCk326UnaZWKisg", stale: false })
    expect(first).not.toContain("ejCk326UnaZWKisg")
    expect(await box.open(first, HASH_KEY_PLACE)).toEqual({ plaintext: "ejCk326UnaZWKisg", stale: false })
  })

  it("refuses a value moved to another field or another row (associated data)", async () => {
    const sealed = await box.seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    await expect(box.open(sealed, HASH_IV_PLACE)).rejects.toThrow(SecretUnreadableError)
    await expect(box.open(sealed, "ecpay_einvoice_setting:other:hash_key")).rejects.toThrow(SecretUnreadableError)
  })

  it("refuses an altered value, an unknown format and a cost parameter out of range", async () => {
    const sealed = await box.seal("q9jcZX8Ib9LM8wYk", HASH_IV_PLACE)
    const parts = sealed.split(".")
    const flipped = parts[5]!.startsWith("A") ? `B${parts[5]!.slice(1)}` : `A${parts[5]!.slice(1)}`
    await expect(box.open([...parts.slice(0, 5), flipped].join("."), HASH_IV_PLACE)).rejects.toThrow(SecretUnreadableError)
    await expect(box.open("v3.abc", HASH_IV_PLACE)).rejects.toThrow(/unknown format/)
    await expect(box.open(["v2", "30", ...parts.slice(2)].join("."), HASH_IV_PLACE)).rejects.toThrow(/unknown format/)
  })

  it("with another key, the value cannot be read: a lost key is an error to show, not a crash", async () => {
    const sealed = await new SecretBox(OLD).seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    await expect(box.open(sealed, HASH_KEY_PLACE)).rejects.toThrow(/secret key changed/)
  })

  it("rotation: a previous key still opens its values, which are reported stale to be sealed again", async () => {
    const sealedWithOld = await new SecretBox(OLD).seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    const rotated = new SecretBox(CURRENT, [OLD])
    expect(await rotated.open(sealedWithOld, HASH_KEY_PLACE)).toEqual({ plaintext: "ejCk326UnaZWKisg", stale: true })
    const resealed = await rotated.seal("ejCk326UnaZWKisg", HASH_KEY_PLACE)
    // Sealed again with the current key: readable once the previous key is gone.
    expect(await box.open(resealed, HASH_KEY_PLACE)).toEqual({ plaintext: "ejCk326UnaZWKisg", stale: false })
  })

  it("reads the first release's format (v1) with the current or a previous key, as stale", async () => {
    expect(await box.open(legacySeal(CURRENT, "ejCk326UnaZWKisg"), HASH_KEY_PLACE)).toEqual({ plaintext: "ejCk326UnaZWKisg", stale: true })
    expect(await new SecretBox(CURRENT, [OLD]).open(legacySeal(OLD, "q9jcZX8Ib9LM8wYk"), HASH_IV_PLACE)).toEqual({
      plaintext: "q9jcZX8Ib9LM8wYk",
      stale: true,
    })
    await expect(box.open(legacySeal(OLD, "q9jcZX8Ib9LM8wYk"), HASH_IV_PLACE)).rejects.toThrow(SecretUnreadableError)
  })

  it("refuses a short key, current or previous, naming the options", () => {
    expect(() => new SecretBox("too-short")).toThrow(SecretBoxError)
    expect(() => new SecretBox(CURRENT, ["short"])).toThrow(/previousSecretKeys/)
  })
})
