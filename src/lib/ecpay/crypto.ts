import { createCipheriv, createDecipheriv } from "crypto"
import { phpUrlDecode, phpUrlEncode } from "./encoding"

/**
 * AES for ECPay's `Data` field: AES-128-CBC with PKCS7 padding, HashKey/HashIV used directly as the 16-byte
 * key/IV, standard Base64 ciphertext. Error messages never include the key, IV or payload.
 */

const CIPHER = "aes-128-cbc"
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function toKeyBytes(value: string, name: "hashKey" | "hashIV"): Buffer {
  const bytes = Buffer.from(value, "utf8")
  if (bytes.length !== 16) {
    throw new RangeError(`${name} must be exactly 16 ASCII characters`)
  }
  return bytes
}

/** Encrypts an already URL-encoded string (the official test vectors are given in this form). */
export function encryptString(plaintext: string, hashKey: string, hashIV: string): string {
  const cipher = createCipheriv(CIPHER, toKeyBytes(hashKey, "hashKey"), toKeyBytes(hashIV, "hashIV"))
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64")
}

/** Decrypts Base64 ciphertext to the raw (still URL-encoded) string. Throws on malformed input or a wrong key. */
export function decryptString(ciphertext: string, hashKey: string, hashIV: string): string {
  if (ciphertext.length === 0 || !BASE64_PATTERN.test(ciphertext)) {
    throw new Error("ciphertext is not Base64")
  }
  const bytes = Buffer.from(ciphertext, "base64")
  if (bytes.length % 16 !== 0) {
    throw new Error("ciphertext length is not a multiple of the AES block size")
  }
  const decipher = createDecipheriv(CIPHER, toKeyBytes(hashKey, "hashKey"), toKeyBytes(hashIV, "hashIV"))
  try {
    return Buffer.concat([decipher.update(bytes), decipher.final()]).toString("utf8")
  } catch {
    throw new Error("ciphertext could not be decrypted (bad padding: wrong key/IV or corrupted data)")
  }
}

/** JSON → PHP urlencode → AES → Base64, as ECPay expects in the request `Data` field. */
export function encryptData(data: unknown, hashKey: string, hashIV: string): string {
  return encryptString(phpUrlEncode(JSON.stringify(data)), hashKey, hashIV)
}

/** Reverses {@link encryptData}: Base64 → AES → PHP urldecode (`+` is a space) → JSON. */
export function decryptData(ciphertext: string, hashKey: string, hashIV: string): unknown {
  return JSON.parse(phpUrlDecode(decryptString(ciphertext, hashKey, hashIV)))
}
