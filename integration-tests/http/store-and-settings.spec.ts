import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createTaxRatesWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows"
import type { RunningSimulator } from "../../src/simulator"
import { EINVOICE_MODULE } from "../../src/modules/einvoice"
import type EinvoiceModuleService from "../../src/modules/einvoice/service"
import { pluginAdminRoutes } from "../helpers/admin"
import { migratedDatabase } from "../helpers/migrated-database"
import { configureEinvoice, einvoiceService, issueRequests, startTestSimulator, CHARITIES, STAGE } from "../helpers/einvoice"
import { capturePayment, createCustomerAndLogin, createStoreFixture, placeOrder, type StoreFixture } from "../helpers/store-fixture"
import { describeRouteFuzz } from "./fuzz.cases"

jest.setTimeout(180000)

const database = migratedDatabase("store-and-settings")

/**
 * The routes around invoicing that need no invoice: the shopper's (the store's invoice options, the
 * cart's choice, value checks, the order's invoice) and the merchant's settings (ECPay credentials,
 * validation, the connection test), plus the module links; and the invoice's tax per line, read from
 * Medusa's tax module (each test there sets up its own tax region). One store and one app for the file.
 */
medusaIntegrationTestRunner({
  dbName: database.dbName,
  hooks: database.hooks,
  testSuite: ({ api, getContainer, dbConnection }) => {
    const noThrow = { validateStatus: () => true }
    let simulator: RunningSimulator
    let fixture: StoreFixture
    /** A guest's order placed before the snapshot (placing one takes 1.5-3 s), and its cart. */
    let guestOrder: string
    let completedCart: string

    // Runs before the runner snapshots the database, so every test starts from this store.
    beforeAll(async () => {
      await database.keep()
      simulator = await startTestSimulator()
      fixture = await createStoreFixture(getContainer(), api)
      await configureEinvoice(getContainer(), simulator, { issue_mode: "manual" })
      const handled = TestEventUtils.waitSubscribersExecution("order.placed", getContainer().resolve(Modules.EVENT_BUS))
      const placed = await placeOrder(api, fixture, { items: [{ variantId: fixture.variants.mugId, quantity: 1 }] })
      await handled
      expect(placed.orderId).toBeTruthy()
      completedCart = placed.cartId
      guestOrder = placed.orderId
    })
    afterAll(async () => {
      await simulator.close()
    })
    beforeEach(() => {
      simulator.reset()
    })

    const admin = () => ({ headers: fixture.adminHeaders })
    /** A guest cart with one tea. */
    const newCart = async () => {
      const { data } = await api.post(
        "/store/carts",
        { region_id: fixture.regionId, email: "buyer@example.com", items: [{ variant_id: fixture.variants.teaId, quantity: 1 }] },
        { headers: fixture.storeHeaders }
      )
      return data.cart.id as string
    }
    const postChoice = (cartId: string, body: unknown, lang = "en") =>
      api.post(`/store/carts/${cartId}/einvoice`, body, {
        headers: { ...fixture.storeHeaders, "accept-language": lang },
        ...noThrow,
      })

    // ================================================================== the shopper's routes

    describe("GET /store/einvoice/config", () => {
      it("offers the enabled types, the charities and the default one; nothing while invoicing is off; needs the publishable key", async () => {
        const { data } = await api.get("/store/einvoice/config", { headers: fixture.storeHeaders })
        expect(data).toEqual({
          enabled: true,
          types: expect.arrayContaining(["member", "citizen_certificate", "mobile_barcode", "donation", "company", "paper"]),
          charities: CHARITIES,
          default_love_code: "168001",
        })

        const withoutKey = await api.get("/store/einvoice/config", noThrow)
        expect(withoutKey.status).toBe(400)

        await einvoiceService(getContainer()).updateSettings({ enabled: false })
        const off = await api.get("/store/einvoice/config", { headers: fixture.storeHeaders })
        expect(off.data).toMatchObject({ enabled: false, types: [] })
      })
    })

    describe("the cart's invoice choice", () => {
      it("stores each type of choice and reads it back, normalized; a later choice replaces it", async () => {
        const cartId = await newCart()
        // What is stored is what the issue operation builds ECPay's payload from (its module tests start there).
        const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
          [{ type: "member" }, { type: "member", print: false }],
          [
            { type: "citizen_certificate", carrier_number: "ab12345678901234" },
            { type: "citizen_certificate", carrier_number: "AB12345678901234" },
          ],
          [
            { type: "mobile_barcode", carrier_number: "/abc+123" },
            { type: "mobile_barcode", carrier_number: "/ABC+123" },
          ],
          [
            { type: "donation", love_code: "168001" },
            { type: "donation", love_code: "168001" },
          ],
          [
            { type: "company", tax_id: "12345675", company_name: "好茶股份有限公司" },
            { type: "company", company_tax_id: "12345675", company_name: "好茶股份有限公司", print: false },
          ],
          [
            { type: "paper", buyer_name: "王小明", address: "台北市信義路五段7號" },
            { type: "paper", buyer_name: "王小明", buyer_address: "台北市信義路五段7號", print: true },
          ],
          [
            { type: "easycard", carrier_number: "HIDDEN01", carrier_number2: "VISIBLE01" },
            { type: "easycard", carrier_number: "HIDDEN01", carrier_number2: "VISIBLE01" },
          ],
        ]
        for (const [body, expected] of cases) {
          const response = await postChoice(cartId, body)
          expect({ body, status: response.status }).toEqual({ body, status: 200 })
          expect(response.data.einvoice).toMatchObject(expected)
          const { data } = await api.get(`/store/carts/${cartId}/einvoice`, { headers: fixture.storeHeaders })
          expect(data).toMatchObject({ source: "cart", einvoice: expected })
        }

        await postChoice(cartId, { type: "member" })
        await postChoice(cartId, { type: "donation", love_code: "919" })
        const { data } = await api.get(`/store/carts/${cartId}/einvoice`, { headers: fixture.storeHeaders })
        expect(data.einvoice).toMatchObject({ type: "donation", love_code: "919" })
      })

      it("asks ECPay whether a mobile barcode and a love code exist; accepts with a warning when the government service is down", async () => {
        const cartId = await newCart()
        const unknown = await postChoice(cartId, { type: "mobile_barcode", carrier_number: "/0000000" })
        expect(unknown.status).toBe(400)
        expect(unknown.data.errors).toEqual([expect.objectContaining({ field: "carrier_number", rule: "not_found" })])
        const noCharity = await postChoice(cartId, { type: "donation", love_code: "1234567" }, "zh-TW")
        expect(noCharity.status).toBe(400)
        expect(noCharity.data.errors[0]).toMatchObject({ field: "love_code", rule: "not_found" })
        expect(noCharity.data.errors[0].message).toContain("捐贈碼")

        simulator.setFault({ type: "gov_down", times: -1 })
        // A barcode no other test checks: a failed check is remembered for a minute (failureCacheSeconds).
        const down = await postChoice(cartId, { type: "mobile_barcode", carrier_number: "/DOWN123" })
        simulator.clearFaults()
        expect(down.status).toBe(200)
        expect(down.data.warnings).toEqual([expect.objectContaining({ field: "carrier_number", rule: "unchecked" })])
      })

      it("refuses a completed or unknown cart", async () => {
        const missing = await api.post(
          "/store/carts/cart_missing/einvoice",
          { type: "member" },
          { headers: fixture.storeHeaders, ...noThrow }
        )
        expect(missing.status).toBe(404)
        const late = await api.post(
          `/store/carts/${completedCart}/einvoice`,
          { type: "member" },
          { headers: fixture.storeHeaders, ...noThrow }
        )
        expect(late.status).toBe(400)
      })

      it("answers 400 to every invalid choice, naming the field, and nothing reaches ECPay", async () => {
        const cartId = await newCart()
        const badBodies: Array<[string, unknown, string]> = [
          ["unknown type", { type: "bitcoin" }, "type"],
          ["missing type", {}, "type"],
          ["type not a string", { type: 3 }, "type"],
          ["unknown field", { type: "member", foo: 1 }, "foo"],
          ["member with love code", { type: "member", love_code: "168001" }, "love_code"],
          ["member printed", { type: "member", print: true }, "print"],
          ["barcode missing", { type: "mobile_barcode" }, "carrier_number"],
          ["barcode without slash", { type: "mobile_barcode", carrier_number: "ABC12345" }, "carrier_number"],
          ["barcode too short", { type: "mobile_barcode", carrier_number: "/ABC12" }, "carrier_number"],
          ["barcode bad character", { type: "mobile_barcode", carrier_number: "/ABC_123" }, "carrier_number"],
          ["barcode number", { type: "mobile_barcode", carrier_number: 1234567 }, "carrier_number"],
          ["certificate too short", { type: "citizen_certificate", carrier_number: "AB123" }, "carrier_number"],
          ["certificate digits only", { type: "citizen_certificate", carrier_number: "1234567890123456" }, "carrier_number"],
          ["donation without love code", { type: "donation" }, "love_code"],
          ["donation with print", { type: "donation", love_code: "168001", print: true }, "print"],
          ["donation with tax id", { type: "donation", love_code: "168001", tax_id: "12345675" }, "tax_id"],
          ["love code too short", { type: "donation", love_code: "12" }, "love_code"],
          ["love code letters", { type: "donation", love_code: "ABC" }, "love_code"],
          ["company without tax id", { type: "company", company_name: "好茶" }, "tax_id"],
          ["company bad checksum", { type: "company", tax_id: "12345678", company_name: "好茶" }, "tax_id"],
          ["company tax id too long", { type: "company", tax_id: "123456789", company_name: "好茶" }, "tax_id"],
          ["company without name", { type: "company", tax_id: "12345675" }, "company_name"],
          ["company name too long", { type: "company", tax_id: "12345675", company_name: "好".repeat(61) }, "company_name"],
          ["company printed without address", { type: "company", tax_id: "12345675", company_name: "好茶", print: true }, "address"],
          [
            "company with bad barcode",
            { type: "company", tax_id: "12345675", company_name: "好茶", carrier_number: "bad" },
            "carrier_number",
          ],
          ["paper without address", { type: "paper", buyer_name: "王小明" }, "address"],
          ["paper without name", { type: "paper", address: "台北市" }, "buyer_name"],
          ["paper not printed", { type: "paper", buyer_name: "王", address: "台北市", print: false }, "print"],
          ["address too long", { type: "paper", buyer_name: "王", address: "路".repeat(101) }, "address"],
          ["bad email", { type: "member", email: "not-an-email" }, "email"],
          ["email too long", { type: "member", email: `${"a".repeat(80)}@x.tw` }, "email"],
          ["phone with letters", { type: "member", phone: "09ab" }, "phone"],
          ["print not boolean", { type: "company", tax_id: "12345675", company_name: "好茶", print: "yes" }, "print"],
          ["easycard without visible code", { type: "easycard", carrier_number: "H1" }, "carrier_number2"],
          ["ipass full-width code", { type: "ipass", carrier_number: "ＡＢＣ", carrier_number2: "V" }, "carrier_number"],
        ]
        for (const [label, body, field] of badBodies) {
          const response = await postChoice(cartId, body)
          expect({ label, status: response.status }).toEqual({ label, status: 400 })
          expect({ label, fields: response.data.errors.map((e: { field: string }) => e.field) }).toEqual({
            label,
            fields: expect.arrayContaining([field]),
          })
          expect(response.data.message).toBeTruthy()
        }
        expect(simulator.requests).toHaveLength(0)
        const { data } = await api.get(`/store/carts/${cartId}/einvoice`, { headers: fixture.storeHeaders })
        expect(data.source).not.toBe("cart")
      })

      it("words the messages in Traditional Chinese for zh-TW shoppers, and answers 400, never 500, to bodies that are not objects", async () => {
        const cartId = await newCart()
        const response = await postChoice(cartId, { type: "company", tax_id: "12345678", company_name: "好茶" }, "zh-TW,zh;q=0.9,en;q=0.8")
        expect(response.data.errors[0].message).toBe("統一編號不是有效的 8 位數統一編號（檢查碼錯誤）")
        const english = await postChoice(cartId, { type: "company", tax_id: "12345678", company_name: "好茶" }, "en-US")
        expect(english.data.errors[0].message).toBe("Tax ID is not a valid 8-digit tax ID (checksum failed)")

        for (const raw of ["[1,2]", '"member"', "null", "{oops"]) {
          const bad = await api.post(`/store/carts/${cartId}/einvoice`, raw, {
            headers: { ...fixture.storeHeaders, "content-type": "application/json" },
            ...noThrow,
          })
          expect({ raw, status: bad.status }).toEqual({ raw, status: 400 })
        }
      })
    })

    describe("POST /store/einvoice/validate", () => {
      const validate = (body: unknown, lang = "en") =>
        api.post("/store/einvoice/validate", body, { headers: { ...fixture.storeHeaders, "accept-language": lang }, ...noThrow })

      it("checks the format first, without calling ECPay; answers 400 naming the field to what it cannot read", async () => {
        const { data } = await validate({ type: "tax_id", value: "12345678" })
        expect(data).toMatchObject({ valid: false, rule: "tax_id_checksum", checked_online: false })
        const cases: Array<[unknown, string]> = [
          [{ type: "phone", value: "1" }, "type"],
          [{ type: "tax_id" }, "value"],
          [{ type: "tax_id", value: 12345675 }, "value"],
          [{ type: "tax_id", value: "1".repeat(65) }, "value"],
        ]
        for (const [body, field] of cases) {
          const response = await validate(body)
          expect({ body, status: response.status }).toEqual({ body, status: 400 })
          expect(response.data.errors.map((e: { field: string }) => e.field)).toContain(field)
        }
        expect(simulator.requests).toHaveLength(0)
      })

      it("then asks ECPay, and caches the answer", async () => {
        const first = await validate({ type: "mobile_barcode", value: "/abc1234" })
        expect(first.data).toMatchObject({ valid: true, value: "/ABC1234", checked_online: true })
        await validate({ type: "mobile_barcode", value: "/ABC1234" })
        expect(simulator.requests.filter((r) => r.operation === "CheckBarcode")).toHaveLength(1)
        const missing = await validate({ type: "love_code", value: "7654321" }, "zh-TW")
        expect(missing.data).toMatchObject({ valid: false, rule: "not_found", checked_online: true })
        expect(missing.data.message).toContain("查無此號碼")
      })

      it("returns the company name for a tax ID", async () => {
        const taxId = "12345675"
        simulator.addToRegistry({ companies: [{ taxId, name: "好茶股份有限公司" }] })
        const { data } = await validate({ type: "tax_id", value: taxId })
        expect(data).toMatchObject({ valid: true, company_name: "好茶股份有限公司", checked_online: true })
      })

      it("fails open with a warning when the government service is down", async () => {
        simulator.setFault({ type: "gov_down", times: -1 })
        // A code no earlier test looked up: answers from the online check are cached.
        const { data } = await validate({ type: "love_code", value: "25885" })
        simulator.clearFaults()
        expect(data).toMatchObject({ valid: true, checked_online: false, rule: "unchecked" })
        expect(data.message).toBeTruthy()
      })

      it("60 fast checks of different barcodes from one client reach ECPay at most 10 times; the rest answer 429 with Retry-After; the cart still takes the choice", async () => {
        // Barcodes no other test looks up (answers are cached for a day).
        const barcodes = Array.from({ length: 60 }, (_, index) => `/Q${String(index).padStart(6, "0")}`)
        const answers: Array<Awaited<ReturnType<typeof validate>>> = []
        for (const value of barcodes) {
          answers.push(await validate({ type: "mobile_barcode", value }, "zh-TW"))
        }
        expect(answers.filter((answer) => answer.status >= 500)).toEqual([])
        expect(simulator.requests.filter((r) => r.operation === "CheckBarcode")).toHaveLength(10)
        expect(answers.slice(0, 10).map((answer) => answer.status)).toEqual(Array(10).fill(200))
        const refused = answers.slice(10)
        expect(refused.map((answer) => answer.status)).toEqual(Array(50).fill(429))
        for (const answer of refused) {
          const seconds = Number(answer.headers["retry-after"])
          expect(seconds).toBeGreaterThanOrEqual(1)
          expect(seconds).toBeLessThanOrEqual(60)
          expect(answer.data).toMatchObject({ type: "too_many_requests", rule: "throttled", retry_after_seconds: seconds })
          expect(answer.data.message).toContain("查驗次數過多")
        }
        // The shopper is never kept from paying: the cart's choice is stored, unchecked, and nothing more reaches ECPay.
        const cartId = await newCart()
        const saved = await postChoice(cartId, { type: "mobile_barcode", carrier_number: "/Q999999" })
        expect(saved.status).toBe(200)
        expect(saved.data.warnings).toEqual([expect.objectContaining({ field: "carrier_number", rule: "unchecked" })])
        expect(simulator.requests.filter((r) => r.operation === "CheckBarcode")).toHaveLength(10)
      })
    })

    describe("remembered choice and the shopper's view of an order", () => {
      /** What a new cart of this logged-in customer offers as its invoice choice (GET /store/carts/:id/einvoice). */
      const offeredOnNextCart = async (headers: Record<string, string>) => {
        const { data: next } = await api.post(
          "/store/carts",
          { region_id: fixture.regionId, items: [{ variant_id: fixture.variants.teaId, quantity: 1 }] },
          { headers }
        )
        return (await api.get(`/store/carts/${next.cart.id}/einvoice`, { headers })).data
      }

      it("offers a logged-in customer's last choice on the next cart", async () => {
        const customer = await createCustomerAndLogin(api, fixture, { email: "regular@example.com", password: "s3cret-pass" })
        await placeOrder(api, fixture, {
          items: [{ variantId: fixture.variants.mugId, quantity: 1 }],
          customerHeaders: customer.headers,
          beforeComplete: async (id) => {
            await api.post(
              `/store/carts/${id}/einvoice`,
              { type: "mobile_barcode", carrier_number: "/ABC1234" },
              { headers: customer.headers }
            )
          },
        })
        expect(await offeredOnNextCart(customer.headers)).toMatchObject({
          source: "customer",
          einvoice: { type: "mobile_barcode", carrier_number: "/ABC1234" },
        })
      })

      it("keeps a registered customer's saved choice theirs: a guest cart with their e-mail, or another customer, sees none of it and changes nothing", async () => {
        const placed = () => TestEventUtils.waitSubscribersExecution("order.placed", getContainer().resolve(Modules.EVENT_BUS))
        const items = [{ variantId: fixture.variants.mugId, quantity: 1 }]
        const chooseBarcode = (headers: Record<string, string>, carrier_number: string) => async (cartId: string) => {
          const chosen = await api.post(`/store/carts/${cartId}/einvoice`, { type: "mobile_barcode", carrier_number }, { headers })
          expect(chosen.status).toBe(200)
        }
        const victim = await createCustomerAndLogin(api, fixture, { email: "victim@example.com", password: "s3cret-pass" })
        const victimOrdered = placed()
        await placeOrder(api, fixture, {
          items,
          customerHeaders: victim.headers,
          beforeComplete: chooseBarcode(victim.headers, "/ABC1234"),
        })
        await victimOrdered

        // Anyone who knows the e-mail: a guest cart with it is the registered customer's cart to Medusa.
        const { data: guest } = await api.post(
          "/store/carts",
          { region_id: fixture.regionId, email: "victim@example.com", items: [{ variant_id: fixture.variants.teaId, quantity: 1 }] },
          { headers: fixture.storeHeaders }
        )
        expect(guest.cart.customer_id).toBe(victim.customerId)
        const seenByGuest = await api.get(`/store/carts/${guest.cart.id}/einvoice`, { headers: fixture.storeHeaders })
        expect(seenByGuest.data).toEqual({ einvoice: null, source: null })
        const stranger = await createCustomerAndLogin(api, fixture, { email: "stranger2@example.com", password: "s3cret-pass" })
        const seenByStranger = await api.get(`/store/carts/${guest.cart.id}/einvoice`, { headers: stranger.headers })
        expect(seenByStranger.data).toEqual({ einvoice: null, source: null })

        // A guest order under the victim's e-mail, with another barcode, leaves the victim's saved choice alone.
        const guestOrdered = placed()
        const { orderId: guestOrderId } = await placeOrder(api, fixture, {
          items,
          email: "victim@example.com",
          beforeComplete: chooseBarcode(fixture.storeHeaders, "/XYZ9999"),
        })
        await guestOrdered
        const [guestOrderChoice] = await einvoiceService(getContainer()).listEinvoicePreferences({ scope: "order", order_id: guestOrderId })
        expect(guestOrderChoice).toMatchObject({ carrier_number: "/XYZ9999" })

        expect(await offeredOnNextCart(victim.headers)).toMatchObject({
          source: "customer",
          einvoice: { type: "mobile_barcode", carrier_number: "/ABC1234" },
        })
      })

      it("shows the order's invoice without internal fields, and hides other customers' orders", async () => {
        const owner = await createCustomerAndLogin(api, fixture, { email: "owner@example.com", password: "s3cret-pass" })
        const { orderId } = await placeOrder(api, fixture, {
          items: [{ variantId: fixture.variants.mugId, quantity: 1 }],
          customerHeaders: owner.headers,
        })
        const before = await api.get(`/store/orders/${orderId}/einvoice`, { headers: owner.headers })
        expect(before.data.einvoice).toBeNull()

        await einvoiceService(getContainer()).createEinvoices({
          order_id: orderId,
          relate_number: "MDVIEW1",
          status: "issued",
          invoice_number: "AB12345678",
          random_number: "1234",
          total: 450,
          type: "company",
          carrier_type: "3",
          carrier_number: "/ABC1234",
          company_tax_id: "12345675",
          company_name: "好茶股份有限公司",
          last_error_message: "internal",
        })
        const { data } = await api.get(`/store/orders/${orderId}/einvoice`, { headers: owner.headers })
        expect(data.einvoice).toMatchObject({ status: "issued", invoice_number: "AB12345678", random_number: "1234", total: 450 })
        expect(data.einvoice).not.toHaveProperty("relate_number")
        expect(data.einvoice).not.toHaveProperty("last_error_message")
        expect(data.lookup_url).toMatch(/^https:\/\/www\.einvoice\.nat\.gov\.tw\//)
        // The owner, logged in, sees their identifiers; whoever else holds the order id sees them masked.
        expect(data).toMatchObject({ identifiers_masked: false, einvoice: { carrier_number: "/ABC1234", company_tax_id: "12345675" } })
        const anonymous = await api.get(`/store/orders/${orderId}/einvoice`, { headers: fixture.storeHeaders })
        expect(anonymous.data).toMatchObject({
          identifiers_masked: true,
          einvoice: {
            invoice_number: "AB12345678",
            carrier_number: "/AB***34",
            company_tax_id: "123***75",
            company_name: "好茶股份有限公司",
          },
        })

        const stranger = await createCustomerAndLogin(api, fixture, { email: "stranger@example.com", password: "s3cret-pass" })
        const hidden = await api.get(`/store/orders/${orderId}/einvoice`, { headers: stranger.headers, ...noThrow })
        expect(hidden.status).toBe(404)

        // A guest's order has no login to check: its id is the key, and the identifiers come in full.
        await einvoiceService(getContainer()).createEinvoices({
          order_id: guestOrder,
          relate_number: "MDVIEW2",
          status: "issued",
          invoice_number: "AB12345679",
          random_number: "4321",
          total: 350,
          type: "mobile_barcode",
          carrier_type: "3",
          carrier_number: "/XYZ9999",
        })
        const guest = await api.get(`/store/orders/${guestOrder}/einvoice`, { headers: fixture.storeHeaders })
        expect(guest.data).toMatchObject({ identifiers_masked: false, einvoice: { carrier_number: "/XYZ9999" } })
      })
    })

    // ================================================================== the merchant's settings

    describe("settings", () => {
      it("every admin route of the plugin, found in its route files, answers 401 without a login and calls nothing", async () => {
        const routes = await pluginAdminRoutes()
        expect(routes).toEqual(expect.arrayContaining([{ method: "post", path: "/admin/ecpay-einvoice/settings/test-connection" }]))
        expect(routes.length).toBeGreaterThanOrEqual(15)
        const calls = simulator.requests.length
        for (const { method, path } of routes) {
          const response = await api.request({ method, url: path, ...(method === "get" ? {} : { data: {} }), ...noThrow })
          expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 })
        }
        expect(simulator.requests.length).toBe(calls)
      })

      it("returns the defaults, with secrets only as set / not set; saves settings, and HashKey and HashIV never come back and are encrypted in the table", async () => {
        // A store that has never saved its settings (this file's store was configured before the snapshot).
        await dbConnection.raw(`delete from ecpay_einvoice_setting`)
        await dbConnection.raw(`delete from ecpay_einvoice_event`)
        const defaults = await api.get("/admin/ecpay-einvoice/settings", admin())
        expect(defaults.data.settings).toMatchObject({ enabled: false, hash_key: "not_set", hash_iv: "not_set" })
        // This app runs shared (server and worker in one process): the in-memory lock is enough.
        expect(defaults.data.deployment).toEqual({
          worker_mode: "shared",
          locking_provider: expect.any(String),
          in_memory_locking_split: false,
        })
        // The same config in a split process (MEDUSA_WORKER_MODE=server) is warned about while its lock is in-memory.
        const config = getContainer().resolve(ContainerRegistrationKeys.CONFIG_MODULE)
        config.projectConfig.workerMode = "server"
        try {
          const split = (await api.get("/admin/ecpay-einvoice/settings", admin())).data.deployment
          expect(split).toMatchObject({ worker_mode: "server", in_memory_locking_split: split.locking_provider === "in-memory" })
        } finally {
          config.projectConfig.workerMode = "shared"
        }

        const { data } = await api.post(
          "/admin/ecpay-einvoice/settings",
          {
            enabled: true,
            environment: "stage",
            merchant_id: STAGE.merchantId,
            hash_key: STAGE.hashKey,
            hash_iv: STAGE.hashIV,
            charities: [{ code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" }],
            default_love_code: "168001",
            issue_mode: "manual",
          },
          admin()
        )
        expect(data.settings).toMatchObject({
          enabled: true,
          merchant_id: STAGE.merchantId,
          hash_key: "set",
          hash_iv: "set",
          issue_mode: "manual",
          default_love_code: "168001",
        })
        const again = await api.get("/admin/ecpay-einvoice/settings", admin())
        for (const body of [JSON.stringify(data), JSON.stringify(again.data)]) {
          expect(body).not.toContain(STAGE.hashKey)
          expect(body).not.toContain(STAGE.hashIV)
        }
        const rows = await dbConnection.raw(`select * from ecpay_einvoice_setting`)
        expect(JSON.stringify(rows.rows)).not.toContain(STAGE.hashKey)
        const events = await dbConnection.raw(`select * from ecpay_einvoice_event`)
        expect(events.rows).toHaveLength(1)
        expect(JSON.stringify(events.rows)).not.toContain(STAGE.hashKey)
      })

      it("rejects each invalid setting with 400 naming the field", async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ hash_key: "short" }, "hash_key"],
          [{ merchant_id: "abc" }, "merchant_id"],
          [{ tax_type: "7" }, "tax_type"],
          [{ issue_delay_days: -1 }, "issue_delay_days"],
          [{ issue_delay_days: "3" }, "issue_delay_days"],
          [{ enabled_types: ["member"] }, "enabled_types"],
          [{ charities: [{ code: "12", name: "x" }] }, "charities.0.code"],
          [{ charities: [{ code: "168001", name: "" }] }, "charities.0.name"],
          [{ default_love_code: "999", charities: [{ code: "168001", name: "x" }] }, "default_love_code"],
          [{ base_url: "ftp://example" }, "base_url"],
          [{ relate_number_prefix: "MD-" }, "relate_number_prefix"],
          [{ unknown_field: true }, "unknown_field"],
          [{ enabled: "yes" }, "enabled"],
          [{ environment: "sandbox" }, "environment"],
          [{ currency_rates: [{ currency_code: "US", rate: 31.5 }] }, "currency_rates.0.currency_code"],
          [{ currency_rates: [{ currency_code: "TWD", rate: 1 }] }, "currency_rates.0.currency_code"],
          [{ currency_rates: [{ currency_code: "USD", rate: 0 }] }, "currency_rates.0.rate"],
          [{ currency_rates: [{ currency_code: "USD", rate: "31.5" }] }, "currency_rates.0.rate"],
          [
            {
              currency_rates: [
                { currency_code: "USD", rate: 31.5 },
                { currency_code: "usd", rate: 32 },
              ],
            },
            "currency_rates",
          ],
        ]
        for (const [body, field] of cases) {
          const response = await api.post("/admin/ecpay-einvoice/settings", body, { ...admin(), ...noThrow })
          expect({ body, status: response.status }).toEqual({ body, status: 400 })
          expect(response.data.errors.map((e: { field: string }) => e.field)).toContain(field)
          expect(response.data.message).toContain(field)
        }
        // A valid rate is kept, its code in Medusa's lower case.
        const saved = await api.post("/admin/ecpay-einvoice/settings", { currency_rates: [{ currency_code: "USD", rate: 31.5 }] }, admin())
        expect(saved.data.settings.currency_rates).toEqual([{ currency_code: "usd", rate: 31.5 }])
      })

      it("checks a change against the stored settings (zero-rated needs a clearance mark), and answers 400, not 500, to bodies that are not objects", async () => {
        const response = await api.post("/admin/ecpay-einvoice/settings", { tax_type: "2" }, { ...admin(), ...noThrow })
        expect(response.status).toBe(400)
        expect(response.data.message).toContain("clearance_mark")
        const ok = await api.post("/admin/ecpay-einvoice/settings", { tax_type: "2", clearance_mark: "1" }, admin())
        expect(ok.data.settings.tax_type).toBe("2")

        // Only the simulator takes a base URL from the admin: production with one is refused, whichever
        // of the two the request changes; without it, production is accepted.
        for (const body of [{ environment: "production" }, { environment: "stage", base_url: "https://proxy.example.com" }]) {
          const refused = await api.post("/admin/ecpay-einvoice/settings", body, { ...admin(), ...noThrow })
          expect({ body, status: refused.status }).toEqual({ body, status: 400 })
          expect(refused.data.message).toContain("base_url")
        }
        const production = await api.post("/admin/ecpay-einvoice/settings", { environment: "production", base_url: null }, admin())
        expect(production.data.settings).toMatchObject({ environment: "production", base_url: null })
        const proxied = await api.post(
          "/admin/ecpay-einvoice/settings",
          { base_url: "https://proxy.example.com" },
          { ...admin(), ...noThrow }
        )
        expect(proxied.status).toBe(400)
        expect(proxied.data.message).toContain("base_url")

        for (const body of ["[1,2]", '"text"', "null", "{bad json"]) {
          const bad = await api.post("/admin/ecpay-einvoice/settings", body, {
            headers: { ...fixture.adminHeaders, "content-type": "application/json" },
            ...noThrow,
          })
          expect({ body, status: bad.status }).toEqual({ body, status: 400 })
        }
      })

      it("tests the connection with the saved credentials, and says plainly when they are wrong; after ECPay's 403 nothing calls ECPay: admin actions answer 503 with the time, the settings and the invoice list say until when, checkout checks fail open", async () => {
        const testConnection = () => api.post("/admin/ecpay-einvoice/settings/test-connection", {}, { ...admin(), ...noThrow })
        const ok = await testConnection()
        expect(ok.data).toMatchObject({ ok: true, code: "connected", merchant_id: STAGE.merchantId })
        expect((await api.get("/admin/ecpay-einvoice/settings", admin())).data.ecpay_paused_until).toBeNull()
        expect((await api.get("/admin/einvoices", admin())).data.ecpay_paused_until).toBeNull()
        const wrongKey = [...STAGE.hashKey].reverse().join("")
        await einvoiceService(getContainer()).updateSettings({ hash_key: wrongKey })
        const wrong = await testConnection()
        expect(wrong.data).toMatchObject({ ok: false, code: "credentials_rejected" })
        expect(JSON.stringify(wrong.data)).not.toContain(wrongKey)

        // ECPay answers 403: the store pauses ECPay (30 minutes by default).
        await einvoiceService(getContainer()).updateSettings({ hash_key: STAGE.hashKey })
        simulator.setFault({ operation: "GetIssue", type: "http_403" })
        expect((await testConnection()).data).toMatchObject({ ok: false, code: "rate_limited" })
        const sent = simulator.requests.length
        for (const refused of [
          await testConnection(),
          await api.post("/admin/orders/order_paused/einvoice/issue", {}, { ...admin(), ...noThrow }),
        ]) {
          expect(refused.status).toBe(503)
          expect(refused.data).toMatchObject({
            type: "ecpay_paused",
            code: "ecpay_paused",
            message: expect.stringMatching(/paused for this store until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Taipei time\)/),
            ecpay_paused_until: expect.any(String),
          })
          expect(Number(refused.headers["retry-after"])).toBeGreaterThan(29 * 60)
        }
        const until = new Date((await testConnection()).data.ecpay_paused_until)
        expect(until.getTime() - Date.now()).toBeGreaterThan(29 * 60 * 1000)
        expect((await api.get("/admin/ecpay-einvoice/settings", admin())).data.ecpay_paused_until).toBe(until.toISOString())
        // The invoices page reads it from its list (it disables the bulk resend meanwhile).
        expect((await api.get("/admin/einvoices", admin())).data.ecpay_paused_until).toBe(until.toISOString())

        // The shopper's checks accept well-formed values with a warning, without asking ECPay.
        const choice = await postChoice(await newCart(), { type: "mobile_barcode", carrier_number: "/PAUSE01" })
        expect(choice.status).toBe(200)
        expect(choice.data.warnings).toEqual([expect.objectContaining({ field: "carrier_number", rule: "unchecked" })])
        const checked = await api.post("/store/einvoice/validate", { type: "love_code", value: "5566" }, { headers: fixture.storeHeaders })
        expect(checked.data).toMatchObject({ valid: true, checked_online: false, rule: "unchecked" })
        expect(simulator.requests).toHaveLength(sent)
      })
    })

    describe("tax per line (Medusa's tax module)", () => {
      type SentItem = { ItemName: string; ItemCount: number; ItemPrice: number; ItemAmount: number; ItemTaxType?: string }
      /**
       * Taiwan's 5 % business tax on the store's tax-exclusive TWD prices, and the tea tax-free: a 0 % rate
       * for that product whose code says so.
       */
      const taxRegionWithTaxFreeTea = async () => {
        const container = getContainer()
        const {
          result: [region],
        } = await createTaxRegionsWorkflow(container).run({
          input: [{ country_code: "tw", provider_id: "tp_system", default_tax_rate: { rate: 5, code: "TW-VAT", name: "營業稅" } }],
        })
        await createTaxRatesWorkflow(container).run({
          input: [
            {
              tax_region_id: region.id,
              rate: 0,
              code: "TW-EXEMPT",
              name: "免稅",
              rules: [{ reference: "product", reference_id: fixture.products.teaId }],
            },
          ],
        })
      }
      /** Places and captures an order, then has the admin issue its invoice; answers the Issue ECPay received. */
      const issuedOrder = async (items: Array<{ variantId: string; quantity: number }>, choice?: Record<string, unknown>) => {
        const { orderId } = await placeOrder(api, fixture, {
          items,
          beforeComplete: choice
            ? async (cartId) => {
                await api.post(`/store/carts/${cartId}/einvoice`, choice, { headers: fixture.storeHeaders })
              }
            : undefined,
        })
        await capturePayment(api, fixture, orderId)
        const { data } = await api.post(`/admin/orders/${orderId}/einvoice/issue`, {}, admin())
        expect(data.invoice).toMatchObject({ status: "issued" })
        const [sent] = issueRequests(simulator)
        return {
          orderId,
          view: data,
          sent: sent.data as { TaxType: string; SalesAmount: number; vat: string; Items: SentItem[] } & Record<string, unknown>,
        }
      }
      /** [name, amount, ItemTaxType] of each line, shipping last (items added in one request may come in either order). */
      const kindsByName = (items: SentItem[]) =>
        items
          .map((item) => [item.ItemName.split(" ")[0], item.ItemAmount, item.ItemTaxType] as const)
          .sort(([a, x], [b, y]) => Number(a === "運費") - Number(b === "運費") || (a < b ? -1 : a > b ? 1 : 0) || x - y)

      it("taxable and tax-free lines: one invoice of TaxType 9, each line's ItemTaxType as ECPay receives it; a company invoice's tax is on the taxable lines only", async () => {
        await taxRegionWithTaxFreeTea()
        const { orderId, view, sent } = await issuedOrder(
          [
            { variantId: fixture.variants.teaId, quantity: 1 },
            { variantId: fixture.variants.mugId, quantity: 2 },
          ],
          { type: "company", tax_id: "12345675", company_name: "好茶股份有限公司" }
        )
        // Tax-exclusive prices: Medusa's line totals add the 5 % (mugs 700 → 735, shipping 100 → 105), and
        // those tax-inclusive amounts are what the invoice says, with vat 1; the tea carries no tax.
        const { data: order } = await api.get(`/admin/orders/${orderId}?fields=id,total,tax_total`, admin())
        expect(order.order).toMatchObject({ total: 2040, tax_total: 40 })
        expect(sent).toMatchObject({ TaxType: "9", SalesAmount: 2040, vat: "1", CustomerIdentifier: "12345675" })
        expect(sent).not.toHaveProperty("ClearanceMark")
        expect(kindsByName(sent.Items)).toEqual([
          ["茶葉禮盒", 1200, "3"],
          // 735 over 2 mugs: 367 + 368, both taxable.
          ["馬克杯", 367, "1"],
          ["馬克杯", 368, "1"],
          ["運費", 105, "1"],
        ])
        // 銷售額 / 稅額 / 總計: the taxable 840 is 800 + 40; the tea's 1200 has no tax in it.
        expect(view.invoice).toMatchObject({ tax_type: "9", company_amounts: { sales_amount: 2000, tax_amount: 40, total: 2040 } })
        const { data: synced } = await api.post(`/admin/orders/${orderId}/einvoice/sync`, {}, admin())
        expect(synced.invoice).toMatchObject({ tax_amount: 40, company_amounts: { sales_amount: 2000, tax_amount: 40, total: 2040 } })
      })

      it("a product marked zero-rated (metadata ecpay_tax_kind) next to a taxable one: TaxType 9 with the customs clearance mark; every line the same kind: that TaxType", async () => {
        await taxRegionWithTaxFreeTea()
        // The marking wins over the tea's tax-free rate: it is the merchant's word on the product.
        await api.post(`/admin/products/${fixture.products.teaId}`, { metadata: { ecpay_tax_kind: "zero_rated" } }, admin())
        const mixed = await issuedOrder([
          { variantId: fixture.variants.teaId, quantity: 1 },
          { variantId: fixture.variants.mugId, quantity: 1 },
        ])
        expect(mixed.sent).toMatchObject({ TaxType: "9", ClearanceMark: "1", ZeroTaxRateReason: "71" })
        expect(kindsByName(mixed.sent.Items)).toEqual([
          ["茶葉禮盒", 1200, "2"],
          ["馬克杯", 368, "1"],
          ["運費", 105, "1"],
        ])
        expect(mixed.view.invoice.tax_type).toBe("9")

        simulator.reset()
        // Only taxable lines: TaxType 1 as before, no ItemTaxType.
        const taxable = await issuedOrder([{ variantId: fixture.variants.mugId, quantity: 1 }])
        expect(taxable.sent.TaxType).toBe("1")
        expect(taxable.sent.Items.every((item) => item.ItemTaxType === undefined)).toBe(true)
        expect(taxable.view.invoice.tax_type).toBe("1")
      })
    })

    describe("module links", () => {
      it("joins an order to its invoices through query.graph", async () => {
        const container = getContainer()
        const order = await container.resolve(Modules.ORDER).createOrders({
          currency_code: "twd",
          email: "buyer@example.com",
          items: [{ title: "茶葉禮盒", quantity: 1, unit_price: 1200 }],
        })
        await container.resolve<EinvoiceModuleService>(EINVOICE_MODULE).createEinvoices({
          order_id: order.id,
          relate_number: "MDLINK1",
          total: 1200,
        })
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: orders } = await query.graph({
          entity: "order",
          fields: ["id", "einvoices.relate_number"],
          filters: { id: order.id },
        })
        expect(orders[0].einvoices.map((e: { relate_number: string }) => e.relate_number)).toEqual(["MDLINK1"])
        const { data: invoices } = await query.graph({
          entity: "einvoice",
          fields: ["relate_number", "order.email"],
          filters: { relate_number: "MDLINK1" },
        })
        expect(invoices[0].order.email).toBe("buyer@example.com")
      })
    })

    describe("the database before each test", () => {
      // In this order: the first test changes what the second must find as the suite's beforeAll left it
      // (the runner's restore, which puts the rows back: integration-tests/helpers/row-restore.ts).
      const before = { delayDays: -1, email: "", nextDisplayId: "", cartId: "" }
      const settings = () => einvoiceService(getContainer()).retrieveSettings()
      const nextDisplayId = async () => String((await dbConnection.raw(`select nextval('order_display_id_seq') as value`)).rows[0].value)
      const orderEmail = async () => (await dbConnection.raw(`select email from "order" where id = ?`, [guestOrder])).rows[0]?.email

      it("(1 of 2) a test changes the settings and an order, adds a cart and draws from a sequence", async () => {
        before.delayDays = (await settings()).issue_delay_days
        before.email = await orderEmail()
        before.nextDisplayId = await nextDisplayId()
        await einvoiceService(getContainer()).updateSettings({ issue_delay_days: before.delayDays + 5 })
        await dbConnection.raw(`update "order" set email = 'changed@example.com' where id = ?`, [guestOrder])
        before.cartId = await newCart()
        await nextDisplayId()
        expect((await settings()).issue_delay_days).toBe(before.delayDays + 5)
      })

      it("(2 of 2) the next test finds the suite's store again: settings, order, no cart, the sequence where it was", async () => {
        expect(before.cartId).toMatch(/^cart_/)
        expect((await settings()).issue_delay_days).toBe(before.delayDays)
        expect(await orderEmail()).toBe(before.email)
        expect((await dbConnection.raw(`select count(*)::int as n from cart where id = ?`, [before.cartId])).rows[0].n).toBe(0)
        expect(await nextDisplayId()).toBe(before.nextDisplayId)
      })
    })

    // Last: every store and admin route with a few random cases each, in one test (npm run test:fuzz runs thousands).
    describeRouteFuzz(() => ({ api, fixture, simulator, orderId: guestOrder, completedCartId: completedCart }), {
      runs: 10,
      testPerRoute: false,
    })
  },
})
