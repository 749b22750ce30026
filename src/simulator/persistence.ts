/**
 * The state file (SimulatorOptions.stateFile, `--state-file`): the simulator's documents kept on disk
 * so a restarted simulator still knows the invoices it issued (the demo keeps its database between
 * runs, and ECPay answers 1600003 for an invoice it does not know).
 *
 * Kept: invoices (with their awards), allowances, delayed invoices, notifications, print pages, the
 * registry additions and the number counters. Not kept: faults, the request log, the clock, merchants'
 * keys. The file is JSON: `{ format, version, …contents }`, dates as `{ "$date": ISO }`.
 *
 * Loading (at start): a missing file is an empty state; a file that cannot be read or parsed, or has
 * another format or version, is moved aside to `<file>.corrupt-<time>` with one log line and the
 * simulator starts empty — it never fails to start because of it.
 *
 * Saving: after each change the whole state is written to `<file>.tmp` in the same folder, then renamed
 * over the file (a reader or a crash never sees half a file). Writes run one at a time off the request
 * path: changes made while one is under way are written together by the next one, and a state that
 * serialises to what was last written is not written again. `flush()` waits for the last write.
 */
import { mkdirSync, readFileSync, renameSync } from "node:fs"
import { mkdir, rename, writeFile } from "node:fs/promises"
import path from "node:path"
import type { SimulatorStore, StoreContents } from "./state"

export const STATE_FILE_FORMAT = "ecpay-b2c-simulator-state"
export const STATE_FILE_VERSION = 1

/** A state file that cannot be used: its contents are not (or no longer) what this simulator writes. */
export class StateFileError extends Error {}

// Dates ------------------------------------------------------------------------------------------

/** JSON.stringify replacer: Dates as `{ "$date": ISO }` (the holder's own value, before toJSON). */
function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key]
  return original instanceof Date ? { $date: original.toISOString() } : value
}

/** JSON.parse reviver: `{ "$date": ISO }` back to a Date. */
function dateReviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value)
    const text = (value as { $date?: unknown }).$date
    if (keys.length === 1 && keys[0] === "$date") {
      const date = typeof text === "string" ? new Date(text) : null
      if (!date || Number.isNaN(date.getTime())) throw new StateFileError(`invalid date ${JSON.stringify(text)}`)
      return date
    }
  }
  return value
}

// Serialising ------------------------------------------------------------------------------------

export function serializeStore(store: SimulatorStore): string {
  return `${JSON.stringify({ format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION, ...store.exportContents() }, dateReplacer)}\n`
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new StateFileError(what)
}

function checkList(value: unknown, what: string, each: (entry: Record<string, unknown>, index: number) => void): void {
  check(Array.isArray(value), `${what} is not a list`)
  ;(value as unknown[]).forEach((entry, index) => {
    check(isObject(entry), `${what}[${index}] is not an object`)
    each(entry, index)
  })
}

const isDate = (value: unknown) => value instanceof Date
const isDateOrNull = (value: unknown) => value === null || value instanceof Date
const isString = (value: unknown) => typeof value === "string"
const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value)

/**
 * Reads state file text into store contents. Throws StateFileError when it is not JSON, not this format,
 * another version, or its records lack what the simulator relies on (numbers, dates, contents).
 */
