/**
 * A one-page checkout against a Medusa store with the e-invoice plugin, using `@medusajs/js-sdk` in the
 * browser: cart → contact and address → shipping → e-invoice (<InvoiceChoice>) → place order → the
 * order's invoice (GET /store/orders/:id/einvoice, polled until issued).
 *
 * The demo (`npm run demo`) serves it with the store URL and publishable key injected; any store works
 * whose STORE_CORS includes the page's origin.
 */
import type { HttpTypes } from "@medusajs/framework/types"
import Medusa from "@medusajs/js-sdk"
import { useCallback, useEffect, useMemo, useRef, useState } from "react"
import {
  createEinvoiceStoreClient,
  type EinvoiceStoreApi,
  type Locale,
  type ShopperInvoice,
  type StoredChoice,
} from "medusa-plugin-ecpay-einvoice/store"
import { InvoiceChoice } from "./InvoiceChoice"
import { WORDS } from "./messages"

export interface CheckoutConfig {
  backendUrl: string
  publishableKey: string
  regionId: string
  /** Set by the demo: shows the demo tools (simulated outage of the government service). */
  simulatorUrl?: string | null
  adminUrl?: string
}

const CART_KEY = "ecpay-einvoice-demo-cart"
const PAYMENT_PROVIDER = "pp_system_default"

const TEXT = {
  "zh-TW": {
    title: "結帳",
    cart: "購物車",
    contact: "收件資訊",
    email: "電子郵件",
    lastName: "姓",
    firstName: "名",
    phone: "手機",
    city: "縣市",
    address: "地址",
    postalCode: "郵遞區號",
    shipping: "運送方式",
    payment: "付款",
    paymentNote: "示範付款（授權後由商家在後台擷取付款）",
    total: "合計",
    shippingFee: "運費",
    placeOrder: "確認下單",
    placing: "下單中…",
    needInvoice: "請先完成電子發票資訊",
    orderPlaced: "訂單已成立",
    order: "訂單",
    invoice: "電子發票",
    invoiceWaiting: "付款確認後開立發票。",
    invoiceWaitingDemo: "在後台擷取（capture）這筆訂單的付款後，發票會自動開立：",
    openInAdmin: "在後台開啟訂單",
    invoiceNumber: "發票號碼",
    invoiceDate: "開立時間",
    randomNumber: "隨機碼",
    status: "狀態",
    invoiceType: "發票類型",
    lookup: "到財政部電子發票平台查詢",
    newOrder: "再下一筆訂單",
    demoTools: "示範工具",
    govDown: "模擬財政部查詢服務中斷（驗證改為先接受並提示）",
    statuses: { pending: "處理中", issued: "已開立", failed: "開立失敗，客服處理中", skipped: "不需開立", voided: "已作廢" } as Record<
      string,
      string
    >,
  },
  en: {
    title: "Checkout",
    cart: "Cart",
    contact: "Contact and address",
    email: "E-mail",
    lastName: "Last name",
    firstName: "First name",
    phone: "Mobile",
    city: "City",
    address: "Address",
    postalCode: "Postal code",
    shipping: "Shipping",
    payment: "Payment",
    paymentNote: "Demo payment (authorized; the merchant captures it in the admin)",
    total: "Total",
    shippingFee: "Shipping",
    placeOrder: "Place order",
    placing: "Placing the order…",
    needInvoice: "Complete the e-invoice step first",
    orderPlaced: "Order placed",
    order: "Order",
    invoice: "E-invoice",
    invoiceWaiting: "The invoice is issued once the payment is confirmed.",
    invoiceWaitingDemo: "Capture this order's payment in the admin and the invoice is issued:",
    openInAdmin: "open the order in the admin",
    invoiceNumber: "Invoice number",
    invoiceDate: "Issued at",
    randomNumber: "Random number",
    status: "Status",
    invoiceType: "Invoice type",
    lookup: "Look it up on the Ministry of Finance e-invoice platform",
    newOrder: "Place another order",
    demoTools: "Demo tools",
    govDown: "Simulate an outage of the government lookup service (values are accepted with a warning)",
    statuses: {
      pending: "being processed",
      issued: "issued",
      failed: "failed; our staff is on it",
      skipped: "not needed",
      voided: "voided",
    } as Record<string, string>,
  },
}

