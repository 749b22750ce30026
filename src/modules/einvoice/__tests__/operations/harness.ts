/**
 * Module tests of the einvoice module's ECPay operations (../../operations): the module alone on its
 * own database (fresh for every test), talking over HTTP to one in-process ECPay simulator per file.
 * No Medusa app, no store flow: an operation's input is built here (`invoicedOrder`), the way the
 * workflows' steps build it from Medusa's Query.
 *
 *   describeOperations("issue", (h) => {
 *     it("…", async () => {
 *       const { order, invoice } = await h.issue()
 *       expect(h.requestsFor("Issue")).toHaveLength(1)
 *     })
 *   })
 *
 * Each file uses its own database (named after the suite, with a random suffix), so a file can run while
 * another job runs the same suite; the database is dropped when the file ends.
 */
import { initModules, MockEventBusService, TestDatabaseUtils } from "@medusajs/test-utils"
import {
  ContainerRegistrationKeys,
  createPgConnection,
  isSharedConnectionSymbol,
  Modules,
  toMikroOrmEntities,
} from "@medusajs/framework/utils"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Client } from "pg"
import { EINVOICE_MODULE } from "../.."
import type EinvoiceModuleService from "../../service"
import type { Actor, SettingsUpdate } from "../../service"
import { Einvoice, EinvoiceAllowance, EinvoiceCheckWindow, EinvoiceEvent, EinvoicePreference, EinvoiceSetting } from "../../models"
import type { IssueTrigger } from "../../operations/issue"
import type { PrepareAllowanceInput, PreparedAllowance } from "../../operations/allowance"
import type { InvoicedOrder } from "../../../../lib/order-for-invoice"
import type { OrderForInvoice } from "../../../../lib/order-invoice-payload"
import { DEFAULT_CHOICE, type StoredChoice } from "../../../../lib/invoice-choice"
import { EcpayInvoiceClient } from "../../../../lib/ecpay"
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../../simulator"
import { CHARITIES, simulatorSettings, STAGE } from "../../../../../integration-tests/helpers/einvoice"

// ECPay's public stage merchant (the simulator knows it) and the charities, as the HTTP suite's.
export { CHARITIES, STAGE }
export const SECRET_KEY = "operations-test-secret-key-0123456789"
export const ADMIN: Actor = { type: "user", id: "user_ops_test" }
export const SYSTEM: Actor = { type: "system" }
/** 2 × tea (1200) + 1 × mug (350) + shipping (100): the HTTP suite's usual order. */
export const ORDER_TOTAL = 2850
export const BUYER_EMAIL = "buyer@example.com"
/** An ECPay call's timeout in these tests (plugin option `timeoutMs`), so a "timeout" fault is quick. */
export const TEST_TIMEOUT_MS = 1500

export interface AuditRow {
  action: string
  einvoice_id: string | null
  order_id: string | null
  allowance_id: string | null
  success: boolean
  actor_type: string
  actor_id: string | null
  reason: string | null
  rtn_code: string | null
  rtn_msg: string | null
  data: Record<string, unknown> | null
}

