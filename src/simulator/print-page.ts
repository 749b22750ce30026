/** The printable page InvoicePrint links to: a plain HTML rendering of the invoice proof. */
import type { InvoiceRecord, PrintPage } from "./state"
import { formatTaipeiDateTime, periodOf } from "./time"

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string)

export function renderPrintPage(page: PrintPage, invoice: InvoiceRecord): string {
  const { content } = invoice
  const { year, term } = periodOf(invoice.invoiceDate)
  const periodLabel = `${year - 1911}年${String(term * 2 - 1).padStart(2, "0")}-${String(term * 2).padStart(2, "0")}月`
  const rows = page.showDetail
    ? content.items
        .map(
          (item) =>
            `<tr><td>${escapeHtml(item.name)}</td><td>${item.count} ${escapeHtml(item.word)}</td><td>${item.price}</td><td>${item.amount}</td></tr>`
        )
        .join("\n")
    : ""
  return `<!doctype html>
<html lang="zh-Hant">
<head><meta charset="utf-8"><title>電子發票證明聯 ${invoice.invoiceNo}（模擬）</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.2em .5em}.sim{color:#b00}.award{display:inline-block;border:3px solid #c00;color:#c00;font-size:1.5em;font-weight:bold;padding:.2em .6em}</style>
</head>
<body>
<p class="sim">ECPay 模擬器產生的頁面，非正式發票</p>
<h1>電子發票證明聯</h1>
<p>${periodLabel}</p>
<h2 id="invoice-no">${invoice.invoiceNo.slice(0, 2)}-${invoice.invoiceNo.slice(2)}</h2>
${invoice.award ? `<p class="award" id="award" data-award-type="${invoice.award.type}">中獎（獎別 ${invoice.award.type}）</p>\n` : ""}<dl>
<dt>開立時間</dt><dd>${formatTaipeiDateTime(invoice.invoiceDate)}</dd>
<dt>隨機碼</dt><dd id="random-number">${invoice.randomNumber}</dd>
<dt>總計</dt><dd id="sales-amount">${content.salesAmount}</dd>
<dt>賣方</dt><dd>${escapeHtml(invoice.merchantId)}</dd>
${content.customerIdentifier ? `<dt>買方統編</dt><dd>${content.customerIdentifier}</dd>` : ""}
<dt>列印格式</dt><dd>${page.printStyle}</dd>
</dl>
${rows ? `<table><thead><tr><th>品名</th><th>數量</th><th>單價</th><th>金額</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ""}
</body>
</html>
`
}
