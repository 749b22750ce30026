/** Response shapes of the query operations (docs/ECPAY-PROTOCOL.md §2.8–2.12), built from stored records. */
import type { AllowanceRecord, InvoiceRecord } from "../state"
import { formatTaipeiDateTime, periodOf } from "../time"
import type { OperationContext } from "./types"

/** Rates of TaxType 4 by SpecialTaxType (docs/ECPAY-PROTOCOL.md §2.1). */
const SPECIAL_TAX_RATES: Record<number, number> = { 1: 0.25, 2: 0.15, 3: 0.02, 4: 0.01, 5: 0.05, 6: 0.05, 7: 0.05, 8: 0 }

export function taxRateOf(invoice: InvoiceRecord): number {
  const { taxType, specialTaxType } = invoice.content
  if (taxType === "1" || taxType === "9") return 0.05
  if (taxType === "4") return SPECIAL_TAX_RATES[specialTaxType] ?? 0
  return 0
}

/** Tax included in a tax-inclusive amount at `rate`, integer TWD. */
export function includedTax(amount: number, rate: number): number {
  return rate === 0 ? 0 : amount - Math.round(amount / (1 + rate))
}

/** Tax is split out only on B2B (統編) invoices; B2C invoices report 0 (docs/ECPAY-PROTOCOL.md §2.8). */
function invoiceTaxAmount(invoice: InvoiceRecord): number {
  const { content } = invoice
  if (!content.customerIdentifier) return 0
  if (content.taxAmount !== null) return content.taxAmount
  if (content.taxType === "9") {
    const taxable = content.items.filter((item) => item.taxType === "1").reduce((total, item) => total + item.amount, 0)
    return includedTax(Math.round(taxable), 0.05)
  }
  return includedTax(content.salesAmount, taxRateOf(invoice))
}

function uploadState(ctx: OperationContext, documentDate: Date) {
  const uploadedAt = new Date(documentDate.getTime() + ctx.uploadDelayMs)
  const uploaded = ctx.now.getTime() >= uploadedAt.getTime()
  return { uploaded, uploadDate: uploaded ? formatTaipeiDateTime(uploadedAt) : "" }
}

/** MOF POS barcode: ROC year (3) + period's even month (2) + invoice number (10) + random number (4). */
function posBarcode(invoice: InvoiceRecord): string {
  const { year, term } = periodOf(invoice.invoiceDate)
  return String(year - 1911).padStart(3, "0") + String(term * 2).padStart(2, "0") + invoice.invoiceNo + invoice.randomNumber
}

export function invoiceView(ctx: OperationContext, invoice: InvoiceRecord, withItems: boolean): Record<string, unknown> {
  const { content } = invoice
  const upload = uploadState(ctx, invoice.invoiceDate)
  const view: Record<string, unknown> = {
    IIS_Mer_ID: invoice.merchantId,
    IIS_Number: invoice.invoiceNo,
    IIS_Relate_Number: content.relateNumber,
    IIS_Customer_ID: content.customerId,
    IIS_Identifier: content.customerIdentifier || "0000000000",
    IIS_Customer_Name: content.customerName,
    IIS_Customer_Addr: content.customerAddr,
    IIS_Customer_Phone: content.customerPhone,
    IIS_Customer_Email: content.customerEmail,
    IIS_Clearance_Mark: content.clearanceMark,
    IIS_Type: content.invType,
    IIS_Category: content.customerIdentifier ? "B2B" : "B2C",
    IIS_Tax_Type: content.taxType,
    SpecialTaxType: content.specialTaxType,
    IIS_Tax_Rate: taxRateOf(invoice),
    IIS_Tax_Amount: invoiceTaxAmount(invoice),
    IIS_Sales_Amount: content.salesAmount,
    IIS_Check_Number: "",
    IIS_Carrier_Type: content.carrierType,
    IIS_Carrier_Num: content.carrierNum,
    IIS_Love_Code: content.loveCode,
    IIS_IP: "127.0.0.1",
    IIS_Create_Date: formatTaipeiDateTime(invoice.invoiceDate),
    IIS_Issue_Status: "1",
    IIS_Invalid_Status: invoice.voided ? "1" : "0",
    IIS_Upload_Status: upload.uploaded ? "1" : "0",
    IIS_Upload_Date: upload.uploadDate,
    IIS_Turnkey_Status: upload.uploaded ? "C" : "P",
    IIS_Remain_Allowance_Amt: ctx.store.remainingAllowanceAmount(invoice),
    IIS_Print_Flag: content.print,
    // 'X' = B2B invoices take no part in the lottery; '1' = awarded (the control API's award), '' = not.
    IIS_Award_Flag: content.customerIdentifier ? "X" : invoice.award ? "1" : "",
    IIS_Award_Type: invoice.award?.type ?? 0,
    IIS_Random_Number: invoice.randomNumber,
    InvoiceRemark: content.invoiceRemark,
    PosBarCode: posBarcode(invoice),
    QRCode_Left: "",
    QRCode_Right: "",
    ZeroTaxRateReason: content.zeroTaxRateReason,
  }
  if (withItems) {
    view.Items = content.items.map((item, index) => ({
      ItemSeq: item.seq ?? index + 1,
      ItemName: item.name,
      ItemCount: item.count,
      ItemWord: item.word,
      ItemPrice: item.price,
      ItemTaxType: item.taxType || content.taxType,
      ItemAmount: item.amount,
      ItemRemark: item.remark,
    }))
  }
  return view
}

export function allowanceView(ctx: OperationContext, allowance: AllowanceRecord, invoice: InvoiceRecord): Record<string, unknown> {
  const rate = invoice.content.taxType === "9" ? 0.05 : taxRateOf(invoice)
  const tax = includedTax(allowance.amount, rate)
  const issuedAt = allowance.issuedAt ?? allowance.createdAt
  const upload = uploadState(ctx, issuedAt)
  return {
    IA_Allow_No: allowance.allowanceNo,
    IA_Invoice_No: allowance.invoiceNo,
    IA_Date: formatTaipeiDateTime(issuedAt),
    IA_Check_Send_Mail: allowance.content.allowanceNotify === "N" ? "N" : "Y",
    IA_Invalid_Status: allowance.voided ? "1" : "0",
    IA_Total_Amount: allowance.amount - tax,
    IA_Tax_Amount: tax,
    IA_Total_Tax_Amount: allowance.amount,
    IA_Upload_Status: upload.uploaded ? "1" : "0",
    IA_Upload_Date: upload.uploadDate,
    IA_Buyer_Name: allowance.content.customerName,
    IA_Identifier: invoice.content.customerIdentifier || "0000000000",
    Items: allowance.content.items.map((item) => ({
      ItemSeq: item.seq,
      ItemName: item.name,
      ItemCount: item.count,
      ItemWord: item.word,
      ItemPrice: item.price,
      ItemTaxType: item.taxType,
      ItemAmount: item.amount,
      ItemRateAmt: includedTax(Math.round(item.amount), item.taxType === "2" || item.taxType === "3" ? 0 : rate),
    })),
  }
}
