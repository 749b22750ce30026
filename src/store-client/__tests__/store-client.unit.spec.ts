import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { acceptLanguage, createEinvoiceStoreClient, EinvoiceStoreError, type FetchLike, type MedusaSdkLike } from ".."

interface Recorded {
  via: "sdk" | "fetch"
  path: string
  method: string
  headers: Record<string, string>
  body: unknown
  credentials?: string
}

type Reply = { status: number; body: unknown }

/** The js-sdk's behaviour: the body on 2xx, else a FetchError with the status and the answer's message only. */
class FetchError extends Error {
  constructor(
    message: string,
    readonly statusText: string,
    readonly status: number
  ) {
    super(message)
  }
}

function fakes(reply: (path: string, method: string) => Reply, token: string | null = null) {
  const requests: Recorded[] = []
  const sdk: MedusaSdkLike = {
    client: {
      async fetch<T>(input: string, init?: { method?: string; body?: Record<string, unknown>; headers?: Record<string, string> }) {
        const method = init?.method ?? "GET"
        requests.push({ via: "sdk", path: input, method, headers: { ...init?.headers }, body: init?.body })
        const { status, body } = reply(input, method)
        if (status >= 300) {
          throw new FetchError(String((body as { message?: string }).message ?? "failed"), "Error", status)
        }
        return body as T
      },
      getToken: async () => token,
    },
  }
  const fetch: FetchLike = async (url, init) => {
    const { pathname } = new URL(url)
    requests.push({
      via: "fetch",
      path: url,
      method: init.method,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.parse(init.body),
      credentials: init.credentials,
    })
    const { status, body } = reply(pathname, init.method)
    return { status, json: async () => body }
  }
  return { requests, sdk, fetch }
}

const STORED = {
  type: "mobile_barcode",
  carrier_number: "/ABC1234",
  carrier_number2: null,
  love_code: null,
  company_tax_id: null,
  company_name: null,
  buyer_name: null,
  buyer_address: null,
  buyer_email: null,
  buyer_phone: null,
  print: false,
} as const

const REFUSED = {
  type: "invalid_data",
  message: "載具號碼查無此號碼，請確認後再輸入; 電子郵件不是有效的電子郵件地址",
  errors: [
    { field: "carrier_number", rule: "not_found", message: "載具號碼查無此號碼，請確認後再輸入" },
    { field: "email", rule: "email_format", message: "電子郵件不是有效的電子郵件地址" },
  ],
}

