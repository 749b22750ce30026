/**
 * A real, sellable Taiwanese store for `medusaIntegrationTestRunner` specs, built with Medusa's own
 * core workflows, plus helpers that drive the store and admin HTTP APIs the way a storefront and a
 * merchant would (cart → shipping → payment session → complete; capture; promotions; customers).
 *
 * Two ways to use it:
 *  - `beforeEach(() => createStoreFixture(...))`: simple; about 1-1.4 s per test on an idle 2-core
 *    machine (about half of it is the admin login's password hashing).
 *  - `beforeAll(() => createStoreFixture(...))`: the runner snapshots the database into its restore
 *    template at the first `beforeEach`, *after* the suite's own top-level `beforeAll` hooks, so the
 *    store is part of every test's starting state and is built once per file. The fixture's ids and
 *    the admin JWT stay valid across the restores. (A `beforeAll` inside a nested `describe` runs
 *    after the snapshot, so its data is wiped by the next restore.)
 *
 * STORE_FIXTURE_TIMINGS=1 logs how long each step and request takes.
 */
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
  createStockLocationsWorkflow,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { HttpTypes, MedusaContainer } from "@medusajs/framework/types"
import { TAIWAN_ADDRESS } from "../../scripts/demo/lib/orders"
import { productInput, SHIPPING_PRICE, shippingOptionInput } from "../../scripts/demo/lib/seed"
import { loginAsAdmin } from "./admin"

// The same address, shipping option and product shape as the demo's seed (scripts/demo/lib).
export { SHIPPING_PRICE, TAIWAN_ADDRESS }

/** The parts of the runner's axios instance the helpers use. */
export interface AxiosLike {
  get: (url: string, config?: { headers?: Record<string, string> }) => Promise<{ data: unknown; status: number }>
  post: (url: string, body?: unknown, config?: { headers?: Record<string, string> }) => Promise<{ data: unknown; status: number }>
}

export interface StoreFixture {
  /** A publishable API key linked to the sales channel. */
  publishableKey: string
  /** `{ "x-publishable-api-key": publishableKey }` */
  storeHeaders: Record<string, string>
  /** `{ authorization: "Bearer …" }` of a logged-in admin user (see ./admin). */
  adminHeaders: Record<string, string>
  /** Region "Taiwan": currency twd, country tw, payment providers pp_system_default (+ see options). */
  regionId: string
  salesChannelId: string
  stockLocationId: string
  /** Flat rate 100 TWD, manual fulfillment provider, in the Taiwan service zone. */
  shippingOptionId: string
  shippingProfileId: string
  variants: { teaId: string; mugId: string }
  products: { teaId: string; mugId: string }
}

export interface StoreFixtureOptions {
  /**
   * E.g. 5: Taiwan's business tax (營業稅) with TWD prices tax-inclusive (region, store currency and
   * a "tw" tax region on tp_system). Off by default: no tax region, so tax_total is 0 and every
   * amount is a plain sum. When on, order/item totals stay the same (2 teas + 1 mug + shipping is
   * still 2850) but subtotal and tax_total become fractional (2714.2857…, 135.7142…), promotion
   * adjustment amounts are stored tax-exclusive (240 off shows as adjustment 228.5714…) and
   * discount_total can carry float noise (240.00000000000003).
   */
  taxInclusiveRate?: number
  /** Units stocked at the location for each variant (default 1000). */
  stock?: number
  /**
   * The region's payment providers. Default: every enabled provider the app registered, which is
   * always pp_system_default plus any test provider medusa-config.ts adds (placeOrder picks one).
   */
  paymentProviders?: string[]
}

export const TEA = { title: "茶葉禮盒", handle: "tea-gift-box", sku: "TEA-GIFT-BOX", price: 1200 }
export const MUG = { title: "馬克杯", handle: "ceramic-mug", sku: "MUG-CERAMIC", price: 350 }
export const SYSTEM_PAYMENT_PROVIDER = "pp_system_default"
export const MANUAL_FULFILLMENT_PROVIDER = "manual_manual"