export interface OperationsHarness {
  /** The module's service (valid inside a test). */
  readonly service: EinvoiceModuleService
  /** The file's simulator; reset before every test. */
  readonly simulator: RunningSimulator
  /** Raw SQL on the test's database. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>
  /** Turns invoicing on against the simulator with the stage credentials (done before every test). */
  configure(overrides?: SettingsUpdate): Promise<void>
  /** A paid, not canceled order of 2 teas, 1 mug and shipping (2850 TWD); `overrides` change it. */
  invoicedOrder(overrides?: InvoicedOrderOverrides): InvoicedOrder
  /** Stores the order's invoice choice, as the store API and order.placed do. */
  chooseForOrder(orderId: string, choice: Partial<StoredChoice> & Pick<StoredChoice, "type">): Promise<void>
  /** prepareIssue + submitIssue as the issue workflow runs them (manual trigger, an admin by default). */
  issue(order?: InvoicedOrder, trigger?: IssueTrigger, actor?: Actor): Promise<IssueRun>
  /** An order whose invoice has been issued at the simulator (fails the test otherwise). */
  issuedOrder(overrides?: InvoicedOrderOverrides): Promise<IssuedOrder>
  /** prepareAllowance + submitAllowance as the allowance workflow runs them (an admin by default). */
  allowance(orderId: string, input: AllowanceInput, actor?: Actor): Promise<AllowanceRun>
  /** The invoice row, fresh from the database. */
  invoice(id: string): Promise<InvoiceRow>
  /** The order's audit entries, oldest first. */
  events(orderId: string): Promise<AuditRow[]>
  /** Every audit entry of the test, oldest first. */
  allEvents(): Promise<AuditRow[]>
  /** The protocol requests of one operation the simulator received (whatever their outcome). */
  requestsFor(operation: string): RunningSimulator["requests"]
  /** The simulator's invoice with that number, or with that RelateNumber (case-insensitive). */
  atEcpay(invoiceNo: string): SimulatorInvoice | undefined
  atEcpayByRelateNumber(relateNumber: string): SimulatorInvoice[]
  allowanceAtEcpay(allowanceNo: string): SimulatorAllowance | undefined
  /** The simulator's allowances of an invoice. */
  snapshotAllowancesOf(invoiceNo: string): SimulatorAllowance[]
  /** ECPay's back office, as far as tests need it: the protocol with the store's credentials. */
  backOffice(): EcpayInvoiceClient
  /** What the callback receiver was posted and answered, oldest first (with `callbackReceiver`). */
  readonly callbacks: Array<{ fields: Record<string, string>; status: number; body: string }>
  /** The receiver's base URL (the plugin option backendUrl), with `callbackReceiver`. */
  readonly backendUrl: string
  /**
   * The store is down for ECPay's callbacks (true) or back (false): the receiver answers 503 and records
   * nothing, as if ECPay's post never reached the store. Reset before every test.
   */
  callbacksUnreachable(unreachable: boolean): void
}

export type InvoiceRow = Awaited<ReturnType<EinvoiceModuleService["retrieveEinvoice"]>>
export type SimulatorInvoice = ReturnType<RunningSimulator["snapshot"]>["invoices"][number]
export type SimulatorAllowance = ReturnType<RunningSimulator["snapshot"]>["allowances"][number]

export interface InvoicedOrderOverrides extends Partial<Omit<InvoicedOrder, "order">> {
  order?: Partial<OrderForInvoice>
}

export interface IssueRun {
  prepared: Awaited<ReturnType<EinvoiceModuleService["prepareIssue"]>>
  /** Absent when prepareIssue did not ask for a submission. */
  submitted?: Awaited<ReturnType<EinvoiceModuleService["submitIssue"]>>
}

export type AllowanceInput = Omit<PrepareAllowanceInput, "order_id" | "actor">

export interface AllowanceRun {
  prepared: PreparedAllowance
  submitted: Awaited<ReturnType<EinvoiceModuleService["submitAllowance"]>>
}

export interface IssuedOrder {
  order: InvoicedOrder
  invoice: InvoiceRow
}

export interface DescribeOptions {
  /** Options of the simulator (e.g. a wider timestamp tolerance). */
  simulator?: Omit<SimulatorOptions, "port" | "host">
  /**
   * Starts a stand-in for the store's allowance callback route (it hands what ECPay posts to
   * `recordAllowanceAnswer` and answers `1|OK`, or `0|<message>`) and sets the plugin option
   * backendUrl to it, so online allowances can be requested and answered by the simulator.
   */
  callbackReceiver?: boolean
  /** Plugin options on top of { secretKey, timeoutMs: TEST_TIMEOUT_MS }. */
  moduleOptions?: Record<string, unknown>
}

let orderSequence = 0

/** The module's tables, emptied before every test. */
const TABLES = [
  "ecpay_einvoice_event",
  "ecpay_einvoice_allowance",
  "ecpay_einvoice",
  "ecpay_einvoice_preference",
  "ecpay_einvoice_setting",
  "ecpay_einvoice_check_window",
]

/**
 * A test file of operation tests; `suite` declares its `describe`/`it` blocks with the harness.
 *
 * Unlike `moduleIntegrationTestRunner` (which builds the schema and boots the module for every test,
 * 1-3 s each on a busy 2-core machine), the module is booted once per file on its own database and
 * its tables are emptied before every test.
 */
