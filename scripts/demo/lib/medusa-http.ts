/**
 * A small fetch client for the store's HTTP API, as a storefront or a merchant's script would use it:
 * the admin with a bearer token from /auth/user/emailpass, the store API with the publishable key.
 */
export class MedusaHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown
  ) {
    super(message)
  }
}

/** `T`: the answer's type (src/api/types.ts for the plugin's routes, Medusa's HttpTypes for the others). */
export interface Requester {
  get<T = unknown>(path: string, step?: string): Promise<T>
  post<T = unknown>(path: string, body?: unknown, step?: string): Promise<T>
  del<T = unknown>(path: string, step?: string): Promise<T>
  headers: Record<string, string>
}

/** What a caller may add: a name for the process in error messages, a timeout, a look at every answer. */
export interface RequesterOptions {
  label?: string
  timeoutMs?: number
  /** Called with each answer's status (or "network" when none came) and its text. */
  onAnswer?: (answer: { method: string; path: string; status: number | "network"; text: string }) => void
}

export function requester(baseUrl: string, headers: Record<string, string>, options: RequesterOptions = {}): Requester {
  const where = options.label ? ` on ${options.label}` : ""
  const send = async <T>(method: string, path: string, body: unknown, step?: string): Promise<T> => {
    const prefix = step ? `${step}: ` : ""
    let response: Response
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
      })
    } catch (error) {
      options.onAnswer?.({ method, path, status: "network", text: String(error) })
      throw new MedusaHttpError(`${prefix}${method} ${path}${where}: ${String(error)}`, 0, null)
    }
    const text = await response.text()
    options.onAnswer?.({ method, path, status: response.status, text })
    let data: unknown = text
    try {
      data = text ? JSON.parse(text) : null
    } catch {
      // not JSON
    }
    if (!response.ok) {
      throw new MedusaHttpError(
        `${prefix}${method} ${path}${where} answered ${response.status} ${typeof data === "string" ? data.slice(0, 500) : JSON.stringify(data).slice(0, 1500)}`,
        response.status,
        data
      )
    }
    return data as T
  }
  return {
    headers,
    get: (path, step) => send("GET", path, undefined, step),
    post: (path, body = {}, step) => send("POST", path, body, step),
    del: (path, step) => send("DELETE", path, undefined, step),
  }
}

export async function adminLogin(baseUrl: string, email: string, password: string): Promise<Requester> {
  const auth = requester(baseUrl, {})
  const { token } = await auth.post<{ token: string }>("/auth/user/emailpass", { email, password }, "admin login")
  return requester(baseUrl, { authorization: `Bearer ${token}` })
}

export function storeClient(baseUrl: string, publishableKey: string, extra: Record<string, string> = {}): Requester {
  return requester(baseUrl, { "x-publishable-api-key": publishableKey, ...extra })
}