/** TWD has no minor unit in practice: NT$1,200 */
const money = (amount: number | undefined | null) => `NT$${Math.round(amount ?? 0).toLocaleString("en-US")}`

interface Product {
  id: string
  title: string
  handle: string
  variantId: string
  price: number
}

export function CheckoutPage({ config }: { config: CheckoutConfig }) {
  const [locale, setLocale] = useState<Locale>(() => (new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "zh-TW"))
  const t = TEXT[locale]
  const localeRef = useRef(locale)
  localeRef.current = locale
  const sdk = useMemo(() => new Medusa({ baseUrl: config.backendUrl, publishableKey: config.publishableKey }), [config])
  // The plugin's store client: the js-sdk for its reads; the choice's POST with fetch to the same store,
  // so that a refusal keeps its per-field errors.
  const api = useMemo(
    () =>
      createEinvoiceStoreClient({
        sdk,
        backendUrl: config.backendUrl,
        publishableKey: config.publishableKey,
        locale: () => localeRef.current,
      }),
    [sdk, config]
  )

  const [products, setProducts] = useState<Product[]>([])
  const [cart, setCart] = useState<HttpTypes.StoreCart | null>(null)
  const [shippingOptions, setShippingOptions] = useState<HttpTypes.StoreCartShippingOption[]>([])
  const [shippingOptionId, setShippingOptionId] = useState("")
  const [contact, setContact] = useState({
    email: "buyer@example.com",
    last_name: "王",
    first_name: "小明",
    phone: "0912345678",
    city: "台北市",
    address_1: "信義路五段7號",
    postal_code: "110",
  })
  const [invoice, setInvoice] = useState<StoredChoice | null>(null)
  const [placing, setPlacing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [order, setOrder] = useState<HttpTypes.StoreOrder | null>(null)

  const loadCart = useCallback(async () => {
    const { products: list } = await sdk.store.product.list({
      region_id: config.regionId,
      fields: "id,title,handle,*variants,*variants.calculated_price",
      limit: 20,
    })
    // `fields` asks for the variants: each product comes with them.
    const items: Product[] = list.map((p) => ({
      id: p.id,
      title: p.title,
      handle: p.handle,
      variantId: p.variants![0].id,
      price: p.variants![0].calculated_price?.calculated_amount ?? 0,
    }))
    setProducts(items)
    let current: HttpTypes.StoreCart | null = null
    const stored = window.sessionStorage.getItem(CART_KEY)
    if (stored) {
      current = await sdk.store.cart.retrieve(stored).then(
        (r) => r.cart,
        () => null
      )
      if (current?.completed_at) current = null
    }
    if (!current && items[0]) {
      ;({ cart: current } = await sdk.store.cart.create({
        region_id: config.regionId,
        items: [{ variant_id: items[0].variantId, quantity: 1 }],
      }))
    }
    if (current) {
      window.sessionStorage.setItem(CART_KEY, current.id)
      setCart(current)
      const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: current.id })
      setShippingOptions(shipping_options)
      setShippingOptionId((id) => id || shipping_options[0]?.id || "")
    }
  }, [sdk, config.regionId])

  useEffect(() => {
    loadCart().catch((e) => setError(String(e?.message ?? e)))
  }, [loadCart])

  const setQuantity = async (product: Product, quantity: number) => {
    if (!cart) return
    setError(null)
    const line = (cart.items ?? []).find((item) => item.variant_id === product.variantId)
    try {
      if (!line && quantity > 0) {
        setCart((await sdk.store.cart.createLineItem(cart.id, { variant_id: product.variantId, quantity })).cart)
      } else if (line && quantity > 0) {
        setCart((await sdk.store.cart.updateLineItem(cart.id, line.id, { quantity })).cart)
      } else if (line) {
        await sdk.store.cart.deleteLineItem(cart.id, line.id)
        setCart((await sdk.store.cart.retrieve(cart.id)).cart)
      }
    } catch (e) {
      setError(String((e as Error)?.message ?? e))
    }
  }

  const placeOrder = async () => {
    if (!cart || !invoice) return
    setPlacing(true)
    setError(null)
    try {
      const address = {
        first_name: contact.first_name,
        last_name: contact.last_name,
        phone: contact.phone,
        city: contact.city,
        address_1: contact.address_1,
        postal_code: contact.postal_code,
        country_code: "tw",
      }
      await sdk.store.cart.update(cart.id, { email: contact.email, shipping_address: address, billing_address: address })
      const { cart: withShipping } = await sdk.store.cart.addShippingMethod(cart.id, { option_id: shippingOptionId })
      await sdk.store.payment.initiatePaymentSession(withShipping, { provider_id: PAYMENT_PROVIDER })
      const result = await sdk.store.cart.complete(cart.id)
      if (result.type !== "order") {
        throw new Error(result.error?.message ?? "the order could not be placed")
      }
      window.sessionStorage.removeItem(CART_KEY)
      setOrder(result.order)
    } catch (e) {
      setError(String((e as Error)?.message ?? e))
    } finally {
      setPlacing(false)
    }
  }

  const header = (
    <header className="page-header">
      <h1>{t.title}</h1>
      <div className="lang" role="group" aria-label="Language">
        <button type="button" aria-pressed={locale === "zh-TW"} onClick={() => setLocale("zh-TW")}>
          繁體中文
        </button>
        <button type="button" aria-pressed={locale === "en"} onClick={() => setLocale("en")}>
          English
        </button>
      </div>
    </header>
  )

  if (order) {
    return (
      <main className="page">
        {header}
        <section className="card" data-testid="order-confirmation" data-order-id={order.id}>
          <h2>
            {t.orderPlaced} — {t.order} #{order.display_id}
          </h2>
          <p>
            {t.total}: <strong>{money(order.total)}</strong>
          </p>
          <OrderInvoice api={api} orderId={order.id} locale={locale} adminUrl={config.simulatorUrl ? config.adminUrl : undefined} />
          <button
            type="button"
            onClick={() => {
              setOrder(null)
              setInvoice(null)
              setCart(null)
              loadCart().catch((e) => setError(String(e?.message ?? e)))
            }}
          >
            {t.newOrder}
          </button>
        </section>
      </main>
    )
  }

  const lines = cart?.items ?? []
  const quantityOf = (product: Product) => lines.find((item) => item.variant_id === product.variantId)?.quantity ?? 0
  const option = shippingOptions.find((o) => o.id === shippingOptionId)
  const input = (key: keyof typeof contact, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        value={contact[key]}
        data-testid={`contact-${key}`}
        onChange={(event) => setContact({ ...contact, [key]: event.target.value })}
      />
    </label>
  )

  return (
    <main className="page">
      {header}
      {error ? (
        <p className="page-error" role="alert" data-testid="checkout-error">
          {error}
        </p>
      ) : null}

      <section className="card">
        <h2>{t.cart}</h2>
        {products.map((product) => (
          <div className="product" key={product.id}>
            <span className="product-title">{product.title}</span>
            <span className="product-price">{money(product.price)}</span>
            <span className="qty">
              <button
                type="button"
                aria-label="-"
                onClick={() => setQuantity(product, quantityOf(product) - 1)}
                disabled={!cart || quantityOf(product) === 0}
              >
                −
              </button>
              <span data-testid={`qty-${product.handle}`}>{quantityOf(product)}</span>
              <button type="button" aria-label="+" onClick={() => setQuantity(product, quantityOf(product) + 1)} disabled={!cart}>
                +
              </button>
            </span>
          </div>
        ))}
      </section>

      <section className="card">
        <h2>{t.contact}</h2>
        <div className="grid">
          {input("email", t.email)}
          {input("phone", t.phone)}
          {input("last_name", t.lastName)}
          {input("first_name", t.firstName)}
          {input("postal_code", t.postalCode)}
          {input("city", t.city)}
          {input("address_1", t.address)}
        </div>
      </section>

      <section className="card">
        <h2>{t.shipping}</h2>
        {shippingOptions.map((o) => (
          <label key={o.id} className="radio">
            <input type="radio" name="shipping" checked={o.id === shippingOptionId} onChange={() => setShippingOptionId(o.id)} />
            {o.name} — {money(o.amount ?? o.calculated_price?.calculated_amount)}
          </label>
        ))}
      </section>

      <section className="card">
        {cart ? (
          <InvoiceChoice
            key={cart.id}
            api={api}
            cartId={cart.id}
            locale={locale}
            defaults={{
              buyerName: `${contact.last_name}${contact.first_name}`,
              address: `${contact.postal_code} ${contact.city}${contact.address_1}`,
            }}
            onChange={setInvoice}
          />
        ) : null}
      </section>

      {config.simulatorUrl ? <DemoTools text={t} /> : null}

      <section className="card">
        <h2>{t.payment}</h2>
        <p className="muted">{t.paymentNote}</p>
        <p className="total">
          {t.shippingFee} {money(option?.amount)} · {t.total}{" "}
          <strong data-testid="cart-total">{money((cart?.item_total ?? 0) + (option?.amount ?? 0))}</strong>
        </p>
        <button
          type="button"
          className="primary"
          data-testid="place-order"
          disabled={!cart || !invoice || placing || !lines.length || !shippingOptionId}
          onClick={placeOrder}
        >
          {placing ? t.placing : t.placeOrder}
        </button>
        {!invoice ? (
          <p className="muted" data-testid="place-order-hint">
            {t.needInvoice}
          </p>
        ) : null}
      </section>
    </main>
  )
}