export async function createStoreFixture(
  container: MedusaContainer,
  api: AxiosLike,
  options: StoreFixtureOptions = {}
): Promise<StoreFixture> {
  const stock = options.stock ?? 1000
  const taxInclusive = options.taxInclusiveRate !== undefined
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const storeModule = container.resolve(Modules.STORE)
  const paymentProviders =
    options.paymentProviders ?? (await container.resolve(Modules.PAYMENT).listPaymentProviders({ is_enabled: true })).map((p) => p.id)
  if (!paymentProviders.includes(SYSTEM_PAYMENT_PROVIDER)) {
    paymentProviders.push(SYSTEM_PAYMENT_PROVIDER)
  }

  const timer = stepTimer("createStoreFixture")
  const { headers: adminHeaders } = await loginAsAdmin(container, api)
  timer("admin login")

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "台灣網路商店", description: "Taiwan web store" }] },
  })

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Taiwan",
          currency_code: "twd",
          countries: ["tw"],
          payment_providers: paymentProviders,
          automatic_taxes: true,
          is_tax_inclusive: taxInclusive,
        },
      ],
    },
  })

  if (taxInclusive) {
    await createTaxRegionsWorkflow(container).run({
      input: [
        {
          country_code: "tw",
          provider_id: "tp_system",
          default_tax_rate: { rate: options.taxInclusiveRate!, code: "TW-VAT", name: "營業稅" },
        },
      ],
    })
  }
  timer("sales channel, region, tax region")

  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: "台北倉庫",
          address: { address_1: "忠孝東路四段1號", city: "台北市", country_code: "tw", postal_code: "106" },
        },
      ],
    },
  })

  timer("stock location")
  const [store] = await storeModule.listStores({}, { take: 1 })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [{ currency_code: "twd", is_default: true, is_tax_inclusive: taxInclusive }],
        default_sales_channel_id: salesChannel.id,
        default_region_id: region.id,
        default_location_id: stockLocation.id,
      },
    },
  })

  timer("store update")
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_FULFILLMENT_PROVIDER },
  })

  timer("links")
  const {
    result: [shippingProfile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "台灣一般配送", type: "default" }] },
  })

  const fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
    name: "台北倉庫配送",
    type: "shipping",
    service_zones: [{ name: "Taiwan", geo_zones: [{ type: "country", country_code: "tw" }] }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })

  timer("profile + fulfillment set")
  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      shippingOptionInput({
        serviceZoneId: fulfillmentSet.service_zones[0].id,
        shippingProfileId: shippingProfile.id,
        regionId: region.id,
      }),
    ],
  })

  timer("shipping option")
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [TEA, MUG].map((p) => productInput(p, { shippingProfileId: shippingProfile.id, salesChannelId: salesChannel.id })),
    },
  })
  timer("products")
  const tea = products.find((p) => p.handle === TEA.handle)!
  const mug = products.find((p) => p.handle === MUG.handle)!

  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: [tea.variants[0].id, mug.variants[0].id] },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: (variants as Array<{ inventory_items?: Array<{ inventory_item_id: string }> }>).flatMap((v) =>
        (v.inventory_items ?? []).map((ii) => ({
          location_id: stockLocation.id,
          inventory_item_id: ii.inventory_item_id,
          stocked_quantity: stock,
        }))
      ),
    },
  })

  timer("inventory levels")
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })

  timer("api key")
  return {
    publishableKey: apiKey.token,
    storeHeaders: { "x-publishable-api-key": apiKey.token },
    adminHeaders,
    regionId: region.id,
    salesChannelId: salesChannel.id,
    stockLocationId: stockLocation.id,
    shippingOptionId: shippingOption.id,
    shippingProfileId: shippingProfile.id,
    variants: { teaId: tea.variants[0].id, mugId: mug.variants[0].id },
    products: { teaId: tea.id, mugId: mug.id },
  }
}

export interface PlaceOrderOptions {
  items: Array<{ variantId: string; quantity: number }>
  /** Defaults to buyer@example.com for guests; a logged-in customer's cart takes the customer's email. */
  email?: string
  promoCode?: string
  /** From createCustomerAndLogin: places the order as that customer. */
  customerHeaders?: Record<string, string>
  shippingAddress?: Record<string, unknown>
  /** Default pp_system_default (authorizes only). Must be one of the region's providers. */
  paymentProviderId?: string
  /**
   * Runs after the payment session is created and before completion (e.g. set the invoice choice).
   * Anything here that changes the cart's total leaves the payment session at the old amount.
   */
  beforeComplete?: (cartId: string) => Promise<void>
}