export function describeOperations(title: string, suite: (h: OperationsHarness) => void, options: DescribeOptions = {}) {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 24)
  const dbName = `medusa-einvoice-ops-${slug}-${Math.random().toString(36).slice(2, 8)}`
  const clientUrl = TestDatabaseUtils.getDatabaseURL(dbName)
  let simulator: RunningSimulator | undefined
  let service: EinvoiceModuleService | undefined
  let orm: ReturnType<typeof TestDatabaseUtils.getMikroOrmWrapper> | undefined
  let connection: ReturnType<typeof createPgConnection> | undefined
  let shutdown: (() => Promise<void>) | undefined
  let receiver: Server | undefined
  let backendUrl = ""
  let unreachable = false
  const callbacks: OperationsHarness["callbacks"] = []

  const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> =>
    (await orm!.forkManager().execute(query, params)) as T[]
  const snapshot = () => h.simulator.snapshot()

  const h: OperationsHarness = {
    get service() {
      if (!service) throw new Error("the module starts in beforeAll")
      return service
    },
    get simulator() {
      if (!simulator) throw new Error("the simulator starts in beforeAll")
      return simulator
    },
    sql,
    async configure(overrides = {}) {
      await h.service.updateSettings(simulatorSettings(h.simulator.url, overrides))
    },
    invoicedOrder(overrides = {}) {
      orderSequence += 1
      const { order, ...rest } = overrides
      return {
        order: {
          id: `order_ops_${Date.now().toString(36)}_${orderSequence}`,
          display_id: orderSequence,
          currency_code: "twd",
          email: BUYER_EMAIL,
          total: ORDER_TOTAL,
          items: [
            {
              title: "茶葉禮盒",
              product_title: "茶葉禮盒",
              variant_title: "預設",
              quantity: 2,
              unit_price: 1200,
              total: 2400,
              discount_total: 0,
            },
            {
              title: "馬克杯",
              product_title: "馬克杯",
              variant_title: "預設",
              quantity: 1,
              unit_price: 350,
              total: 350,
              discount_total: 0,
            },
          ],
          shipping_methods: [{ name: "宅配", amount: 100, total: 100, discount_total: 0 }],
          shipping_address: TAIWAN_ADDRESS,
          billing_address: TAIWAN_ADDRESS,
          ...order,
        },
        customer_id: null,
        cart_id: null,
        payment_status: "captured",
        canceled: false,
        refunded_total: 0,
        refunds: [],
        ...rest,
      }
    },
    async chooseForOrder(orderId, choice) {
      await h.service.storeOrderChoice(orderId, { ...DEFAULT_CHOICE, ...choice })
    },
    async issue(order = h.invoicedOrder(), trigger = "manual", actor = ADMIN) {
      const prepared = await h.service.prepareIssue({ order, trigger, actor })
      if (prepared.outcome !== "submit") {
        return { prepared }
      }
      const submitted = await h.service.submitIssue({
        invoice_id: prepared.invoice_id,
        payload: prepared.payload,
        actor,
        withdraw: prepared.withdraw,
      })
      return { prepared, submitted }
    },
    async issuedOrder(overrides = {}) {
      const order = h.invoicedOrder(overrides)
      const { submitted } = await h.issue(order)
      expect(submitted).toMatchObject({ status: "issued" })
      return { order, invoice: await h.invoice(submitted!.invoice_id!) }
    },
    async allowance(orderId, input, actor = ADMIN) {
      const prepared = await h.service.prepareAllowance({ ...input, order_id: orderId, actor })
      const submitted = await h.service.submitAllowance({ order_id: orderId, prepared, actor })
      return { prepared, submitted }
    },
    invoice: (id) => h.service.retrieveEinvoice(id),
    async events(orderId) {
      return await sql<AuditRow>(`select * from ecpay_einvoice_event where order_id = ? order by created_at asc, id asc`, [orderId])
    },
    async allEvents() {
      return await sql<AuditRow>(`select * from ecpay_einvoice_event order by created_at asc, id asc`)
    },
    requestsFor: (operation) => h.simulator.requests.filter((entry) => entry.operation === operation),
    atEcpay: (invoiceNo) => snapshot().invoices.find((invoice) => invoice.invoiceNo === invoiceNo),
    atEcpayByRelateNumber: (relateNumber) =>
      snapshot().invoices.filter((invoice) => invoice.relateNumber.toUpperCase() === relateNumber.toUpperCase()),
    allowanceAtEcpay: (allowanceNo) => snapshot().allowances.find((allowance) => allowance.allowanceNo === allowanceNo),
    snapshotAllowancesOf: (invoiceNo) => snapshot().allowances.filter((allowance) => allowance.invoiceNo === invoiceNo),
    backOffice: () => new EcpayInvoiceClient({ ...STAGE, environment: "stage", baseUrl: h.simulator.url }),
    callbacks,
    get backendUrl() {
      if (!backendUrl) throw new Error("start the suite with { callbackReceiver: true }")
      return backendUrl
    },
    callbacksUnreachable(value) {
      unreachable = value
    },
  }

  describe(title, () => {
    beforeAll(async () => {
      await onServer(`create database "${dbName}"`)
      orm = TestDatabaseUtils.getMikroOrmWrapper({
        mikroOrmEntities: toMikroOrmEntities([
          Einvoice,
          EinvoiceAllowance,
          EinvoiceEvent,
          EinvoiceSetting,
          EinvoicePreference,
          EinvoiceCheckWindow,
        ]),
        clientUrl,
        schema: "public",
      })
      await orm.setupDatabase()
      if (options.callbackReceiver) {
        receiver = await startCallbackReceiver(async (fields) => {
          if (unreachable) {
            callbacks.push({ fields, status: 503, body: "store unreachable" })
            return callbacks[callbacks.length - 1]
          }
          try {
            await h.service.recordAllowanceAnswer({ fields })
            callbacks.push({ fields, status: 200, body: "1|OK" })
          } catch (error) {
            callbacks.push({ fields, status: 400, body: `0|${(error as Error).message}` })
          }
          return callbacks[callbacks.length - 1]
        })
        backendUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
      }
      connection = createPgConnection({ clientUrl, schema: "public" })
      const modulesConfig = {
        [EINVOICE_MODULE]: {
          resolve: "./src/modules/einvoice",
          options: {
            database: { clientUrl, schema: "public" },
            secretKey: SECRET_KEY,
            timeoutMs: TEST_TIMEOUT_MS,
            ...(backendUrl ? { backendUrl } : {}),
            ...options.moduleOptions,
            [isSharedConnectionSymbol]: true,
          },
        },
      }
      const started = await initModules({
        injectedDependencies: {
          [ContainerRegistrationKeys.PG_CONNECTION]: connection,
          [Modules.EVENT_BUS]: new MockEventBusService(),
          [ContainerRegistrationKeys.LOGGER]: console,
          [ContainerRegistrationKeys.CONFIG_MODULE]: { modules: modulesConfig },
        },
        modulesConfig,
        databaseConfig: { clientUrl, schema: "public" },
        preventConnectionDestroyWarning: true,
        cwd: process.cwd(),
      })
      shutdown = started.shutdown
      service = started.medusaApp.modules[EINVOICE_MODULE]
      simulator = await startSimulator({ ...options.simulator, port: 0, host: "127.0.0.1" })
    })

    afterAll(async () => {
      await simulator?.close()
      await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)))
      await shutdown?.()
      await (connection as { context?: { destroy(): Promise<void> } } | undefined)?.context?.destroy()
      await connection?.destroy()
      await orm?.getOrm().close(true)
      await onServer(`drop database if exists "${dbName}" with (force)`)
    })

    // Whatever a test did, no audit entry may hold the store's HashKey or HashIV.
    afterEach(async () => {
      const audit = JSON.stringify(await h.allEvents())
      expect(audit.includes(STAGE.hashKey) || audit.includes(STAGE.hashIV)).toBe(false)
    })

    beforeEach(async () => {
      await sql(`truncate ${TABLES.map((table) => `"${table}"`).join(", ")} cascade`)
      h.simulator.reset()
      callbacks.length = 0
      unreachable = false
      await h.configure()
    })

    suite(h)
  })
}

