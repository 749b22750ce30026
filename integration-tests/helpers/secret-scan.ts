import { inspect } from "node:util"

const LINES = Symbol.for("ecpay-einvoice.console-lines")

/**
 * Starts keeping every line written through `console` (still printed as before). Medusa's logger writes
 * there in the HTTP suite (the app runs in the test process) and binds `console.log` when it loads, so
 * this runs first, as a Jest setup file of the HTTP suite (integration-tests/http/capture-console.ts).
 */
export function captureConsole(): void {
  const lines: string[] = []
  ;(globalThis as Record<symbol, unknown>)[LINES] = lines
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console)
    console[level] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 6 }))).join(" "))
      original(...args)
    }
  }
  // Winston's console transport writes to the console's own streams when it has them.
  const streams = console as unknown as Record<"_stdout" | "_stderr", NodeJS.WritableStream | undefined>
  for (const stream of [streams._stdout, streams._stderr]) {
    if (!stream) continue
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk))
      return write(chunk, ...rest)
    }) as NodeJS.WritableStream["write"]
  }
}

/** The lines `captureConsole` has kept so far in this test file. */
export function consoleLines(): string[] {
  const lines = (globalThis as Record<symbol, unknown>)[LINES]
  if (!Array.isArray(lines)) throw new Error("captureConsole() did not run: it is a setup file of the HTTP suite")
  return lines as string[]
}

interface Sql {
  raw: (query: string, bindings?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>
}

/**
 * The columns of the database (every table of the public schema, every text, varchar, json or jsonb
 * column) that hold any of `needles`, as "table.column". One query per table.
 */
export async function columnsContaining(db: Sql, needles: string[]): Promise<string[]> {
  const { rows } = await db.raw(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb')
      order by table_name, column_name`
  )
  const byTable = new Map<string, string[]>()
  for (const row of rows) byTable.set(String(row.table_name), [...(byTable.get(String(row.table_name)) ?? []), String(row.column_name)])
  const hits: string[] = []
  for (const [table, columns] of byTable) {
    const holds = (column: string) => needles.map(() => `position(? in coalesce("${column}"::text, '')) > 0`).join(" or ")
    const checks = columns.map((column) => `bool_or(${holds(column)}) as "${column}"`)
    const { rows: found } = await db.raw(
      `select ${checks.join(", ")} from "${table}"`,
      columns.flatMap(() => needles)
    )
    for (const column of columns) if (found[0]?.[column]) hits.push(`${table}.${column}`)
  }
  return hits
}