function OrderInvoice({ api, orderId, locale, adminUrl }: { api: EinvoiceStoreApi; orderId: string; locale: Locale; adminUrl?: string }) {
  const text = TEXT[locale]
  const [state, setState] = useState<{ einvoice: ShopperInvoice | null; lookup_url: string } | null>(null)
  useEffect(() => {
    let live = true
    let timer: ReturnType<typeof setTimeout>
    const poll = async () => {
      const answer = await api.getOrderInvoice(orderId).catch(() => null)
      if (!live) return
      if (answer) setState(answer)
      if (answer?.einvoice?.status !== "issued") {
        timer = setTimeout(poll, 2000)
      }
    }
    poll()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [api, orderId])

  const invoice = state?.einvoice
  return (
    <div className="order-invoice" data-testid="order-invoice" data-status={invoice?.status ?? "none"}>
      <h3>{text.invoice}</h3>
      {!invoice || invoice.status === "pending" ? (
        <p>
          {adminUrl ? (
            <>
              {text.invoiceWaitingDemo}{" "}
              <a href={`${adminUrl}/orders/${orderId}`} target="_blank" rel="noreferrer">
                {text.openInAdmin}
              </a>
            </>
          ) : (
            text.invoiceWaiting
          )}
        </p>
      ) : (
        <dl>
          <dt>{text.invoiceNumber}</dt>
          <dd data-testid="order-invoice-number">{invoice.invoice_number ?? "—"}</dd>
          <dt>{text.invoiceDate}</dt>
          <dd>{invoice.invoice_date ? new Date(invoice.invoice_date).toLocaleString("zh-TW", { timeZone: "Asia/Taipei" }) : "—"}</dd>
          <dt>{text.randomNumber}</dt>
          <dd>{invoice.random_number ?? "—"}</dd>
          <dt>{text.invoiceType}</dt>
          <dd data-testid="order-invoice-type">
            {WORDS[locale].types[invoice.type]?.label ?? invoice.type}
            {invoice.company_tax_id ? ` · ${invoice.company_tax_id} ${invoice.company_name ?? ""}` : ""}
            {invoice.love_code ? ` · ${invoice.love_code}` : ""}
            {invoice.carrier_number ? ` · ${invoice.carrier_number}` : ""}
          </dd>
          <dt>{text.status}</dt>
          <dd data-testid="order-invoice-status">{text.statuses[invoice.status] ?? invoice.status}</dd>
        </dl>
      )}
      {invoice?.status === "issued" && state?.lookup_url ? (
        <p>
          <a href={state.lookup_url} target="_blank" rel="noreferrer">
            {text.lookup}
          </a>
        </p>
      ) : null}
    </div>
  )
}

/** Demo only: switches the simulator's government-service outage through the demo process. */
function DemoTools({ text }: { text: (typeof TEXT)[Locale] }) {
  const [down, setDown] = useState(false)
  const [applied, setApplied] = useState(true)
  const toggle = async (on: boolean) => {
    setDown(on)
    setApplied(false)
    const ok = await fetch("/demo-tools/gov-down", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ on }),
    }).then(
      (response) => response.ok,
      () => false
    )
    if (!ok) setDown(!on)
    setApplied(true)
  }
  return (
    <section className="card demo-tools">
      <h2>{text.demoTools}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={down}
          data-testid="demo-gov-down"
          data-applied={applied ? "true" : "false"}
          onChange={(event) => toggle(event.target.checked)}
        />
        {text.govDown}
      </label>
    </section>
  )
}
