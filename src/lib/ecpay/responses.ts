/**
 * Decrypted response `Data` of each operation (docs/ECPAY-PROTOCOL.md §2). Only documented fields are typed;
 * ECPay may add others, hence the index signature. Dates are Asia/Taipei strings (see parseEcpayDateTime).
 * The client normalises RtnCode to a number; other numeric fields are passed through as ECPay sends them.
 */

export interface EcpayResponseData {
  RtnCode: number
  RtnMsg: string
  [field: string]: unknown
}

export interface IssueResponse extends EcpayResponseData {
  /** e.g. "UV11100012". */
  InvoiceNo: string
  /** "yyyy-MM-dd HH:mm:ss". */
  InvoiceDate: string
  /** 4 digits. */
  RandomNumber: string
}

export interface DelayIssueResponse extends EcpayResponseData {
  /** Echoes Tsr. */
  OrderNumber: string
}

export interface TriggerIssueResponse extends EcpayResponseData {
  Tsr?: string
}

export type CancelDelayIssueResponse = EcpayResponseData

export interface InvalidResponse extends EcpayResponseData {
  InvoiceNo: string
}

export interface VoidWithReIssueResponse extends EcpayResponseData {
  InvoiceNo: string
  InvoiceDate: string
  RandomNumber: string
}

export interface AllowanceResponse extends EcpayResponseData {
  /** 16 digits. */
  IA_Allow_No: string
  IA_Invoice_No: string
  IA_Date: string
  IA_Remain_Allowance_Amt: number
}

/** RtnCode 1 only means "stored": the allowance exists once the buyer agrees (within 72 hours). */
export interface AllowanceByCollegiateResponse extends EcpayResponseData {
  IA_Allow_No: string
  IA_Invoice_No: string
  IA_TempDate: string
  IA_TempExpireDate: string
  IA_Remain_Allowance_Amt: number
}

export interface AllowanceInvalidResponse extends EcpayResponseData {
  IA_Invoice_No: string
}

export interface AllowanceInvalidByCollegiateResponse extends EcpayResponseData {
  IA_Invoice_No: string
}

export interface IssuedItem {
  ItemSeq: number
  ItemName: string
  ItemCount: number
  ItemWord: string
  ItemPrice: number
  ItemTaxType: string
  ItemAmount: number
  ItemRemark?: string
  [field: string]: unknown
}

export interface GetIssueResponse extends EcpayResponseData {
  IIS_Mer_ID: string
  IIS_Number: string
  IIS_Relate_Number: string
  IIS_Customer_ID: string
  /** "0000000000" when there is no 統一編號. */
  IIS_Identifier: string
  IIS_Customer_Name: string
  IIS_Customer_Addr: string
  IIS_Customer_Phone: string
  IIS_Customer_Email: string
  IIS_Clearance_Mark: string
  /** "07" | "08". */
  IIS_Type: string
  /** "B2B" when issued with a 統一編號, else "B2C". */
  IIS_Category: string
  IIS_Tax_Type: string
  SpecialTaxType: number
  IIS_Tax_Rate: number
  IIS_Tax_Amount: number
  IIS_Sales_Amount: number
  IIS_Check_Number: string
  IIS_Carrier_Type: string
  IIS_Carrier_Num: string
  IIS_Love_Code: string
  IIS_IP: string
  IIS_Create_Date: string
  /** "1" issued, "0" cancelled (註銷). */
  IIS_Issue_Status: string
  /** "1" voided. */
  IIS_Invalid_Status: string
  /** "1" uploaded to the Ministry of Finance. */
  IIS_Upload_Status: string
  IIS_Upload_Date: string
  /** C ok, E error, G waiting for the MOF reply, P uploading. */
  IIS_Turnkey_Status: string
  IIS_Remain_Allowance_Amt: number
  IIS_Print_Flag: string
  /** "", "0", "1", or "X" (has a 統一編號, not eligible). */
  IIS_Award_Flag: string
  /** 0 none, 1-12 prize tier: a number in ECPay's JSON (documented as Int), text in some answers. */
  IIS_Award_Type: string | number
  IIS_Random_Number: string
  InvoiceRemark: string
  PosBarCode: string
  QRCode_Left: string
  QRCode_Right: string
  Items: IssuedItem[]
}

/** One row of GetIssueList: a subset of GetIssue's fields. */
export type InvoiceListEntry = Pick<
  GetIssueResponse,
  | "IIS_Number"
  | "IIS_Relate_Number"
  | "IIS_Identifier"
  | "IIS_Clearance_Mark"
  | "IIS_Category"
  | "IIS_Tax_Type"
  | "IIS_Tax_Rate"
  | "IIS_Tax_Amount"
  | "IIS_Sales_Amount"
  | "IIS_Create_Date"
  | "IIS_Issue_Status"
  | "IIS_Invalid_Status"
  | "IIS_Upload_Status"
  | "IIS_Upload_Date"
  | "IIS_Turnkey_Status"
  | "IIS_Remain_Allowance_Amt"
  | "IIS_Print_Flag"
  | "IIS_Award_Flag"
  | "IIS_Award_Type"
  | "IIS_Carrier_Type"
  | "IIS_Carrier_Num"
  | "IIS_Love_Code"
> & { [field: string]: unknown }

export interface GetIssueListResponse extends EcpayResponseData {
  TotalCount: number
  ShowingPage: number
  InvoiceData: InvoiceListEntry[]
}

export interface GetInvalidResponse extends EcpayResponseData {
  IIS_Mer_ID: string
  II_Invoice_No: string
  II_Date: string
  II_Upload_Status: string
  II_Upload_Date: string
  Reason: string
  II_Seller_Identifier: string
  II_Buyer_Identifier: string
}

export interface AllowanceListEntry {
  IA_Allow_No: string
  IA_Check_Send_Mail: string
  IA_Date: string
  IA_Invalid_Status: string
  IA_Invoice_No: string
  /** Excluding tax. */
  IA_Total_Amount: number
  IA_Tax_Amount: number
  /** Including tax. */
  IA_Total_Tax_Amount: number
  IA_Upload_Status: string
  Items: Record<string, unknown>[]
  [field: string]: unknown
}

/** Pending (not yet agreed) online allowances are not listed. */
export interface GetAllowanceListResponse extends EcpayResponseData {
  AllowanceInfo: AllowanceListEntry[]
}

export type InvoiceNotifyResponse = EcpayResponseData

export interface InvoicePrintResponse extends EcpayResponseData {
  /** URL of the printable page. */
  InvoiceHtml: string
}

/** Read IsExist only after RtnCode 1; the lookup itself may be down (see EcpayBusinessError). */
export interface ExistenceCheckResponse extends EcpayResponseData {
  IsExist: "Y" | "N"
}

export type CheckBarcodeResponse = ExistenceCheckResponse
export type CheckLoveCodeResponse = ExistenceCheckResponse

export interface GetCompanyNameByTaxIdResponse extends EcpayResponseData {
  CompanyName: string
}
