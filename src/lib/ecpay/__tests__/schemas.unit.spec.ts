import { EcpayOperation, EcpayValidationError, findRequestIssues, parseRequestData, roundHalfUpSum } from "../index"

type Fields = Record<string, unknown>

function expectValid(operation: EcpayOperation, data: Fields) {
  expect(findRequestIssues(operation, data)).toEqual([])
}

function expectIssue(operation: EcpayOperation, data: Fields, field: string, rule: string) {
  expect(findRequestIssues(operation, data)).toContainEqual(expect.objectContaining({ field, rule }))
}

const item = (overrides: Fields = {}) => ({
  ItemName: "T-shirt",
  ItemCount: 2,
  ItemWord: "件",
  ItemPrice: 150,
  ItemAmount: 300,
  ...overrides,
})

/** A valid member-carrier invoice; each case changes a few fields. */
const issue = (overrides: Fields = {}): Fields => ({
  RelateNumber: "ORDER-0001",
  CustomerEmail: "buyer@example.com",
  Print: "0",
  Donation: "0",
  CarrierType: "1",
  CarrierNum: "",
  TaxType: "1",
  InvType: "07",
  SalesAmount: 300,
  Items: [item()],
  ...overrides,
})

const printedBuyer = { CustomerName: "王小明", CustomerAddr: "台北市信義區市府路1號" }
const company = { CustomerIdentifier: "22099131", CustomerName: "測試股份有限公司" }

describe("Issue: valid requests", () => {
  it.each<[string, Fields]>([
    ["member carrier", {}],
    ["phone instead of e-mail", { CustomerEmail: undefined, CustomerPhone: "0912345678" }],
    ["mobile barcode", { CarrierType: "3", CarrierNum: "/ABC+-.1" }],
    ["citizen certificate", { CarrierType: "2", CarrierNum: "AB12345678901234" }],
    ["EasyCard with both codes", { CarrierType: "4", CarrierNum: "HIDDEN123", CarrierNum2: "VISIBLE456" }],
    ["donation without carrier", { Donation: "1", LoveCode: "168001", CarrierType: "" }],
    ["donation stored in a carrier first", { Donation: "1", LoveCode: "001" }],
    ["paper invoice", { Print: "1", CarrierType: "", ...printedBuyer }],
    ["company invoice, printed", { ...company, CustomerAddr: "台北市", Print: "1", CarrierType: "" }],
    ["company invoice on the member carrier", { ...company, Print: "0", CarrierType: "1" }],
    [
      "company invoice on a mobile barcode, printed",
      { ...company, CustomerAddr: "台北市", Print: "1", CarrierType: "3", CarrierNum: "/ABC+-.1" },
    ],
    ["company invoice on a mobile barcode, not printed", { ...company, Print: "0", CarrierType: "3", CarrierNum: "/ABC+-.1" }],
    ["zero-rated with clearance mark", { TaxType: "2", ClearanceMark: "1", ZeroTaxRateReason: "71" }],
    ["tax-exempt", { TaxType: "3" }],
    ["special tax", { InvType: "08", TaxType: "4", SpecialTaxType: 1 }],
    ["special invoice, exempt", { InvType: "08", TaxType: "3", SpecialTaxType: 8 }],
    ["mixed taxable and exempt", { TaxType: "9", Items: [item({ ItemTaxType: "1" }), item({ ItemTaxType: "3" })], SalesAmount: 600 }],
    ["prices excluding tax (vat 0)", { vat: "0", Items: [item({ ItemPrice: 100, ItemAmount: 210 })], SalesAmount: 210 }],
    [
      "decimal amounts rounded half up",
      {
        Items: [item({ ItemCount: 3, ItemPrice: 33.33, ItemAmount: 99.99 }), item({ ItemCount: 1, ItemPrice: 0.51, ItemAmount: 0.51 })],
        SalesAmount: 101,
      },
    ],
    [
      "discount line with a negative amount",
      { Items: [item(), item({ ItemName: "折扣", ItemCount: 1, ItemPrice: -50, ItemAmount: -50 })], SalesAmount: 250 },
    ],
    ["fractional quantity", { Items: [item({ ItemCount: 1.5, ItemPrice: 200, ItemAmount: 300 })] }],
    ["200 items", { Items: Array.from({ length: 200 }, () => item({ ItemCount: 1, ItemPrice: 1, ItemAmount: 1 })), SalesAmount: 200 }],
    [
      "optional fields",
      { CustomerID: "member_42", InvoiceRemark: "備註", ProductServiceID: "A1", Items: [item({ ItemSeq: 1, ItemRemark: "紅色" })] },
    ],
  ])("%s", (_name, overrides) => {
    expectValid("Issue", issue(overrides))
  })
})

