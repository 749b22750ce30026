/**
 * `npm run demo:order -- --type mobile_barcode`: places one order through the store API of the running
 * demo (as a storefront does, with the publishable key from .demo/info.json), pays it (the merchant
 * captures the payment through the admin API) and waits for its e-invoice. With --void or
 * --allowance AMOUNT, the merchant then voids the invoice or makes a paper allowance (admin API); with
 * --return [N] or --exchange HANDLE, the merchant fulfils the order and takes goods back through Medusa's
 * return or exchange, and the script shows what the plugin made of it (an allowance, an additional invoice
 * for dearer new goods, or why neither); with --add HANDLE, the merchant adds goods by an order edit before
 * shipping. An additional invoice (補開發票) is issued once the difference is paid: the script collects it as
 * the merchant (marks the unpaid payment collection paid) unless --no-collect.
 */
import type {
  AdminEinvoiceSettingsResponse,
  EinvoiceRecord,
  StoreEinvoiceConfigResponse,
  StoreOrderEinvoiceResponse,
  StoreValidateInvoiceValueResponse,
} from "../../src/api/types"
import { readDemoInfo, demoDir } from "./lib/info"
import { adminLogin, MedusaHttpError, storeClient } from "./lib/medusa-http"
import {
  collectDifference,
  editOrderAddItems,
  ensureOrderChangeSetting,
  exchangeItems,
  fulfillOrder,
  orderLines,
  returnItems,
  stockLocationId,
  waitForAdditionalInvoice,
  waitForOrderChangeOutcome,
  type OrderChangeOutcome,
  type PaymentCollection,
} from "./lib/order-changes"
import {
  capturePayment,
  createAllowance,
  DEMO_INVOICE_TYPES,
  placeOrder,
  voidInvoice,
  waitForInvoice,
  type AdminActionResponse,
  type InvoiceChoice,
} from "./lib/orders"

const HELP = `npm run demo:order -- [options]    (the demo must be running: npm run demo)

  --type TYPE           ${DEMO_INVOICE_TYPES.join(" | ")} (default member)
  --carrier VALUE       mobile barcode (default /ABC1234) or citizen certificate (default AB12345678901234)
  --love-code CODE      donation (default: the store's default charity)
  --tax-id ID           company (default 22099131); --company-name NAME (default: looked up from the tax ID)
  --buyer-name NAME --address TEXT    paper invoice (defaults: 王小明, 110 台北市信義路五段7號)
  --print               company: also print a paper invoice
  --product HANDLE      (default: the first product); --quantity N (default 1)
  --email ADDRESS       (default buyer@example.com)
  --no-capture          leave the payment authorized: capture it in the admin to issue the invoice
  --void                once issued, void the invoice (作廢)
  --allowance AMOUNT    once issued, make a paper allowance (折讓) of AMOUNT TWD
  --reason TEXT         the void / allowance reason, at most 20 characters (default 訂單取消 / 折讓)
  --return [N]          once issued, fulfil the order and return N units (default 1) of its first line
                        (Medusa's return: request, receive); prints the allowance the plugin makes (退貨折讓)
  --exchange HANDLE     once issued, fulfil the order and exchange one unit of its first line for one of
                        product HANDLE (Medusa's exchange; the returned unit is received); prints the
                        allowance for the difference (換貨差額折讓) when HANDLE costs less, the additional
                        invoice for it (補開發票) when HANDLE costs more, else why none
                        (--return and --exchange turn the setting auto_allowance_on_return on when it is off)
  --add HANDLE          once issued, before shipping, add product HANDLE to the order (Medusa's order edit:
                        create, add items, request, confirm); --add-quantity N units (default 1). Prints
                        the additional invoice (補開發票) for them (turns auto_allowance_on_edit on when off)
  --no-collect          --exchange / --add: leave the difference unpaid, so the additional invoice waits
                        (default: the merchant marks the unpaid payment collection paid, and it is issued)
  --lang en             messages in English (default zh-TW)
  --json                print the result as JSON
`

type Args = Record<string, string | boolean>

function parseArgs(argv: string[]): Args {
  const args: Args = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith("--")) {
      throw new Error(`unexpected argument "${arg}" (see --help)`)
    }
    const [key, inline] = arg.slice(2).split("=", 2)
    if (["print", "no-capture", "no-collect", "void", "json", "help"].includes(key)) {
      args[key] = true
    } else if (inline !== undefined) {
      args[key] = inline
    } else if (key === "return" && (i + 1 >= argv.length || argv[i + 1].startsWith("--"))) {
      // --return alone: one unit.
      args[key] = true
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
      args[key] = argv[++i]
    } else {
      throw new Error(`--${key} needs a value (see --help)`)
    }
  }
  return args
}

