import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt } from "node:crypto"

/**
 * AES-256-GCM for secrets at rest (HashKey, HashIV).
 *
 * Key derivation is deliberately slow: scrypt (N = 2^15, r = 8, p = 1: 32 MiB and about 0.15 s per try on
 * a 2-core server) with a random 16-byte salt, stored in each value. The operator's `secretKey` is often a
 * passphrase typed into an env file, and nothing can verify that a string is random; a slow, salted KDF
 * makes each guess against a database dump cost that much, and no table can be precomputed. A box seals
 * with one salt of its own (drawn when it is made), so a process pays for one derivation however often
 * settings are saved; a value sealed elsewhere costs one more, once: derived keys are kept per salt.
 * Every value still has its own random nonce.
 *
 * Each value is sealed with associated data naming where it belongs (table row and field), so a HashKey
 * ciphertext cannot be swapped into the HashIV column or another row: it fails authentication.
 *
 * Stored form: `v2.<log2 N>.<salt>.<iv>.<tag>.<ciphertext>` (base64url). `v1.<iv>.<tag>.<ciphertext>`
 * (HKDF, no associated data) is still read, and reported stale so the caller seals it again as v2.
 */
const VERSION = "v2"
const LEGACY_VERSION = "v1"
const MIN_SECRET_LENGTH = 16
const SCRYPT_LOG2_N = 15
const SCRYPT = { r: 8, p: 1 }
/** Derived keys kept per box, one per salt met (the oldest is dropped first). */
const KEY_CACHE_SIZE = 32

export class SecretBoxError extends Error {}

/** The stored value cannot be opened with any configured key (the key changed or is missing, or the value was altered). */
export class SecretUnreadableError extends SecretBoxError {}

export interface OpenedSecret {
  plaintext: string
  /** Opened with a previous key or from the old format: seal it again with the current key. */
  stale: boolean
}

export class SecretBox {
  private readonly secrets: string[]
  private readonly keys = new Map<string, Promise<Buffer>>()
  /** The salt of every value this box seals. */
  private readonly sealSalt = randomBytes(16)

  /**
   * @param secret the current key material; new values are sealed with it.
   * @param previous earlier keys, still accepted for opening (key rotation); values they open are stale.
   */
  constructor(secret: string, previous: readonly string[] = []) {
    for (const candidate of [secret, ...previous]) {
      if (!candidate || candidate.length < MIN_SECRET_LENGTH) {
        throw new SecretBoxError(
          `Each e-invoice secret key must be at least ${MIN_SECRET_LENGTH} characters (plugin options "secretKey" and "previousSecretKeys", or env EINVOICE_SECRET_KEY and EINVOICE_PREVIOUS_SECRET_KEYS)`
        )
      }
    }
    this.secrets = [secret, ...previous.filter((key) => key !== secret)]
  }

  /** Seals `plaintext` for the place named by `associatedData` (e.g. "ecpay_einvoice_setting:<id>:hash_key"). */
  async seal(plaintext: string, associatedData: string): Promise<string> {
    const salt = this.sealSalt
    const key = await this.derive(0, salt, SCRYPT_LOG2_N)
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", key, iv)
    cipher.setAAD(Buffer.from(associatedData, "utf8"))
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    return [VERSION, String(SCRYPT_LOG2_N), ...[salt, iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(
      "."
    )
  }

  /** Opens a value sealed for `associatedData`, with the current key or a previous one. */
  async open(sealed: string, associatedData: string): Promise<OpenedSecret> {
    const parts = sealed.split(".")
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      return this.openLegacy(parts.slice(1) as [string, string, string])
    }
    const [version, logN, salt, iv, tag, ciphertext] = parts
    const log2N = Number(logN)
    if (version !== VERSION || parts.length !== 6 || !Number.isInteger(log2N) || log2N < 14 || log2N > 20 || !salt || !iv || !tag) {
      throw new SecretUnreadableError("Stored secret has an unknown format")
    }
    for (let index = 0; index < this.secrets.length; index++) {
      const key = await this.derive(index, Buffer.from(salt, "base64url"), log2N)
      const plaintext = decrypt(key, iv, tag, ciphertext!, associatedData)
      if (plaintext !== null) {
        return { plaintext, stale: index > 0 || log2N !== SCRYPT_LOG2_N }
      }
    }
    throw unreadable()
  }

  private openLegacy([iv, tag, ciphertext]: [string, string, string]): OpenedSecret {
    for (const secret of this.secrets) {
      const key = Buffer.from(hkdfSync("sha256", secret, "medusa-plugin-ecpay-einvoice", "settings-secrets", 32))
      const plaintext = decrypt(key, iv, tag, ciphertext, null)
      if (plaintext !== null) {
        return { plaintext, stale: true }
      }
    }
    throw unreadable()
  }

  private derive(index: number, salt: Buffer, log2N: number): Promise<Buffer> {
    const cacheKey = `${index}:${log2N}:${salt.toString("base64url")}`
    let key = this.keys.get(cacheKey)
    if (!key) {
      const N = 2 ** log2N
      key = new Promise<Buffer>((resolve, reject) =>
        scrypt(this.secrets[index]!, salt, 32, { N, ...SCRYPT, maxmem: 256 * N * SCRYPT.r }, (error, derived) =>
          error ? reject(error) : resolve(derived)
        )
      )
      // A failed derivation (out of memory) is not remembered.
      key.catch(() => this.keys.delete(cacheKey))
      if (this.keys.size >= KEY_CACHE_SIZE) {
        this.keys.delete(this.keys.keys().next().value!)
      }
      this.keys.set(cacheKey, key)
    }
    return key
  }
}

function decrypt(key: Buffer, iv: string, tag: string, ciphertext: string, associatedData: string | null): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"))
    if (associatedData !== null) {
      decipher.setAAD(Buffer.from(associatedData, "utf8"))
    }
    decipher.setAuthTag(Buffer.from(tag, "base64url"))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8")
  } catch {
    return null
  }
}

function unreadable() {
  return new SecretUnreadableError(
    "Stored secret cannot be decrypted: the secret key changed (add the old one to previousSecretKeys) or the value was altered"
  )
}
