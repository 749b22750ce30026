/** PostgreSQL stores no NUL character: text holding one cannot be saved (or used in a query) and must be refused first. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000")
}

export const NOT_STORABLE_MESSAGE = "must not contain a NUL character"
