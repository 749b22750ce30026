import { RtnCode } from "../codes"
import type { RunningSimulator } from "../index"
import { STAGE, TestClient, issueData, startTestSimulator } from "./helpers"

const item = (overrides: Record<string, unknown> = {}) => ({
  ItemName: "商品",
  ItemCount: 1,
  ItemWord: "個",
  ItemPrice: 300,
  ItemTaxType: "1",
  ItemAmount: 300,
  ...overrides,
})

const printed = { Print: "1", CarrierType: "", CustomerName: "王小明", CustomerAddr: "台北市信義區市府路1號" }
const company = { CustomerIdentifier: "22099131", CustomerName: "（模擬）測試科技股份有限公司" }

/** [description, Issue overrides, expected RtnCode, text the RtnMsg must contain] */
const rejected: [string, Record<string, unknown>, number, string][] = [
  // required fields and lengths
  ["RelateNumber missing", { RelateNumber: "" }, RtnCode.FIELD_REQUIRED, "RelateNumber"],
  ["RelateNumber longer than 30", { RelateNumber: "R".repeat(31) }, RtnCode.FIELD_TOO_LONG, "RelateNumber"],
  ["RelateNumber with special symbols", { RelateNumber: "ORDER#1" }, RtnCode.FIELD_FORMAT, "RelateNumber"],
  ["CustomerID with symbols", { CustomerID: "a-b" }, RtnCode.FIELD_FORMAT, "CustomerID"],
  ["CustomerName longer than 60", { CustomerName: "名".repeat(61) }, RtnCode.FIELD_TOO_LONG, "CustomerName"],
  ["CustomerAddr longer than 100", { ...printed, CustomerAddr: "址".repeat(101) }, RtnCode.FIELD_TOO_LONG, "CustomerAddr"],
  ["CustomerEmail longer than 80", { CustomerEmail: `${"a".repeat(70)}@example.com` }, RtnCode.FIELD_TOO_LONG, "CustomerEmail"],
  ["CustomerEmail malformed", { CustomerEmail: "buyer@" }, RtnCode.FIELD_FORMAT, "CustomerEmail"],
  ["CustomerEmail with two addresses", { CustomerEmail: "a@example.com;b@example.com" }, RtnCode.FIELD_FORMAT, "CustomerEmail"],
  ["CustomerPhone with non-digits", { CustomerPhone: "0912-345678" }, RtnCode.FIELD_FORMAT, "CustomerPhone"],
  ["CustomerPhone longer than 20", { CustomerPhone: "1".repeat(21) }, RtnCode.FIELD_TOO_LONG, "CustomerPhone"],
  ["Print missing", { Print: "" }, RtnCode.FIELD_REQUIRED, "Print"],
  ["Print outside 0/1", { Print: "2" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "Print"],
  ["Donation outside 0/1", { Donation: "Y" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "Donation"],
  ["CarrierType unknown", { CarrierType: "9" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "CarrierType"],
  ["TaxType unknown", { TaxType: "5" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "TaxType"],
  ["InvType unknown", { InvType: "09" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "InvType"],
  ["SalesAmount missing", { SalesAmount: undefined }, RtnCode.FIELD_REQUIRED, "SalesAmount"],
  ["SalesAmount not an integer", { SalesAmount: 300.5 }, RtnCode.FIELD_FORMAT, "SalesAmount"],
  ["SalesAmount zero", { SalesAmount: 0, Items: [item({ ItemPrice: 0, ItemAmount: 0 })] }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "SalesAmount"],
  ["InvoiceRemark longer than 200", { InvoiceRemark: "註".repeat(201) }, RtnCode.FIELD_TOO_LONG, "InvoiceRemark"],
  ["Items missing", { Items: undefined }, RtnCode.FIELD_REQUIRED, "Items"],
  ["Items empty", { Items: [] }, RtnCode.FIELD_REQUIRED, "Items"],
  [
    "more than 200 items",
    { SalesAmount: 201, Items: Array.from({ length: 201 }, () => item({ ItemPrice: 1, ItemAmount: 1 })) },
    RtnCode.TOO_MANY_ITEMS,
    "200",
  ],
  ["ItemName longer than 100", { Items: [item({ ItemName: "品".repeat(101) })] }, RtnCode.FIELD_TOO_LONG, "Items[0].ItemName"],
  ["ItemWord longer than 6", { Items: [item({ ItemWord: "單位單位單位單" })] }, RtnCode.FIELD_TOO_LONG, "Items[0].ItemWord"],
  ["ItemRemark longer than 40", { Items: [item({ ItemRemark: "r".repeat(41) })] }, RtnCode.FIELD_TOO_LONG, "Items[0].ItemRemark"],
  [
    "ItemCount with 3 decimals",
    { Items: [item({ ItemCount: 1.125, ItemPrice: 8, ItemAmount: 9 })], SalesAmount: 9 },
    RtnCode.FIELD_FORMAT,
    "Items[0].ItemCount",
  ],
  ["ItemPrice not a number", { Items: [item({ ItemPrice: "abc" })] }, RtnCode.FIELD_FORMAT, "Items[0].ItemPrice"],
  // contact and print
  ["neither phone nor e-mail", { CustomerEmail: "", CustomerPhone: "" }, RtnCode.PHONE_OR_EMAIL_REQUIRED, "CustomerPhone"],
  ["Print=1 without address", { ...printed, CustomerAddr: "" }, RtnCode.PRINT_NEEDS_NAME_AND_ADDRESS, "CustomerAddr"],
  ["Print=1 without name", { ...printed, CustomerName: "" }, RtnCode.PRINT_NEEDS_NAME_AND_ADDRESS, "CustomerName"],
  // donation
  ["donation with Print=1", { ...printed, Donation: "1", LoveCode: "168001" }, RtnCode.DONATION_FORBIDS_PRINT, "Print"],
  [
    "donation with a tax ID",
    { ...company, Donation: "1", LoveCode: "168001", CarrierType: "" },
    RtnCode.DONATION_FORBIDS_IDENTIFIER,
    "CustomerIdentifier",
  ],
  ["donation without love code", { Donation: "1", LoveCode: "" }, RtnCode.DONATION_NEEDS_LOVE_CODE, "LoveCode"],
  ["love code without donation", { LoveCode: "168001" }, RtnCode.LOVE_CODE_WITHOUT_DONATION, "LoveCode"],
  ["love code too short", { Donation: "1", LoveCode: "12", CarrierType: "" }, RtnCode.FIELD_FORMAT, "LoveCode"],
  ["love code with letters", { Donation: "1", LoveCode: "12A45", CarrierType: "" }, RtnCode.FIELD_FORMAT, "LoveCode"],
  // tax ID
  [
    "tax ID with bad checksum",
    { ...printed, CustomerIdentifier: "12345678", CustomerName: "公司" },
    RtnCode.IDENTIFIER_CHECKSUM,
    "CustomerIdentifier",
  ],
  ["tax ID 00000000", { ...company, CustomerIdentifier: "00000000" }, RtnCode.IDENTIFIER_CHECKSUM, "CustomerIdentifier"],
  ["tax ID not 8 digits", { CustomerIdentifier: "1234567" }, RtnCode.FIELD_FORMAT, "CustomerIdentifier"],
  [
    "tax ID without company name",
    { CustomerIdentifier: "22099131", CustomerName: "", CarrierType: "1" },
    RtnCode.IDENTIFIER_NEEDS_NAME,
    "CustomerName",
  ],
  ["tax ID, no carrier, Print=0", { ...company, CarrierType: "", Print: "0" }, RtnCode.IDENTIFIER_PRINT_CARRIER_MISMATCH, "Print"],
  [
    "tax ID, member carrier, Print=1",
    { ...company, CarrierType: "1", Print: "1", CustomerAddr: "台北市" },
    RtnCode.IDENTIFIER_PRINT_CARRIER_MISMATCH,
    "Print",
  ],
  [
    "tax ID, certificate carrier, Print=1",
    { ...company, CarrierType: "2", CarrierNum: "AB12345678901234", Print: "1", CustomerAddr: "台北市" },
    RtnCode.IDENTIFIER_PRINT_CARRIER_MISMATCH,
    "Print",
  ],
  // carriers without tax ID
  ["carrier with Print=1", { ...printed, CarrierType: "3", CarrierNum: "/ABC1234" }, RtnCode.CARRIER_FORBIDS_PRINT, "Print"],
  ["no carrier, no print, no donation", { CarrierType: "" }, RtnCode.NO_INVOICE_DESTINATION, "CarrierType"],
  ["mobile barcode lowercase", { CarrierType: "3", CarrierNum: "/abc1234" }, RtnCode.CARRIER_NUM_FORMAT, "CarrierNum"],
  ["mobile barcode too short", { CarrierType: "3", CarrierNum: "/ABC123" }, RtnCode.CARRIER_NUM_FORMAT, "CarrierNum"],
  ["mobile barcode without slash", { CarrierType: "3", CarrierNum: "ABC12345" }, RtnCode.CARRIER_NUM_FORMAT, "CarrierNum"],
  ["citizen certificate malformed", { CarrierType: "2", CarrierNum: "A123456789012345" }, RtnCode.CARRIER_NUM_FORMAT, "CarrierNum"],
  ["EasyCard without card number", { CarrierType: "4", CarrierNum: "" }, RtnCode.CARRIER_NUM_FORMAT, "CarrierNum"],
  [
    "member carrier with CarrierNum",
    { CarrierType: "1", CarrierNum: "buyer@example.com" },
    RtnCode.CARRIER_NUM_MUST_BE_EMPTY,
    "CarrierNum",
  ],
  ["no carrier with CarrierNum", { ...printed, CarrierNum: "/ABC1234" }, RtnCode.CARRIER_NUM_MUST_BE_EMPTY, "CarrierNum"],
  [
    "CarrierNum2 on a mobile barcode",
    { CarrierType: "3", CarrierNum: "/ABC1234", CarrierNum2: "X" },
    RtnCode.CARRIER_NUM2_NOT_ALLOWED,
    "CarrierNum2",
  ],
  // tax types
  [
    "zero-rated without ClearanceMark",
    { TaxType: "2", Items: [item({ ItemTaxType: "2" })] },
    RtnCode.CLEARANCE_MARK_REQUIRED,
    "ClearanceMark",
  ],
  ["ClearanceMark outside 1/2", { TaxType: "2", ClearanceMark: "3" }, RtnCode.FIELD_VALUE_NOT_ALLOWED, "ClearanceMark"],
  [
    "mixed with a zero-rated item and no ClearanceMark",
    {
      TaxType: "9",
      Items: [item({ ItemTaxType: "1", ItemPrice: 200, ItemAmount: 200 }), item({ ItemTaxType: "2", ItemPrice: 100, ItemAmount: 100 })],
    },
    RtnCode.CLEARANCE_MARK_REQUIRED,
    "ClearanceMark",
  ],
  ["InvType 08 with TaxType 1", { InvType: "08" }, RtnCode.INV_TYPE_TAX_TYPE_MISMATCH, "TaxType"],
  ["InvType 07 with TaxType 4", { TaxType: "4", SpecialTaxType: 1 }, RtnCode.INV_TYPE_TAX_TYPE_MISMATCH, "TaxType"],
  ["TaxType 4 without SpecialTaxType", { InvType: "08", TaxType: "4" }, RtnCode.SPECIAL_TAX_TYPE_MISMATCH, "SpecialTaxType"],
  [
    "InvType 08 TaxType 3 without SpecialTaxType 8",
    { InvType: "08", TaxType: "3", SpecialTaxType: 2 },
    RtnCode.SPECIAL_TAX_TYPE_MISMATCH,
    "SpecialTaxType",
  ],
  ["TaxType 1 with SpecialTaxType 3", { SpecialTaxType: 3 }, RtnCode.SPECIAL_TAX_TYPE_MISMATCH, "SpecialTaxType"],
  [
    "mixed items exempt + zero-rated",
    {
      TaxType: "9",
      ClearanceMark: "1",
      Items: [item({ ItemTaxType: "2", ItemPrice: 200, ItemAmount: 200 }), item({ ItemTaxType: "3", ItemPrice: 100, ItemAmount: 100 })],
    },
    RtnCode.MIXED_TAX_ITEMS_INVALID,
    "TaxType=9",
  ],
  ["mixed item without ItemTaxType", { TaxType: "9", Items: [item({ ItemTaxType: "" })] }, RtnCode.FIELD_REQUIRED, "Items[0].ItemTaxType"],
  [
    "ZeroTaxRateReason outside 71–79",
    { TaxType: "2", ClearanceMark: "1", ZeroTaxRateReason: "70" },
    RtnCode.FIELD_FORMAT,
    "ZeroTaxRateReason",
  ],
  // amounts
  [
    "ItemPrice × ItemCount ≠ ItemAmount",
    { Items: [item({ ItemCount: 2, ItemPrice: 100, ItemAmount: 300 })] },
    RtnCode.ITEM_AMOUNT_MISMATCH,
    "Items[0].ItemAmount",
  ],
  ["Σ ItemAmount ≠ SalesAmount", { SalesAmount: 301 }, RtnCode.SALES_AMOUNT_MISMATCH, "SalesAmount"],
  [
    "rounded Σ ItemAmount ≠ SalesAmount",
    { SalesAmount: 100, Items: [item({ ItemPrice: 100.5, ItemAmount: 100.5 })] },
    RtnCode.SALES_AMOUNT_MISMATCH,
    "SalesAmount",
  ],
  [
    "vat=0 amount without the 5% tax",
    { vat: "0", SalesAmount: 100, Items: [item({ ItemPrice: 100, ItemAmount: 100 })] },
    RtnCode.ITEM_AMOUNT_MISMATCH,
    "1.05",
  ],
]

/** [description, Issue overrides] that must be accepted */
const accepted: [string, Record<string, unknown>][] = [
  ["member carrier", {}],
  ["phone only", { CustomerEmail: "", CustomerPhone: "0912345678" }],
  ["printed paper invoice", printed],
  ["mobile barcode with + - .", { CarrierType: "3", CarrierNum: "/A+-.123" }],
  ["citizen certificate", { CarrierType: "2", CarrierNum: "AB12345678901234" }],
  ["EasyCard with both codes", { CarrierType: "4", CarrierNum: "hidden-code", CarrierNum2: "visible-code" }],
  ["donation", { Donation: "1", LoveCode: "168001", CarrierType: "" }],
  ["donation with a carrier (allowed by p=7896)", { Donation: "1", LoveCode: "0123", CarrierType: "1" }],
  ["tax ID, no carrier, printed", { ...printed, ...company }],
  ["tax ID, member carrier, not printed", { ...company, CarrierType: "1" }],
  ["tax ID, certificate carrier, not printed", { ...company, CarrierType: "2", CarrierNum: "AB12345678901234" }],
  ["tax ID, mobile barcode, printed", { ...printed, ...company, CarrierType: "3", CarrierNum: "/ABC1234" }],
  ["tax ID, mobile barcode, not printed", { ...company, CarrierType: "3", CarrierNum: "/ABC1234" }],
  ["tax ID with 7th digit 7 (special case)", { ...company, CustomerIdentifier: "12345675", CarrierType: "1" }],
  ["tax ID valid only under the 2023 ÷5 rule", { ...company, CustomerIdentifier: "10458570", CarrierType: "1" }],
  ["zero-rated with ClearanceMark", { TaxType: "2", ClearanceMark: "2", Items: [item({ ItemTaxType: "2" })] }],
  ["tax-exempt", { TaxType: "3", Items: [item({ ItemTaxType: "3" })] }],
  ["special tax rate on 08", { InvType: "08", TaxType: "4", SpecialTaxType: 2, Items: [item({ ItemTaxType: "" })] }],
  ["exempt on 08 with SpecialTaxType 8", { InvType: "08", TaxType: "3", SpecialTaxType: 8 }],
  [
    "mixed taxable + zero-rated",
    {
      TaxType: "9",
      ClearanceMark: "1",
      Items: [item({ ItemTaxType: "1", ItemPrice: 200, ItemAmount: 200 }), item({ ItemTaxType: "2", ItemPrice: 100, ItemAmount: 100 })],
    },
  ],
  ["ClearanceMark sent on a taxable invoice (ignored)", { ClearanceMark: "1" }],
  ["vat=0: ItemAmount includes 5%", { vat: "0", SalesAmount: 315, Items: [item({ ItemPrice: 300, ItemAmount: 315 })] }],
  [
    "decimal lines that round to SalesAmount",
    {
      SalesAmount: 100,
      Items: [
        item({ ItemPrice: 33.33, ItemAmount: 33.33 }),
        item({ ItemPrice: 33.33, ItemAmount: 33.33 }),
        item({ ItemPrice: 33.34, ItemAmount: 33.34 }),
      ],
    },
  ],
  ["a negative discount line", { SalesAmount: 250, Items: [item(), item({ ItemName: "折扣", ItemPrice: -50, ItemAmount: -50 })] }],
  [
    "amounts as numeric strings (as RY sends them)",
    { SalesAmount: "300", Items: [item({ ItemCount: "1", ItemPrice: "300", ItemAmount: "300" })] },
  ],
  ["exactly 200 items", { SalesAmount: 200, Items: Array.from({ length: 200 }, () => item({ ItemPrice: 1, ItemAmount: 1 })) }],
  ["RelateNumber of 30 with - and _", { RelateNumber: `A-_${"9".repeat(24)}${Date.now() % 1000}`.slice(0, 30) }],
  ["ItemName of exactly 100 characters", { Items: [item({ ItemName: "品".repeat(100) })] }],
]

describe("Issue field and cross-field rules (docs/ECPAY-PROTOCOL.md §2.1)", () => {
  let sim: RunningSimulator
  let client: TestClient

  beforeAll(async () => {
    ;({ sim, client } = await startTestSimulator())
  })
  afterAll(() => sim.close())

  it.each(rejected)("rejects: %s", async (_description, overrides, rtnCode, mentioned) => {
    const data = issueData(overrides)
    for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete data[key]
    const reply = await client.data("Issue", data)
    expect({ RtnCode: reply.RtnCode, mentions: reply.RtnMsg.includes(mentioned) }).toEqual({ RtnCode: rtnCode, mentions: true })
    expect(reply.InvoiceNo ?? "").toBe("")
    expect(sim.state.findInvoiceByRelateNumber(STAGE.merchantId, data.RelateNumber as string)).toBeUndefined()
  })

  it.each(accepted)("accepts: %s", async (_description, overrides) => {
    const reply = await client.data("Issue", issueData(overrides))
    expect(reply).toMatchObject({ RtnCode: 1, RtnMsg: expect.any(String) })
    expect(reply.InvoiceNo).toMatch(/^[A-Z]{2}\d{8}$/)
  })

  it("keeps RelateNumber unique per merchant, case-insensitively", async () => {
    await client.issue({ RelateNumber: "Order-ABC-1" })
    for (const relate of ["Order-ABC-1", "order-abc-1", "ORDER-ABC-1"]) {
      const reply = await client.data("Issue", issueData({ RelateNumber: relate }))
      expect(reply.RtnCode).toBe(RtnCode.RELATE_NUMBER_DUPLICATE)
      expect(reply.RtnMsg).toContain("RelateNumber")
    }
    expect(sim.state.invoices.filter((inv) => inv.content.relateNumber.toLowerCase() === "order-abc-1")).toHaveLength(1)
  })
})
