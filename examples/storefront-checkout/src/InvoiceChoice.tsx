/**
 * The e-invoice step of a Taiwanese checkout (電子發票), for any React storefront:
 *
 *   <InvoiceChoice api={einvoice} cartId={cart.id} locale="zh-TW"
 *                  defaults={{ buyerName, address }} onChange={(saved) => setInvoiceReady(!!saved)} />
 *
 * - the types the store offers (GET /store/einvoice/config): member carrier, mobile barcode, citizen
 *   certificate, donation, company (統一編號), paper;
 * - a charity dropdown (the store's charities, or any love code);
 * - live validation while typing (POST /store/einvoice/validate): format first, then ECPay's online
 *   check; the company name is filled in from the tax ID;
 * - fail-open: when the government service cannot answer, the value is accepted and a warning shown;
 * - saves the choice on the cart (POST /store/carts/:id/einvoice) and reports it through `onChange`
 *   (`null` again as soon as the shopper edits it), so the page can hold "Place order" until then.
 *
 * `api` is the plugin's store client (`createEinvoiceStoreClient` from `medusa-plugin-ecpay-einvoice/store`),
 * or anything with its methods (server actions in Next.js).
 *
 * No styling library: class names start with `einv-` (see checkout.css); restyle freely.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react"
import type {
  CheckedValueType,
  EinvoiceStoreApi,
  InvoiceChoiceInput,
  InvoiceType,
  Locale,
  ShopperFieldError,
  StoredChoice,
  StoreEinvoiceConfigResponse,
  StoreValidateInvoiceValueResponse,
} from "medusa-plugin-ecpay-einvoice/store"
import { WORDS } from "./messages"

export interface InvoiceChoiceProps {
  api: EinvoiceStoreApi
  cartId: string
  locale?: Locale
  /** Prefill for the paper invoice (and a printed company invoice): usually the shipping address. */
  defaults?: { buyerName?: string; address?: string }
  /** The saved choice, or null while there is none or it was edited after saving. */
  onChange?: (saved: StoredChoice | null) => void
}

type Check =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "done"; result: StoreValidateInvoiceValueResponse }
  | { status: "error"; message: string }

const DEBOUNCE_MS = 450
const OTHER = "__other__"

type CheckInputs = readonly [EinvoiceStoreApi, CheckedValueType | null, string, Locale]
const sameInputs = (a: CheckInputs, b: CheckInputs) => a.every((input, i) => input === b[i])

