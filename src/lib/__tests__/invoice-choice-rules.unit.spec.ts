import { z } from "../ecpay/zod"
import { InvoiceChoiceSchema, normalizePhone } from "../invoice-choice"
import { CHOICE_MAX_LENGTHS, EMAIL_PATTERN, TYPE_FIELDS, choiceProblems, lengthProblems } from "../invoice-choice-rules"
import { INVOICE_TYPES } from "../einvoice-types"

/** The custom issues (field, rule, message) the store's schema reports for an input. */
function schemaProblems(input: Record<string, unknown>) {
  const result = InvoiceChoiceSchema.safeParse(input)
  return result.success
    ? []
    : result.error.issues
        .filter((issue) => issue.code === "custom")
        .map((issue) => ({
          field: issue.path[0],
          rule: (issue as { params?: { rule?: string } }).params?.rule,
          message: issue.message,
        }))
}

describe("the invoice choice's rules (shared by the store schema and the admin's reissue form)", () => {
  it("check e-mail addresses with zod's own pattern", () => {
    expect(EMAIL_PATTERN.source).toBe(z.regexes.email.source)
    expect(EMAIL_PATTERN.flags).toBe(z.regexes.email.flags)
  })

  it("name a type for every invoice type", () => {
    expect(Object.keys(TYPE_FIELDS).sort()).toEqual([...INVOICE_TYPES].sort())
  })

  it.each([
    { type: "member" },
    { type: "member", love_code: "168001", print: true, email: "not-an-email", phone: "09x12" },
    { type: "member", print: false, buyer_name: "王小明" },
    { type: "citizen_certificate" },
    { type: "citizen_certificate", carrier_number: "ab12345678901234" },
    { type: "citizen_certificate", carrier_number: "AB123" },
    { type: "mobile_barcode", carrier_number: "/abc+123" },
    { type: "mobile_barcode", carrier_number: "ABC1234", tax_id: "12345675" },
    { type: "donation", love_code: "12" },
    { type: "donation", love_code: "168001", address: "台北市" },
    { type: "company" },
    { type: "company", tax_id: "12345678", company_name: "好茶", print: true, carrier_number: "x", love_code: "919" },
    { type: "company", tax_id: "12345675", company_name: "好茶", print: true, address: "台北市", carrier_number: "/ABC1234" },
    { type: "paper", print: false },
    { type: "paper", buyer_name: "王小明", address: "台北市", print: true },
    { type: "easycard", carrier_number: "ＡＢ" },
    { type: "ipass", carrier_number: "H2", carrier_number2: "V2", company_name: "x" },
  ])("report exactly what the schema reports for %j", (input) => {
    const parsed = Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        typeof value !== "string" ? value : key === "phone" ? normalizePhone(value.trim()) : value.trim(),
      ])
    ) as Parameters<typeof choiceProblems>[0]
    expect(choiceProblems(parsed)).toEqual(schemaProblems(input))
  })

  it("leave an unknown type to the schema", () => {
    const unknown = { type: "bitcoin", love_code: "919" } as unknown as Parameters<typeof choiceProblems>[0]
    expect(choiceProblems(unknown)).toEqual([])
  })

  it("hold the same length limits as the schema", () => {
    for (const [field, max] of Object.entries(CHOICE_MAX_LENGTHS)) {
      const tooLong = InvoiceChoiceSchema.safeParse({ type: "member", [field]: "1".repeat(max + 1) })
      expect(tooLong.error?.issues.some((issue) => issue.code === "too_big" && issue.path[0] === field)).toBe(true)
      const fits = InvoiceChoiceSchema.safeParse({ type: "member", [field]: "1".repeat(max) })
      expect(fits.error?.issues.some((issue) => issue.code === "too_big") ?? false).toBe(false)
    }
    expect(lengthProblems({ type: "paper", buyer_name: "名".repeat(61), address: "台北市" })).toEqual([
      { field: "buyer_name", rule: "too_long", message: "must be at most 60 characters", max: 60 },
    ])
  })
})