describe("createEinvoiceStoreClient", () => {
  it("sends each call to its route with its method, the caller's headers and the locale's Accept-Language", async () => {
    const { requests, sdk } = fakes((p) => ({
      status: 200,
      body: p.endsWith("/config")
        ? { enabled: true, types: ["member"], charities: [], default_love_code: null }
        : p.endsWith("/validate")
          ? { valid: true, value: "/ABC1234", checked_online: true }
          : p.startsWith("/store/carts/")
            ? { einvoice: null, source: null }
            : { einvoice: null, lookup_url: "https://example.test", identifiers_masked: false },
    }))
    let locale: "zh-TW" | "en" = "zh-TW"
    const client = createEinvoiceStoreClient({ sdk, locale: () => locale, headers: async () => ({ authorization: "Bearer customer-jwt" }) })

    expect(await client.getConfig()).toEqual({ enabled: true, types: ["member"], charities: [], default_love_code: null })
    await client.validate("mobile_barcode", "/abc1234")
    await client.getCartChoice("cart_01/../x")
    locale = "en"
    await client.getOrderInvoice("order_01")

    expect(requests.map(({ via, path, method, body }) => ({ via, path, method, body }))).toEqual([
      { via: "sdk", path: "/store/einvoice/config", method: "GET", body: undefined },
      { via: "sdk", path: "/store/einvoice/validate", method: "POST", body: { type: "mobile_barcode", value: "/abc1234" } },
      // Ids are one path segment, whatever they hold.
      { via: "sdk", path: "/store/carts/cart_01%2F..%2Fx/einvoice", method: "GET", body: undefined },
      { via: "sdk", path: "/store/orders/order_01/einvoice", method: "GET", body: undefined },
    ])
    for (const request of requests) {
      expect(request.headers.authorization).toBe("Bearer customer-jwt")
    }
    expect(requests.map((r) => r.headers["accept-language"])).toEqual([
      acceptLanguage("zh-TW"),
      acceptLanguage("zh-TW"),
      acceptLanguage("zh-TW"),
      "en",
    ])
  })

  it("keeps the per-field errors of a refused choice: the POST goes with fetch to the caller's backend URL and key", async () => {
    const { requests, sdk, fetch } = fakes((_, method) => (method === "POST" ? { status: 400, body: REFUSED } : { status: 200, body: {} }))
    const client = createEinvoiceStoreClient({
      sdk,
      backendUrl: "https://shop.example.test/",
      publishableKey: "pk_test",
      fetch,
      headers: () => ({ authorization: "Bearer customer-jwt" }),
      credentials: "include",
    })

    const result = await client.setCartChoice("cart_01", { type: "mobile_barcode", carrier_number: "/ZZZ9999", email: "x@" })

    expect(result).toEqual({ ok: false, status: 400, message: REFUSED.message, errors: REFUSED.errors })
    expect(requests).toEqual([
      {
        via: "fetch",
        path: "https://shop.example.test/store/carts/cart_01/einvoice",
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "x-publishable-api-key": "pk_test",
          "accept-language": "zh-TW,zh;q=0.9",
          authorization: "Bearer customer-jwt",
        },
        body: { type: "mobile_barcode", carrier_number: "/ZZZ9999", email: "x@" },
        credentials: "include",
      },
    ])
  })

  it("answers a stored choice with its warnings", async () => {
    const warning = { field: "carrier_number", rule: "unchecked", message: "could not be checked online right now; accepted for now" }
    const { sdk, fetch } = fakes(() => ({ status: 200, body: { einvoice: STORED, warnings: [warning] } }))
    const client = createEinvoiceStoreClient({
      sdk,
      backendUrl: "https://shop.example.test",
      publishableKey: "pk_test",
      fetch,
      locale: "en",
    })
    expect(await client.setCartChoice("cart_01", { type: "mobile_barcode", carrier_number: "/ABC1234" })).toEqual({
      ok: true,
      einvoice: STORED,
      warnings: [warning],
    })
  })

  it("sends the js-sdk's stored JWT with the fetch POST when the caller's headers carry no authorization", async () => {
    const { requests, sdk, fetch } = fakes(() => ({ status: 200, body: { einvoice: STORED, warnings: [] } }), "sdk-jwt")
    const client = createEinvoiceStoreClient({ sdk, backendUrl: "https://shop.example.test", publishableKey: "pk_test", fetch })
    await client.setCartChoice("cart_01", { type: "member" })
    expect(requests[0].headers.authorization).toBe("Bearer sdk-jwt")
  })

  it("through the js-sdk alone, a refused choice keeps the status and message (the js-sdk drops the errors)", async () => {
    const { requests, sdk } = fakes(() => ({ status: 400, body: REFUSED }))
    const client = createEinvoiceStoreClient({ sdk })
    expect(await client.setCartChoice("cart_01", { type: "donation", love_code: "1" })).toEqual({
      ok: false,
      status: 400,
      message: REFUSED.message,
      errors: [],
    })
    expect(requests.map((r) => [r.via, r.method, r.path])).toEqual([["sdk", "POST", "/store/carts/cart_01/einvoice"]])
  })

  it("works without the js-sdk: every request with fetch, the publishable key on each", async () => {
    const { requests, fetch } = fakes(() => ({ status: 200, body: { einvoice: null, source: null } }))
    const client = createEinvoiceStoreClient({ backendUrl: "https://shop.example.test", publishableKey: "pk_test", fetch })
    await client.getCartChoice("cart_01")
    await client.getOrderInvoice("order_01")
    expect(requests.map((r) => [r.via, r.method, r.path, r.headers["x-publishable-api-key"], r.headers["content-type"]])).toEqual([
      ["fetch", "GET", "https://shop.example.test/store/carts/cart_01/einvoice", "pk_test", undefined],
      ["fetch", "GET", "https://shop.example.test/store/orders/order_01/einvoice", "pk_test", undefined],
    ])
  })

  it("answers a throttled check (429) as valid and unchecked, with the server's message", async () => {
    const throttled = {
      type: "too_many_requests",
      code: "throttled",
      rule: "throttled",
      message: "輸入值查驗次數過多，請於 42 秒後再試（結帳不受影響）",
      retry_after_seconds: 42,
    }
    for (const options of [
      (f: ReturnType<typeof fakes>) => ({ sdk: f.sdk }),
      (f: ReturnType<typeof fakes>) => ({ backendUrl: "https://shop.example.test", publishableKey: "pk", fetch: f.fetch }),
    ]) {
      const f = fakes(() => ({ status: 429, body: throttled }))
      const client = createEinvoiceStoreClient(options(f))
      expect(await client.validate("love_code", "168")).toEqual({
        valid: true,
        value: "168",
        checked_online: false,
        rule: "throttled",
        message: throttled.message,
      })
    }
  })

  it("throws an EinvoiceStoreError with the status for any other failed answer", async () => {
    const { sdk, fetch } = fakes(() => ({ status: 404, body: { type: "not_found", message: "Order order_x was not found" } }))
    for (const client of [
      createEinvoiceStoreClient({ sdk }),
      createEinvoiceStoreClient({ backendUrl: "https://shop.example.test", publishableKey: "pk", fetch }),
    ]) {
      const error = await client.getOrderInvoice("order_x").catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EinvoiceStoreError)
      expect(error).toMatchObject({ status: 404, message: "Order order_x was not found" })
    }
    const down = fakes(() => ({ status: 503, body: {} }))
    const saving = createEinvoiceStoreClient({ backendUrl: "https://shop.example.test", publishableKey: "pk", fetch: down.fetch })
    await expect(saving.setCartChoice("cart_01", { type: "member" })).rejects.toMatchObject({ status: 503, message: "HTTP 503" })
  })

  it("passes a network failure through as it is", async () => {
    const sdk: MedusaSdkLike = { client: { fetch: () => Promise.reject(new TypeError("fetch failed")) } }
    await expect(createEinvoiceStoreClient({ sdk }).getConfig()).rejects.toThrow(new TypeError("fetch failed"))
  })

  it("refuses to be made without a way to reach the store, or with a URL but no publishable key", () => {
    expect(() => createEinvoiceStoreClient({})).toThrow(TypeError)
    expect(() => createEinvoiceStoreClient({ backendUrl: "https://shop.example.test" })).toThrow(/publishableKey/)
  })

  it("imports nothing outside its folder (no js-sdk, no Node module, no server code)", () => {
    const folder = path.join(__dirname, "..")
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
      // The code without its comments (the module's doc shows an import of the js-sdk, as a caller writes it).
      const source = readFileSync(path.join(folder, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
      const specifiers = [...source.matchAll(/\bfrom\s+"([^"]+)"|\bimport\s*\(\s*"([^"]+)"|\brequire\s*\(\s*"([^"]+)"/g)].map(
        (m) => m[1] ?? m[2] ?? m[3]
      )
      expect({ file, outside: specifiers.filter((s) => !s.startsWith("./")) }).toEqual({ file, outside: [] })
    }
  })
})
