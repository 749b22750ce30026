import { maskIdentifier } from "../mask-identifier"

describe("maskIdentifier", () => {
  it("keeps the ends a customer recognises and hides the rest of a carrier number or tax ID", () => {
    expect(maskIdentifier("/ABC1234")).toBe("/AB***34")
    expect(maskIdentifier("12345675")).toBe("123***75")
    expect(maskIdentifier("AB12345678901234")).toBe("AB1***********34")
    expect(maskIdentifier("25885")).toBe("2***5")
    expect(maskIdentifier("123")).toBe("***")
  })

  it("leaves nothing to mask as it is", () => {
    expect(maskIdentifier(null)).toBeNull()
    expect(maskIdentifier("")).toBe("")
  })
})
