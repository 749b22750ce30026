/**
 * A tax identifier (carrier number, 統一編號) shown to someone who may know the order but not whose it is:
 * its first and last characters stay (so the owner recognises it), the rest become `*`.
 * "/ABC1234" → "/AB***34", "12345675" → "123***75", "AB12345678901234" → "AB1***********34".
 */
export function maskIdentifier(value: string | null): string | null {
  if (!value) {
    return value
  }
  const [head, tail] = value.length >= 7 ? [3, 2] : value.length >= 4 ? [1, 1] : [0, 0]
  return value.slice(0, head) + "*".repeat(value.length - head - tail) + value.slice(value.length - tail)
}
