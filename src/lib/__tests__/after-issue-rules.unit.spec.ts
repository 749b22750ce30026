import type { GetIssueResponse } from "../ecpay"
import { CANCELED_ORDER_REASON, cancelSettlementPlan } from "../cancel-settlement"
import { issuedNotification, type NotifiedInvoice } from "../issued-notification"
import { MOF_INVOICE_LOOKUP_URL } from "../invoice-lookup"
import { AGREEMENT_WINDOW_MS, LOST_REQUEST_GRACE_MS, invoiceRefresh, onlineRequestLapse, type SyncedInvoiceFields } from "../invoice-sync"
import { checkValueOffline } from "../invoice-value-check"

const ours: SyncedInvoiceFields = {
  type: "member",
  remaining_allowance_amount: 1000,
  upload_status: "1",
  award_status: "0",
  random_number: "1234",
  carrier_type: "1",
  carrier_number: "member-code",
  love_code: null,
  donation: false,
  company_tax_id: null,
  company_name: null,
  buyer_name: "王小明",
  buyer_email: "buyer@example.com",
}

const remote = (overrides: Partial<GetIssueResponse> = {}) =>
  ({
    IIS_Remain_Allowance_Amt: 1000,
    IIS_Upload_Status: "1",
    IIS_Award_Type: "0",
    IIS_Award_Flag: "0",
    IIS_Invalid_Status: "0",
    IIS_Random_Number: "1234",
    IIS_Carrier_Type: "1",
    IIS_Carrier_Num: "ECPay's own member code",
    IIS_Love_Code: "",
    IIS_Identifier: "0000000000",
    IIS_Print_Flag: "0",
    IIS_Customer_Name: "王小明",
    IIS_Customer_Email: "buyer@example.com",
    ...overrides,
  }) as GetIssueResponse

describe("invoiceRefresh", () => {
  it("changes nothing when ECPay holds what we hold (a member carrier's number is ECPay's own)", () => {
    expect(invoiceRefresh(remote(), ours)).toEqual({ patch: {}, changes: [], voided: false })
  })

  it("takes over the remaining amount, upload and award status, in that order", () => {
    const refresh = invoiceRefresh(
      remote({ IIS_Remain_Allowance_Amt: "400" as unknown as number, IIS_Upload_Status: "", IIS_Award_Type: "6" }),
      ours
    )
    expect(refresh.patch).toEqual({ remaining_allowance_amount: 400, upload_status: null, award_status: "6" })
    expect(refresh.changes).toEqual(["remaining_allowance_amount", "upload_status", "award_status"])
  })

  it("stores the prize tier as text whether ECPay sends it as a number or as text; no tier: the flag", () => {
    expect(invoiceRefresh(remote({ IIS_Award_Type: 6 }), ours).patch).toEqual({ award_status: "6" })
    expect(invoiceRefresh(remote({ IIS_Award_Type: 0, IIS_Award_Flag: "1" }), ours).patch).toEqual({ award_status: "1" })
    expect(invoiceRefresh(remote({ IIS_Award_Type: 0, IIS_Award_Flag: "" }), ours).patch).toEqual({ award_status: null })
  })

  it("takes over a correction made in ECPay's back office as a re-issue", () => {
    const refresh = invoiceRefresh(
      remote({ IIS_Identifier: "12345675", IIS_Customer_Name: "測試股份有限公司", IIS_Random_Number: "9876" }),
      ours
    )
    expect(refresh.changes).toEqual(["reissued"])
    expect(refresh.patch).toMatchObject({
      type: "company",
      company_tax_id: "12345675",
      company_name: "測試股份有限公司",
      random_number: "9876",
    })
  })

  it("reports a void and then takes no correction over", () => {
    const refresh = invoiceRefresh(remote({ IIS_Invalid_Status: "1", IIS_Love_Code: "168001" }), ours)
    expect(refresh).toEqual({ patch: {}, changes: [], voided: true })
  })
})

