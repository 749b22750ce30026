/**
 * The demo's choice of database: a local PostgreSQL that is busy is waited for, never swapped for an
 * empty embedded one; one that refuses the user is left for the embedded one. The "local PostgreSQL"
 * here is a TCP front on a free port: it answers the first connections as PostgreSQL does when busy or
 * refusing, then passes connections through to the machine's PostgreSQL (localhost:5432, as every suite).
 */
import { createServer, Socket, type Server } from "node:net"
import { localDatabase, localDatabaseFailure } from "../database"
import { isListening } from "../processes"
import { optionsFromEnv, type DemoOptions } from "../config"

// The machine's PostgreSQL, as the other suites reach it (.env.test).
const PG_PORT = Number(process.env.DB_PORT || 5432)
const PG_USER = process.env.DB_USERNAME || "postgres"

/** A PostgreSQL ErrorResponse, as the server sends it during startup. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0`, "utf8"), Buffer.from([0])])
  const head = Buffer.alloc(5)
  head.write("E", 0, "latin1")
  head.writeInt32BE(fields.length + 4, 1)
  return Buffer.concat([head, fields])
}

interface Front {
  port: number
  connections: () => number
  close: () => Promise<void>
}

/** Answers the first `refusals` startup messages with `error`, then forwards to the machine's PostgreSQL. */
async function postgresFront(refusals: number, error: Buffer): Promise<Front> {
  let seen = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    client.on("close", () => sockets.delete(client))
    client.on("error", () => undefined)
    // Counted at the startup message: a bare probe of the port (isListening) sends none.
    client.once("data", (startup) => {
      seen += 1
      if (seen <= refusals) {
        // PostgreSQL reads the startup message, answers with the error and closes.
        client.end(error)
        return
      }
      const upstream = new Socket()
      sockets.add(upstream)
      upstream.on("close", () => sockets.delete(upstream))
      upstream.on("error", () => client.destroy())
      client.on("error", () => upstream.destroy())
      upstream.connect(PG_PORT, "localhost", () => {
        upstream.write(startup)
        client.pipe(upstream)
        upstream.pipe(client)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve))
  const port = (server.address() as { port: number }).port
  return {
    port,
    connections: () => seen,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy())
        server.close(() => resolve())
      }),
  }
}

function options(port: number, lines: string[]): DemoOptions {
  return {
    ...optionsFromEnv({}),
    pgProbePort: port,
    // An existing database: nothing is created on the machine's PostgreSQL.
    databaseName: "postgres",
    pgUser: PG_USER,
    pgPassword: process.env.DB_PASSWORD ?? "postgres",
    log: (line: string) => lines.push(line),
  }
}

describe("the demo's local PostgreSQL", () => {
  let front: Front | null = null
  afterEach(async () => {
    await front?.close()
    front = null
  })

  it("waits while PostgreSQL answers 'too many clients', then uses it", async () => {
    front = await postgresFront(2, errorResponse("53300", "sorry, too many clients already"))
    const lines: string[] = []
    const database = await localDatabase(options(front.port, lines))
    expect(database?.kind).toBe("local")
    expect(database?.url).toContain(`localhost:${front.port}/postgres`)
    expect(front.connections()).toBeGreaterThanOrEqual(3)
    expect(lines.join("\n")).toContain("is busy (sorry, too many clients already); waiting for it")
    expect(lines.join("\n")).not.toContain("embedded")
  })

  it("waits while PostgreSQL is starting up", async () => {
    front = await postgresFront(1, errorResponse("57P03", "the database system is starting up"))
    const lines: string[] = []
    expect((await localDatabase(options(front.port, lines)))?.kind).toBe("local")
    expect(lines.join("\n")).toContain("is busy (the database system is starting up)")
  })

  it("leaves a PostgreSQL that refuses the password to the embedded one, saying why and what to set", async () => {
    front = await postgresFront(Infinity, errorResponse("28P01", 'password authentication failed for user "postgres"'))
    const lines: string[] = []
    expect(await localDatabase(options(front.port, lines))).toBeNull()
    expect(front.connections()).toBe(1)
    expect(lines.join("\n")).toContain(`did not let ${PG_USER} in (password authentication failed for user "postgres")`)
    expect(lines.join("\n")).toContain("Set DATABASE_URL (or DB_USERNAME / DB_PASSWORD)")
  })

  it("is not used when nothing listens on the port", async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, "localhost", resolve))
    const port = (server.address() as { port: number }).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    expect(await localDatabase(options(port, []))).toBeNull()
  })

  it.each([
    ["28000", "refused"],
    ["28P01", "refused"],
    ["42501", "refused"],
    ["53300", "transient"],
    ["57P03", "transient"],
    ["ECONNRESET", "transient"],
    [undefined, "transient"],
  ])("classifies a failure with code %s as %s", (code, expected) => {
    const error = Object.assign(new Error("x"), code ? { code } : {})
    expect(localDatabaseFailure(error)).toBe(expected)
  })
})

describe("isListening", () => {
  it("finds a listening port even when the event loop was blocked past its timeout", async () => {
    const server = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => server.listen(0, "localhost", resolve))
    const port = (server.address() as { port: number }).port
    try {
      const probe = isListening(port, "localhost", 200)
      // What a synchronous child process (npm pack) beside the probe does to the event loop.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800)
      expect(await probe).toBe(true)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it("answers false for a port where nothing listens", async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, "localhost", resolve))
    const port = (server.address() as { port: number }).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    expect(await isListening(port, "localhost", 200)).toBe(false)
  })
})
