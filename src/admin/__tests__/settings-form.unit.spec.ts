import { checkLocally, toFormValues, toRequestBody } from "../lib/settings-form"
import type { PublicSettings } from "../lib/types"

const settings: PublicSettings = {
  id: "default",
  enabled: false,
  environment: "stage",
  merchant_id: "2000132",
  hash_key: "set",
  hash_iv: "not_set",
  base_url: null,
  tax_type: "1",
  clearance_mark: null,
  zero_tax_rate_reason: null,
  issue_mode: "automatic",
  issue_trigger: "payment_captured",
  issue_delay_days: 0,
  enabled_types: ["member", "citizen_certificate", "mobile_barcode", "donation", "company"],
  charities: [{ code: "919", name: "創世基金會" }],
  default_love_code: "919",
  relate_number_prefix: "MD",
  auto_void_on_cancel: true,
  auto_allowance_on_refund: false,
  auto_allowance_on_return: false,
  auto_allowance_on_edit: false,
  edit_correction: "allowance",
  allowance_agreement: "paper",
  notify_by_medusa: false,
  notification_template: "ecpay-einvoice-issued",
  item_word: "件",
  invoice_remark: null,
  currency_rates: [{ currency_code: "usd", rate: 31.5 }],
  configured_by_options: [],
}

describe("settings form", () => {
  it("shows the currency rates as typed text and sends them as numbers (text that is not one, as typed)", () => {
    const values = toFormValues(settings)
    expect(values.currency_rates).toEqual([{ currency_code: "USD", rate: "31.5" }])
    expect(toRequestBody(values, []).currency_rates).toEqual([{ currency_code: "USD", rate: 31.5 }])
    const typo = toRequestBody({ ...values, currency_rates: [{ currency_code: " JPY ", rate: "0,21" }] }, [])
    expect(typo.currency_rates).toEqual([{ currency_code: "JPY", rate: "0,21" }])
  })

  it("starts with empty secret inputs whatever is saved", () => {
    const values = toFormValues(settings)
    expect(values.hash_key).toBe("")
    expect(values.hash_iv).toBe("")
    expect(values.clear_hash_key).toBe(false)
  })

  it("sends HashKey / HashIV only when typed, and null when cleared", () => {
    const untouched = toRequestBody(toFormValues(settings), [])
    expect(untouched).not.toHaveProperty("hash_key")
    expect(untouched).not.toHaveProperty("hash_iv")

    const typed = toRequestBody({ ...toFormValues(settings), hash_key: "ejCk326UnaZWKisg" }, [])
    expect(typed.hash_key).toBe("ejCk326UnaZWKisg")
    expect(typed).not.toHaveProperty("hash_iv")

    const cleared = toRequestBody({ ...toFormValues(settings), hash_key: "x", clear_hash_key: true }, [])
    expect(cleared.hash_key).toBeNull()
  })

  it("leaves out the fields pinned by the plugin options", () => {
    const body = toRequestBody({ ...toFormValues(settings), hash_key: "ejCk326UnaZWKisg" }, [
      "merchant_id",
      "hash_key",
      "hash_iv",
      "environment",
      "base_url",
    ])
    for (const field of ["merchant_id", "hash_key", "hash_iv", "environment", "base_url"]) {
      expect(body).not.toHaveProperty(field)
    }
    expect(body.enabled).toBe(false)
  })

  it("sends a base URL for the simulator only: stage and production use ECPay's own address", () => {
    const typed = { ...toFormValues(settings), base_url: "http://localhost:7878" }
    expect(toRequestBody({ ...typed, environment: "simulator" }, []).base_url).toBe("http://localhost:7878")
    expect(toRequestBody({ ...typed, environment: "stage" }, []).base_url).toBeNull()
    expect(toRequestBody({ ...typed, environment: "production" }, []).base_url).toBeNull()
  })

  it("turns empty inputs into null and numbers into numbers", () => {
    const body = toRequestBody({ ...toFormValues(settings), merchant_id: " ", base_url: "", issue_delay_days: "3", invoice_remark: "" }, [])
    expect(body).toMatchObject({ merchant_id: null, base_url: null, issue_delay_days: 3, invoice_remark: null })
    // Not a whole number: sent as typed, so the API names the field.
    expect(toRequestBody({ ...toFormValues(settings), issue_delay_days: "1.5" }, []).issue_delay_days).toBe("1.5")
  })

  it("sends the clearance mark and zero-tax reason only for zero-rated stores", () => {
    const zero = toRequestBody({ ...toFormValues(settings), tax_type: "2", clearance_mark: "1", zero_tax_rate_reason: "71" }, [])
    expect(zero).toMatchObject({ tax_type: "2", clearance_mark: "1", zero_tax_rate_reason: "71" })
    const taxable = toRequestBody({ ...toFormValues(settings), tax_type: "1", clearance_mark: "1" }, [])
    expect(taxable).toMatchObject({ clearance_mark: null, zero_tax_rate_reason: null })
  })

  it("always offers the five core invoice types", () => {
    const body = toRequestBody({ ...toFormValues(settings), enabled_types: ["paper"] }, [])
    expect(body.enabled_types).toEqual(
      expect.arrayContaining(["member", "citizen_certificate", "mobile_barcode", "donation", "company", "paper"])
    )
  })

  it("asks for the base URL when the simulator is chosen", () => {
    const values = { ...toFormValues(settings), environment: "simulator" as const, base_url: "" }
    expect(checkLocally(values, [])).toEqual({ base_url: "base_url_required" })
    expect(checkLocally(values, ["base_url"])).toEqual({})
    expect(checkLocally({ ...values, base_url: "http://localhost:7878" }, [])).toEqual({})
  })
})
