// Bulk resend in chunks: which order ids go in which request, and the running summary. No React, so the
// unit tests can run it in node.
import type { BulkResendResult } from "../../lib/types"

/** The server takes up to 100 order ids; smaller chunks let the page show progress as it goes. */
export const BULK_CHUNK_SIZE = 10

/** Unique order ids, in the order given (an order with two listed invoices is one request). */
export function uniqueOrderIds(ids: string[]): string[] {
  return Array.from(new Set(ids.filter(Boolean)))
}

export function chunk<T>(items: T[], size = BULK_CHUNK_SIZE): T[][] {
  const chunks: T[][] = []
  for (let index = 0; index < items.length; index += size) {
    chunks.push(items.slice(index, index + size))
  }
  return chunks
}

export interface BulkResendSummary {
  total: number
  done: number
  sent: number
  failed: number
  results: BulkResendResult[]
}

export function emptySummary(total: number): BulkResendSummary {
  return { total, done: 0, sent: 0, failed: 0, results: [] }
}

/** Adds one chunk's answers (or, when the request itself failed, that chunk as failed with `error`). */
export function addResults(summary: BulkResendSummary, results: BulkResendResult[]): BulkResendSummary {
  const sent = results.filter((result) => result.ok).length
  return {
    total: summary.total,
    done: summary.done + results.length,
    sent: summary.sent + sent,
    failed: summary.failed + results.length - sent,
    results: [...summary.results, ...results],
  }
}

/** A chunk whose request failed: every order in it failed with the request's error. */
export function failedChunk(orderIds: string[], error: { code?: string | null; message: string }): BulkResendResult[] {
  return orderIds.map((order_id) => ({
    order_id,
    ok: false,
    outcome: null,
    invoice_number: null,
    error: { code: error.code ?? null, message: error.message },
  }))
}
