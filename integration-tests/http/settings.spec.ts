import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { loginAsAdmin } from "../helpers/admin"
import { EINVOICE_MODULE } from "../../src/modules/einvoice"
import type EinvoiceModuleService from "../../src/modules/einvoice/service"

jest.setTimeout(120000)

const HASH_KEY = "ejCk326UnaZWKisg"
const HASH_IV = "q9jcZX8Ib9LM8wYk"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    const noThrow = { validateStatus: () => true }
    let headers: Record<string, string>

    beforeEach(async () => {
      ;({ headers } = await loginAsAdmin(getContainer(), api))
    })

    describe("admin routes require a login", () => {
      it.each([
        ["get", "/admin/ecpay-einvoice/settings"],
        ["post", "/admin/ecpay-einvoice/settings"],
        ["post", "/admin/ecpay-einvoice/settings/test-connection"],
      ])("%s %s answers 401 without a login", async (method, url) => {
        const response =
          method === "get" ? await api.get(url, noThrow) : await api.post(url, {}, noThrow)
        expect(response.status).toBe(401)
      })
    })

    describe("settings", () => {
      it("returns the defaults, with secrets only as set / not set", async () => {
        const { data } = await api.get("/admin/ecpay-einvoice/settings", { headers })
        expect(data.settings).toMatchObject({ enabled: false, hash_key: "not_set", hash_iv: "not_set" })
      })

      it("saves settings; HashKey and HashIV never come back and are encrypted in the table", async () => {
        const { data } = await api.post(
          "/admin/ecpay-einvoice/settings",
          {
            enabled: true,
            environment: "stage",
            merchant_id: "2000132",
            hash_key: HASH_KEY,
            hash_iv: HASH_IV,
            charities: [{ code: "168001", name: "財團法人台灣兒童暨家庭扶助基金會" }],
            default_love_code: "168001",
            issue_mode: "manual",
          },
          { headers }
        )
        expect(data.settings).toMatchObject({
          enabled: true,
          merchant_id: "2000132",
          hash_key: "set",
          hash_iv: "set",
          issue_mode: "manual",
          default_love_code: "168001",
        })
        const again = await api.get("/admin/ecpay-einvoice/settings", { headers })
        for (const body of [JSON.stringify(data), JSON.stringify(again.data)]) {
          expect(body).not.toContain(HASH_KEY)
          expect(body).not.toContain(HASH_IV)
        }
        const rows = await dbConnection.raw(`select * from ecpay_einvoice_setting`)
        expect(JSON.stringify(rows.rows)).not.toContain(HASH_KEY)
        const events = await dbConnection.raw(`select * from ecpay_einvoice_event`)
        expect(events.rows).toHaveLength(1)
        expect(JSON.stringify(events.rows)).not.toContain(HASH_KEY)
      })

      it.each([
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
      ])("rejects %j with 400 naming %s", async (body, field) => {
        const response = await api.post("/admin/ecpay-einvoice/settings", body, { headers, ...noThrow })
        expect(response.status).toBe(400)
        expect(response.data.errors.map((e: { field: string }) => e.field)).toContain(field)
        expect(response.data.message).toContain(field)
      })

      it("checks a change against the stored settings (zero-rated needs a clearance mark)", async () => {
        const response = await api.post("/admin/ecpay-einvoice/settings", { tax_type: "2" }, { headers, ...noThrow })
        expect(response.status).toBe(400)
        expect(response.data.message).toContain("clearance_mark")
        const ok = await api.post("/admin/ecpay-einvoice/settings", { tax_type: "2", clearance_mark: "1" }, { headers })
        expect(ok.data.settings.tax_type).toBe("2")
      })

      it("answers 400, not 500, to bodies that are not objects", async () => {
        for (const body of ["[1,2]", '"text"', "null", "{bad json"]) {
          const response = await api.post("/admin/ecpay-einvoice/settings", body, {
            headers: { ...headers, "content-type": "application/json" },
            ...noThrow,
          })
          expect(response.status).toBe(400)
        }
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
        expect(orders[0].einvoices.map((e: any) => e.relate_number)).toEqual(["MDLINK1"])
        const { data: invoices } = await query.graph({
          entity: "einvoice",
          fields: ["relate_number", "order.email"],
          filters: { relate_number: "MDLINK1" },
        })
        expect(invoices[0].order.email).toBe("buyer@example.com")
      })
    })
  },
})
