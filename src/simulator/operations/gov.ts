/**
 * CheckBarcode, CheckLoveCode, GetCompanyNameByTaxID (docs/ECPAY-PROTOCOL.md §2.14). These proxy the MOF
 * platform at ECPay; the simulator answers from its registry (the `gov_down` fault is handled by the server).
 */
import { RtnCode } from "../codes"
import { LOVE_CODE, MOBILE_BARCODE, readString } from "../rules"
import { fail, success } from "./common"
import type { OperationContext, OperationReply } from "./types"

export function checkBarcode(ctx: OperationContext): OperationReply {
  const barcode = readString(ctx.data, "BarCode", { required: true })
  // A malformed barcode simply does not exist; a raw `+` decoded as a space lands here too.
  const exists = MOBILE_BARCODE.test(barcode) && !ctx.store.registry.unknownBarcodes.has(barcode)
  return success("執行成功", { IsExist: exists ? "Y" : "N" })
}

export function checkLoveCode(ctx: OperationContext): OperationReply {
  const loveCode = readString(ctx.data, "LoveCode", { required: true })
  const exists = LOVE_CODE.test(loveCode) && ctx.store.registry.loveCodes.has(loveCode)
  return success("執行成功", { IsExist: exists ? "Y" : "N" })
}

export function getCompanyNameByTaxId(ctx: OperationContext): OperationReply {
  const taxId = readString(ctx.data, "UnifiedBusinessNo", { required: true, max: 8, pattern: /^\d{8}$/, patternHint: "須為 8 位數字" })
  const name = ctx.store.registry.companies.get(taxId)
  if (!name) fail(RtnCode.COMPANY_NOT_FOUND, `查無統一編號 ${taxId} 的公司名稱`)
  return success("執行成功", { CompanyName: name })
}
