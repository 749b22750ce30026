import {
  isValidAllowanceNumber,
  isValidCitizenCertificate,
  isValidInvoiceNumber,
  isValidLoveCode,
  isValidMobileBarcode,
  isValidRelateNumber,
  isValidTaxId,
  normalizeMobileBarcode,
} from "../validators"

/** The pre-2023 rule (divisor 10), to show which numbers only the new rule accepts. */
function isValidTaxIdBefore2023(value: string): boolean {
  const weights = [1, 2, 1, 2, 1, 2, 4, 1]
  const digits = Array.from(value, Number)
  const total = digits.reduce((sum, digit, index) => {
    const product = digit * weights[index]
    return sum + Math.floor(product / 10) + (product % 10)
  }, 0)
  return total % 10 === 0 || (digits[6] === 7 && (total + 1) % 10 === 0)
}

describe("isValidTaxId (統一編號)", () => {
  it.each(["22099131", "12345675", "04595257"])("accepts %s (valid under both rules)", (taxId) => {
    expect(isValidTaxId(taxId)).toBe(true)
    expect(isValidTaxIdBefore2023(taxId)).toBe(true)
  })

  it.each(["12345601", "12345617", "10458570", "10458579"])("accepts %s only under the 2023 ÷5 rule", (taxId) => {
    expect(isValidTaxId(taxId)).toBe(true)
    expect(isValidTaxIdBefore2023(taxId)).toBe(false)
  })

  it.each(["12345678", "22099132", "00000000", "1234567", "123456789", "1234567A", " 22099131", "２２０９９１３１", ""])(
    "rejects %j",
    (taxId) => {
      expect(isValidTaxId(taxId)).toBe(false)
    }
  )
})

describe("mobile barcode", () => {
  it.each(["/ABC+-.1", "/1234567", "/A.B-C+D"])("accepts %s", (barcode) => {
    expect(isValidMobileBarcode(barcode)).toBe(true)
  })

  it.each(["/abc+-.1", "ABC+-.12", "/ABC+-.", "/ABC+-.12", "/ABC,-.1", "/ABC_-.1", "/ABC 123"])("rejects %j", (barcode) => {
    expect(isValidMobileBarcode(barcode)).toBe(false)
  })

  it("normalises case and whitespace before validation", () => {
    expect(normalizeMobileBarcode(" /abc+-.1 ")).toBe("/ABC+-.1")
    expect(isValidMobileBarcode(normalizeMobileBarcode("/abc+-.1"))).toBe(true)
  })
})

describe("citizen digital certificate", () => {
  it("accepts 2 uppercase letters and 14 digits", () => {
    expect(isValidCitizenCertificate("AB12345678901234")).toBe(true)
  })

  it.each(["ab12345678901234", "A123456789012345", "AB1234567890123", "AB123456789012345"])("rejects %s", (value) => {
    expect(isValidCitizenCertificate(value)).toBe(false)
  })
})

describe("love code", () => {
  it.each(["168001", "001", "1234567", "919"])("accepts %s", (value) => {
    expect(isValidLoveCode(value)).toBe(true)
  })

  it.each(["12", "12345678", "16800A", "", " 168001"])("rejects %j", (value) => {
    expect(isValidLoveCode(value)).toBe(false)
  })
})

describe("invoice and allowance numbers", () => {
  it("validates invoice numbers", () => {
    expect(isValidInvoiceNumber("UV11100012")).toBe(true)
    for (const value of ["uv11100012", "UV1110001", "UV111000123", "U111000123", "UV-1100012"]) {
      expect(isValidInvoiceNumber(value)).toBe(false)
    }
  })

  it("validates allowance numbers", () => {
    expect(isValidAllowanceNumber("2019091717363987")).toBe(true)
    for (const value of ["201909171736398", "20190917173639870", "201909171736398A"]) {
      expect(isValidAllowanceNumber(value)).toBe(false)
    }
  })
})

describe("RelateNumber", () => {
  it.each(["A", "order_123-4", "x".repeat(30), "Zm9vYmFy-_09"])("accepts %s", (value) => {
    expect(isValidRelateNumber(value)).toBe(true)
  })

  it.each(["", "x".repeat(31), "order 1", "order#1", "訂單1", "a.b", "a/b"])("rejects %j", (value) => {
    expect(isValidRelateNumber(value)).toBe(false)
  })
})
