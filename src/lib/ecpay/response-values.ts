import { parseEcpayDateTime } from "./dates"

/** A whole TWD amount as ECPay sends it (a number or digits); null for "", null or anything else. */
export function parseAmount(value: unknown): number | null {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 ? value : null
  }
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null
}

/** ECPay's "1" flags may arrive as a string or a number. */
export function isFlagSet(value: unknown): boolean {
  return String(value ?? "").trim() === "1"
}

/** An ECPay date or date-time (Taipei), or null when absent or unreadable. */
export function parseEcpayDateOrNull(value: string | undefined | null): Date | null {
  if (!value) {
    return null
  }
  try {
    return parseEcpayDateTime(value)
  } catch {
    return null
  }
}
