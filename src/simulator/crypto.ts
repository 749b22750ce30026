/**
 * The simulator's own implementation of ECPay's B2C transport crypto (docs/ECPAY-PROTOCOL.md §1.3–1.5, §1.8).
 * Deliberately independent of src/lib/ecpay so that a mistake there cannot hide here.
 */
import { createCipheriv, createDecipheriv, createHash } from "node:crypto"

/** PHP `urlencode`: encodes everything except A–Z a–z 0–9 - _ . ; space becomes `+`; uppercase hex. */
export function phpUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (ch) => "%" + ch.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+")
}

/**
 * PHP `urldecode`: `+` is a space, `%XX` (either hex case) is a byte; malformed escapes stay literal,
 * as PHP leaves them. Bytes are reassembled as UTF-8.
 */
export function phpUrlDecode(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === "+") {
      bytes.push(0x20)
    } else if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      const codePoint = text.codePointAt(i) as number
      if (codePoint > 0xffff) i++ // a surrogate pair occupies two UTF-16 units
      bytes.push(...Buffer.from(String.fromCodePoint(codePoint), "utf8"))
    }
  }
  return Buffer.from(bytes).toString("utf8")
}

function aesKeyAndIv(hashKey: string, hashIV: string): { key: Buffer; iv: Buffer } {
  return { key: Buffer.from(hashKey, "utf8"), iv: Buffer.from(hashIV, "utf8") }
}

/** JSON → PHP urlencode → AES-128-CBC/PKCS7 → Base64, as ECPay expects in `Data`. */
export function encryptData(payload: unknown, hashKey: string, hashIV: string): string {
  return encryptText(phpUrlEncode(JSON.stringify(payload)), hashKey, hashIV)
}

/** AES-128-CBC/PKCS7 of an already url-encoded string, Base64 output. */
export function encryptText(urlEncoded: string, hashKey: string, hashIV: string): string {
  const { key, iv } = aesKeyAndIv(hashKey, hashIV)
  const cipher = createCipheriv("aes-128-cbc", key, iv)
  return Buffer.concat([cipher.update(urlEncoded, "utf8"), cipher.final()]).toString("base64")
}

export class DecryptError extends Error {}

/** Base64 → AES-128-CBC/PKCS7 → the url-encoded plaintext (still encoded). Throws DecryptError. */
export function decryptText(cipherText: string, hashKey: string, hashIV: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cipherText) || cipherText.length % 4 !== 0) {
    throw new DecryptError("Data is not Base64")
  }
  const { key, iv } = aesKeyAndIv(hashKey, hashIV)
  try {
    const decipher = createDecipheriv("aes-128-cbc", key, iv)
    return Buffer.concat([decipher.update(Buffer.from(cipherText, "base64")), decipher.final()]).toString("utf8")
  } catch {
    throw new DecryptError("Data cannot be decrypted with this merchant's HashKey/HashIV")
  }
}

/** Full inverse of encryptData. Throws DecryptError, or SyntaxError when the plaintext is not JSON. */
export function decryptData(cipherText: string, hashKey: string, hashIV: string): unknown {
  return JSON.parse(phpUrlDecode(decryptText(cipherText, hashKey, hashIV)))
}

/** The ".NET (ecpay)" flavour used only by CheckMacValue: PHP urlencode, lowercased, `!*()` restored. */
export function dotNetUrlEncode(text: string): string {
  return phpUrlEncode(text).toLowerCase().replace(/%21/g, "!").replace(/%2a/g, "*").replace(/%28/g, "(").replace(/%29/g, ")")
}

/** MD5 CheckMacValue over form fields (docs/ECPAY-PROTOCOL.md §1.8); the `CheckMacValue` field itself is ignored. */
export function computeCheckMacValue(fields: Record<string, string>, hashKey: string, hashIV: string): string {
  const keys = Object.keys(fields)
    .filter((k) => k !== "CheckMacValue")
    .sort((a, b) => {
      const la = a.toLowerCase()
      const lb = b.toLowerCase()
      return la < lb ? -1 : la > lb ? 1 : 0
    })
  const joined = keys.map((k) => `${k}=${fields[k]}`).join("&")
  const raw = `HashKey=${hashKey}&${joined}&HashIV=${hashIV}`
  return createHash("md5").update(dotNetUrlEncode(raw), "utf8").digest("hex").toUpperCase()
}