describe("Issue: invalid requests name the field and rule", () => {
  it.each<[string, Fields, string, string]>([
    // contact
    ["no phone or e-mail", { CustomerEmail: undefined }, "CustomerEmail", "contact-required"],
    ["empty phone and e-mail", { CustomerEmail: "", CustomerPhone: "" }, "CustomerEmail", "contact-required"],
    ["phone with a +", { CustomerPhone: "+886912345678" }, "CustomerPhone", "phone-format"],
    ["phone too long", { CustomerPhone: "1".repeat(21) }, "CustomerPhone", "phone-format"],
    ["bad e-mail", { CustomerEmail: "not-an-email" }, "CustomerEmail", "email-format"],
    ["two e-mails", { CustomerEmail: "a@example.com;b@example.com" }, "CustomerEmail", "email-format"],
    // print
    ["printed without name", { Print: "1", CarrierType: "", CustomerAddr: "台北市" }, "CustomerName", "print-requires-name"],
    ["printed without address", { Print: "1", CarrierType: "", CustomerName: "王" }, "CustomerAddr", "print-requires-address"],
    ["printed with a carrier", { Print: "1", ...printedBuyer }, "Print", "carrier-forbids-print"],
    [
      "printed with a mobile barcode",
      { Print: "1", CarrierType: "3", CarrierNum: "/ABC+-.1", ...printedBuyer },
      "Print",
      "carrier-forbids-print",
    ],
    // donation
    ["donation without love code", { Donation: "1" }, "LoveCode", "donation-requires-love-code"],
    ["donation with a short love code", { Donation: "1", LoveCode: "12" }, "LoveCode", "love-code-format"],
    [
      "donation printed",
      { Donation: "1", LoveCode: "168001", Print: "1", CarrierType: "", ...printedBuyer },
      "Print",
      "donation-forbids-print",
    ],
    ["donation with a tax ID", { Donation: "1", LoveCode: "168001", ...company }, "CustomerIdentifier", "donation-forbids-identifier"],
    // company
    ["bad tax ID checksum", { ...company, CustomerIdentifier: "12345678" }, "CustomerIdentifier", "tax-id-checksum"],
    ["all-zero tax ID", { ...company, CustomerIdentifier: "00000000" }, "CustomerIdentifier", "tax-id-checksum"],
    ["tax ID without company name", { CustomerIdentifier: "22099131" }, "CustomerName", "identifier-requires-name"],
    ["tax ID, no carrier, not printed", { ...company, CarrierType: "" }, "Print", "identifier-without-carrier-requires-print"],
    ["tax ID, member carrier, printed", { ...company, CustomerAddr: "台北市", Print: "1" }, "Print", "carrier-forbids-print"],
    [
      "tax ID, citizen certificate, printed",
      { ...company, CustomerAddr: "台北市", Print: "1", CarrierType: "2", CarrierNum: "AB12345678901234" },
      "Print",
      "carrier-forbids-print",
    ],
    // carriers
    [
      "carrier number without carrier type",
      { CarrierType: "", CarrierNum: "/ABC+-.1", Print: "1", ...printedBuyer },
      "CarrierNum",
      "carrier-num-must-be-empty",
    ],
    ["member carrier with a number", { CarrierNum: "buyer@example.com" }, "CarrierNum", "carrier-num-must-be-empty"],
    ["bad citizen certificate", { CarrierType: "2", CarrierNum: "A123456789" }, "CarrierNum", "citizen-certificate-format"],
    ["lowercase mobile barcode", { CarrierType: "3", CarrierNum: "/abc+-.1" }, "CarrierNum", "mobile-barcode-format"],
    ["missing mobile barcode", { CarrierType: "3" }, "CarrierNum", "mobile-barcode-format"],
    ["EasyCard without visible code", { CarrierType: "4", CarrierNum: "HIDDEN123" }, "CarrierNum2", "carrier-num2-required"],
    ["iPASS without hidden code", { CarrierType: "5", CarrierNum2: "VISIBLE456" }, "CarrierNum", "carrier-num-required"],
    [
      "iPASS with a full-width code",
      { CarrierType: "5", CarrierNum: "ＡＢＣ", CarrierNum2: "VISIBLE456" },
      "CarrierNum",
      "carrier-num-required",
    ],
    [
      "mobile barcode with CarrierNum2",
      { CarrierType: "3", CarrierNum: "/ABC+-.1", CarrierNum2: "X" },
      "CarrierNum2",
      "carrier-num2-must-be-empty",
    ],
    ["unknown carrier type", { CarrierType: "6" }, "CarrierType", "invalid_value"],
    // tax
    ["zero-rated without clearance mark", { TaxType: "2" }, "ClearanceMark", "zero-rated-requires-clearance-mark"],
    ["bad clearance mark", { TaxType: "2", ClearanceMark: "3" }, "ClearanceMark", "invalid_value"],
    [
      "mixed without item tax type",
      { TaxType: "9", Items: [item({ ItemTaxType: "1" }), item()], SalesAmount: 600 },
      "Items.1.ItemTaxType",
      "mixed-tax-requires-item-tax-type",
    ],
    [
      "mixed zero-rated and exempt",
      { TaxType: "9", Items: [item({ ItemTaxType: "2" }), item({ ItemTaxType: "3" })], SalesAmount: 600 },
      "Items",
      "mixed-tax-zero-and-exempt",
    ],
    ["general invoice with special tax", { TaxType: "4", SpecialTaxType: 1 }, "TaxType", "inv-type-tax-type"],
    ["special invoice with taxable", { InvType: "08" }, "TaxType", "inv-type-tax-type"],
    ["special tax without rate", { InvType: "08", TaxType: "4" }, "SpecialTaxType", "special-tax-type"],
    ["special invoice exempt without 8", { InvType: "08", TaxType: "3" }, "SpecialTaxType", "special-tax-type"],
    ["taxable with a special rate", { SpecialTaxType: 3 }, "SpecialTaxType", "special-tax-type"],
    ["exempt with a wrong special rate", { TaxType: "3", SpecialTaxType: 2 }, "SpecialTaxType", "special-tax-type"],
    // amounts
    ["item amount ≠ price × count", { Items: [item({ ItemAmount: 299 })], SalesAmount: 299 }, "Items.0.ItemAmount", "item-amount-mismatch"],
    ["vat 0 item amount without tax", { vat: "0" }, "Items.0.ItemAmount", "item-amount-mismatch"],
    [
      "price format problem (33.33 × 3 ≠ 100)",
      { Items: [item({ ItemCount: 3, ItemPrice: 33.33, ItemAmount: 100 })], SalesAmount: 100 },
      "Items.0.ItemAmount",
      "item-amount-mismatch",
    ],
    ["sales amount ≠ item total", { SalesAmount: 301 }, "SalesAmount", "sales-amount-mismatch"],
    [
      "rounding half down",
      { Items: [item({ ItemCount: 1, ItemPrice: 100.5, ItemAmount: 100.5 })], SalesAmount: 100 },
      "SalesAmount",
      "sales-amount-mismatch",
    ],
    ["fractional sales amount", { SalesAmount: 300.5 }, "SalesAmount", "invalid_type"],
    ["zero sales amount", { SalesAmount: 0, Items: [item({ ItemPrice: 0, ItemAmount: 0 })] }, "SalesAmount", "too_small"],
    ["numeric string count", { Items: [item({ ItemCount: "2" })] }, "Items.0.ItemCount", "invalid_type"],
    [
      "three decimals in count",
      { Items: [item({ ItemCount: 1.125, ItemPrice: 8, ItemAmount: 9 })], SalesAmount: 9 },
      "Items.0.ItemCount",
      "decimal-precision",
    ],
    [
      "eight decimals in price",
      { Items: [item({ ItemCount: 1, ItemPrice: 1.12345678, ItemAmount: 1 })], SalesAmount: 1 },
      "Items.0.ItemPrice",
      "decimal-precision",
    ],
    ["zero count", { Items: [item({ ItemCount: 0, ItemAmount: 0 })] }, "Items.0.ItemCount", "positive"],
    ["no items", { Items: [] }, "Items", "too_small"],
    [
      "201 items",
      { Items: Array.from({ length: 201 }, () => item({ ItemCount: 1, ItemPrice: 1, ItemAmount: 1 })), SalesAmount: 201 },
      "Items",
      "too_big",
    ],
    // lengths and formats
    ["item name too long", { Items: [item({ ItemName: "品".repeat(101) })] }, "Items.0.ItemName", "too_big"],
    ["item word too long", { Items: [item({ ItemWord: "1234567" })] }, "Items.0.ItemWord", "too_big"],
    ["item remark too long", { Items: [item({ ItemRemark: "x".repeat(41) })] }, "Items.0.ItemRemark", "too_big"],
    ["item sequence 0", { Items: [item({ ItemSeq: 0 })] }, "Items.0.ItemSeq", "too_small"],
    ["invoice remark too long", { InvoiceRemark: "備".repeat(101) }, "InvoiceRemark", "too_big"],
    ["customer name too long", { CustomerName: "名".repeat(61) }, "CustomerName", "too_big"],
    ["customer address too long", { CustomerAddr: "址".repeat(101) }, "CustomerAddr", "too_big"],
    ["customer ID with a dash", { CustomerID: "member-42" }, "CustomerID", "customer-id-format"],
    ["relate number too long", { RelateNumber: "x".repeat(31) }, "RelateNumber", "relate-number-format"],
    ["relate number with a space", { RelateNumber: "ORDER 1" }, "RelateNumber", "relate-number-format"],
    ["missing relate number", { RelateNumber: undefined }, "RelateNumber", "invalid_type"],
    ["Print as a number", { Print: 0 }, "Print", "invalid_value"],
    ["misspelt field", { Vat: "1" }, "Vat", "unrecognized_keys"],
    ["MerchantID (the client adds it)", { MerchantID: "2000132" }, "MerchantID", "unrecognized_keys"],
  ])("%s → %s [%s]", (_name, overrides, field, rule) => {
    expectIssue("Issue", issue(overrides), field, rule)
  })
})

