/**
 * Demo data, through the admin and store HTTP APIs only (what a merchant and a storefront can do), and
 * idempotent: everything is looked up first (by name, handle, title or the order's metadata.demo_seed)
 * and created only when missing, so a second run reuses what the first one made.
 *
 *   catalog:  sales channel 台灣網路商店, region Taiwan (TWD), store defaults, stock location 台北倉庫
 *             with manual fulfillment, service zone Taiwan, shipping option 宅配 (100 TWD), four products
 *             with TWD prices and stock, a publishable API key;
 *   einvoice: enabled, the six invoice types, three charities, automatic issuing on payment capture
 *             (only when the settings were never configured, so a merchant's changes are kept);
 *   orders:   one paid and issued order per invoice type, one whose issue ECPay refused (simulator
 *             only: an injected refusal), one awaiting payment (authorized, not captured), one whose
 *             invoice was issued and then voided (作廢), one whose invoice was issued and then discounted
 *             with a paper allowance (折讓).
 */
import type { HttpTypes } from "@medusajs/framework/types"
import type { AdminEinvoiceSettingsResponse, StoreValidateInvoiceValueResponse } from "../../../src/api/types"
import type { RunningSimulator } from "../../../src/simulator"
import type { DemoInfo } from "./info"
import type { Requester } from "./medusa-http"
import { MedusaHttpError, storeClient } from "./medusa-http"
import {
  capturePayment,
  createAllowance,
  DEMO_INVOICE_TYPES,
  placeOrder,
  voidInvoice,
  waitForInvoice,
  type AdminActionResponse,
  type AdminInvoiceView,
  type AllowanceRequest,
  type InvoiceChoice,
} from "./orders"

type Log = (line: string) => void

export const STORE_NAME = "ECPay 電子發票示範商店"
export const SALES_CHANNEL_NAME = "台灣網路商店"
export const STOCK_LOCATION_NAME = "台北倉庫"
export const SHIPPING_OPTION_NAME = "宅配"
export const API_KEY_TITLE = "ECPay e-invoice demo storefront"
export const SHIPPING_PRICE = 100

export interface ProductSpec {
  handle: string
  title: string
  sku: string
  /** TWD */
  price: number
  description?: string
}

export const PRODUCTS: ProductSpec[] = [
  {
    handle: "oolong-tea-gift-box",
    title: "阿里山烏龍茶禮盒",
    sku: "DEMO-TEA-GIFT",
    price: 1200,
    description: "高山烏龍茶 150g × 2，附提袋。",
  },
  {
    handle: "pineapple-cake-box",
    title: "鳳梨酥禮盒（12入）",
    sku: "DEMO-PINEAPPLE-12",
    price: 480,
    description: "土鳳梨內餡，奶油酥皮。",
  },
  { handle: "ceramic-mug", title: "鶯歌陶瓷馬克杯", sku: "DEMO-MUG", price: 350, description: "手工上釉，容量 350 ml。" },
  { handle: "canvas-tote", title: "台灣帆布托特包", sku: "DEMO-TOTE", price: 590, description: "台南老帆布行製作。" },
]

/** Charities offered for donation; the simulator's registry knows these love codes. */
export const CHARITIES = [
  { code: "168001", name: "社會福利基金會（示範）" },
  { code: "919", name: "動物保護協會（示範）" },
  { code: "25885", name: "兒童關懷協會（示範）" },
]

/**
 * A published product with one variant 標準 (option 規格) at its TWD price, inventory managed, in the
 * sales channel: the body of POST /admin/products, and the input of createProductsWorkflow.
 */
export function productInput(spec: ProductSpec, refs: { shippingProfileId: string; salesChannelId: string }) {
  return {
    title: spec.title,
    handle: spec.handle,
    ...(spec.description ? { description: spec.description } : {}),
    status: "published" as const,
    shipping_profile_id: refs.shippingProfileId,
    options: [{ title: "規格", values: ["標準"] }],
    variants: [
      {
        title: "標準",
        sku: spec.sku,
        manage_inventory: true,
        options: { 規格: "標準" },
        prices: [{ currency_code: "twd", amount: spec.price }],
      },
    ],
    sales_channels: [{ id: refs.salesChannelId }],
  }
}

/**
 * The flat-rate home delivery option (宅配, SHIPPING_PRICE TWD, manual fulfillment) in a service zone:
 * the body of POST /admin/shipping-options, and an input of createShippingOptionsWorkflow.
 */