/** The reasons the plugin gives order-change allowances, in English. */
const REASON_GLOSSES: Record<string, string> = {
  退貨折讓: "allowance for returned goods",
  換貨差額折讓: "allowance for an exchange's difference",
}

/** An additional invoice's line names, as ECPay keeps them (in Chinese), glossed for English readers. */
const additionalLines = (invoice: EinvoiceRecord, lang: string) =>
  (invoice.items ?? [])
    .map((item) => {
      const name = String(item.ItemName)
      const gloss = lang === "en" && name.startsWith("換貨差額") ? " (the exchange's difference)" : ""
      return `${name}${gloss} × ${item.ItemCount}`
    })
    .join(", ")

/** TWD has no minor unit in practice: NT$1,200 */
const money = (amount: number) => `NT$${Math.round(amount).toLocaleString("en-US")}`

async function main() {
  const args = parseArgs(process.argv.slice(2))
  if (args.help) {
    process.stdout.write(HELP)
    return
  }
  const json = args.json === true
  const say = (line: string) => {
    if (!json) process.stdout.write(`${line}\n`)
  }

  const info = await readDemoInfo()
  if (!info) {
    throw new Error(`No demo is running (${demoDir()}/info.json is missing). Start it first: npm run demo`)
  }
  const healthy = await fetch(info.store.healthUrl).then(
    (r) => r.ok,
    () => false
  )
  if (!healthy) {
    throw new Error(`The demo store at ${info.store.url} does not answer (stale ${demoDir()}/info.json?). Start it: npm run demo`)
  }

  const type = String(args.type ?? "member")
  const allowanceAmount = args.allowance === undefined ? null : Number(args.allowance)
  if (allowanceAmount !== null && (!Number.isInteger(allowanceAmount) || allowanceAmount < 1)) {
    throw new Error("--allowance must be a whole number of TWD ≥ 1")
  }
  const returnUnits = args.return === undefined ? null : args.return === true ? 1 : Number(args.return)
  if (returnUnits !== null && (!Number.isInteger(returnUnits) || returnUnits < 1)) {
    throw new Error("--return N must be a whole number of units ≥ 1 (or leave N out: 1)")
  }
  if (args.exchange === true || args.exchange === "") {
    throw new Error("--exchange needs a product handle (see --help)")
  }
  const exchangeHandle = args.exchange === undefined ? null : String(args.exchange)
  if (args.add === true || args.add === "") {
    throw new Error("--add needs a product handle (see --help)")
  }
  const addHandle = args.add === undefined ? null : String(args.add)
  if (args["add-quantity"] !== undefined && addHandle === null) {
    throw new Error("--add-quantity goes with --add HANDLE")
  }
  const addQuantity = Number(args["add-quantity"] ?? 1)
  if (!Number.isInteger(addQuantity) || addQuantity < 1) {
    throw new Error("--add-quantity must be a whole number of units ≥ 1")
  }
  if (args["no-collect"] && exchangeHandle === null && addHandle === null) {
    throw new Error("--no-collect goes with --exchange or --add (the difference they leave to pay)")
  }
  // One step after issuing per run: each needs the invoice as it was issued.
  const afterIssue = [
    args.void ? "--void" : null,
    allowanceAmount !== null ? "--allowance" : null,
    returnUnits !== null ? "--return" : null,
    exchangeHandle !== null ? "--exchange" : null,
    addHandle !== null ? "--add" : null,
  ].filter((option): option is string => option !== null)
  if (afterIssue.length > 1) {
    throw new Error(`${afterIssue.join(" and ")}: choose one`)
  }
  if (afterIssue.length && args["no-capture"]) {
    throw new Error(`${afterIssue[0]} needs an issued invoice: leave out --no-capture`)
  }
  const reason = args.reason === undefined ? null : String(args.reason).trim()
  if (reason !== null && (returnUnits !== null || exchangeHandle !== null || addHandle !== null)) {
    throw new Error(
      `--reason is for --void and --allowance: ${returnUnits !== null ? "the plugin gives a return's allowance the reason 退貨折讓" : exchangeHandle !== null ? "the plugin gives an exchange's allowance the reason 換貨差額折讓" : "an order edit's additional invoice has no reason"}`
    )
  }
  if (reason !== null && (reason.length < 1 || [...reason].length > 20)) {
    throw new Error("--reason must be 1 to 20 characters (ECPay's limit)")
  }
  const lang = args.lang === "en" ? "en" : "zh-TW"
  const store = storeClient(info.store.url, info.storeApi.publishableKey, { "accept-language": lang })
  const config = await store.get<StoreEinvoiceConfigResponse>("/store/einvoice/config", "read the store's e-invoice settings")
  if (!config.enabled) {
    throw new Error("E-invoicing is disabled in this store (admin → Settings → ECPay e-Invoice)")
  }
  if (!(config.types as string[]).includes(type)) {
    throw new Error(`--type ${type}: this store offers ${config.types.join(", ")}`)
  }

  const product = args.product ? info.storeApi.products.find((p) => p.handle === args.product) : info.storeApi.products[0]
  if (!product) {
    throw new Error(`--product ${args.product}: the demo has ${info.storeApi.products.map((p) => p.handle).join(", ")}`)
  }
  const quantity = Number(args.quantity ?? 1)
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new Error("--quantity must be a whole number ≥ 1")
  }
  if (returnUnits !== null && returnUnits > quantity) {
    throw new Error(`--return ${returnUnits}: the order's line has ${quantity} unit${quantity === 1 ? "" : "s"} (raise --quantity)`)
  }
  const exchangeProduct = exchangeHandle === null ? null : info.storeApi.products.find((p) => p.handle === exchangeHandle)
  if (exchangeHandle !== null && !exchangeProduct) {
    throw new Error(`--exchange ${exchangeHandle}: the demo has ${info.storeApi.products.map((p) => p.handle).join(", ")}`)
  }
  const addProduct = addHandle === null ? null : info.storeApi.products.find((p) => p.handle === addHandle)
  if (addHandle !== null && !addProduct) {
    throw new Error(`--add ${addHandle}: the demo has ${info.storeApi.products.map((p) => p.handle).join(", ")}`)
  }

  const admin = await adminLogin(info.store.url, info.admin.email, info.admin.password)
  if (addProduct) {
    // With "void and re-issue" the plugin answers an edit by voiding the invoice and issuing one for the edited
    // order, not with an additional invoice: say so before placing an order.
    const { settings } = await admin.get<AdminEinvoiceSettingsResponse>("/admin/ecpay-einvoice/settings", "read the e-invoice settings")
    if (settings.edit_correction === "reissue") {
      throw new Error(
        `--add: the store's setting edit_correction is "reissue", so an edit voids and re-issues the invoice instead of an additional invoice; set "How an edit corrects an issued invoice" to "Allowance / additional invoice" (admin → Settings → ECPay e-Invoice, or POST /admin/ecpay-einvoice/settings {"edit_correction":"allowance"})`
      )
    }
  }

  say(
    `Placing a "${type}" order through the store API ${info.storeApi.url} (publishable key ${info.storeApi.publishableKey.slice(0, 12)}…)`
  )

  // What a checkout page does while the shopper types: check the value live.
  const check = async (checkType: string, value: string) => {
    const result = await store.post<StoreValidateInvoiceValueResponse>("/store/einvoice/validate", { type: checkType, value }, "validate")
    const verdict = result.valid
      ? result.rule === "unchecked"
        ? `accepted without the online check: ${result.message}`
        : result.checked_online
          ? "valid (checked with ECPay)"
          : "valid (format)"
      : `invalid: ${result.message}`
    say(
      `  POST /store/einvoice/validate ${checkType} ${value} → ${verdict}${result.company_name ? `, company: ${result.company_name}` : ""}`
    )
    if (!result.valid) {
      throw new Error(`${value} is not a valid ${checkType}: ${result.message}`)
    }
    return result
  }

  const choice: InvoiceChoice = { type }
  switch (type) {
    case "mobile_barcode":
      choice.carrier_number = String(args.carrier ?? "/ABC1234")
      await check("mobile_barcode", choice.carrier_number)
      break
    case "citizen_certificate":
      choice.carrier_number = String(args.carrier ?? "AB12345678901234")
      await check("citizen_certificate", choice.carrier_number)
      break
    case "donation":
      choice.love_code = String(args["love-code"] ?? config.default_love_code ?? config.charities[0]?.code ?? "168001")
      if (!config.charities.some((c: { code: string }) => c.code === choice.love_code)) {
        await check("love_code", choice.love_code)
      }
      break
    case "company": {
      choice.tax_id = String(args["tax-id"] ?? "22099131")
      const found = await check("tax_id", choice.tax_id)
      choice.company_name = String(args["company-name"] ?? found.company_name ?? "示範科技股份有限公司")
      if (args.print) {
        choice.print = true
        choice.address = String(args.address ?? "110 台北市信義路五段7號")
      }
      break
    }
    case "paper":
      choice.buyer_name = String(args["buyer-name"] ?? "王小明")
      choice.address = String(args.address ?? "110 台北市信義路五段7號")
      break
  }

  const steps: Record<string, string> = {
    "create cart": `  POST /store/carts                       ${product.title} × ${quantity}, shipping to 台北市`,
    "invoice choice": `  POST /store/carts/:id/einvoice          ${JSON.stringify(choice)}`,
    "shipping method": "  POST /store/carts/:id/shipping-methods  宅配",
    "payment session": "  POST /store/payment-collections (+ payment session pp_system_default)",
    complete: "  POST /store/carts/:id/complete",
  }
  const order = await placeOrder(store, info.storeApi, {
    items: [{ variantId: product.variantId, quantity }],
    email: String(args.email ?? "buyer@example.com"),
    choice,
    onStep: (step) => say(steps[step] ?? `  ${step}`),
  })
  for (const warning of order.warnings) {
    say(`  ⚠ ${warning.message}`)
  }
  say(`  → order #${order.displayId} (${order.orderId}), ${money(order.total)}, payment authorized`)

  let invoice: Awaited<ReturnType<typeof waitForInvoice>>["invoice"] = null
  if (args["no-capture"]) {
    say("Payment left authorized (--no-capture): capture it in the admin and the invoice is issued.")
  } else {
    say("Paying: the merchant captures the payment (POST /admin/payments/:id/capture) …")
    await capturePayment(admin, order.orderId)
    const view = await waitForInvoice(admin, order.orderId, ["issued", "failed"], 60_000)
    invoice = view.invoice
    say(
      invoice?.status === "issued"
        ? `  → e-invoice issued: ${invoice.invoice_number}`
        : `  → e-invoice ${invoice?.status}: ${invoice?.last_error_message ?? ""} (retry it in the admin)`
    )
  }

  // The merchant's step after issuing: void the invoice, or discount it with a paper allowance.
  let after: AdminActionResponse["result"] | null = null
  if (afterIssue.length && invoice?.status !== "issued") {
    throw new Error(
      `order #${order.displayId}: the invoice is ${invoice?.status ?? "missing"}, so ${afterIssue[0]} cannot follow (it needs an issued invoice)`
    )
  }
  if (args.void) {
    const body = { reason: reason ?? "訂單取消" }
    say(`Voiding it (作廢): POST /admin/orders/:id/einvoice/void ${JSON.stringify(body)} …`)
    const response = await voidInvoice(admin, order.orderId, body.reason)
    after = response.result
    say(
      after.outcome === "voided"
        ? `  → invoice ${after.invoice_number} voided`
        : `  → void ${after.outcome}${after.error_code || after.error_message ? `: ${after.error_code ?? ""} ${after.error_message ?? ""}` : ""} (invoice ${after.invoice_number} stays ${after.status ?? "issued"})`
    )
  } else if (allowanceAmount !== null) {
    const body = { agreement: "paper" as const, amount: allowanceAmount, reason: reason ?? "折讓" }
    say(`Discounting it (折讓): POST /admin/orders/:id/einvoice/allowances ${JSON.stringify(body)} …`)
    const response = await createAllowance(admin, order.orderId, body)
    after = response.result
    const remaining = response.after_issue?.remaining_allowance_amount
    say(
      after.outcome === "issued"
        ? `  → allowance ${after.allowance_number} issued on invoice ${after.invoice_number}: ${money(allowanceAmount)}` +
            (remaining !== undefined ? `, ${money(remaining)} still allowable` : "")
        : `  → allowance ${after.outcome}${after.error_code || after.error_message ? `: ${after.error_code ?? ""} ${after.error_message ?? ""}` : ""} (invoice ${after.invoice_number})`
    )
  }

  // Or the order changes after issuing: the merchant ships it, then takes goods back (Medusa's return or
  // exchange), or adds goods before shipping (an order edit); the plugin answers on its own. What a change
  // adds is invoiced once the shopper has paid it, which the merchant records here (unless --no-collect).
  let orderChange: {
    kind: "return" | "exchange" | "edit"
    setting_turned_on: boolean
    return_id: string | null
    exchange_id: string | null
    /** An edit: the order's version after it (the plugin names the edit v<version>). */
    order_version: number | null
    outcome: OrderChangeOutcome
    /** The unpaid payment collection the merchant marked paid for the difference; null when none (or --no-collect). */
    collected: PaymentCollection | null
    /** The additional invoice (補開發票) as it is in the end: issued, or pending with --no-collect; null when none. */
    additional_invoice: EinvoiceRecord | null
  } | null = null
  if (returnUnits !== null || exchangeProduct || addProduct) {
    const settingKey = addProduct ? "auto_allowance_on_edit" : "auto_allowance_on_return"
    const turnedOn = await ensureOrderChangeSetting(admin, settingKey)
    if (turnedOn) {
      say(
        `The store's setting ${settingKey} was off: turned it on (POST /admin/ecpay-einvoice/settings {"${settingKey}":true}), so ${addProduct ? "order edits become allowances and additional invoices" : "received returns and exchanges become allowances and additional invoices"}`
      )
    }
    const step = (text: string) => say(`  ${text}`)
    let change: { kind: "return" | "exchange" | "edit"; return_id: string | null; exchange_id: string | null; order_version: number | null }
    if (addProduct) {
      say(
        `Adding ${addQuantity} × ${addProduct.title} (${money(addProduct.price)} each) to the order before it ships, through Medusa's order edit (create, add items, request, confirm) …`
      )
      const { version } = await editOrderAddItems(admin, order.orderId, [{ variant_id: addProduct.variantId, quantity: addQuantity }], step)
      change = { kind: "edit", return_id: null, exchange_id: null, order_version: version }
    } else {
      const locationId = await stockLocationId(admin)
      const [line] = await orderLines(admin, order.orderId)
      if (!line) {
        throw new Error(`order #${order.displayId} has no line items`)
      }
      say(`Shipping it: POST /admin/orders/:id/fulfillments (all ${line.quantity} × ${line.title}) …`)
      await fulfillOrder(admin, order.orderId, locationId)
      if (returnUnits !== null) {
        say(`Taking back ${returnUnits} × ${line.title} (退貨) through Medusa's return: create, request the items, request, receive …`)
        const returnId = await returnItems(admin, order.orderId, locationId, [{ id: line.id, quantity: returnUnits }], step)
        change = { kind: "return", return_id: returnId, exchange_id: null, order_version: null }
      } else {
        const newProduct = exchangeProduct!
        say(
          `Exchanging 1 × ${line.title} (${money(line.unit_price)}) for 1 × ${newProduct.title} (${money(newProduct.price)}) (換貨) through Medusa's exchange, then receiving the returned unit …`
        )
        const { exchangeId, returnId } = await exchangeItems(
          admin,
          order.orderId,
          locationId,
          [{ id: line.id, quantity: 1 }],
          [{ variant_id: newProduct.variantId, quantity: 1 }],
          step
        )
        change = { kind: "exchange", return_id: returnId, exchange_id: exchangeId, order_version: null }
      }
    }
    say("Waiting for the plugin's answer (GET /admin/orders/:id/einvoice: allowances, additional invoices, events) …")
    const outcome = await waitForOrderChangeOutcome(admin, order.orderId, {
      source: change.kind,
      id: change.kind === "edit" ? `v${change.order_version}` : (change.exchange_id ?? change.return_id!),
    })
    let collected: PaymentCollection | null = null
    let additionalInvoice: EinvoiceRecord | null = null
    if (outcome.kind === "allowance") {
      const allowance = outcome.allowance
      const remaining = outcome.remaining_allowance_amount
      // The reason is what ECPay keeps, always in Chinese: glossed for English readers.
      const gloss = lang === "en" ? REASON_GLOSSES[allowance.reason ?? ""] : undefined
      const reasonText = `${allowance.reason}${gloss ? ` (${gloss})` : ""}`
      say(
        allowance.status === "issued" || allowance.status === "awaiting_agreement"
          ? `  → allowance ${allowance.allowance_number} ${allowance.status === "issued" ? "issued" : "awaiting the buyer's agreement (online)"} on invoice ${invoice?.invoice_number}: ${money(allowance.amount)}, reason ${reasonText}` +
              (remaining !== null ? `, ${money(remaining)} still allowable` : "")
          : `  → allowance ${allowance.status}${allowance.last_error_code || allowance.last_error_message ? `: ${allowance.last_error_code ?? ""} ${allowance.last_error_message ?? ""}` : ""} (${money(allowance.amount)}, reason ${reasonText}, invoice ${invoice?.invoice_number})`
      )
    } else if (outcome.kind === "additional") {
      // What the change added is a new sale: an additional invoice (補開發票), issued once the shopper has paid it.
      const recorded = outcome.invoice
      say(
        `  → additional invoice (補開發票) recorded beside invoice ${invoice?.invoice_number}: ${money(recorded.total)}, ${additionalLines(recorded, lang)}, RelateNumber ${recorded.relate_number}`
      )
      say(
        `    ${recorded.status}, ${recorded.attempts} attempts: it waits for the shopper to pay the difference${recorded.status_reason ? ` ("${recorded.status_reason}")` : ""}`
      )
      additionalInvoice = recorded
      if (args["no-collect"]) {
        say(
          "Difference left unpaid (--no-collect): the additional invoice waits for the shopper's payment. Mark the order's unpaid payment collection paid in the admin (or POST /admin/payment-collections/:id/mark-as-paid {order_id}) and it is issued."
        )
      } else {
        say("Collecting the difference as the merchant would (the shopper paid it at the counter): the order's unpaid payment collection …")
        collected = await collectDifference(admin, order.orderId, step)
        say(
          collected
            ? `  → payment collection ${collected.id} marked paid: ${money(Number(collected.amount))}`
            : "  → the order has no unpaid payment collection (the difference is paid already?)"
        )
        say("Waiting for the additional invoice to be issued …")
        additionalInvoice = await waitForAdditionalInvoice(admin, order.orderId, recorded.id)
        say(
          additionalInvoice.status === "issued"
            ? `  → additional invoice ${additionalInvoice.invoice_number} issued: ${money(additionalInvoice.total)}, ${additionalLines(additionalInvoice, lang)} (RelateNumber ${additionalInvoice.relate_number})`
            : `  → additional invoice ${additionalInvoice.status}${additionalInvoice.last_error_code || additionalInvoice.last_error_message ? `: ${additionalInvoice.last_error_code ?? ""} ${additionalInvoice.last_error_message ?? ""}` : ""} (${additionalInvoice.attempts} attempts; the retry job tries again)`
        )
      }
    } else {
      say(`  → no allowance (audit entry allowance.not_needed): ${outcome.reason ?? "no reason given"}`)
    }
    orderChange = { ...change, setting_turned_on: turnedOn, outcome, collected, additional_invoice: additionalInvoice }
  }

  const shopper = await store.get<StoreOrderEinvoiceResponse>(
    `/store/orders/${order.orderId}/einvoice`,
    "the shopper's view of the invoice"
  )

  if (json) {
    process.stdout.write(
      `${JSON.stringify({ order, invoice, after, orderChange, shopperInvoice: shopper.einvoice, shopperAdditionalInvoices: shopper.additional_einvoices, adminUrl: `${info.admin.url}/orders/${order.orderId}` }, null, 2)}\n`
    )
    return
  }
  say("")
  say("See it:")
  say(`  admin:      ${info.admin.url}/orders/${order.orderId}   (${info.admin.email} / ${info.admin.password})`)
  say(
    `  store API:  curl -H 'x-publishable-api-key: ${info.storeApi.publishableKey}' ${info.storeApi.url}/orders/${order.orderId}/einvoice`
  )
  say(
    `              → ${JSON.stringify(shopper.einvoice ? { status: shopper.einvoice.status, invoice_number: shopper.einvoice.invoice_number, type: shopper.einvoice.type } : null)}`
  )
  if (shopper.additional_einvoices?.length) {
    say(
      `                additional_einvoices: ${JSON.stringify(shopper.additional_einvoices.map((row) => ({ status: row.status, invoice_number: row.invoice_number, total: row.total })))}`
    )
  }
}

main().catch((error) => {
  const message = error instanceof MedusaHttpError || error instanceof Error ? error.message : String(error)
  console.error(`demo:order: ${message}`)
  process.exit(1)
})
