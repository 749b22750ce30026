import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { EINVOICE_MODULE } from ".."
import EinvoiceModuleService from "../service"
import { Einvoice, EinvoiceAllowance, EinvoiceCheckWindow, EinvoiceEvent, EinvoicePreference, EinvoiceSetting } from "../models"
import { SecretBox } from "../../../lib/secret-box"

jest.setTimeout(60000)

const SECRET_KEY = "module-test-secret-key-0123456789"
/** The key before the last rotation, in `previousSecretKeys`. */
const PREVIOUS_SECRET_KEY = "module-test-previous-secret-key-0123"
const HASH_KEY = "ejCk326UnaZWKisg"
const HASH_IV = "q9jcZX8Ib9LM8wYk"

function invoiceInput(orderId: string, relateNumber: string) {
  return {
    order_id: orderId,
    relate_number: relateNumber,
    total: 1050,
    type: "member" as const,
    buyer_email: "buyer@example.com",
  }
}

moduleIntegrationTestRunner<EinvoiceModuleService>({
  moduleName: EINVOICE_MODULE,
  moduleModels: [Einvoice, EinvoiceAllowance, EinvoiceEvent, EinvoiceSetting, EinvoicePreference, EinvoiceCheckWindow],
  resolve: "./src/modules/einvoice",
  moduleOptions: { secretKey: SECRET_KEY, previousSecretKeys: [PREVIOUS_SECRET_KEY] },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as Array<Record<string, unknown>>

    describe("invoice state transitions", () => {
      it("moves pending → issued → voided and records the patch", async () => {
        const invoice = await service.createEinvoices(invoiceInput("order_1", "MD1A"))
        expect(invoice.status).toBe("pending")

        const issued = await service.transitionInvoice(invoice.id, "issued", {
          invoice_number: "AB12345678",
          random_number: "1234",
        })
        expect(issued.status).toBe("issued")
        expect(issued.invoice_number).toBe("AB12345678")

        const voided = await service.transitionInvoice(invoice.id, "voided", { void_reason: "退貨" })
        expect(voided.status).toBe("voided")
        expect(voided.void_reason).toBe("退貨")
      })

      it("refuses an issued invoice going back to pending", async () => {
        const invoice = await service.createEinvoices(invoiceInput("order_2", "MD2A"))
        await service.transitionInvoice(invoice.id, "issued")
        await expect(service.transitionInvoice(invoice.id, "pending")).rejects.toThrow(/is issued and cannot become pending/)
        expect((await service.retrieveEinvoice(invoice.id)).status).toBe("issued")
      })

      it("refuses voiding a voided invoice again, and voiding a pending one", async () => {
        const pending = await service.createEinvoices(invoiceInput("order_3", "MD3A"))
        await expect(service.transitionInvoice(pending.id, "voided")).rejects.toThrow(/is pending and cannot become voided/)
        await service.transitionInvoice(pending.id, "issued")
        await service.transitionInvoice(pending.id, "voided")
        await expect(service.transitionInvoice(pending.id, "voided")).rejects.toThrow(/already voided/)
      })

      it("lets a failed invoice be retried and a skipped one be issued later", async () => {
        const invoice = await service.createEinvoices(invoiceInput("order_4", "MD4A"))
        await service.transitionInvoice(invoice.id, "failed", { last_error_code: "1000001" })
        await service.transitionInvoice(invoice.id, "pending")
        await service.transitionInvoice(invoice.id, "skipped", { status_reason: "zero total" })
        const again = await service.transitionInvoice(invoice.id, "pending")
        expect(again.status).toBe("pending")
      })

      it("answers not found for an unknown invoice", async () => {
        await expect(service.transitionInvoice("einv_missing", "issued")).rejects.toThrow(/not found/)
      })

      it("serialises concurrent transitions of one invoice: only one void wins", async () => {
        const invoice = await service.createEinvoices(invoiceInput("order_5", "MD5A"))
        await service.transitionInvoice(invoice.id, "issued")
        const results = await Promise.allSettled([
          service.transitionInvoice(invoice.id, "voided"),
          service.transitionInvoice(invoice.id, "voided"),
        ])
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        expect(results.filter((r) => r.status === "rejected")).toHaveLength(1)
      })

      it("guards allowance transitions", async () => {
        const invoice = await service.createEinvoices(invoiceInput("order_6", "MD6A"))
        const allowance = await service.createEinvoiceAllowances({
          einvoice_id: invoice.id,
          amount: 100,
          agreement: "online",
          idempotency_key: "test:online",
        })
        await service.transitionAllowance(allowance.id, "awaiting_agreement")
        await service.transitionAllowance(allowance.id, "rejected")
        await expect(service.transitionAllowance(allowance.id, "failed")).rejects.toThrow(/is rejected and cannot become failed/)
        // Only ECPay's word (a late agreement, or its list of allowances) issues a rejected request after all.
        await service.transitionAllowance(allowance.id, "issued")
        const paper = await service.createEinvoiceAllowances({ einvoice_id: invoice.id, amount: 50, idempotency_key: "test:paper" })
        await service.transitionAllowance(paper.id, "issued", { allowance_number: "2026112512000001" })
        await service.transitionAllowance(paper.id, "voided")
        await expect(service.transitionAllowance(paper.id, "voided")).rejects.toThrow(/already voided/)
      })
    })

    describe("one valid invoice per order (database constraint)", () => {
      it("rejects a second non-voided invoice for the same order", async () => {
        await service.createEinvoices(invoiceInput("order_10", "MD10A"))
        await expect(service.createEinvoices(invoiceInput("order_10", "MD10B"))).rejects.toThrow()
        const rows = await sql(`select count(*)::int as n from ecpay_einvoice where order_id = 'order_10'`)
        expect(rows[0].n).toBe(1)
      })

      it("rejects it even when written directly in SQL, bypassing the service", async () => {
        await service.createEinvoices(invoiceInput("order_11", "MD11A"))
        await expect(
          sql(`insert into ecpay_einvoice (id, order_id, relate_number, status) values ('einv_raw', 'order_11', 'MD11B', 'issued')`)
        ).rejects.toThrow(/IDX_ecpay_einvoice_one_valid_per_order/)
      })

      it("allows a new invoice once the previous one is voided", async () => {
        const first = await service.createEinvoices(invoiceInput("order_12", "MD12A"))
        await service.transitionInvoice(first.id, "issued")
        await service.transitionInvoice(first.id, "voided")
        const second = await service.createEinvoices(invoiceInput("order_12", "MD12B"))
        expect(second.status).toBe("pending")
        await expect(service.createEinvoices(invoiceInput("order_12", "MD12C"))).rejects.toThrow()
      })

      it("keeps RelateNumbers unique", async () => {
        await service.createEinvoices(invoiceInput("order_13", "MD13A"))
        await expect(service.createEinvoices(invoiceInput("order_14", "MD13A"))).rejects.toThrow()
      })
    })

    describe("settings", () => {
      it("starts from defaults and reports secrets as not set", async () => {
        const settings = await service.retrieveSettings()
        expect(settings).toMatchObject({
          id: "default",
          enabled: false,
          hash_key: "not_set",
          hash_iv: "not_set",
          issue_mode: "automatic",
          issue_trigger: "payment_captured",
          relate_number_prefix: "MD",
          configured_by_options: [],
        })
        expect(settings.enabled_types).toEqual(
          expect.arrayContaining(["member", "citizen_certificate", "mobile_barcode", "donation", "company"])
        )
      })

      it("says which events issue automatically: none while invoicing is off or manual, only the trigger's own", async () => {
        const acts = async () =>
          Object.fromEntries(
            await Promise.all(
              (["payment_captured", "order_placed", "fulfillment", "shipment"] as const).map(
                async (trigger) => [trigger, await service.issuesAutomaticallyOn(trigger)] as const
              )
            )
          )
        expect(await acts()).toEqual({ payment_captured: false, order_placed: false, fulfillment: false, shipment: false })
        await service.updateSettings({ enabled: true })
        // A capture at checkout is reported as order.placed: both issue on the capture trigger.
        expect(await acts()).toEqual({ payment_captured: true, order_placed: true, fulfillment: false, shipment: false })
        await service.updateSettings({ issue_trigger: "shipment", issue_delay_days: 3 })
        expect(await acts()).toEqual({ payment_captured: false, order_placed: false, fulfillment: false, shipment: true })
        await service.updateSettings({ issue_mode: "manual" })
        expect(await acts()).toEqual({ payment_captured: false, order_placed: false, fulfillment: false, shipment: false })
      })

      it("stores HashKey/HashIV encrypted: the plaintext is nowhere in the table", async () => {
        const settings = await service.updateSettings(
          { merchant_id: "2000132", hash_key: HASH_KEY, hash_iv: HASH_IV, enabled: true },
          { type: "user", id: "user_1" }
        )
        expect(settings.hash_key).toBe("set")
        expect(settings.hash_iv).toBe("set")
        expect(JSON.stringify(settings)).not.toContain(HASH_KEY)
        expect(JSON.stringify(settings)).not.toContain(HASH_IV)

        const rows = await sql(`select * from ecpay_einvoice_setting`)
        expect(rows).toHaveLength(1)
        const dump = JSON.stringify(rows)
        expect(dump).not.toContain(HASH_KEY)
        expect(dump).not.toContain(HASH_IV)
        expect(rows[0].hash_key_encrypted).toMatch(/^v2\.15\./)

        const credentials = await service.getCredentials()
        expect(credentials).toEqual({
          merchantId: "2000132",
          hashKey: HASH_KEY,
          hashIV: HASH_IV,
          environment: "stage",
          baseUrl: null,
        })
      })

      it("keeps secrets out of the audit trail", async () => {
        await service.updateSettings({ hash_key: HASH_KEY, hash_iv: HASH_IV }, { type: "user", id: "u" })
        const events = await sql(`select * from ecpay_einvoice_event where action = 'settings.updated'`)
        expect(events).toHaveLength(1)
        expect(JSON.stringify(events)).not.toContain(HASH_KEY)
        expect(JSON.stringify(events)).not.toContain(HASH_IV)
        expect(events[0].actor_id).toBe("u")
        expect((events[0].data as { changed: string[] }).changed).toEqual(["hash_key", "hash_iv"])
      })

      it("keeps a stored HashKey when it is not part of the update, and clears it with null", async () => {
        await service.updateSettings({ hash_key: HASH_KEY, hash_iv: HASH_IV, merchant_id: "2000132" })
        expect((await service.updateSettings({ tax_type: "3" })).hash_key).toBe("set")
        const cleared = await service.updateSettings({ hash_key: null })
        expect(cleared.hash_key).toBe("not_set")
        expect(await service.getCredentials()).toBeNull()
      })

      it("detects a stored secret that was altered", async () => {
        await service.updateSettings({ hash_key: HASH_KEY, hash_iv: HASH_IV, merchant_id: "2000132" })
        const [row] = await sql(`select hash_key_encrypted from ecpay_einvoice_setting`)
        const sealed = row.hash_key_encrypted as string
        const last = sealed.slice(-2, -1)
        const tampered = sealed.slice(0, -2) + (last === "A" ? "B" : "A") + sealed.slice(-1)
        await sql(`update ecpay_einvoice_setting set hash_key_encrypted = ?`, [tampered])
        await expect(service.getCredentials()).rejects.toThrow(/cannot be decrypted/)
      })

      /** Stores the credentials as sealed by `box` (another process, an earlier key), bypassing the service. */
      const storeSealedWith = async (box: SecretBox) => {
        await service.updateSettings({ merchant_id: "2000132" })
        await sql(`update ecpay_einvoice_setting set hash_key_encrypted = ?, hash_iv_encrypted = ?`, [
          await box.seal(HASH_KEY, "ecpay_einvoice_setting:default:hash_key"),
          await box.seal(HASH_IV, "ecpay_einvoice_setting:default:hash_iv"),
        ])
      }

      it("cannot be fooled by swapping the two sealed values (each is bound to its field)", async () => {
        await service.updateSettings({ hash_key: HASH_KEY, hash_iv: HASH_IV, merchant_id: "2000132" })
        await sql(`update ecpay_einvoice_setting set hash_key_encrypted = hash_iv_encrypted, hash_iv_encrypted = hash_key_encrypted`)
        expect(await service.retrieveSettings()).toMatchObject({ hash_key: "unreadable", hash_iv: "unreadable" })
        expect(await service.resolveCredentials()).toMatchObject({ kind: "unreadable", fields: ["hash_key", "hash_iv"] })
      })

      it("rotation: credentials sealed with a previous key are read, sealed again with the current key once, and audited", async () => {
        await storeSealedWith(new SecretBox(PREVIOUS_SECRET_KEY))
        const [before] = await sql(`select hash_key_encrypted, hash_iv_encrypted from ecpay_einvoice_setting`)
        expect(await service.getCredentials()).toMatchObject({ merchantId: "2000132", hashKey: HASH_KEY, hashIV: HASH_IV })
        const [after] = await sql(`select hash_key_encrypted, hash_iv_encrypted from ecpay_einvoice_setting`)
        // Now readable with the current key alone: the previous one can be dropped from the options.
        const current = new SecretBox(SECRET_KEY)
        expect(after.hash_key_encrypted).not.toBe(before.hash_key_encrypted)
        expect((await current.open(after.hash_key_encrypted as string, "ecpay_einvoice_setting:default:hash_key")).plaintext).toBe(HASH_KEY)
        expect((await current.open(after.hash_iv_encrypted as string, "ecpay_einvoice_setting:default:hash_iv")).plaintext).toBe(HASH_IV)
        expect(await service.retrieveSettings()).toMatchObject({ hash_key: "set", hash_iv: "set" })
        const resealed = await sql(`select data from ecpay_einvoice_event where action = 'settings.secret_resealed' order by created_at`)
        expect(resealed.map((event) => (event.data as { field: string }).field).sort()).toEqual(["hash_iv", "hash_key"])
        expect(JSON.stringify(resealed)).not.toContain(HASH_KEY)
      })

      it("a lost key: the settings say the credentials cannot be read, and reading them is a 400-type error, not a crash", async () => {
        await storeSealedWith(new SecretBox("a-key-nobody-configured-0123456789"))
        expect(await service.retrieveSettings()).toMatchObject({ hash_key: "unreadable", hash_iv: "unreadable", merchant_id: "2000132" })
        expect(await service.resolveCredentials()).toMatchObject({ kind: "unreadable", code: "credentials_unreadable" })
        await expect(service.getCredentials()).rejects.toMatchObject({
          type: "not_allowed",
          message: expect.stringMatching(/enter the credentials again/),
        })
        // Entering them again is the way out.
        expect(await service.updateSettings({ hash_key: HASH_KEY, hash_iv: HASH_IV })).toMatchObject({ hash_key: "set", hash_iv: "set" })
        expect(await service.getCredentials()).toMatchObject({ hashKey: HASH_KEY, hashIV: HASH_IV })
      })
    })

    describe("audit events", () => {
      it("redacts secrets in event data", async () => {
        await service.recordEvent({
          action: "invoice.issue",
          einvoice_id: "einv_x",
          rtn_code: 1,
          rtn_msg: "開立發票成功",
          data: { request: { RelateNumber: "MD1", HashKey: HASH_KEY }, hashIV: HASH_IV },
        })
        const [event] = await service.listEinvoiceEvents({ einvoice_id: "einv_x" })
        expect(event.rtn_code).toBe("1")
        expect(JSON.stringify(event)).not.toContain(HASH_KEY)
        expect(JSON.stringify(event)).not.toContain(HASH_IV)
        expect((event.data as { request: { RelateNumber: string } }).request.RelateNumber).toBe("MD1")
      })
    })

    describe("preferences", () => {
      it("keeps one preference per cart and one remembered per customer", async () => {
        await service.createEinvoicePreferences({ scope: "cart", cart_id: "cart_1", type: "donation", love_code: "168001" })
        await expect(service.createEinvoicePreferences({ scope: "cart", cart_id: "cart_1", type: "member" })).rejects.toThrow()
        await service.createEinvoicePreferences({ scope: "customer", customer_id: "cus_1", type: "member" })
        await service.createEinvoicePreferences({ scope: "cart", cart_id: "cart_2", customer_id: "cus_1", type: "member" })
        await expect(service.createEinvoicePreferences({ scope: "customer", customer_id: "cus_1", type: "company" })).rejects.toThrow()
      })
    })
  },
})

describe("settings pinned by plugin options", () => {
  moduleIntegrationTestRunner<EinvoiceModuleService>({
    moduleName: EINVOICE_MODULE,
    moduleModels: [Einvoice, EinvoiceAllowance, EinvoiceEvent, EinvoiceSetting, EinvoicePreference, EinvoiceCheckWindow],
    resolve: "./src/modules/einvoice",
    moduleOptions: { secretKey: SECRET_KEY, merchantId: "3000001", hashKey: HASH_KEY, hashIV: HASH_IV, environment: "stage" },
    testSuite: ({ service }) => {
      it("shows option-given credentials as set by configuration and refuses to overwrite them", async () => {
        const settings = await service.retrieveSettings()
        expect(settings.hash_key).toBe("set_by_configuration")
        expect(settings.merchant_id).toBe("3000001")
        expect(settings.configured_by_options).toEqual(["merchant_id", "hash_key", "hash_iv", "environment"])
        await expect(service.updateSettings({ hash_key: "x".repeat(16) })).rejects.toThrow(/hash_key: set by the plugin configuration/)
        expect((await service.getCredentials())?.merchantId).toBe("3000001")
      })
    },
  })
})