export function shippingOptionInput(refs: { serviceZoneId: string; shippingProfileId: string; regionId: string }) {
  return {
    name: SHIPPING_OPTION_NAME,
    price_type: "flat" as const,
    provider_id: "manual_manual",
    service_zone_id: refs.serviceZoneId,
    shipping_profile_id: refs.shippingProfileId,
    type: { label: "宅配", description: "Home delivery, 1-3 days", code: "home-delivery" },
    prices: [
      { currency_code: "twd", amount: SHIPPING_PRICE },
      { region_id: refs.regionId, amount: SHIPPING_PRICE },
    ],
    rules: [
      { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
      { attribute: "is_return", value: "false", operator: "eq" as const },
    ],
  }
}

export interface Catalog {
  publishableKey: string
  apiKeyId: string
  regionId: string
  salesChannelId: string
  stockLocationId: string
  shippingProfileId: string
  shippingOptionId: string
  products: DemoInfo["storeApi"]["products"]
}

/**
 * The catalog above (idempotent). `products`: other products instead of the demo's four (the admin
 * browser tests sell their own).
 */
export async function seedCatalog(admin: Requester, log: Log, options: { products?: ProductSpec[] } = {}): Promise<Catalog> {
  const created: string[] = []

  // Sales channel
  const { sales_channels: channels } = await admin.get<HttpTypes.AdminSalesChannelListResponse>(
    `/admin/sales-channels?name=${encodeURIComponent(SALES_CHANNEL_NAME)}&limit=1`
  )
  let salesChannel = channels[0]
  if (!salesChannel) {
    ;({ sales_channel: salesChannel } = await admin.post<HttpTypes.AdminSalesChannelResponse>(
      "/admin/sales-channels",
      { name: SALES_CHANNEL_NAME, description: "Taiwan web store (ECPay e-invoice demo)" },
      "create sales channel"
    ))
    created.push("sales channel")
  }

  // Region: Taiwan in TWD (a country belongs to one region only, so look for "tw")
  const { regions } = await admin.get<HttpTypes.AdminRegionListResponse>("/admin/regions?limit=200&fields=id,name,currency_code,*countries")
  let region = regions.find((r) => (r.countries ?? []).some((c) => c.iso_2 === "tw"))
  if (region && region.currency_code !== "twd") {
    throw new Error(`The region "${region.name}" already holds Taiwan with currency ${region.currency_code}; the demo needs TWD`)
  }
  if (!region) {
    ;({ region } = await admin.post<HttpTypes.AdminRegionResponse>(
      "/admin/regions",
      {
        name: "Taiwan",
        currency_code: "twd",
        countries: ["tw"],
        payment_providers: ["pp_system_default"],
        automatic_taxes: true,
        is_tax_inclusive: true,
      },
      "create region"
    ))
    created.push("region")
  }

  // Stock location with manual fulfillment, its shipping fulfillment set and the Taiwan service zone
  const locationFields = "id,name,*sales_channels,*fulfillment_providers,*fulfillment_sets,*fulfillment_sets.service_zones"
  const { stock_locations: locations } = await admin.get<HttpTypes.AdminStockLocationListResponse>(
    `/admin/stock-locations?name=${encodeURIComponent(STOCK_LOCATION_NAME)}&limit=1&fields=${locationFields}`
  )
  let location = locations[0]
  if (!location) {
    ;({ stock_location: location } = await admin.post<HttpTypes.AdminStockLocationResponse>(
      "/admin/stock-locations",
      {
        name: STOCK_LOCATION_NAME,
        address: { address_1: "忠孝東路四段1號", city: "台北市", country_code: "tw", postal_code: "106" },
      },
      "create stock location"
    ))
    created.push("stock location")
    location.sales_channels = []
    location.fulfillment_providers = []
    location.fulfillment_sets = []
  }
  if (!(location.sales_channels ?? []).some((sc) => sc.id === salesChannel.id)) {
    await admin.post(`/admin/stock-locations/${location.id}/sales-channels`, { add: [salesChannel.id] }, "link sales channel to location")
  }
  if (!(location.fulfillment_providers ?? []).some((p) => p.id === "manual_manual")) {
    await admin.post(`/admin/stock-locations/${location.id}/fulfillment-providers`, { add: ["manual_manual"] }, "add manual fulfillment")
  }
  let fulfillmentSet = (location.fulfillment_sets ?? []).find((set) => set.type === "shipping")
  if (!fulfillmentSet) {
    const { stock_location } = await admin.post<HttpTypes.AdminStockLocationResponse>(
      `/admin/stock-locations/${location.id}/fulfillment-sets?fields=${locationFields}`,
      { name: `${STOCK_LOCATION_NAME}配送`, type: "shipping" },
      "create fulfillment set"
    )
    fulfillmentSet = stock_location.fulfillment_sets?.find((set) => set.type === "shipping")
    if (!fulfillmentSet) {
      throw new Error("create fulfillment set: the stock location still has no shipping fulfillment set")
    }
  }
  let serviceZone = (fulfillmentSet.service_zones ?? [])[0]
  if (!serviceZone) {
    const { fulfillment_set } = await admin.post<HttpTypes.AdminFulfillmentSetResponse>(
      `/admin/fulfillment-sets/${fulfillmentSet.id}/service-zones`,
      { name: "Taiwan", geo_zones: [{ type: "country", country_code: "tw" }] },
      "create service zone"
    )
    serviceZone = fulfillment_set.service_zones[0]
  }

  // Shipping profile (the default one Medusa creates, or a new one)
  const { shipping_profiles: profiles } = await admin.get<HttpTypes.AdminShippingProfileListResponse>(
    "/admin/shipping-profiles?type=default&limit=1"
  )
  let profile = profiles[0]
  if (!profile) {
    ;({ shipping_profile: profile } = await admin.post<HttpTypes.AdminShippingProfileResponse>(
      "/admin/shipping-profiles",
      { name: "Default Shipping Profile", type: "default" },
      "create shipping profile"
    ))
  }

  // Shipping option
  const { shipping_options: shippingOptions } = await admin.get<HttpTypes.AdminShippingOptionListResponse>(
    `/admin/shipping-options?service_zone_id=${serviceZone.id}&limit=50&fields=id,name`
  )
  let shippingOption = shippingOptions.find((o) => o.name === SHIPPING_OPTION_NAME)
  if (!shippingOption) {
    ;({ shipping_option: shippingOption } = await admin.post<HttpTypes.AdminShippingOptionResponse>(
      "/admin/shipping-options",
      shippingOptionInput({ serviceZoneId: serviceZone.id, shippingProfileId: profile.id, regionId: region.id }),
      "create shipping option"
    ))
    created.push("shipping option")
  }

  // Store defaults: TWD, the sales channel, the region, the location
  const { stores } = await admin.get<HttpTypes.AdminStoreListResponse>(
    "/admin/stores?fields=id,name,default_sales_channel_id,default_region_id,default_location_id,*supported_currencies"
  )
  const store = stores[0]
  const currencies = (store.supported_currencies ?? []) as Array<{ currency_code: string; is_default: boolean }>
  const twdDefault = currencies.some((c) => c.currency_code === "twd" && c.is_default)
  const renamed = store.name === "Medusa Store" ? { name: STORE_NAME } : {}
  if (
    "name" in renamed ||
    !twdDefault ||
    store.default_sales_channel_id !== salesChannel.id ||
    store.default_region_id !== region.id ||
    store.default_location_id !== location.id
  ) {
    await admin.post(
      `/admin/stores/${store.id}`,
      {
        ...renamed,
        supported_currencies: [
          { currency_code: "twd", is_default: true, is_tax_inclusive: true },
          ...currencies.filter((c) => c.currency_code !== "twd").map((c) => ({ currency_code: c.currency_code, is_default: false })),
        ],
        default_sales_channel_id: salesChannel.id,
        default_region_id: region.id,
        default_location_id: location.id,
      },
      "update store defaults"
    )
  }

  // Products with TWD prices, in the sales channel, stocked at the location
  const products: Catalog["products"] = []
  for (const spec of options.products ?? PRODUCTS) {
    const productFields = "id,handle,title,*variants,*variants.prices,*variants.inventory_items"
    const { products: found } = await admin.get<HttpTypes.AdminProductListResponse>(
      `/admin/products?handle=${spec.handle}&limit=1&fields=${productFields}`
    )
    let product = found[0]
    if (!product) {
      ;({ product } = await admin.post<HttpTypes.AdminProductResponse>(
        `/admin/products?fields=${productFields}`,
        productInput(spec, { shippingProfileId: profile.id, salesChannelId: salesChannel.id }),
        `create product ${spec.handle}`
      ))
      created.push(`product ${spec.handle}`)
    }
    const variant = product.variants![0]
    for (const link of variant.inventory_items ?? []) {
      const itemId = link.inventory_item_id ?? link.inventory?.id
      const { inventory_levels } = await admin.get<HttpTypes.AdminInventoryLevelListResponse>(
        `/admin/inventory-items/${itemId}/location-levels?location_id=${location.id}`
      )
      if (!inventory_levels.length) {
        await admin.post(
          `/admin/inventory-items/${itemId}/location-levels`,
          { location_id: location.id, stocked_quantity: 1000 },
          `stock ${spec.handle}`
        )
      }
    }
    const price = (variant.prices ?? []).find((p) => p.currency_code === "twd")?.amount ?? spec.price
    products.push({ handle: spec.handle, title: product.title, productId: product.id, variantId: variant.id, price })
  }

  // Publishable API key for the storefront, on the sales channel
  const { api_keys } = await admin.get<HttpTypes.AdminApiKeyListResponse>(
    `/admin/api-keys?type=publishable&title=${encodeURIComponent(API_KEY_TITLE)}&limit=10`
  )
  let apiKey = api_keys.find((key) => !key.revoked_at)
  if (!apiKey) {
    ;({ api_key: apiKey } = await admin.post<HttpTypes.AdminApiKeyResponse>(
      "/admin/api-keys",
      { title: API_KEY_TITLE, type: "publishable" },
      "create publishable key"
    ))
    await admin.post(`/admin/api-keys/${apiKey.id}/sales-channels`, { add: [salesChannel.id] }, "link key to sales channel")
    created.push("publishable API key")
  }

  log(created.length ? `  created: ${created.join(", ")}` : "  catalog: reusing what an earlier run made")
  return {
    publishableKey: apiKey.token,
    apiKeyId: apiKey.id,
    regionId: region.id,
    salesChannelId: salesChannel.id,
    stockLocationId: location.id,
    shippingProfileId: profile.id,
    shippingOptionId: shippingOption.id,
    products,
  }
}

/** Turns e-invoicing on with the demo's types and charities, unless the settings were ever configured. */
export async function configureEinvoice(admin: Requester, log: Log) {
  const { settings } = await admin.get<AdminEinvoiceSettingsResponse>("/admin/ecpay-einvoice/settings")
  if (settings.enabled || (settings.charities ?? []).length > 0) {
    return settings
  }
  const { settings: updated } = await admin.post<AdminEinvoiceSettingsResponse>(
    "/admin/ecpay-einvoice/settings",
    {
      enabled: true,
      enabled_types: [...DEMO_INVOICE_TYPES],
      charities: CHARITIES,
      default_love_code: CHARITIES[0].code,
      issue_mode: "automatic",
      issue_trigger: "payment_captured",
    },
    "configure e-invoicing"
  )
  log("  e-invoicing: enabled (six types, three charities, issue on payment capture)")
  return updated
}

export type SeedOrder = DemoInfo["orders"][number]

interface OrderSpec {
  key: string
  description: string
  email: string
  name: [string, string]
  items: Array<[handle: string, quantity: number]>
  choice: InvoiceChoice
  capture: boolean
  /** Simulator only: ECPay refuses the Issue call once. */
  refuse?: string
  /** Once the invoice is issued, what the merchant does with it in the admin: void it, or discount it. */
  after?: { void: { reason: string } } | { allowance: AllowanceRequest }
}

const ORDER_SPECS: OrderSpec[] = [
  {
    key: "member",
    description: "member carrier (會員載具), paid, issued",
    email: "wang.xiaoming@example.com",
    name: ["小明", "王"],
    items: [["oolong-tea-gift-box", 1]],
    choice: { type: "member" },
    capture: true,
  },
  {
    key: "mobile_barcode",
    description: "mobile barcode (手機條碼), paid, issued",
    email: "lin.yating@example.com",
    name: ["雅婷", "林"],
    items: [
      ["ceramic-mug", 2],
      ["pineapple-cake-box", 1],
    ],
    choice: { type: "mobile_barcode", carrier_number: "/DEMO123" },
    capture: true,
  },
  {
    key: "citizen_certificate",
    description: "citizen certificate (自然人憑證), paid, issued",
    email: "chen.zhiwei@example.com",
    name: ["志偉", "陳"],
    items: [["pineapple-cake-box", 2]],
    choice: { type: "citizen_certificate", carrier_number: "AB12345678901234" },
    capture: true,
  },
  {
    key: "donation",
    description: "donation (捐贈) to love code 919, paid, issued",
    email: "huang.shufen@example.com",
    name: ["淑芬", "黃"],
    items: [["canvas-tote", 1]],
    choice: { type: "donation", love_code: "919" },
    capture: true,
  },
  {
    key: "company",
    description: "company (統一編號 22099131), paid, issued",
    email: "purchasing@example.com",
    name: ["家豪", "張"],
    items: [
      ["oolong-tea-gift-box", 3],
      ["canvas-tote", 2],
    ],
    choice: { type: "company", tax_id: "22099131" },
    capture: true,
  },
  {
    key: "paper",
    description: "printed paper invoice (紙本), paid, issued",
    email: "li.meiling@example.com",
    name: ["美玲", "李"],
    items: [["ceramic-mug", 1]],
    choice: { type: "paper", buyer_name: "李美玲", address: "台中市西屯區臺灣大道三段99號" },
    capture: true,
  },
  {
    key: "issue_failed",
    description: "mobile barcode, paid, ECPay refused the issue (retry it in the admin)",
    email: "wu.jianhong@example.com",
    name: ["建宏", "吳"],
    items: [["oolong-tea-gift-box", 2]],
    choice: { type: "mobile_barcode", carrier_number: "/RETRY.1" },
    capture: true,
    refuse: "（模擬）發票字軌號碼不足，請至綠界廠商後台設定字軌後重試",
  },
  {
    key: "awaiting_payment",
    description: "donation, awaiting payment: capture it in the admin and the invoice is issued",
    email: "tsai.yiru@example.com",
    name: ["宜儒", "蔡"],
    items: [
      ["pineapple-cake-box", 1],
      ["ceramic-mug", 1],
    ],
    choice: { type: "donation", love_code: "168001" },
    capture: false,
  },
  {
    key: "voided",
    description: "member carrier, paid, issued, then voided (作廢: 訂單取消)",
    email: "cheng.guanyu@example.com",
    name: ["冠宇", "鄭"],
    items: [
      ["canvas-tote", 1],
      ["ceramic-mug", 1],
    ],
    choice: { type: "member" },
    capture: true,
    after: { void: { reason: "訂單取消" } },
  },
  {
    key: "discounted",
    description: "company, paid, issued, then discounted: paper allowance (折讓) for 1 item",
    email: "accounting@example.com",
    name: ["怡君", "周"],
    items: [
      ["ceramic-mug", 3],
      ["pineapple-cake-box", 2],
    ],
    choice: { type: "company", tax_id: "22099131" },
    capture: true,
    after: { allowance: { agreement: "paper", lines: [{ seq: 1, quantity: 1 }], reason: "商品瑕疵折讓" } },
  },
]

export async function seedOrders(ctx: {
  baseUrl: string
  admin: Requester
  catalog: Catalog
  simulator: RunningSimulator | null
  log: Log
}): Promise<SeedOrder[]> {
  const { admin, catalog, simulator, log } = ctx
  const store = storeClient(ctx.baseUrl, catalog.publishableKey, { "accept-language": "zh-TW" })
  const { orders: existing } = await admin.get<HttpTypes.AdminOrderListResponse>(
    "/admin/orders?limit=200&fields=id,display_id,metadata,payment_status&order=created_at"
  )
  const byKey = new Map<string, HttpTypes.AdminOrder>()
  for (const order of existing) {
    const key = order.metadata?.demo_seed
    if (typeof key === "string" && key && !byKey.has(key)) {
      byKey.set(key, order)
    }
  }

  const variantOf = (handle: string) => {
    const product = catalog.products.find((p) => p.handle === handle)
    if (!product) throw new Error(`seed: no product ${handle}`)
    return product.variantId
  }

  const placed: Array<{ spec: OrderSpec; orderId: string; displayId: number }> = []
  const missing: string[] = []
  for (const spec of ORDER_SPECS) {
    const found = byKey.get(spec.key)
    if (found) {
      placed.push({ spec, orderId: found.id, displayId: found.display_id! })
      continue
    }
    if (spec.refuse && !simulator) {
      // Only the demo's own simulator can be told to refuse; stage ECPay issues what it is sent.
      continue
    }
    missing.push(spec.key)
    let choice = spec.choice
    if (choice.type === "company" && !choice.company_name) {
      // What a checkout does: look the company up by its tax ID (GetCompanyNameByTaxID).
      const checked = await store
        .post<StoreValidateInvoiceValueResponse>(
          "/store/einvoice/validate",
          { type: "tax_id", value: choice.tax_id },
          "look up the company"
        )
        .catch(() => null)
      choice = { ...choice, company_name: checked?.company_name || "示範科技股份有限公司" }
    }
    const order = await placeOrder(store, catalog, {
      items: spec.items.map(([handle, quantity]) => ({ variantId: variantOf(handle), quantity })),
      email: spec.email,
      address: { first_name: spec.name[0], last_name: spec.name[1] },
      choice,
      metadata: { demo_seed: spec.key },
    })
    if (spec.capture) {
      if (spec.refuse && simulator) {
        simulator.setFault({ operation: "Issue", type: "refuse", rtnMsg: spec.refuse, times: 1 })
      }
      try {
        await capturePayment(admin, order.orderId)
        if (spec.refuse) {
          await waitForInvoice(admin, order.orderId, ["failed", "issued"])
        }
      } finally {
        if (spec.refuse && simulator) {
          simulator.clearFaults()
        }
      }
    }
    placed.push({ spec, orderId: order.orderId, displayId: order.displayId })
  }
  if (missing.length) {
    log(`  orders placed: ${missing.join(", ")}`)
  } else {
    log("  orders: reusing the ones an earlier run placed")
  }

  const result: SeedOrder[] = []
  for (const { spec, orderId, displayId } of placed) {
    let view = spec.capture ? await waitForInvoice(admin, orderId, ["issued", "failed", "voided"], 30_000).catch(() => null) : null
    if (view && spec.after) {
      view = await afterIssue(admin, { spec, orderId, displayId }, view, log)
    }
    const current: AdminInvoiceView = view ?? (await admin.get<AdminInvoiceView>(`/admin/orders/${orderId}/einvoice`))
    const allowances = (current.allowances ?? []).map((a) => ({
      allowanceNumber: a.allowance_number,
      agreement: a.agreement,
      status: a.status,
      amount: a.amount,
    }))
    result.push({
      key: spec.key,
      description: spec.description,
      orderId,
      displayId,
      type: spec.choice.type,
      paymentStatus: current.payment_status,
      invoiceStatus: current.invoice?.status ?? null,
      invoiceNumber: current.invoice?.invoice_number ?? null,
      ...(allowances.length ? { allowances, remainingAllowanceAmount: current.after_issue?.remaining_allowance_amount ?? null } : {}),
    })
  }
  return result
}

/**
 * The merchant's step after the invoice was issued (idempotent: done once per order). Void: only while
 * none of the order's invoices was ever voided. Allowance: only while the order has no allowance at all
 * (one the merchant voided later is not made again). A refusal is logged; the demo goes on.
 */
async function afterIssue(
  admin: Requester,
  order: { spec: OrderSpec; orderId: string; displayId: number },
  view: AdminInvoiceView,
  log: Log
): Promise<AdminInvoiceView> {
  const { spec, orderId, displayId } = order
  if (view.invoice?.status !== "issued" || !spec.after) {
    return view
  }
  let response: AdminActionResponse
  try {
    if ("void" in spec.after) {
      if ((view.invoices ?? []).some((invoice) => invoice.status === "voided")) {
        return view
      }
      response = await voidInvoice(admin, orderId, spec.after.void.reason)
    } else {
      if ((view.allowances ?? []).length) {
        return view
      }
      response = await createAllowance(admin, orderId, spec.after.allowance)
    }
  } catch (error) {
    const detail = error instanceof MedusaHttpError ? error.message : String(error)
    log(`  ⚠ order #${displayId} (${spec.key}): ${detail}`)
    return view
  }
  const { result } = response
  const done = result.outcome === "voided" || result.outcome === "issued" || result.outcome === "awaiting_agreement"
  if (!done) {
    log(
      `  ⚠ order #${displayId} (${spec.key}): ${result.action} ${result.outcome}` +
        (result.error_code || result.error_message ? ` (${result.error_code ?? ""} ${result.error_message ?? ""})` : "")
    )
  } else if (result.action === "void") {
    log(`  order #${displayId} (${spec.key}): invoice ${result.invoice_number} voided`)
  } else {
    const allowance = (response.allowances ?? []).find((a) => a.id === result.allowance_id)
    log(
      `  order #${displayId} (${spec.key}): allowance ${result.allowance_number ?? "(no number yet)"} ${result.outcome}` +
        `${allowance ? ` of NT$${allowance.amount.toLocaleString("en-US")}` : ""} on invoice ${result.invoice_number}` +
        `, NT$${response.after_issue?.remaining_allowance_amount?.toLocaleString("en-US") ?? "?"} still allowable`
    )
  }
  return response
}
