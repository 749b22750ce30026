/**
 * Replaces secret values in a structure before it is logged, audited or returned. Keys are matched
 * by name, so a secret is hidden wherever it appears (e.g. `hash_key`, `HashKey`, `hashIV`).
 */
const SECRET_KEY_PATTERN = /hash_?key|hash_?iv|secret|password|token|authorization/i
export const REDACTED = "[redacted]"

export function redactSecrets<T>(value: T): T {
  return redact(value, new WeakSet()) as T
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== "object") {
    return value
  }
  if (seen.has(value)) {
    return undefined
  }
  seen.add(value)
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, seen))
  }
  if (value instanceof Date) {
    return value
  }
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY_PATTERN.test(key) && inner !== null && inner !== undefined && inner !== "" ? REDACTED : redact(inner, seen)
  }
  return out
}
