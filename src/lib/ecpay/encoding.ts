/**
 * URL encodings used by ECPay.
 *
 * The AES `Data` payload is URL-encoded with PHP `urlencode` semantics (the official SDK's choice); the
 * CheckMacValue uses the ".NET-compatible" variant of the same table.
 */

function isPhpUnreservedByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e // .
  )
}

function isHexDigitByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
}

/** Byte-for-byte PHP `urlencode` of the UTF-8 bytes: uppercase hex, space → `+`, only `A-Za-z0-9-_.` kept. */
export function phpUrlEncode(value: string): string {
  let encoded = ""
  for (const byte of Buffer.from(value, "utf8")) {
    if (isPhpUnreservedByte(byte)) {
      encoded += String.fromCharCode(byte)
    } else if (byte === 0x20) {
      encoded += "+"
    } else {
      encoded += "%" + byte.toString(16).toUpperCase().padStart(2, "0")
    }
  }
  return encoded
}

/** PHP `urldecode`: `+` → space, `%XX` (any case) → byte; malformed `%` sequences are kept literally. */
export function phpUrlDecode(value: string): string {
  const input = Buffer.from(value, "utf8")
  const output = Buffer.alloc(input.length)
  let length = 0
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]
    if (byte === 0x2b) {
      output[length++] = 0x20
    } else if (byte === 0x25 && i + 2 < input.length && isHexDigitByte(input[i + 1]) && isHexDigitByte(input[i + 2])) {
      output[length++] = parseInt(String.fromCharCode(input[i + 1], input[i + 2]), 16)
      i += 2
    } else {
      output[length++] = byte
    }
  }
  return output.subarray(0, length).toString("utf8")
}

// PHP escapes these, ECPay's .NET table leaves them raw (`-`, `_`, `.` are never escaped by PHP anyway).
const DOT_NET_UNESCAPED: Record<string, string> = { "%21": "!", "%2A": "*", "%28": "(", "%29": ")" }

/** ECPay's ".NET encoding" column: PHP `urlencode`, then `! * ( )` restored. Case is left as PHP produces it. */
export function dotNetUrlEncode(value: string): string {
  return phpUrlEncode(value).replace(/%2[1A89]/g, (escape) => DOT_NET_UNESCAPED[escape] ?? escape)
}
