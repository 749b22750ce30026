import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto"

/**
 * AES-256-GCM for secrets at rest (HashKey, HashIV). The 256-bit key is derived with HKDF from the
 * operator's secret, so any reasonably long string works as `secretKey`. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url; tampering fails authentication.
 */
const VERSION = "v1"
const MIN_SECRET_LENGTH = 16

export class SecretBoxError extends Error {}

export class SecretBox {
  private readonly key: Buffer

  constructor(secret: string) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) {
      throw new SecretBoxError(
        `The e-invoice secret key must be at least ${MIN_SECRET_LENGTH} characters (plugin option "secretKey" or env EINVOICE_SECRET_KEY)`
      )
    }
    this.key = Buffer.from(hkdfSync("sha256", secret, "medusa-plugin-ecpay-einvoice", "settings-secrets", 32))
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", this.key, iv)
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".")
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(".")
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new SecretBoxError("Stored secret has an unknown format")
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"))
      decipher.setAuthTag(Buffer.from(tag, "base64url"))
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8")
    } catch {
      throw new SecretBoxError("Stored secret cannot be decrypted: the secret key changed or the value was altered")
    }
  }
}
