import { formatTaipeiDate, isEcpayDate, isEcpayDateTime, parseEcpayDateTime } from "../dates"

describe("parseEcpayDateTime", () => {
  it.each([
    ["2024-03-01 00:00:00", "2024-02-29T16:00:00.000Z"],
    ["2024/03/01 08:30:15", "2024-03-01T00:30:15.000Z"],
    ["2019-09-18+13:13:23", "2019-09-18T05:13:23.000Z"],
    ["2025-01-01", "2024-12-31T16:00:00.000Z"],
  ])("parses %s as Asia/Taipei", (value, iso) => {
    expect(parseEcpayDateTime(value).toISOString()).toBe(iso)
  })

  it.each(["2024-02-30 00:00:00", "2024-03-01T00:00:00", "2024-03-01 24:00:00", "2024-03/01", "", "yesterday"])("rejects %j", (value) => {
    expect(() => parseEcpayDateTime(value)).toThrow(RangeError)
  })
})

describe("formatTaipeiDate", () => {
  it("formats in Asia/Taipei regardless of the host time zone", () => {
    const date = new Date("2024-02-29T16:00:00.000Z")
    expect(formatTaipeiDate(date)).toBe("2024-03-01")
    expect(formatTaipeiDate(date, true)).toBe("2024-03-01 00:00:00")
    expect(formatTaipeiDate(parseEcpayDateTime("2019-09-18 13:13:23"), true)).toBe("2019-09-18 13:13:23")
  })

  it("rejects an invalid Date", () => {
    expect(() => formatTaipeiDate(new Date(NaN))).toThrow(RangeError)
  })
})

describe("format checks", () => {
  it("isEcpayDate", () => {
    expect(isEcpayDate("2024-02-29")).toBe(true)
    expect(isEcpayDate("2024/02/29")).toBe(true)
    expect(isEcpayDate("2023-02-29")).toBe(false)
    expect(isEcpayDate("2024-02/29")).toBe(false)
    expect(isEcpayDate("2024-02-29 10:00:00")).toBe(false)
  })

  it("isEcpayDateTime", () => {
    expect(isEcpayDateTime("2024-02-29 23:59:59")).toBe(true)
    expect(isEcpayDateTime("2024/02/29 00:00:00")).toBe(true)
    expect(isEcpayDateTime("2024-02-29+23:59:59")).toBe(false)
    expect(isEcpayDateTime("2024-02-29")).toBe(false)
  })
})
