// A small JSON client for the plugin's admin routes. The js-sdk's `client.fetch` drops the body of an
// error answer, but the settings route puts one message per field in it (`errors`), which the page
// shows beside each field; so this reads it. It sends the dashboard's session cookie (or its JWT
// when the store's admin uses JWT auth) to the dashboard's backend URL.

export interface FieldError {
  field: string
  message: string
}

export class AdminApiError extends Error {
  readonly status: number
  readonly type: string | undefined
  readonly errors: FieldError[]
  /** The server's reason code, when it gives one (e.g. "order_not_paid"). */
  readonly code: string | undefined
  /** With code "ecpay_paused" (a 503): when the store-wide ECPay pause ends (ISO). */
  readonly pausedUntil: string | undefined

  constructor(status: number, message: string, type?: string, errors: FieldError[] = [], code?: string, pausedUntil?: string) {
    super(message)
    this.name = "AdminApiError"
    this.code = code
    this.pausedUntil = pausedUntil
    this.status = status
    this.type = type
    this.errors = errors
  }
}

// Set by the store's admin build (the dashboard's own client reads the same values), so the plugin
// follows the store's `admin.backendUrl` and auth type. Guarded: they are absent in other builds.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: string | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

function backendUrl(path: string): string {
  const fromDashboard = typeof __BACKEND_URL__ === "string" ? __BACKEND_URL__ : ""
  const fromEnv = (import.meta.env.VITE_BACKEND_URL as string | undefined) ?? ""
  const configured = [fromDashboard, fromEnv].find((url) => url !== "" && url !== "/")
  return `${(configured ?? window.location.origin).replace(/\/$/, "")}${path}`
}

function authHeaders(): Record<string, string> {
  if (typeof __AUTH_TYPE__ !== "string" || __AUTH_TYPE__ !== "jwt") {
    return {}
  }
  const key = typeof __JWT_TOKEN_STORAGE_KEY__ === "string" && __JWT_TOKEN_STORAGE_KEY__ ? __JWT_TOKEN_STORAGE_KEY__ : "medusa_auth_token"
  const token = window.localStorage.getItem(key)
  return token ? { authorization: `Bearer ${token}` } : {}
}

export async function adminFetch<T>(
  path: string,
  init: { method?: "GET" | "POST" | "DELETE"; body?: unknown; headers?: Record<string, string> } = {}
): Promise<T> {
  let response: Response
  try {
    response = await fetch(backendUrl(path), {
      method: init.method ?? "GET",
      credentials: "include",
      headers: { accept: "application/json", "content-type": "application/json", ...authHeaders(), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  } catch (error) {
    throw new AdminApiError(0, error instanceof Error ? error.message : String(error))
  }
  const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null
  if (!response.ok) {
    const errors = Array.isArray(payload?.errors) ? (payload.errors as FieldError[]) : []
    const message = typeof payload?.message === "string" ? payload.message : response.statusText
    const type = typeof payload?.type === "string" ? payload.type : undefined
    const code = typeof payload?.code === "string" ? payload.code : undefined
    const pausedUntil = typeof payload?.ecpay_paused_until === "string" ? payload.ecpay_paused_until : undefined
    throw new AdminApiError(response.status, message || `HTTP ${response.status}`, type, errors, code, pausedUntil)
  }
  return payload as T
}

/** A file from an admin route (e.g. a CSV export): its bytes and the name the server gave it. */
export interface AdminDownload {
  blob: Blob
  /** From Content-Disposition when the server (and CORS) let the browser read it. */
  filename: string | null
}

/**
 * GETs a file from an admin route with the dashboard's session (or JWT). A refusal is read as JSON
 * the way `adminFetch` reads it, so its message and field errors are not lost.
 */
export async function adminDownload(path: string): Promise<AdminDownload> {
  let response: Response
  try {
    response = await fetch(backendUrl(path), {
      method: "GET",
      credentials: "include",
      headers: { accept: "text/csv, application/octet-stream, */*", ...authHeaders() },
    })
  } catch (error) {
    throw new AdminApiError(0, error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null
    const errors = Array.isArray(payload?.errors) ? (payload.errors as FieldError[]) : []
    const message = typeof payload?.message === "string" ? payload.message : response.statusText
    const type = typeof payload?.type === "string" ? payload.type : undefined
    const code = typeof payload?.code === "string" ? payload.code : undefined
    const pausedUntil = typeof payload?.ecpay_paused_until === "string" ? payload.ecpay_paused_until : undefined
    throw new AdminApiError(response.status, message || `HTTP ${response.status}`, type, errors, code, pausedUntil)
  }
  return { blob: await response.blob(), filename: filenameOf(response.headers.get("content-disposition")) }
}

/** The file name of a Content-Disposition header (`filename*=UTF-8''…` or `filename="…"`). */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) {
    return null
  }
  const extended = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ""))
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1].trim() : null
}

/** Hands a downloaded file to the browser, which saves it under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement("a")
  link.href = url
  link.download = filename
  link.rel = "noopener"
  link.style.display = "none"
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