/**
 * Checks out through the store API only, as a storefront would: create the cart with its items and a
 * Taiwanese address, apply the promotion code, pick the shipping option, create the payment
 * collection and a payment session (pp_system_default unless `paymentProviderId`), run
 * `beforeComplete`, complete.
 *
 * With the system provider the order comes out with payment_status "authorized" (nothing is
 * captured; use capturePayment). Guest orders get a customer_id too: Medusa creates a guest
 * customer for the email.
 */
export async function placeOrder(
  api: AxiosLike,
  fixture: Pick<StoreFixture, "storeHeaders" | "regionId" | "shippingOptionId">,
  opts: PlaceOrderOptions
): Promise<{ cartId: string; orderId: string; order: HttpTypes.StoreOrder }> {
  const headers = { ...fixture.storeHeaders, ...(opts.customerHeaders ?? {}) }
  const email = opts.email ?? (opts.customerHeaders ? undefined : "buyer@example.com")

  // One request for what a storefront usually does in three (create, add items, set address):
  // every cart update re-runs Medusa's cart refresh (~0.4-0.7 s each on these machines).
  const address = { ...TAIWAN_ADDRESS, ...(opts.shippingAddress ?? {}) }
  const { cart } = await call<HttpTypes.StoreCartResponse>(api, "create cart", "post", "/store/carts", headers, {
    region_id: fixture.regionId,
    ...(email ? { email } : {}),
    items: opts.items.map((item) => ({ variant_id: item.variantId, quantity: item.quantity })),
    shipping_address: address,
    billing_address: address,
  })
  const cartId: string = cart.id

  if (opts.promoCode) {
    const { cart: promoted } = await call<HttpTypes.StoreCartResponse>(
      api,
      "add promotion",
      "post",
      `/store/carts/${cartId}/promotions`,
      headers,
      { promo_codes: [opts.promoCode] }
    )
    const applied = (promoted.promotions ?? []).map((p) => p.code)
    if (!applied.includes(opts.promoCode)) {
      throw new Error(`add promotion: ${opts.promoCode} was not applied (cart promotions: ${applied})`)
    }
  }

  await call(api, "add shipping method", "post", `/store/carts/${cartId}/shipping-methods`, headers, {
    option_id: fixture.shippingOptionId,
  })

  const { payment_collection } = await call<HttpTypes.StorePaymentCollectionResponse>(
    api,
    "create payment collection",
    "post",
    "/store/payment-collections",
    headers,
    { cart_id: cartId }
  )
  await call(api, "create payment session", "post", `/store/payment-collections/${payment_collection.id}/payment-sessions`, headers, {
    provider_id: opts.paymentProviderId ?? SYSTEM_PAYMENT_PROVIDER,
  })

  if (opts.beforeComplete) {
    await opts.beforeComplete(cartId)
  }

  const completed = await call<HttpTypes.StoreCompleteCartResponse>(
    api,
    "complete cart",
    "post",
    `/store/carts/${cartId}/complete`,
    headers,
    {}
  )
  if (completed.type !== "order" || !completed.order?.id) {
    throw new Error(`complete cart: no order (${JSON.stringify("error" in completed ? completed.error : completed).slice(0, 2000)})`)
  }
  return { cartId, orderId: completed.order.id, order: completed.order }
}

/** Captures the order's (single, authorized) payment through the admin API. Returns the payment id. */
export async function capturePayment(api: AxiosLike, fixture: Pick<StoreFixture, "adminHeaders">, orderId: string): Promise<string> {
  const { order } = await call<HttpTypes.AdminOrderResponse>(
    api,
    "get order payments",
    "get",
    `/admin/orders/${orderId}?fields=id,payment_status,*payment_collections,*payment_collections.payments`,
    fixture.adminHeaders
  )
  const payments = (order.payment_collections ?? []).flatMap((pc) => pc.payments ?? [])
  const payment = payments.find((p) => !p.captured_at && !p.canceled_at)
  if (!payment) {
    throw new Error(
      `capture: order ${orderId} has no uncaptured payment (payment_status ${order.payment_status}, ${payments.length} payments)`
    )
  }
  await call(api, "capture payment", "post", `/admin/payments/${payment.id}/capture`, fixture.adminHeaders, {})
  return payment.id
}