/** Checks `value` through the store API once the shopper stops typing; stale answers are dropped. */
function useValueCheck(api: EinvoiceStoreApi, type: CheckedValueType | null, value: string, locale: Locale): Check {
  // The check and the inputs it is about: "idle" or "checking" from the render in which the inputs
  // change (React's way to adjust state to props, without an effect's extra render); an answer is
  // taken only while the inputs it was asked for are still the current ones.
  const inputs: CheckInputs = [api, type, value, locale]
  const [state, setState] = useState<{ inputs: CheckInputs | null; check: Check }>({ inputs: null, check: { status: "idle" } })
  if (!state.inputs || !sameInputs(state.inputs, inputs)) {
    setState({ inputs, check: type && value.trim() ? { status: "checking" } : { status: "idle" } })
  }
  const sequence = useRef(0)
  useEffect(() => {
    const current = ++sequence.current
    const trimmed = value.trim()
    if (!type || !trimmed) {
      return
    }
    const asked: CheckInputs = [api, type, value, locale]
    const answer = (check: Check) => {
      if (current === sequence.current) {
        setState((now) => (now.inputs && sameInputs(now.inputs, asked) ? { inputs: now.inputs, check } : now))
      }
    }
    const timer = setTimeout(() => {
      api.validate(type, trimmed).then(
        (result) => answer({ status: "done", result }),
        (error) => answer({ status: "error", message: String(error?.message ?? error) })
      )
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [api, type, value, locale])
  return state.check
}

export function InvoiceChoice({ api, cartId, locale = "zh-TW", defaults, onChange }: InvoiceChoiceProps) {
  const w = WORDS[locale]
  const id = useId()
  const [config, setConfig] = useState<StoreEinvoiceConfigResponse | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  const [type, setType] = useState<InvoiceType>("member")
  const [mobileBarcode, setMobileBarcode] = useState("")
  const [certificate, setCertificate] = useState("")
  const [charity, setCharity] = useState("")
  const [otherLoveCode, setOtherLoveCode] = useState("")
  const [taxId, setTaxId] = useState("")
  const [companyName, setCompanyName] = useState("")
  const [autoFilledName, setAutoFilledName] = useState<string | null>(null)
  const [printCompany, setPrintCompany] = useState(false)
  const [buyerName, setBuyerName] = useState(defaults?.buyerName ?? "")
  const [address, setAddress] = useState(defaults?.address ?? "")

  const [showRequired, setShowRequired] = useState(false)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<StoredChoice | null>(null)
  const [wasSaved, setWasSaved] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [warnings, setWarnings] = useState<ShopperFieldError[]>([])

  // The latest `onChange`, for `report` (which stays the same function); kept up to date after each
  // render, as a ref is not written while rendering.
  const onChangeRef = useRef(onChange)
  useEffect(() => {
    onChangeRef.current = onChange
  }, [onChange])
  const report = useCallback((choice: StoredChoice | null) => {
    setSaved(choice)
    onChangeRef.current?.(choice)
  }, [])

  // The store's options and the cart's current (or the customer's remembered) choice.
  useEffect(() => {
    let live = true
    Promise.all([api.getConfig(), api.getCartChoice(cartId)]).then(
      ([loaded, current]) => {
        if (!live) return
        setConfig(loaded)
        setCharity(loaded.default_love_code ?? loaded.charities[0]?.code ?? OTHER)
        const choice = current.einvoice
        if (choice && loaded.types.includes(choice.type)) {
          setType(choice.type)
          if (choice.type === "mobile_barcode") setMobileBarcode(choice.carrier_number ?? "")
          if (choice.type === "citizen_certificate") setCertificate(choice.carrier_number ?? "")
          if (choice.type === "donation" && choice.love_code) {
            if (loaded.charities.some((c) => c.code === choice.love_code)) {
              setCharity(choice.love_code)
            } else {
              setCharity(OTHER)
              setOtherLoveCode(choice.love_code)
            }
          }
          if (choice.type === "company") {
            setTaxId(choice.company_tax_id ?? "")
            setCompanyName(choice.company_name ?? "")
            setPrintCompany(choice.print)
          }
          if (choice.buyer_name) setBuyerName(choice.buyer_name)
          if (choice.buyer_address) setAddress(choice.buyer_address)
          if (current.source === "cart") {
            setWasSaved(true)
            report(choice)
          }
        } else if (loaded.types.length && !loaded.types.includes("member")) {
          setType(loaded.types[0])
        }
      },
      (error) => live && setLoadError(String(error?.message ?? error))
    )
    return () => {
      live = false
    }
  }, [api, cartId, report])

  /** Any edit after saving makes the choice unsaved again. */
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      setSaveError(null)
      if (saved) {
        report(null)
        setWarnings([])
      }
    }

  const loveCode = charity === OTHER ? otherLoveCode : charity
  const barcodeCheck = useValueCheck(api, type === "mobile_barcode" ? "mobile_barcode" : null, mobileBarcode, locale)
  const certificateCheck = useValueCheck(api, type === "citizen_certificate" ? "citizen_certificate" : null, certificate, locale)
  const loveCodeCheck = useValueCheck(api, type === "donation" && charity === OTHER ? "love_code" : null, otherLoveCode, locale)
  const taxIdCheck = useValueCheck(api, type === "company" ? "tax_id" : null, taxId, locale)

  // Company name from the tax ID, unless the shopper typed their own: set in the render in which the
  // check answers (React's way to adjust state to a new value, without an effect's extra render).
  const [taxIdCheckSeen, setTaxIdCheckSeen] = useState(taxIdCheck)
  if (taxIdCheck !== taxIdCheckSeen) {
    setTaxIdCheckSeen(taxIdCheck)
    if (taxIdCheck.status === "done" && taxIdCheck.result.valid && taxIdCheck.result.company_name) {
      const found = taxIdCheck.result.company_name
      if (!companyName || companyName === autoFilledName) {
        setCompanyName(found)
        setAutoFilledName(found)
      }
    }
  }

  if (loadError) {
    return (
      <div className="einv einv-error" role="alert">
        {loadError}
      </div>
    )
  }
  if (!config) {
    return <div className="einv einv-loading">{w.checking}</div>
  }
  if (!config.enabled || config.types.length === 0) {
    return <div className="einv einv-muted">{w.disabled}</div>
  }

  const checks: Array<[Check, boolean]> = [
    [barcodeCheck, type === "mobile_barcode"],
    [certificateCheck, type === "citizen_certificate"],
    [loveCodeCheck, type === "donation" && charity === OTHER],
    [taxIdCheck, type === "company"],
  ]
  const activeChecks = checks.filter(([, active]) => active).map(([check]) => check)
  const checking = activeChecks.some((check) => check.status === "checking")
  const invalid = activeChecks.some((check) => check.status === "done" && !check.result.valid)

  const missing: Record<string, boolean> = {
    mobileBarcode: type === "mobile_barcode" && !mobileBarcode.trim(),
    certificate: type === "citizen_certificate" && !certificate.trim(),
    loveCode: type === "donation" && !loveCode.trim(),
    taxId: type === "company" && !taxId.trim(),
    companyName: type === "company" && !companyName.trim(),
    buyerName: type === "paper" && !buyerName.trim(),
    address: (type === "paper" || (type === "company" && printCompany)) && !address.trim(),
  }

  const choice = (): InvoiceChoiceInput => {
    switch (type) {
      case "mobile_barcode":
        return { type, carrier_number: mobileBarcode.trim() }
      case "citizen_certificate":
        return { type, carrier_number: certificate.trim().toUpperCase() }
      case "donation":
        return { type, love_code: loveCode.trim() }
      case "company":
        return {
          type,
          tax_id: taxId.trim(),
          company_name: companyName.trim(),
          ...(printCompany ? { print: true, address: address.trim() } : {}),
        }
      case "paper":
        return { type, buyer_name: buyerName.trim(), address: address.trim() }
      default:
        return { type }
    }
  }

  const save = async () => {
    setShowRequired(true)
    setSaveError(null)
    if (Object.values(missing).some(Boolean) || invalid || checking) {
      return
    }
    setSaving(true)
    try {
      const result = await api.setCartChoice(cartId, choice())
      if (result.ok) {
        setWarnings(result.warnings)
        setWasSaved(true)
        report(result.einvoice)
      } else {
        setSaveError(result.errors.length ? result.errors.map((e) => e.message).join("；") : result.message)
      }
    } catch (error) {
      setSaveError(String((error as Error)?.message ?? error))
    } finally {
      setSaving(false)
    }
  }

  const requiredMessage = (flag: keyof typeof missing, label: string) =>
    showRequired && missing[flag] ? (
      <p className="einv-message einv-invalid" data-testid={`einvoice-required-${flag}`}>
        {w.required(label)}
      </p>
    ) : null

  const field = (
    name: string,
    label: string,
    value: string,
    set: (value: string) => void,
    options: {
      placeholder?: string
      check?: Check
      maxLength?: number
      inputMode?: "numeric" | "text"
      upper?: boolean
      testId: string
      note?: string
    }
  ) => {
    const inputId = `${id}-${name}`
    const check = options.check
    const bad = check?.status === "done" && !check.result.valid
    return (
      <div className="einv-field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId}
          data-testid={options.testId}
          value={value}
          placeholder={options.placeholder}
          maxLength={options.maxLength}
          inputMode={options.inputMode}
          autoComplete="off"
          aria-invalid={bad || undefined}
          aria-describedby={`${inputId}-message`}
          onChange={(event) => edit(set)(options.upper ? event.target.value.toUpperCase() : event.target.value)}
        />
        <div id={`${inputId}-message`} aria-live="polite">
          {check ? <CheckMessage check={check} words={w} testId={`${options.testId}-check`} /> : null}
          {options.note ? <p className="einv-message einv-note">{options.note}</p> : null}
        </div>
      </div>
    )
  }

  return (
    <section className="einv" aria-labelledby={`${id}-heading`} data-testid="einvoice">
      <h2 id={`${id}-heading`}>{w.heading}</h2>
      <p className="einv-muted">{w.intro}</p>

      <div role="radiogroup" aria-label={w.heading} className="einv-types">
        {config.types.map((option) => (
          <label key={option} className={`einv-type${type === option ? " einv-type-selected" : ""}`}>
            <input
              type="radio"
              name={`${id}-type`}
              value={option}
              checked={type === option}
              data-testid={`einvoice-type-${option}`}
              onChange={() => {
                edit(setType)(option)
                setShowRequired(false)
              }}
            />
            <span className="einv-type-label">{w.types[option].label}</span>
          </label>
        ))}
      </div>
      <p className="einv-hint" data-testid="einvoice-hint">
        {w.types[type].hint}
      </p>

      {type === "mobile_barcode" && (
        <>
          {field("barcode", w.mobileBarcode, mobileBarcode, setMobileBarcode, {
            placeholder: w.mobileBarcodePlaceholder,
            check: barcodeCheck,
            maxLength: 8,
            upper: true,
            testId: "einvoice-mobile-barcode",
          })}
          {requiredMessage("mobileBarcode", w.mobileBarcode)}
        </>
      )}

      {type === "citizen_certificate" && (
        <>
          {field("certificate", w.citizenCertificate, certificate, setCertificate, {
            placeholder: w.citizenCertificatePlaceholder,
            check: certificateCheck,
            maxLength: 16,
            upper: true,
            testId: "einvoice-citizen-certificate",
          })}
          {requiredMessage("certificate", w.citizenCertificate)}
        </>
      )}

      {type === "donation" && (
        <>
          <div className="einv-field">
            <label htmlFor={`${id}-charity`}>{w.charity}</label>
            <select
              id={`${id}-charity`}
              data-testid="einvoice-charity"
              value={charity}
              onChange={(event) => edit(setCharity)(event.target.value)}
            >
              {config.charities.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}（{c.code}）
                </option>
              ))}
              <option value={OTHER}>{w.otherLoveCode}</option>
            </select>
          </div>
          {charity === OTHER &&
            field("love-code", w.loveCode, otherLoveCode, setOtherLoveCode, {
              check: loveCodeCheck,
              maxLength: 7,
              inputMode: "numeric",
              testId: "einvoice-love-code",
            })}
          {requiredMessage("loveCode", w.loveCode)}
        </>
      )}

      {type === "company" && (
        <>
          {field("tax-id", w.taxId, taxId, setTaxId, {
            check: taxIdCheck,
            maxLength: 8,
            inputMode: "numeric",
            testId: "einvoice-tax-id",
          })}
          {requiredMessage("taxId", w.taxId)}
          {field(
            "company-name",
            w.companyName,
            companyName,
            (value) => {
              setCompanyName(value)
              setAutoFilledName(null)
            },
            {
              maxLength: 60,
              testId: "einvoice-company-name",
              note: autoFilledName && companyName === autoFilledName ? w.companyNameFilled : undefined,
            }
          )}
          {requiredMessage("companyName", w.companyName)}
          <label className="einv-checkbox">
            <input
              type="checkbox"
              checked={printCompany}
              data-testid="einvoice-print"
              onChange={(event) => edit(setPrintCompany)(event.target.checked)}
            />
            {w.printCompany}
          </label>
          {printCompany && (
            <>
              {field("address", w.address, address, setAddress, { maxLength: 100, testId: "einvoice-address" })}
              {requiredMessage("address", w.address)}
            </>
          )}
        </>
      )}

      {type === "paper" && (
        <>
          {field("buyer-name", w.buyerName, buyerName, setBuyerName, { maxLength: 60, testId: "einvoice-buyer-name" })}
          {requiredMessage("buyerName", w.buyerName)}
          {field("address", w.address, address, setAddress, { maxLength: 100, testId: "einvoice-address" })}
          {requiredMessage("address", w.address)}
        </>
      )}

      {warnings.map((warning) => (
        <div key={`${warning.field}-${warning.rule}`} className="einv-warning" role="status" data-testid="einvoice-warning">
          <strong>{w.failOpenTitle}</strong> {warning.message}
        </div>
      ))}
      {saveError ? (
        <p className="einv-message einv-invalid" role="alert" data-testid="einvoice-save-error">
          {saveError}
        </p>
      ) : null}

      <div className="einv-actions">
        <button type="button" onClick={save} disabled={saving || checking} data-testid="einvoice-save">
          {saving ? w.saving : w.save}
        </button>
        <span className="einv-status" data-testid="einvoice-status" data-saved={saved ? "true" : "false"} aria-live="polite">
          {saved ? `✓ ${w.saved}` : wasSaved ? w.unsaved : ""}
        </span>
      </div>
    </section>
  )
}

function CheckMessage({ check, words, testId }: { check: Check; words: (typeof WORDS)[Locale]; testId: string }) {
  switch (check.status) {
    case "idle":
      return null
    case "checking":
      return (
        <p className="einv-message einv-muted" data-testid={testId} data-state="checking">
          {words.checking}
        </p>
      )
    case "error":
      return (
        <p className="einv-message einv-invalid" data-testid={testId} data-state="error">
          {check.message}
        </p>
      )
    case "done": {
      const { result } = check
      if (!result.valid) {
        return (
          <p className="einv-message einv-invalid" data-testid={testId} data-state="invalid">
            {result.message}
          </p>
        )
      }
      if (result.rule === "unchecked" || result.rule === "throttled") {
        // Fail-open: the government service did not answer, or checks are throttled; the value is accepted for now.
        return (
          <p className="einv-message einv-warning-text" data-testid={testId} data-state={result.rule}>
            ⚠ {result.message}
          </p>
        )
      }
      return (
        <p className="einv-message einv-valid" data-testid={testId} data-state="valid">
          ✓ {result.company_name ? words.validCompany(result.company_name) : result.checked_online ? words.valid : words.formatOk}
        </p>
      )
    }
  }
}

export default InvoiceChoice
