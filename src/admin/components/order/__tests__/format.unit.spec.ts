import {
  destinationOfInvoice,
  destinationOfPreview,
  ecpayCodeText,
  failureAdvice,
  formatTaipeiDateTime,
  formatTwd,
  intlLocale,
  isEcpayCode,
} from "../format"

describe("order e-invoice card helpers", () => {
  it("prints whole New Taiwan dollars", () => {
    expect(formatTwd(2850)).toBe("NT$2,850")
    expect(formatTwd(0)).toBe("NT$0")
    expect(formatTwd(-50)).toBe("-NT$50")
    expect(formatTwd(null)).toBe("-")
  })

  it("shows moments in Taiwan time whatever the browser's zone", () => {
    // 2025-05-01 06:03:22 UTC is 14:03:22 in Taipei (UTC+8, no daylight saving).
    expect(formatTaipeiDateTime("2025-05-01T06:03:22.000Z")).toBe("2025-05-01 14:03")
    expect(formatTaipeiDateTime("2025-05-01T06:03:22.000Z", true)).toBe("2025-05-01 14:03:22")
    // Past midnight in Taipei, still the previous day in UTC.
    expect(formatTaipeiDateTime("2025-04-30T16:30:00.000Z")).toBe("2025-05-01 00:30")
    expect(formatTaipeiDateTime(null)).toBe("-")
  })

  it("maps the dashboard's language codes to Intl locales", () => {
    expect(intlLocale("zhTW")).toBe("zh-TW")
    expect(intlLocale("en")).toBe("en")
    expect(intlLocale(undefined)).toBe("en")
  })

  it.each([
    ["not_configured", "not_configured"],
    ["credentials_unreadable", "credentials_unreadable"],
    ["validation", "validation"],
    ["http_403", "rate_limited"],
    ["ecpay_paused", "rate_limited"],
    ["trans_9100003", "credentials"],
    ["trans_-1", "credentials"],
    ["relate_number_conflict", "relate_number_conflict"],
    ["currency_not_twd", "currency"],
    ["transport", "unreachable"],
    ["reconcile_unavailable", "unreachable"],
    ["1100099", "ecpay_refused"],
    ["something_new", "generic"],
    [null, "generic"],
  ])("advises on %s as %s", (code, advice) => {
    expect(failureAdvice(code)).toBe(advice)
  })

  it.each([
    ["5070350", "", "invoice_track"],
    ["1500047", "anything", "invoice_track"],
    ["1100099", "字軌號碼已用完", "invoice_track"],
    ["1100099", "載具號碼格式錯誤", "carrier"],
    ["1100099", "LoveCode not found", "carrier"],
    ["1100099", "統一編號有誤", "tax_id"],
    ["1100099", "模擬拒絕：買受人資料有誤", "ecpay_refused"],
    ["validation", "載具號碼格式錯誤", "validation"],
  ])("points ECPay's refusal %s (%s) to where it can be fixed: %s", (code, message, advice) => {
    expect(failureAdvice(code, message)).toBe(advice)
  })

  it("tells ECPay's own codes from the plugin's", () => {
    expect(isEcpayCode("1100099")).toBe(true)
    expect(isEcpayCode("trans_9100003")).toBe(true)
    expect(isEcpayCode("validation")).toBe(false)
    expect(isEcpayCode(null)).toBe(false)
    expect(ecpayCodeText("trans_9100003")).toBe("9100003")
    expect(ecpayCodeText("1100099")).toBe("1100099")
  })

  it("says where the invoice goes: donation, company, carrier, paper", () => {
    const base = {
      donation: false,
      love_code: null,
      company_tax_id: null,
      company_name: null,
      print: false,
      carrier_type: null,
      carrier_number: null,
    }
    expect(destinationOfInvoice({ ...base, donation: true, love_code: "168001" })).toEqual({ kind: "donation", loveCode: "168001" })
    expect(
      destinationOfInvoice({ ...base, company_tax_id: "12345675", company_name: "好茶股份有限公司", carrier_type: "1" })
    ).toMatchObject({
      kind: "company",
      taxId: "12345675",
      name: "好茶股份有限公司",
      carrierType: "1",
    })
    expect(destinationOfInvoice({ ...base, carrier_type: "3", carrier_number: "/ABC1234" })).toEqual({
      kind: "carrier",
      carrierType: "3",
      carrierNumber: "/ABC1234",
    })
    expect(destinationOfInvoice({ ...base, print: true })).toEqual({ kind: "paper" })
    expect(
      destinationOfPreview({
        kind: "issue",
        type: "member",
        choice_source: "default",
        RelateNumber: "MD1",
        SalesAmount: 100,
        Items: [],
        CarrierType: "1",
        CarrierNum: "",
        Donation: "0",
        LoveCode: "",
        CustomerIdentifier: "",
        CustomerName: "",
        Print: "0",
      })
    ).toEqual({ kind: "carrier", carrierType: "1", carrierNumber: null })
  })
})