/**
 * A manual-code ("standard", not automatic, active) percentage promotion on the whole order's items
 * (target_type "order": Medusa 2.21 spreads it across the line items, not the shipping), in TWD.
 */
export async function createPercentagePromotion(
  api: AxiosLike,
  fixture: Pick<StoreFixture, "adminHeaders">,
  opts: { code: string; percent: number }
): Promise<{ id: string }> {
  const { promotion } = await call<HttpTypes.AdminPromotionResponse>(
    api,
    "create promotion",
    "post",
    "/admin/promotions",
    fixture.adminHeaders,
    {
      code: opts.code,
      type: "standard",
      status: "active",
      is_automatic: false,
      application_method: {
        type: "percentage",
        target_type: "order",
        allocation: "across",
        value: opts.percent,
        currency_code: "twd",
      },
    }
  )
  return { id: promotion.id }
}

export interface CustomerLogin {
  customerId: string
  /** `authorization: Bearer …` plus the publishable key: usable as is for /store routes. */
  headers: Record<string, string>
  token: string
}

/**
 * Registers a customer through the store auth routes and logs in. Store routes need the publishable
 * key, so pass the fixture (or `storeHeaders` in opts).
 */
export async function createCustomerAndLogin(
  api: AxiosLike,
  fixture: Pick<StoreFixture, "storeHeaders">,
  opts: CustomerOptions
): Promise<CustomerLogin>
export async function createCustomerAndLogin(
  api: AxiosLike,
  opts: CustomerOptions & { storeHeaders: Record<string, string> }
): Promise<CustomerLogin>
export async function createCustomerAndLogin(
  api: AxiosLike,
  a: { storeHeaders: Record<string, string> } | (CustomerOptions & { storeHeaders: Record<string, string> }),
  b?: CustomerOptions
): Promise<CustomerLogin> {
  const opts = (b ?? a) as CustomerOptions
  const storeHeaders = a.storeHeaders
  if (!storeHeaders?.["x-publishable-api-key"]) {
    throw new Error("createCustomerAndLogin: the store routes need the fixture's storeHeaders")
  }
  const { token: registrationToken } = await call<{ token: string }>(
    api,
    "register",
    "post",
    "/auth/customer/emailpass/register",
    {},
    { email: opts.email, password: opts.password }
  )
  const { customer } = await call<HttpTypes.StoreCustomerResponse>(
    api,
    "create customer",
    "post",
    "/store/customers",
    { ...storeHeaders, authorization: `Bearer ${registrationToken}` },
    {
      email: opts.email,
      first_name: opts.first_name ?? "小明",
      last_name: opts.last_name ?? "王",
      phone: opts.phone ?? TAIWAN_ADDRESS.phone,
    }
  )
  const { token } = await call<{ token: string }>(
    api,
    "login",
    "post",
    "/auth/customer/emailpass",
    {},
    {
      email: opts.email,
      password: opts.password,
    }
  )
  return {
    customerId: customer.id,
    token,
    headers: { ...storeHeaders, authorization: `Bearer ${token}` },
  }
}

export interface CustomerOptions {
  email: string
  password: string
  first_name?: string
  last_name?: string
  phone?: string
}

function stepTimer(label: string) {
  let last = Date.now()
  return (step: string) => {
    if (process.env.STORE_FIXTURE_TIMINGS) {
      console.log(`[store-fixture] ${label} ${step}: ${Date.now() - last} ms`)
    }
    last = Date.now()
  }
}

/** One request; on failure throws an error naming the step with Medusa's status and message. */
async function call<T = unknown>(
  api: AxiosLike,
  step: string,
  method: "get" | "post",
  url: string,
  headers: Record<string, string>,
  body?: unknown
): Promise<T> {
  const started = Date.now()
  try {
    const response = method === "get" ? await api.get(url, { headers }) : await api.post(url, body, { headers })
    if (process.env.STORE_FIXTURE_TIMINGS) {
      console.log(`[store-fixture] ${step}: ${Date.now() - started} ms`)
    }
    return response.data as T
  } catch (error) {
    const { response, message } = error as { response?: { status?: number; data?: unknown }; message?: string }
    const status = response?.status
    const data = response?.data
    throw new Error(
      `${step} (${method.toUpperCase()} ${url}) failed: ${status ?? ""} ${data ? JSON.stringify(data).slice(0, 2000) : message}`
    )
  }
}