describe("onlineRequestLapse", () => {
  const created = new Date("2026-01-01T00:00:00Z")
  const request = {
    agreement: "online",
    status: "awaiting_agreement",
    allowance_number: "2026010100000001",
    expires_at: null,
    created_at: created,
  }
  const at = (ms: number) => created.getTime() + ms

  it("expires a request the buyer left unanswered past 72 hours", () => {
    expect(onlineRequestLapse(request, at(AGREEMENT_WINDOW_MS - 1))).toBeNull()
    expect(onlineRequestLapse(request, at(AGREEMENT_WINDOW_MS + 1))).toBe("expired")
    expect(onlineRequestLapse({ ...request, expires_at: new Date(at(1000)) }, at(2000))).toBe("expired")
  })

  it("takes a request whose reply was lost as not made, a day after its window", () => {
    const lost = { ...request, status: "pending", allowance_number: null }
    expect(onlineRequestLapse(lost, at(AGREEMENT_WINDOW_MS + LOST_REQUEST_GRACE_MS - 1))).toBeNull()
    expect(onlineRequestLapse(lost, at(AGREEMENT_WINDOW_MS + LOST_REQUEST_GRACE_MS + 1))).toBe("not_made")
  })

  it("leaves paper allowances and settled requests alone", () => {
    const late = at(10 * AGREEMENT_WINDOW_MS)
    expect(onlineRequestLapse({ ...request, agreement: "paper" }, late)).toBeNull()
    expect(onlineRequestLapse({ ...request, status: "issued" }, late)).toBeNull()
  })
})

describe("cancelSettlementPlan", () => {
  const invoice = { status: "issued", invoice_date: new Date(), remaining_allowance_amount: 1000, total: 1000 }

  it("voids an invoice that can be voided", () => {
    expect(cancelSettlementPlan(invoice, [])).toEqual({ action: "void", reason: CANCELED_ORDER_REASON, amount: 0 })
  })

  it("allows what is left when allowances block the void, and nothing when nothing is left", () => {
    expect(cancelSettlementPlan({ ...invoice, remaining_allowance_amount: 700 }, [{ status: "issued", amount: 300 }])).toEqual({
      action: "allowance",
      reason: CANCELED_ORDER_REASON,
      amount: 700,
    })
    expect(cancelSettlementPlan({ ...invoice, remaining_allowance_amount: 0 }, [{ status: "issued", amount: 1000 }]).action).toBe("none")
  })

  it("allows the whole amount once the void deadline has passed", () => {
    expect(cancelSettlementPlan({ ...invoice, invoice_date: new Date("2020-01-10T00:00:00Z") }, [])).toMatchObject({
      action: "allowance",
      amount: 1000,
    })
  })
})

describe("issuedNotification", () => {
  const invoice: NotifiedInvoice = {
    id: "einv_1",
    order_id: "order_1",
    order_display_id: 7,
    invoice_number: "AB12345678",
    random_number: "1234",
    invoice_date: null,
    total: 1000,
    type: "member",
    buyer_email: "buyer@example.com",
    carrier_type: "1",
    carrier_number: null,
    love_code: null,
    company_tax_id: null,
    company_name: null,
  }
  const settings = { notify_by_medusa: true, notification_template: "einvoice-issued" }

  it("is sent to the buyer, once per invoice, with the government's lookup page", () => {
    expect(issuedNotification(settings, invoice)).toMatchObject({
      to: "buyer@example.com",
      channel: "email",
      template: "einvoice-issued",
      idempotency_key: "ecpay-einvoice-issued:einv_1",
      data: { invoice_number: "AB12345678", order_display_id: 7, lookup_url: MOF_INVOICE_LOOKUP_URL },
    })
  })

  it("is not sent when the store did not turn it on or there is no buyer e-mail", () => {
    expect(issuedNotification({ ...settings, notify_by_medusa: false }, invoice)).toBeNull()
    expect(issuedNotification(settings, { ...invoice, buyer_email: null })).toBeNull()
  })
})

describe("checkValueOffline", () => {
  it("answers a wrong format and a citizen certificate without asking ECPay", () => {
    expect(checkValueOffline({ type: "love_code", value: "1" })).toMatchObject({
      kind: "answered",
      result: { valid: false, rule: "format" },
    })
    expect(checkValueOffline({ type: "citizen_certificate", value: "ab12345678901234" })).toMatchObject({
      kind: "answered",
      result: { valid: true, rule: null, value: "AB12345678901234", checked_online: false },
    })
  })

  it("hands a well-formed value, normalized, to the online check", () => {
    expect(checkValueOffline({ type: "mobile_barcode", value: " /abc+123 " })).toEqual({
      kind: "online",
      type: "mobile_barcode",
      value: "/ABC+123",
    })
  })
})