describe("DelayIssue, TriggerIssue, CancelDelayIssue", () => {
  const delayed = (overrides: Fields = {}) => issue({ DelayFlag: "1", DelayDay: 3, Tsr: "TSR-0001", ...overrides })

  it("fills PayType 2 and PayAct ECPAY", () => {
    const parsed = parseRequestData("DelayIssue", delayed())
    expect(parsed).toMatchObject({ PayType: "2", PayAct: "ECPAY", DelayFlag: "1", DelayDay: 3 })
    expectValid("DelayIssue", delayed({ DelayFlag: "2", DelayDay: 0, NotifyURL: "https://shop.example.com/hooks/ecpay" }))
  })

  it.each<[string, Fields, string, string]>([
    ["scheduled with 0 days", { DelayDay: 0 }, "DelayDay", "delay-day-range"],
    ["16 days", { DelayDay: 16 }, "DelayDay", "too_big"],
    ["OPay pay type", { PayType: "3" }, "PayType", "invalid_value"],
    ["OPay pay act", { PayAct: "Opay" }, "PayAct", "invalid_value"],
    ["bad notify URL", { NotifyURL: "ftp://shop.example.com" }, "NotifyURL", "callback-url"],
    ["missing Tsr", { Tsr: undefined }, "Tsr", "invalid_type"],
    ["Tsr too long", { Tsr: "T".repeat(31) }, "Tsr", "tsr-format"],
    ["issue rules still apply", { CustomerEmail: undefined }, "CustomerEmail", "contact-required"],
  ])("%s → %s [%s]", (_name, overrides, field, rule) => {
    expectIssue("DelayIssue", delayed(overrides), field, rule)
  })

  it("validates TriggerIssue and CancelDelayIssue", () => {
    expect(parseRequestData("TriggerIssue", { Tsr: "TSR-0001" })).toEqual({ Tsr: "TSR-0001", PayType: "2" })
    expectIssue("TriggerIssue", { Tsr: "" }, "Tsr", "tsr-format")
    expectValid("CancelDelayIssue", { Tsr: "TSR-0001" })
    expectIssue("CancelDelayIssue", {}, "Tsr", "invalid_type")
  })
})

