/** The component's own words; the server words validation results itself (Accept-Language). */
import type { InvoiceType, Locale } from "medusa-plugin-ecpay-einvoice/store"

export interface Words {
  heading: string
  intro: string
  types: Record<InvoiceType, { label: string; hint: string }>
  mobileBarcode: string
  mobileBarcodePlaceholder: string
  citizenCertificate: string
  citizenCertificatePlaceholder: string
  charity: string
  otherLoveCode: string
  loveCode: string
  taxId: string
  companyName: string
  companyNameFilled: string
  printCompany: string
  buyerName: string
  address: string
  required: (label: string) => string
  checking: string
  valid: string
  formatOk: string
  validCompany: (name: string) => string
  save: string
  saving: string
  saved: string
  unsaved: string
  disabled: string
  failOpenTitle: string
}

export const WORDS: Record<Locale, Words> = {
  "zh-TW": {
    heading: "電子發票",
    intro: "依財政部規定開立電子發票，請選擇發票的存放方式。",
    types: {
      member: { label: "會員載具", hint: "發票存入綠界會員載具，中獎時以 e-mail 通知。" },
      mobile_barcode: { label: "手機條碼", hint: "發票歸戶到您的手機條碼（/ 開頭共 8 碼）。" },
      citizen_certificate: { label: "自然人憑證", hint: "發票歸戶到自然人憑證（2 個英文字母 + 14 個數字）。" },
      donation: { label: "捐贈發票", hint: "將發票捐給社福團體，捐贈後不能再索取或更改。" },
      company: { label: "公司戶（統一編號）", hint: "開立三聯式發票，載明統一編號與公司抬頭。" },
      paper: { label: "紙本發票", hint: "列印紙本發票，隨貨寄送。" },
      easycard: { label: "悠遊卡", hint: "發票歸戶到悠遊卡。" },
      ipass: { label: "一卡通", hint: "發票歸戶到一卡通。" },
    },
    mobileBarcode: "手機條碼",
    mobileBarcodePlaceholder: "/ABC1234",
    citizenCertificate: "自然人憑證號碼",
    citizenCertificatePlaceholder: "AB12345678901234",
    charity: "捐贈對象",
    otherLoveCode: "其他（輸入愛心碼）",
    loveCode: "愛心碼",
    taxId: "統一編號",
    companyName: "公司抬頭",
    companyNameFilled: "已依統一編號帶入，可修改",
    printCompany: "需要紙本發票（隨貨寄送）",
    buyerName: "買受人姓名",
    address: "寄送地址",
    required: (label) => `請輸入${label}`,
    checking: "查詢中…",
    valid: "已確認",
    formatOk: "格式正確",
    validCompany: (name) => `已確認：${name}`,
    save: "使用此發票資訊",
    saving: "儲存中…",
    saved: "已儲存發票資訊",
    unsaved: "發票資訊有變更，請再按一次「使用此發票資訊」。",
    disabled: "本店目前不開立電子發票。",
    failOpenTitle: "暫時無法線上確認",
  },
  en: {
    heading: "E-invoice",
    intro: "Taiwanese law requires an e-invoice for every order. Choose where it goes.",
    types: {
      member: { label: "Member carrier", hint: "Kept in your ECPay member carrier; you are told by e-mail if it wins the lottery." },
      mobile_barcode: { label: "Mobile barcode", hint: "Stored on your mobile barcode carrier ('/' and 7 characters)." },
      citizen_certificate: { label: "Citizen certificate", hint: "Stored on your citizen digital certificate (2 letters + 14 digits)." },
      donation: { label: "Donate", hint: "Donated to a charity; it cannot be claimed or changed afterwards." },
      company: { label: "Company (tax ID)", hint: "A B2B invoice with your company's tax ID (統一編號) and name." },
      paper: { label: "Paper invoice", hint: "Printed and shipped with your order." },
      easycard: { label: "EasyCard", hint: "Stored on your EasyCard." },
      ipass: { label: "iPASS", hint: "Stored on your iPASS card." },
    },
    mobileBarcode: "Mobile barcode",
    mobileBarcodePlaceholder: "/ABC1234",
    citizenCertificate: "Citizen certificate number",
    citizenCertificatePlaceholder: "AB12345678901234",
    charity: "Charity",
    otherLoveCode: "Other (enter a love code)",
    loveCode: "Love code",
    taxId: "Tax ID (統一編號)",
    companyName: "Company name",
    companyNameFilled: "Filled in from the tax ID; you may change it",
    printCompany: "I need a printed invoice (shipped with the order)",
    buyerName: "Buyer name",
    address: "Address",
    required: (label) => `${label} is required`,
    checking: "Checking…",
    valid: "Verified",
    formatOk: "Format OK",
    validCompany: (name) => `Verified: ${name}`,
    save: "Use this invoice option",
    saving: "Saving…",
    saved: "Invoice option saved",
    unsaved: "You changed the invoice option; press “Use this invoice option” again.",
    disabled: "This store does not issue e-invoices.",
    failOpenTitle: "Could not check online",
  },
}
