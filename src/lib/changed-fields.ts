/**
 * The fields of `next` whose value differs from the row's: JSON values compared by content (a jsonb
 * column gives its keys back in its own order), null and undefined alike. An empty result means the row
 * already holds `next`, and writing it would change nothing.
 */
export function changedFields<T extends Record<string, unknown>>(row: Record<string, unknown>, next: T): Partial<T> {
  const changed: Partial<T> = {}
  for (const [key, value] of Object.entries(next)) {
    if (!sameValue(row[key], value)) {
      ;(changed as Record<string, unknown>)[key] = value
    }
  }
  return changed
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || ((a === null || a === undefined) && (b === null || b === undefined))) {
    return true
  }
  if (a instanceof Date || b instanceof Date) {
    return new Date(a as string).getTime() === new Date(b as string).getTime()
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return false
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]))
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