describe("Invalid and VoidWithReIssue", () => {
  it("accepts a void with reason", () => {
    expectValid("Invalid", { InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01", Reason: "訂單取消" })
    expectValid("Invalid", { InvoiceNo: "UV11100012", InvoiceDate: "2024/03/01", Reason: "x".repeat(20) })
  })

  it.each<[string, Fields, string, string]>([
    ["lowercase invoice number", { InvoiceNo: "uv11100012" }, "InvoiceNo", "invoice-number-format"],
    ["impossible date", { InvoiceDate: "2024-02-30" }, "InvoiceDate", "date-format"],
    ["date-time", { InvoiceDate: "2024-03-01 10:00:00" }, "InvoiceDate", "date-format"],
    ["reason too long", { Reason: "因".repeat(21) }, "Reason", "too_big"],
    ["blank reason", { Reason: "  " }, "Reason", "required"],
  ])("%s → %s [%s]", (_name, overrides, field, rule) => {
    expectIssue("Invalid", { InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01", Reason: "訂單取消", ...overrides }, field, rule)
  })

  const reissue = (voidModel: Fields = {}, issueModel: Fields = {}) => ({
    VoidModel: { InvoiceNo: "UV11100012", VoidReason: "更正買受人", ...voidModel },
    IssueModel: issue({ InvoiceDate: "2024-03-01 10:11:12", ...issueModel }),
  })

  it("accepts a void-and-reissue", () => {
    expectValid("VoidWithReIssue", reissue())
  })

  it.each<[string, Fields, Fields, string, string]>([
    ["date-only original date", {}, { InvoiceDate: "2024-03-01" }, "IssueModel.InvoiceDate", "date-time-format"],
    ["missing original date", {}, { InvoiceDate: undefined }, "IssueModel.InvoiceDate", "invalid_type"],
    ["issue rules inside IssueModel", {}, { CustomerEmail: undefined }, "IssueModel.CustomerEmail", "contact-required"],
    ["void reason too long", { VoidReason: "因".repeat(21) }, {}, "VoidModel.VoidReason", "too_big"],
    ["bad invoice number", { InvoiceNo: "UV1" }, {}, "VoidModel.InvoiceNo", "invoice-number-format"],
  ])("%s → %s [%s]", (_name, voidModel, issueModel, field, rule) => {
    expectIssue("VoidWithReIssue", reissue(voidModel, issueModel), field, rule)
  })
})

describe("Allowance and AllowanceByCollegiate", () => {
  const allowanceItem = (overrides: Fields = {}) => ({
    ItemSeq: 1,
    ItemName: "T-shirt",
    ItemCount: 1,
    ItemWord: "件",
    ItemPrice: 150,
    ItemAmount: 150,
    ...overrides,
  })
  const allowance = (overrides: Fields = {}): Fields => ({
    InvoiceNo: "UV11100012",
    InvoiceDate: "2024-03-01",
    AllowanceNotify: "E",
    NotifyMail: "buyer@example.com",
    AllowanceAmount: 150,
    Items: [allowanceItem()],
    ...overrides,
  })

  it.each<[string, Fields]>([
    ["e-mail", {}],
    ["several e-mails", { NotifyMail: "a@example.com;b@example.com" }],
    ["SMS", { AllowanceNotify: "S", NotifyMail: undefined, NotifyPhone: "0912345678" }],
    ["both", { AllowanceNotify: "A", NotifyPhone: "0912345678" }],
    ["none", { AllowanceNotify: "N", NotifyMail: undefined }],
    [
      "two items rounded",
      {
        Items: [allowanceItem({ ItemPrice: 10.4, ItemAmount: 10.4 }), allowanceItem({ ItemSeq: 2, ItemPrice: 0.2, ItemAmount: 0.2 })],
        AllowanceAmount: 11,
      },
    ],
  ])("accepts %s", (_name, overrides) => {
    expectValid("Allowance", allowance(overrides))
  })

  it.each<[string, Fields, string, string]>([
    ["e-mail notice without address", { NotifyMail: undefined }, "NotifyMail", "notify-mail-required"],
    ["SMS notice without phone", { AllowanceNotify: "S" }, "NotifyPhone", "notify-phone-required"],
    ["both without phone", { AllowanceNotify: "A" }, "NotifyPhone", "notify-phone-required"],
    ["bad notify mail list", { NotifyMail: "a@example.com;nope" }, "NotifyMail", "email-format"],
    ["unknown notify type", { AllowanceNotify: "X" }, "AllowanceNotify", "invalid_value"],
    ["amount ≠ item total", { AllowanceAmount: 151 }, "AllowanceAmount", "allowance-amount-mismatch"],
    ["zero amount", { AllowanceAmount: 0 }, "AllowanceAmount", "too_small"],
    ["missing ItemSeq", { Items: [allowanceItem({ ItemSeq: undefined })] }, "Items.0.ItemSeq", "invalid_type"],
    ["ItemSeq 1000", { Items: [allowanceItem({ ItemSeq: 1000 })] }, "Items.0.ItemSeq", "too_big"],
    ["bad invoice date", { InvoiceDate: "01/03/2024" }, "InvoiceDate", "date-format"],
  ])("%s → %s [%s]", (_name, overrides, field, rule) => {
    expectIssue("Allowance", allowance(overrides), field, rule)
  })

  const online = (overrides: Fields = {}) => allowance({ ReturnURL: "https://shop.example.com/ecpay/allowance", ...overrides })

  it("accepts an online allowance", () => {
    expectValid("AllowanceByCollegiate", online())
  })

  it.each<[string, Fields, string, string]>([
    ["SMS notice", { AllowanceNotify: "S", NotifyPhone: "0912345678" }, "AllowanceNotify", "invalid_value"],
    ["no e-mail", { NotifyMail: undefined }, "NotifyMail", "notify-mail-required"],
    ["no ReturnURL", { ReturnURL: undefined }, "ReturnURL", "invalid_type"],
    ["non-http ReturnURL", { ReturnURL: "javascript:alert(1)" }, "ReturnURL", "callback-url"],
    ["ReturnURL too long", { ReturnURL: `https://shop.example.com/${"x".repeat(180)}` }, "ReturnURL", "callback-url"],
    ["non-ASCII ReturnURL host", { ReturnURL: "https://商店.tw/ecpay" }, "ReturnURL", "callback-url"],
  ])("%s → %s [%s]", (_name, overrides, field, rule) => {
    expectIssue("AllowanceByCollegiate", online(overrides), field, rule)
  })

  it("validates allowance voids", () => {
    const allowanceVoid = { InvoiceNo: "UV11100012", AllowanceNo: "2019091717363987", Reason: "退貨取消" }
    for (const operation of ["AllowanceInvalid", "AllowanceInvalidByCollegiate"] as const) {
      expectValid(operation, allowanceVoid)
      expectIssue(operation, { ...allowanceVoid, AllowanceNo: "123" }, "AllowanceNo", "allowance-number-format")
      expectIssue(operation, { ...allowanceVoid, Reason: "" }, "Reason", "required")
    }
  })
})

describe("queries", () => {
  it("GetIssue needs RelateNumber or InvoiceNo + InvoiceDate", () => {
    expectValid("GetIssue", { RelateNumber: "ORDER-0001" })
    expectValid("GetIssue", { InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01" })
    expectIssue("GetIssue", {}, "RelateNumber", "relate-number-or-invoice-required")
    expectIssue("GetIssue", { RelateNumber: "" }, "RelateNumber", "relate-number-or-invoice-required")
    expectIssue("GetIssue", { InvoiceNo: "UV11100012" }, "InvoiceDate", "invoice-date-required")
    expectIssue("GetIssue", { InvoiceDate: "2024-03-01" }, "InvoiceNo", "invoice-number-required")
  })

  it("GetIssueList pages and flags", () => {
    const list = { BeginDate: "2024-03-01", EndDate: "2024-04-30", NumPerPage: 200, ShowingPage: 1 }
    expect(parseRequestData("GetIssueList", list)).toEqual({ ...list, DataType: 1 })
    expectValid("GetIssueList", { ...list, DataType: 2, Query_Award: 1, Query_Invalid: 2 })
    expectIssue("GetIssueList", { ...list, NumPerPage: 201 }, "NumPerPage", "too_big")
    expectIssue("GetIssueList", { ...list, NumPerPage: 0 }, "NumPerPage", "too_small")
    expectIssue("GetIssueList", { ...list, ShowingPage: 0 }, "ShowingPage", "too_small")
    expectIssue("GetIssueList", { ...list, DataType: 3 }, "DataType", "invalid_value")
    expectIssue("GetIssueList", { ...list, Query_Award: 3 }, "Query_Award", "invalid_value")
    expectIssue("GetIssueList", { ...list, EndDate: "2024/02/29" }, "EndDate", "date-range")
  })

  it("GetInvalid needs all three keys", () => {
    const query = { RelateNumber: "ORDER-0001", InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01" }
    expectValid("GetInvalid", query)
    expectIssue("GetInvalid", { ...query, RelateNumber: undefined }, "RelateNumber", "invalid_type")
  })

  it("GetAllowanceList search types", () => {
    expectValid("GetAllowanceList", { SearchType: "0", AllowanceNo: "2019091717363987" })
    expectValid("GetAllowanceList", { SearchType: "1", InvoiceNo: "UV11100012", Date: "2024-03-01" })
    expectIssue("GetAllowanceList", { SearchType: "0" }, "AllowanceNo", "allowance-number-required")
    expectIssue("GetAllowanceList", { SearchType: "2", InvoiceNo: "UV11100012" }, "Date", "date-required")
    expectIssue("GetAllowanceList", { SearchType: "1", Date: "2024-03-01" }, "InvoiceNo", "invoice-number-required")
  })
})

describe("InvoiceNotify, InvoicePrint and lookups", () => {
  const notify = (overrides: Fields = {}) => ({
    InvoiceNo: "UV11100012",
    NotifyMail: "buyer@example.com",
    Notify: "E",
    InvoiceTag: "I",
    Notified: "C",
    ...overrides,
  })

  it("InvoiceNotify", () => {
    expectValid("InvoiceNotify", notify())
    expectValid("InvoiceNotify", notify({ InvoiceTag: "A", AllowanceNo: "2019091717363987" }))
    expectValid("InvoiceNotify", notify({ Notify: "S", NotifyMail: undefined, Phone: "0912345678" }))
    expectIssue("InvoiceNotify", notify({ NotifyMail: undefined }), "NotifyMail", "contact-required")
    expectIssue("InvoiceNotify", notify({ Notify: "S" }), "Phone", "notify-phone-required")
    expectIssue("InvoiceNotify", notify({ InvoiceTag: "AI" }), "AllowanceNo", "allowance-number-required")
    expectIssue("InvoiceNotify", notify({ InvoiceTag: "X" }), "InvoiceTag", "invalid_value")
  })

  it("InvoicePrint", () => {
    expectValid("InvoicePrint", { InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01", PrintStyle: 3 })
    expectIssue("InvoicePrint", { InvoiceNo: "UV11100012", InvoiceDate: "2024-03-01", PrintStyle: 6 }, "PrintStyle", "too_big")
  })

  it("CheckBarcode, CheckLoveCode, GetCompanyNameByTaxID", () => {
    expectValid("CheckBarcode", { BarCode: "/ABC+-.1" })
    expectIssue("CheckBarcode", { BarCode: "/abc+-.1" }, "BarCode", "mobile-barcode-format")
    expectValid("CheckLoveCode", { LoveCode: "168001" })
    expectIssue("CheckLoveCode", { LoveCode: "A168" }, "LoveCode", "love-code-format")
    expectValid("GetCompanyNameByTaxID", { UnifiedBusinessNo: "10458570" })
    expectIssue("GetCompanyNameByTaxID", { UnifiedBusinessNo: "12345678" }, "UnifiedBusinessNo", "tax-id-checksum")
  })
})

describe("parseRequestData", () => {
  it("throws an EcpayValidationError whose message names fields and rules", () => {
    let caught: unknown
    try {
      parseRequestData("Issue", issue({ CustomerEmail: undefined, Print: "1", CarrierType: "" }))
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(EcpayValidationError)
    const error = caught as EcpayValidationError
    expect(error.operation).toBe("Issue")
    expect(error.outcomeUnknown).toBe(false)
    expect(error.issues.map((issue) => issue.field)).toEqual(expect.arrayContaining(["CustomerEmail", "CustomerName", "CustomerAddr"]))
    expect(error.message).toContain("CustomerEmail [contact-required]")
    expect(error.message).toContain("CustomerName [print-requires-name]")
  })

  it("does not echo input values in messages", () => {
    const issues = findRequestIssues("Issue", issue({ CustomerEmail: "secret-person@@example", CustomerPhone: "+886-secret" }))
    expect(JSON.stringify(issues)).not.toMatch(/secret/)
  })
})

describe("roundHalfUpSum", () => {
  it.each<[number[], number]>([
    [[0.1, 0.2], 0],
    [[0.25, 0.25], 1],
    [[100.5], 101],
    [[100.4999999], 100],
    [[33.33, 33.33, 33.34], 100],
    [[1.0000001, 1.4999999], 3],
    [Array.from({ length: 200 }, () => 99999999.9999999), 20000000000],
    [[-2.5], -2],
  ])("%j → %d", (amounts, expected) => {
    expect(roundHalfUpSum(amounts)).toBe(expected)
  })
})
