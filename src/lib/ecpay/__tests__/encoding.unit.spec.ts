import { dotNetUrlEncode, phpUrlDecode, phpUrlEncode } from "../encoding"

describe("phpUrlEncode (PHP urlencode parity)", () => {
  it.each([
    ["", ""],
    ["abcXYZ0189", "abcXYZ0189"],
    ["a b  c", "a+b++c"],
    ["-_.", "-_."],
    ["~!*'()", "%7E%21%2A%27%28%29"],
    ["+&=/?#%", "%2B%26%3D%2F%3F%23%25"],
    ['{"a":"b","c":[1]}', "%7B%22a%22%3A%22b%22%2C%22c%22%3A%5B1%5D%7D"],
    ["\n\t\r", "%0A%09%0D"],
    ["é", "%C3%A9"],
    ["測試", "%E6%B8%AC%E8%A9%A6"],
    ["😀", "%F0%9F%98%80"],
    ["\\u6e2c", "%5Cu6e2c"],
    ["@$,;:[]{}|^`<>", "%40%24%2C%3B%3A%5B%5D%7B%7D%7C%5E%60%3C%3E"],
  ])("encodes %j as %j", (input, expected) => {
    expect(phpUrlEncode(input)).toBe(expected)
  })

  it("uses uppercase hex only", () => {
    const allBytes = String.fromCharCode(...Array.from({ length: 128 }, (_, code) => code))
    expect(phpUrlEncode(allBytes)).not.toMatch(/%[0-9A-F]?[a-f]/)
  })
})

describe("phpUrlDecode (PHP urldecode parity)", () => {
  it.each([
    ["a+b%20c", "a b c"],
    ["%2B", "+"],
    ["%e6%b8%ac%E8%A9%A6", "測試"],
    ["100%", "100%"],
    ["%zz%4", "%zz%4"],
    ["%F0%9F%98%80", "😀"],
    ["已解碼", "已解碼"],
  ])("decodes %j as %j", (input, expected) => {
    expect(phpUrlDecode(input)).toBe(expected)
  })

  it("reverses phpUrlEncode", () => {
    const samples = ["a+b c", "~!*'()%&=", "測試 商品", "😀 emoji", "line\nbreak", '{"k":"v"}']
    for (const sample of samples) {
      expect(phpUrlDecode(phpUrlEncode(sample))).toBe(sample)
    }
  })
})

describe("dotNetUrlEncode (CheckMacValue table)", () => {
  it("leaves - _ . ! * ( ) raw and escapes the rest like PHP", () => {
    expect(dotNetUrlEncode("-_.!*()")).toBe("-_.!*()")
    expect(dotNetUrlEncode("~' +@")).toBe("%7E%27+%2B%40")
    expect(dotNetUrlEncode("a=b&c=d")).toBe("a%3Db%26c%3Dd")
  })
})