export function parseStateFile(text: string): StoreContents {
  let parsed: unknown
  try {
    parsed = JSON.parse(text, dateReviver)
  } catch (error) {
    if (error instanceof StateFileError) throw error
    throw new StateFileError("not JSON")
  }
  check(isObject(parsed), "not a JSON object")
  check(parsed.format === STATE_FILE_FORMAT, `format is ${JSON.stringify(parsed.format)}, not "${STATE_FILE_FORMAT}"`)
  check(
    parsed.version === STATE_FILE_VERSION,
    `version ${JSON.stringify(parsed.version)}, this simulator reads version ${STATE_FILE_VERSION}`
  )
  const document = (entry: Record<string, unknown>) =>
    isObject(entry.content) && Array.isArray((entry.content as { items?: unknown }).items)
  checkList(parsed.invoices, "invoices", (inv, i) => {
    check(isString(inv.merchantId) && isString(inv.invoiceNo) && isString(inv.randomNumber), `invoices[${i}]: numbers missing`)
    check(
      isDate(inv.invoiceDate) && document(inv) && isString((inv.content as { relateNumber?: unknown }).relateNumber),
      `invoices[${i}]: date or content missing`
    )
    check(Array.isArray(inv.reissues) && isNumber(inv.printCount), `invoices[${i}]: reissues or printCount missing`)
    check(inv.voided === null || (isObject(inv.voided) && isDate(inv.voided.at)), `invoices[${i}]: voided is not null or { at, reason }`)
    check(
      inv.award === null || (isObject(inv.award) && isNumber(inv.award.type) && isDate(inv.award.at)),
      `invoices[${i}]: award is not null or { type, at }`
    )
  })
  checkList(parsed.allowances, "allowances", (a, i) => {
    check(isString(a.allowanceNo) && isString(a.merchantId) && isString(a.invoiceNo), `allowances[${i}]: numbers missing`)
    check(isString(a.status) && isNumber(a.amount) && document(a), `allowances[${i}]: status, amount or content missing`)
    check(isDate(a.createdAt) && isDateOrNull(a.issuedAt) && isDateOrNull(a.expiresAt), `allowances[${i}]: dates missing`)
  })
  checkList(parsed.delayed, "delayed", (d, i) => {
    check(isString(d.merchantId) && isString(d.tsr) && isString(d.status) && document(d), `delayed[${i}]: Tsr, status or content missing`)
    check(isDate(d.createdAt) && isDateOrNull(d.dueAt) && isDateOrNull(d.triggeredAt), `delayed[${i}]: dates missing`)
  })
  checkList(parsed.notifications, "notifications", (n, i) => check(isDate(n.at), `notifications[${i}]: date missing`))
  check(
    Array.isArray(parsed.printPages) &&
      parsed.printPages.every((entry) => Array.isArray(entry) && entry.length === 2 && isString(entry[0]) && isObject(entry[1])),
    "printPages is not a list of [token, page]"
  )
  const listOf = (value: unknown, test: (entry: unknown) => boolean) => value === undefined || (Array.isArray(value) && value.every(test))
  checkList(parsed.registryAdditions, "registryAdditions", (r, i) =>
    check(
      listOf(r.barcodes, isString) &&
        listOf(r.unknownBarcodes, isString) &&
        listOf(r.loveCodes, (e) => isObject(e) && isString(e.code) && isString(e.name)) &&
        listOf(r.companies, (e) => isObject(e) && isString(e.taxId) && isString(e.name)),
      `registryAdditions[${i}] is not { barcodes?, unknownBarcodes?, loveCodes?, companies? }`
    )
  )
  const numbers = parsed.numbers
  check(
    isObject(numbers) &&
      isNumber(numbers.trackStart) &&
      isNumber(numbers.allowanceCounter) &&
      Array.isArray(numbers.trackCounters) &&
      numbers.trackCounters.every((entry) => Array.isArray(entry) && entry.length === 2 && isString(entry[0]) && isNumber(entry[1])),
    "numbers is not { trackStart, trackCounters, allowanceCounter }"
  )
  return parsed as unknown as StoreContents
}

// Loading ----------------------------------------------------------------------------------------

export type LoadOutcome =
  | { kind: "missing" }
  | { kind: "loaded"; invoices: number; allowances: number }
  /** moved aside (`movedTo`, null when even that failed), the simulator started empty */
  | { kind: "discarded"; reason: string; movedTo: string | null }

/**
 * Loads `file` into `store` (synchronously: it runs once, before the server listens). The store is left
 * untouched unless the whole file is usable.
 */
export function loadStateFile(file: string, store: SimulatorStore, log: (line: string) => void): LoadOutcome {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" }
    return discard(file, `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, log)
  }
  let contents: StoreContents
  try {
    contents = parseStateFile(text)
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error
    return discard(file, error.message, log)
  }
  store.importContents(contents)
  return { kind: "loaded", invoices: contents.invoices.length, allowances: contents.allowances.length }
}

function discard(file: string, reason: string, log: (line: string) => void): LoadOutcome {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`
  try {
    renameSync(file, movedTo)
    log(`[ecpay-simulator] state file ${file} not used (${reason}): moved to ${path.basename(movedTo)}; starting with no documents`)
    return { kind: "discarded", reason, movedTo }
  } catch (error) {
    log(
      `[ecpay-simulator] state file ${file} not used (${reason}) and could not be moved aside (${(error as Error).message}); starting with no documents`
    )
    return { kind: "discarded", reason, movedTo: null }
  }
}

// Saving -----------------------------------------------------------------------------------------

/** Writes the store to its file after changes, one write at a time, coalescing what comes meanwhile. */
export class StateFileWriter {
  private lastWritten: string | null = null
  private running: Promise<void> | null = null
  private again = false
  private failing = false

  constructor(
    readonly file: string,
    private readonly store: SimulatorStore,
    private readonly log: (line: string) => void
  ) {
    mkdirSync(path.dirname(file), { recursive: true })
  }

  /** The state as it was loaded (or found empty): not written again until it changes. */
  markLoaded(): void {
    this.lastWritten = serializeStore(this.store)
  }

  /** Something may have changed: write it soon (at once when no write is under way). */
  changed(): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.drain().finally(() => {
      this.running = null
    })
  }

  /** Resolves once everything changed so far is on disk (or its write failed and was logged). */
  async flush(): Promise<void> {
    while (this.running) await this.running
  }

  private async drain(): Promise<void> {
    // A burst of requests in the same tick is one write.
    await new Promise<void>((resolve) => setImmediate(resolve))
    do {
      this.again = false
      const text = serializeStore(this.store)
      if (text === this.lastWritten) continue
      try {
        await this.write(text)
        this.lastWritten = text
        if (this.failing) this.log(`[ecpay-simulator] state file ${this.file} written again`)
        this.failing = false
      } catch (error) {
        // One line per run of failures; the next change tries again.
        if (!this.failing) this.log(`[ecpay-simulator] could not write state file ${this.file}: ${(error as Error).message}`)
        this.failing = true
      }
    } while (this.again)
  }

  private async write(text: string): Promise<void> {
    const temporary = `${this.file}.tmp`
    await mkdir(path.dirname(this.file), { recursive: true })
    await writeFile(temporary, text)
    await rename(temporary, this.file)
  }
}
