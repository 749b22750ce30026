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

/** One chunk's answer: each order's result and, once ECPay is paused store-wide, when the pause ends. */
export interface ChunkAnswer {
  results: BulkResendResult[]
  pausedUntil: string | null
}

/**
 * Sends the orders chunk by chunk, one chunk after the other, reporting the summary after each
 * (`progress` answers false to stop: the dialog is gone). Once a chunk says ECPay is paused, the
 * orders left are not sent: they are added as failed with `notSent(pausedUntil)`, and it stops.
 */
export async function resendInChunks(
  orderIds: string[],
  send: (ids: string[]) => Promise<ChunkAnswer>,
  progress: (summary: BulkResendSummary) => boolean,
  notSent: (pausedUntil: string) => { code: string; message: string }
): Promise<BulkResendSummary | null> {
  const chunks = chunk(orderIds)
  let summary = emptySummary(orderIds.length)
  for (const [index, ids] of chunks.entries()) {
    const answer = await send(ids)
    summary = addResults(summary, answer.results)
    const left = chunks.slice(index + 1).flat()
    if (answer.pausedUntil && left.length) {
      summary = addResults(summary, failedChunk(left, notSent(answer.pausedUntil)))
    }
    if (!progress(summary)) {
      return null
    }
    if (answer.pausedUntil) {
      break
    }
  }
  return summary
}

/** The selection after a bulk run: what failed stays selected (to try again), what succeeded is dropped. */
export function keepFailed<T extends { orderId: string }>(selection: Map<string, T>, summary: BulkResendSummary): Map<string, T> {
  const failed = new Set(summary.results.filter((result) => !result.ok).map((result) => result.order_id))
  return new Map(Array.from(selection).filter(([, entry]) => failed.has(entry.orderId)))
}