/** The actions of audit entries, in order. */
export const actionsOf = (events: AuditRow[]) => events.map((event) => event.action)

/** Waits `ms` (e.g. for a delayed simulator request to land after the client gave up). */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const TAIWAN_ADDRESS = {
  first_name: "小明",
  last_name: "王",
  phone: "0912345678",
  address_1: "信義路五段7號",
  city: "台北市",
  province: "信義區",
  postal_code: "110",
}

/** A local HTTP server that takes form posts (ECPay's callbacks) and answers what `handle` says. */
async function startCallbackReceiver(
  handle: (fields: Record<string, string>) => Promise<{ status: number; body: string }>
): Promise<Server> {
  const server = createServer((req, res) => {
    let raw = ""
    req.setEncoding("utf8")
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      const fields = Object.fromEntries(new URLSearchParams(raw))
      handle(fields).then(
        ({ status, body }) => res.writeHead(status, { "content-type": "text/plain" }).end(body),
        (error) => res.writeHead(500, { "content-type": "text/plain" }).end(`0|${error}`)
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return server
}

async function onServer(statement: string) {
  const client = new Client({
    host: process.env.DB_HOST ?? "localhost",
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME ?? "postgres",
    password: process.env.DB_PASSWORD ?? "",
    database: "postgres",
  })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
