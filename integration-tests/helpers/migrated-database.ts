import { createHash } from "node:crypto"
import path from "node:path"
import { createPostgresDatabaseTemplate } from "@medusajs/test-utils"
import { hashFiles, hashTree } from "../../scripts/demo/lib/store-app"
import { installRowRestore, withDatabase } from "./row-restore"

const ROOT = path.resolve(__dirname, "../..")
const TEMPLATE_PREFIX = "ecpay-einvoice-http-migrated-"

/**
 * A database for `medusaIntegrationTestRunner` that starts migrated. Migrating Medusa's ~30 modules takes
 * about half a minute of CPU per spec file; the first spec file of a machine keeps its freshly migrated
 * database as a PostgreSQL template named after what decides the schema (the lock file, the test app's
 * config, the plugin's migrations, models and links), and every later one starts from a copy of it. The
 * runner still runs its migrations and link sync on the copy: they find nothing to do.
 *
 * Pass `dbName` and `hooks` to the runner, and call `keep()` first thing in the suite's `beforeAll`,
 * before anything is seeded. Before each test the runner's restore puts the rows back rather than the
 * whole database (`row-restore.ts`).
 */
export function migratedDatabase(spec: string) {
  installRowRestore()
  const dbName = `ecpay-einvoice-http-${spec}-${process.pid}`
  let templateName: string | undefined
  let fromTemplate = false
  return {
    dbName,
    hooks: {
      beforeServerStart: async () => {
        templateName = TEMPLATE_PREFIX + (await schemaKey())
        fromTemplate = await databaseExists(templateName)
        if (fromTemplate) {
          const [database, template] = [dbName, templateName]
          await withAdminClient(async (client) => {
            await client.query(`drop database if exists ${client.escapeIdentifier(database)}`)
            await client.query(`create database ${client.escapeIdentifier(database)} template ${client.escapeIdentifier(template)}`)
          })
        }
      },
    },
    /** Keeps the migrated database as the machine's template, unless it came from one. */
    keep: async () => {
      if (!templateName || fromTemplate) {
        return
      }
      const kept = await withAdminClient(async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          "select datname from pg_database where datname like $1 order by oid desc",
          [`${TEMPLATE_PREFIX}%`]
        )
        // The two newest of an older schema stay (another checkout may use them); older ones go.
        for (const { datname } of rows.filter((row) => row.datname !== templateName).slice(2)) {
          await client.query(`drop database if exists ${client.escapeIdentifier(datname)}`).catch(() => undefined)
        }
        return rows.some((row) => row.datname === templateName)
      })
      // Another run made it meanwhile.
      if (kept) {
        return
      }
      await createPostgresDatabaseTemplate({ databaseName: dbName, templateName })
    },
  }
}

async function schemaKey(): Promise<string> {
  const files = await hashFiles(["package-lock.json", "medusa-config.ts"].map((file): [string, string] => [file, path.join(ROOT, file)]))
  const trees = await Promise.all(
    ["src/modules/einvoice/migrations", "src/modules/einvoice/models", "src/links", "integration-tests/providers"].map((dir) =>
      hashTree(path.join(ROOT, dir))
    )
  )
  return createHash("sha256")
    .update([files, ...trees].join("\0"))
    .digest("hex")
    .slice(0, 16)
}

async function databaseExists(name: string): Promise<boolean> {
  return withAdminClient(async (client) => (await client.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1)
}

function withAdminClient<T>(use: Parameters<typeof withDatabase<T>>[1]): Promise<T> {
  return withDatabase("postgres", use)
}
