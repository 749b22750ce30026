import { pgUrl, withClient } from "../../scripts/demo/lib/database"

/**
 * Medusa's HTTP test runner restores the database before every test: it drops the database and creates
 * it again from a template taken after the suite's `beforeAll`. PostgreSQL makes every one of Medusa's
 * ~1,400 relation files again for that, about 1.5 s a test on a 2-core machine (most of the HTTP suite's
 * database time). This puts the rows back instead, with the same result for what the tests can see:
 *
 *   - when the runner takes its template, the same rows are copied into the schema `SNAPSHOT_SCHEMA` of
 *     the test database (the template is still made: the runner drops it at the end);
 *   - before each test, in one transaction: every row of the public tables is deleted, the copies are
 *     inserted again and every sequence set back (foreign keys off for the transaction, as in a restore
 *     no row is ever missing its parent at the end).
 *
 * Anything it cannot do the same way falls back to the runner's own restore: a table added or altered
 * since the snapshot, a row lock held by a connection still busy (`lock_timeout`), a user that may not
 * turn foreign keys off. The app's connections stay open, so a test does not pay for reconnecting either.
 *
 * Installed by replacing two functions on the test utils' template module (its exports are plain
 * properties, read at each call); when that module is not where this version keeps it, nothing is
 * replaced and the runner restores as it always did.
 */
export const SNAPSHOT_SCHEMA = "test_row_snapshot"

interface Snapshot {
  /** Public tables with rows when the snapshot was taken. */
  filled: string[]
  /** Every public table then, with its columns: a table added or altered since means the slow restore. */
  shape: string
}

const snapshots = new Map<string, Snapshot>()
let installed = false

export function installRowRestore(): void {
  // TEST_ROW_RESTORE=0: the runner's own restore (to compare, or to rule this out).
  if (installed || process.env.TEST_ROW_RESTORE === "0") return
  installed = true
  let templates: {
    createPostgresDatabaseTemplate: (args: { databaseName: string; templateName: string }) => Promise<void>
    restorePostgresDatabaseFromTemplate: (args: { databaseName: string; templateName: string }) => Promise<void>
  }
  try {
    // The module object itself, whose properties the runner reads at each call (an import would be a copy).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    templates = require("@medusajs/test-utils/dist/medusa-test-runner-utils/postgres-template")
  } catch {
    return
  }
  const { createPostgresDatabaseTemplate: createTemplate, restorePostgresDatabaseFromTemplate: restoreTemplate } = templates
  if (typeof createTemplate !== "function" || typeof restoreTemplate !== "function") return

  templates.createPostgresDatabaseTemplate = async (args) => {
    await createTemplate(args)
    // The runner's own template (`<database>-template`), not a machine-wide one made from a fresh database.
    if (args.templateName === `${args.databaseName}-template`) {
      const snapshot = await takeSnapshot(args.databaseName).catch((error: Error) => {
        fallBack(`no snapshot (${error.message})`)
        return null
      })
      if (snapshot) snapshots.set(args.databaseName, snapshot)
      else snapshots.delete(args.databaseName)
    }
  }
  templates.restorePostgresDatabaseFromTemplate = async (args) => {
    const snapshot = snapshots.get(args.databaseName)
    if (snapshot && (await restoreRows(args.databaseName, snapshot))) return
    snapshots.delete(args.databaseName)
    await restoreTemplate(args)
  }
}

/** A connection to `database` of the tests' PostgreSQL (DB_* of .env.test), for the length of `use`. */
export function withDatabase<T>(database: string, use: Parameters<typeof withClient<T>>[1]): Promise<T> {
  const { DB_USERNAME = "postgres", DB_PASSWORD = "", DB_PORT = "5432", DB_HOST = "localhost" } = process.env
  return withClient(pgUrl(DB_USERNAME, DB_PASSWORD, Number(DB_PORT), database, DB_HOST), use)
}

type Client = Parameters<Parameters<typeof withClient>[1]>[0]

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

async function publicShape(client: Client): Promise<{ tables: string[]; shape: string }> {
  const { rows } = await client.query<{ table_name: string; columns: string }>(
    `select c.relname as table_name, string_agg(a.attname || ':' || a.atttypid::regtype::text, ',' order by a.attnum) as columns
       from pg_class c
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      group by c.relname
      order by c.relname`
  )
  return { tables: rows.map((row) => row.table_name), shape: rows.map((row) => `${row.table_name}(${row.columns})`).join(";") }
}

async function takeSnapshot(database: string): Promise<Snapshot> {
  return withDatabase(database, async (client) => {
    const { tables, shape } = await publicShape(client)
    const filled: string[] = []
    // On an error the connection ends with the transaction open: PostgreSQL rolls it back.
    await client.query("begin")
    await client.query(`drop schema if exists ${SNAPSHOT_SCHEMA} cascade`)
    await client.query(`create schema ${SNAPSHOT_SCHEMA}`)
    for (const table of tables) {
      const { rowCount } = await client.query(`create table ${SNAPSHOT_SCHEMA}.${quote(table)} as select * from public.${quote(table)}`)
      if (rowCount) filled.push(table)
      else await client.query(`drop table ${SNAPSHOT_SCHEMA}.${quote(table)}`)
    }
    await client.query(
      `create table ${SNAPSHOT_SCHEMA}.sequences as
         select quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) as name, s.last_value, s.start_value
           from pg_sequences s where s.schemaname = 'public'`
    )
    await client.query("commit")
    return { filled, shape }
  })
}

/** True when the rows are back; false (nothing changed) when only the runner's restore can do it. */
async function restoreRows(database: string, snapshot: Snapshot): Promise<boolean> {
  return withDatabase(database, async (client) => {
    try {
      await client.query("begin")
      // A connection still writing holds its rows: waited for a while, then the runner's restore, which ends it.
      await client.query("set local lock_timeout = '5s'")
      await client.query("set local session_replication_role = replica")
      const { tables, shape } = await publicShape(client)
      if (shape !== snapshot.shape) {
        await client.query("rollback")
        return fallBack("a public table was added, dropped or altered since the snapshot")
      }
      await client.query(tables.map((table) => `delete from public.${quote(table)};`).join("\n"))
      await client.query(
        snapshot.filled.map((table) => `insert into public.${quote(table)} select * from ${SNAPSHOT_SCHEMA}.${quote(table)};`).join("\n")
      )
      // A sequence never used has no last_value: it starts again at its start value, not yet called.
      await client.query(`select setval(name, coalesce(last_value, start_value), last_value is not null) from ${SNAPSHOT_SCHEMA}.sequences`)
      await client.query("commit")
      return true
    } catch (error) {
      await client.query("rollback").catch(() => undefined)
      return fallBack((error as Error).message)
    }
  })
}

function fallBack(reason: string): false {
  process.stderr.write(`row restore: ${reason}; the runner's restore instead\n`)
  return false
}
