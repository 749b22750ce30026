/**
 * The buyer's answer to an online allowance (AllowanceByCollegiate), which real ECPay collects by
 * e-mail: the simulator applies it on request and POSTs the ReturnURL callback
 * (docs/ECPAY-PROTOCOL.md §2.6, §1.8).
 */
import { request as httpRequest } from "node:http"
import { request as httpsRequest } from "node:https"
import { URL } from "node:url"
import { computeCheckMacValue } from "./crypto"
import { ControlError } from "./errors"
import type { SimulatorMerchant } from "./server"
import type { SimulatorStore } from "./state"
import { formatTaipeiDateTime } from "./time"

export interface CallbackResult {
  allowanceNo: string
  agreed: boolean
  /** the stored ReturnURL that was called */
  url: string
  /** the form fields posted, including CheckMacValue */
  fields: Record<string, string>
  /** the merchant's HTTP status, or null when the call failed before a response */
  httpStatus: number | null
  body: string | null
  /** true when the merchant answered `1|OK` */
  acknowledged: boolean
  error: string | null
}

const CALLBACK_TIMEOUT_MS = 10_000

export async function answerOnlineAllowance(args: {
  store: SimulatorStore
  merchants: Map<string, SimulatorMerchant>
  now: Date
  allowanceNo: string
  agreed: boolean
}): Promise<CallbackResult> {
  const { store, now, allowanceNo, agreed } = args
  const allowance = store.findAllowance(allowanceNo)
  if (!allowance || allowance.mode !== "online") throw new ControlError(404, `no online allowance ${allowanceNo}`)
  if (allowance.status !== "pending") {
    throw new ControlError(409, `allowance ${allowanceNo} is ${allowance.status}, not pending agreement`)
  }
  const invoice = store.findInvoice(allowance.merchantId, allowance.invoiceNo)
  const merchant = args.merchants.get(allowance.merchantId)
  if (!invoice || !merchant) throw new ControlError(500, `allowance ${allowanceNo} refers to missing data`)

  if (agreed) {
    allowance.status = "issued"
    allowance.issuedAt = now
  } else {
    allowance.status = "rejected"
    allowance.closed = { at: now, reason: "買受人不同意折讓" }
  }
  const fields: Record<string, string> = {
    RtnCode: agreed ? "1" : "0",
    RtnMsg: agreed ? "買受人已同意折讓" : "買受人不同意折讓",
    IA_Allow_No: allowance.allowanceNo,
    IA_Invoice_No: allowance.invoiceNo,
    IA_Date: formatTaipeiDateTime(now),
    IIS_Remain_Allowance_Amt: String(store.remainingAllowanceAmount(invoice)),
    MerchantID: allowance.merchantId,
  }
  fields.CheckMacValue = computeCheckMacValue(fields, merchant.hashKey, merchant.hashIV)
  const url = allowance.returnUrl as string
  const reply = await postForm(url, fields)
  return {
    allowanceNo,
    agreed,
    url,
    fields,
    httpStatus: reply.status,
    body: reply.body,
    acknowledged: reply.body !== null && reply.body.trim() === "1|OK",
    error: reply.error,
  }
}

function postForm(
  target: string,
  fields: Record<string, string>
): Promise<{ status: number | null; body: string | null; error: string | null }> {
  const payload = new URLSearchParams(fields).toString()
  return new Promise((resolve) => {
    let url: URL
    try {
      url = new URL(target)
    } catch {
      resolve({ status: null, body: null, error: `invalid ReturnURL ${target}` })
      return
    }
    const send = url.protocol === "https:" ? httpsRequest : httpRequest
    const req = send(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(payload),
        },
        timeout: CALLBACK_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => resolve({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8"), error: null }))
        res.on("error", (err) => resolve({ status: res.statusCode ?? null, body: null, error: err.message }))
      }
    )
    req.on("timeout", () => req.destroy(new Error(`callback timed out after ${CALLBACK_TIMEOUT_MS} ms`)))
    req.on("error", (err) => resolve({ status: null, body: null, error: err.message }))
    req.end(payload)
  })
}
