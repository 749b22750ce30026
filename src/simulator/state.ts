/**
 * In-memory state of the simulated ECPay account(s): invoices, allowances, delayed invoices, the
 * government registry and the counters that allocate numbers. Nothing here knows about HTTP.
 */
import { randomInt } from "node:crypto"
import type { AllowanceContent, IssueContent, ItemLine } from "./rules"
import { compactTaipeiDate, periodKey, periodOf } from "./time"

export interface VoidRecord {
  at: Date
  reason: string
}

export interface ReissueRecord {
  at: Date
  voidReason: string
  previousRandomNumber: string
  previousRelateNumber: string
}

/** A lottery prize (中獎) drawn by the simulator's control API: `type` is the prize tier, 1–12. */
export interface AwardRecord {
  type: number
  at: Date
}

export interface InvoiceRecord {
  merchantId: string
  invoiceNo: string
  invoiceDate: Date
  randomNumber: string
  /** Current content; VoidWithReIssue replaces it while keeping number and date. */
  content: IssueContent
  /** Which operation created it: Issue, or DelayIssue (scheduled or triggered). */
  origin: "Issue" | "DelayIssue"
  tsr: string | null
  voided: VoidRecord | null
  reissues: ReissueRecord[]
  printCount: number
  /** set when the simulator awarded it (control API); B2B invoices never are */
  award: AwardRecord | null
}

export type AllowanceStatus =
  /** live allowance (paper, or online once agreed) */
  | "issued"
  /** online allowance waiting for the buyer's agreement; its amount is reserved */
  | "pending"
  | "voided"
  /** pending online allowance cancelled by AllowanceInvalidByCollegiate */
  | "cancelled"
  /** the buyer disagreed */
  | "rejected"
  /** the 72-hour agreement window passed */
  | "expired"

export interface AllowanceRecord {
  allowanceNo: string
  merchantId: string
  invoiceNo: string
  mode: "paper" | "online"
  status: AllowanceStatus
  amount: number
  content: AllowanceContent
  createdAt: Date
  /** when it became a live allowance (paper: at creation; online: at agreement) */
  issuedAt: Date | null
  /** online only: end of the 72-hour agreement window */
  expiresAt: Date | null
  returnUrl: string | null
  voided: VoidRecord | null
  /** cancel / disagree / expiry time and reason */
  closed: VoidRecord | null
}

export type DelayedStatus = "waiting_trigger" | "scheduled" | "issued" | "cancelled"

export interface DelayedInvoiceRecord {
  merchantId: string
  tsr: string
  delayFlag: "1" | "2"
  delayDay: number
  status: DelayedStatus
  content: IssueContent
  notifyUrl: string
  createdAt: Date
  triggeredAt: Date | null
  dueAt: Date | null
  invoiceNo: string | null
  cancelledAt: Date | null
}

export interface NotificationRecord {
  at: Date
  merchantId: string
  invoiceNo: string
  allowanceNo: string
  invoiceTag: string
  notify: string
  notified: string
  phone: string
  mail: string
}

export interface PrintPage {
  merchantId: string
  invoiceNo: string
  printStyle: number
  showDetail: boolean
}

export interface GovRegistry {
  loveCodes: Map<string, string>
  companies: Map<string, string>
  /** Well-formed barcodes exist unless listed here. */
  unknownBarcodes: Set<string>
}

export interface RegistryAdditions {
  barcodes?: string[]
  unknownBarcodes?: string[]
  loveCodes?: { code: string; name: string }[]
  companies?: { taxId: string; name: string }[]
}

/** Fictional defaults, clearly marked as simulated; 168001 is the code ECPay's own examples use. */
function defaultRegistry(): GovRegistry {
  return {
    loveCodes: new Map([
      ["168001", "（模擬）社會福利基金會"],
      ["919", "（模擬）動物保護協會"],
      ["25885", "（模擬）兒童關懷協會"],
    ]),
    companies: new Map([
      ["22099131", "（模擬）測試科技股份有限公司"],
      ["12345675", "（模擬）範例貿易有限公司"],
      ["10458570", "（模擬）新制統編實業股份有限公司"],
    ]),
    unknownBarcodes: new Set(["/0000000"]),
  }
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

export interface NumberCounters {
  /** first number of every period's track */
  trackStart: number
  /** [period key, next number] */
  trackCounters: [string, number][]
  allowanceCounter: number
}

/** Everything the state file keeps of a store (docs in persistence.ts). */
export interface StoreContents {
  invoices: InvoiceRecord[]
  allowances: AllowanceRecord[]
  delayed: DelayedInvoiceRecord[]
  notifications: NotificationRecord[]
  printPages: [string, PrintPage][]
  registryAdditions: RegistryAdditions[]
  numbers: NumberCounters
}

/**
 * Number allocation survives reset(): like real ECPay, a simulator never hands out the same invoice or
 * allowance number twice, so a plugin database that outlives a reset sees no collisions. Each instance
 * starts at a random block (a multiple of 50, as MOF tracks do) so restarted simulators rarely collide either.
 */
export class NumberAllocator {
  private trackStart = 10000000 + randomInt(0, 160000) * 50
  private trackCounters = new Map<string, number>()
  private allowanceCounter = randomInt(0, 50000000)

  /** Where allocation stands, for the state file. */
  exportCounters(): NumberCounters {
    return { trackStart: this.trackStart, trackCounters: [...this.trackCounters], allowanceCounter: this.allowanceCounter }
  }

  /** Continues from counters saved by exportCounters(). */
  importCounters(counters: NumberCounters): void {
    this.trackStart = counters.trackStart
    this.trackCounters = new Map(counters.trackCounters)
    this.allowanceCounter = counters.allowanceCounter
  }

  nextInvoiceNo(at: Date): string {
    const period = periodOf(at)
    const key = periodKey(period)
    const next = this.trackCounters.get(key) ?? this.trackStart
    this.trackCounters.set(key, next + 1)
    const header = LETTERS[period.year % 26] + LETTERS[(period.term * 4 + 1) % 26]
    return header + String(next).padStart(8, "0")
  }

  /** 16 digits: Taipei date (8) + an 8-digit sequence. */
  nextAllowanceNo(at: Date): string {
    this.allowanceCounter = (this.allowanceCounter + 1) % 100000000
    return compactTaipeiDate(at) + String(this.allowanceCounter).padStart(8, "0")
  }
}

const relateKey = (merchantId: string, relateNumber: string) => `${merchantId}|${relateNumber.toLowerCase()}`
const invoiceKey = (merchantId: string, invoiceNo: string) => `${merchantId}|${invoiceNo}`
const tsrKey = (merchantId: string, tsr: string) => `${merchantId}|${tsr}`

export class SimulatorStore {
  invoices: InvoiceRecord[] = []
  allowances: AllowanceRecord[] = []
  delayed: DelayedInvoiceRecord[] = []
  notifications: NotificationRecord[] = []
  printPages = new Map<string, PrintPage>()
  registry: GovRegistry = defaultRegistry()
  /** what addToRegistry applied over the defaults since the last reset, in order (kept in the state file) */
  registryAdditions: RegistryAdditions[] = []

  private invoicesByNo = new Map<string, InvoiceRecord>()
  /** RelateNumbers in use: issued invoices and not-yet-issued delayed invoices. */
  private relateNumbers = new Map<string, InvoiceRecord | DelayedInvoiceRecord>()
  private delayedByTsr = new Map<string, DelayedInvoiceRecord>()
  private readonly numbers: NumberAllocator

  constructor(numbers = new NumberAllocator()) {
    this.numbers = numbers
  }

  /** Forgets all documents and registry changes; number allocation continues where it was. */
  reset(): void {
    Object.assign(this, new SimulatorStore(this.numbers))
  }

  // Invoices -------------------------------------------------------------------------------------

  findInvoice(merchantId: string, invoiceNo: string): InvoiceRecord | undefined {
    return this.invoicesByNo.get(invoiceKey(merchantId, invoiceNo))
  }

  findInvoiceByRelateNumber(merchantId: string, relateNumber: string): InvoiceRecord | undefined {
    const entry = this.relateNumbers.get(relateKey(merchantId, relateNumber))
    return entry && "invoiceNo" in entry && "randomNumber" in entry ? entry : undefined
  }

  /** RelateNumber uniqueness is per merchant and case-insensitive (docs/ECPAY-PROTOCOL.md §2.1). */
  isRelateNumberTaken(merchantId: string, relateNumber: string, except?: InvoiceRecord): boolean {
    const entry = this.relateNumbers.get(relateKey(merchantId, relateNumber))
    return entry !== undefined && entry !== except
  }

  /** The next number of the period's track: two letters derived from the period + 8 sequential digits. */
  allocateInvoiceNo(at: Date): string {
    return this.numbers.nextInvoiceNo(at)
  }

  issueInvoice(args: {
    merchantId: string
    content: IssueContent
    at: Date
    origin: InvoiceRecord["origin"]
    tsr?: string
  }): InvoiceRecord {
    const record: InvoiceRecord = {
      merchantId: args.merchantId,
      invoiceNo: this.allocateInvoiceNo(args.at),
      invoiceDate: args.at,
      randomNumber: randomFourDigits(),
      content: args.content,
      origin: args.origin,
      tsr: args.tsr ?? null,
      voided: null,
      reissues: [],
      printCount: 0,
      award: null,
    }
    this.invoices.push(record)
    this.invoicesByNo.set(invoiceKey(record.merchantId, record.invoiceNo), record)
    this.relateNumbers.set(relateKey(record.merchantId, args.content.relateNumber), record)
    return record
  }

  /** VoidWithReIssue: same number and date, new content and random number. */
  reissueInvoice(invoice: InvoiceRecord, content: IssueContent, voidReason: string, at: Date): void {
    invoice.reissues.push({
      at,
      voidReason,
      previousRandomNumber: invoice.randomNumber,
      previousRelateNumber: invoice.content.relateNumber,
    })
    this.relateNumbers.delete(relateKey(invoice.merchantId, invoice.content.relateNumber))
    invoice.content = content
    invoice.randomNumber = randomFourDigits()
    this.relateNumbers.set(relateKey(invoice.merchantId, content.relateNumber), invoice)
  }

  // Allowances -----------------------------------------------------------------------------------

  allowancesOf(invoice: InvoiceRecord): AllowanceRecord[] {
    return this.allowances.filter((a) => a.merchantId === invoice.merchantId && a.invoiceNo === invoice.invoiceNo)
  }

  /** Live and pending allowances both hold part of the invoice's amount and block a void. */
  blockingAllowancesOf(invoice: InvoiceRecord): AllowanceRecord[] {
    return this.allowancesOf(invoice).filter((a) => a.status === "issued" || a.status === "pending")
  }

  remainingAllowanceAmount(invoice: InvoiceRecord): number {
    const used = this.blockingAllowancesOf(invoice).reduce((total, a) => total + a.amount, 0)
    return invoice.content.salesAmount - used
  }

  findAllowance(allowanceNo: string, merchantId?: string): AllowanceRecord | undefined {
    return this.allowances.find((a) => a.allowanceNo === allowanceNo && (merchantId === undefined || a.merchantId === merchantId))
  }

  allocateAllowanceNo(at: Date): string {
    return this.numbers.nextAllowanceNo(at)
  }

  addAllowance(record: AllowanceRecord): void {
    this.allowances.push(record)
  }

  // Delayed invoices -----------------------------------------------------------------------------

  findDelayed(merchantId: string, tsr: string): DelayedInvoiceRecord | undefined {
    return this.delayedByTsr.get(tsrKey(merchantId, tsr))
  }

  addDelayed(record: DelayedInvoiceRecord): void {
    this.delayed.push(record)
    this.delayedByTsr.set(tsrKey(record.merchantId, record.tsr), record)
    this.relateNumbers.set(relateKey(record.merchantId, record.content.relateNumber), record)
  }

  cancelDelayed(record: DelayedInvoiceRecord, at: Date): void {
    record.status = "cancelled"
    record.cancelledAt = at
    // A cancelled delayed invoice never existed at MOF, so its RelateNumber may be used again.
    this.relateNumbers.delete(relateKey(record.merchantId, record.content.relateNumber))
  }

  issueDelayed(record: DelayedInvoiceRecord, at: Date): InvoiceRecord {
    const invoice = this.issueInvoice({ merchantId: record.merchantId, content: record.content, at, origin: "DelayIssue", tsr: record.tsr })
    record.status = "issued"
    record.invoiceNo = invoice.invoiceNo
    return invoice
  }

  /**
   * Applies everything that became due by `now`: scheduled delayed invoices are issued (dated at their
   * due time, in due order) and online allowances past their 72-hour window expire.
   */
  settleDueWork(now: Date): void {
    const due = this.delayed
      .filter((d) => d.status === "scheduled" && d.dueAt !== null && d.dueAt.getTime() <= now.getTime())
      .sort((a, b) => (a.dueAt as Date).getTime() - (b.dueAt as Date).getTime())
    for (const record of due) this.issueDelayed(record, record.dueAt as Date)
    for (const allowance of this.allowances) {
      if (allowance.status === "pending" && allowance.expiresAt && allowance.expiresAt.getTime() <= now.getTime()) {
        allowance.status = "expired"
        allowance.closed = { at: allowance.expiresAt, reason: "買受人未於 72 小時內同意（模擬）" }
      }
    }
  }

  // Registry -------------------------------------------------------------------------------------

  addToRegistry(additions: RegistryAdditions): void {
    this.registryAdditions.push(additions)
    this.applyRegistryAdditions(additions)
  }

  private applyRegistryAdditions(additions: RegistryAdditions): void {
    for (const code of additions.barcodes ?? []) this.registry.unknownBarcodes.delete(code)
    for (const code of additions.unknownBarcodes ?? []) this.registry.unknownBarcodes.add(code)
    for (const { code, name } of additions.loveCodes ?? []) this.registry.loveCodes.set(code, name)
    for (const { taxId, name } of additions.companies ?? []) this.registry.companies.set(taxId, name)
  }

  // State file -----------------------------------------------------------------------------------

  /** The documents, registry additions and number counters, as the state file keeps them (live objects). */
  exportContents(): StoreContents {
    return {
      invoices: this.invoices,
      allowances: this.allowances,
      delayed: this.delayed,
      notifications: this.notifications,
      printPages: [...this.printPages],
      registryAdditions: this.registryAdditions,
      numbers: this.numbers.exportCounters(),
    }
  }

  /** Replaces everything with `contents` (from exportContents) and rebuilds the lookups. */
  importContents(contents: StoreContents): void {
    this.reset()
    this.numbers.importCounters(contents.numbers)
    this.invoices = contents.invoices
    this.allowances = contents.allowances
    this.delayed = contents.delayed
    this.notifications = contents.notifications
    this.printPages = new Map(contents.printPages)
    for (const additions of contents.registryAdditions) this.addToRegistry(additions)
    // Same order as while running: a delayed invoice holds its RelateNumber until it is issued or
    // cancelled, then the invoice (with its current RelateNumber) does.
    for (const record of this.delayed) {
      this.delayedByTsr.set(tsrKey(record.merchantId, record.tsr), record)
      if (record.status === "waiting_trigger" || record.status === "scheduled") {
        this.relateNumbers.set(relateKey(record.merchantId, record.content.relateNumber), record)
      }
    }
    for (const invoice of this.invoices) {
      this.invoicesByNo.set(invoiceKey(invoice.merchantId, invoice.invoiceNo), invoice)
      this.relateNumbers.set(relateKey(invoice.merchantId, invoice.content.relateNumber), invoice)
    }
  }
}

function randomFourDigits(): string {
  return String(randomInt(0, 10000)).padStart(4, "0")
}

// Snapshots (JSON for the control API) ------------------------------------------------------------

const iso = (date: Date | null) => (date ? date.toISOString() : null)
const voidView = (record: VoidRecord | null) => (record ? { at: record.at.toISOString(), reason: record.reason } : null)

function itemsView(items: ItemLine[]) {
  return items.map((item) => ({ ...item }))
}

export function snapshotStore(store: SimulatorStore) {
  return {
    invoices: store.invoices.map((inv) => ({
      merchantId: inv.merchantId,
      invoiceNo: inv.invoiceNo,
      invoiceDate: inv.invoiceDate.toISOString(),
      randomNumber: inv.randomNumber,
      relateNumber: inv.content.relateNumber,
      origin: inv.origin,
      tsr: inv.tsr,
      salesAmount: inv.content.salesAmount,
      remainingAllowanceAmount: store.remainingAllowanceAmount(inv),
      voided: voidView(inv.voided),
      reissues: inv.reissues.map((r) => ({ ...r, at: r.at.toISOString() })),
      printCount: inv.printCount,
      award: inv.award ? { type: inv.award.type, at: inv.award.at.toISOString() } : null,
      content: { ...inv.content, items: itemsView(inv.content.items) },
    })),
    allowances: store.allowances.map((a) => ({
      allowanceNo: a.allowanceNo,
      merchantId: a.merchantId,
      invoiceNo: a.invoiceNo,
      mode: a.mode,
      status: a.status,
      amount: a.amount,
      createdAt: a.createdAt.toISOString(),
      issuedAt: iso(a.issuedAt),
      expiresAt: iso(a.expiresAt),
      returnUrl: a.returnUrl,
      voided: voidView(a.voided),
      closed: voidView(a.closed),
      content: { ...a.content, items: itemsView(a.content.items) },
    })),
    delayedInvoices: store.delayed.map((d) => ({
      merchantId: d.merchantId,
      tsr: d.tsr,
      relateNumber: d.content.relateNumber,
      delayFlag: d.delayFlag,
      delayDay: d.delayDay,
      status: d.status,
      notifyUrl: d.notifyUrl,
      createdAt: d.createdAt.toISOString(),
      triggeredAt: iso(d.triggeredAt),
      dueAt: iso(d.dueAt),
      cancelledAt: iso(d.cancelledAt),
      invoiceNo: d.invoiceNo,
      salesAmount: d.content.salesAmount,
    })),
    notifications: store.notifications.map((n) => ({ ...n, at: n.at.toISOString() })),
    registry: {
      loveCodes: [...store.registry.loveCodes].map(([code, name]) => ({ code, name })),
      companies: [...store.registry.companies].map(([taxId, name]) => ({ taxId, name })),
      unknownBarcodes: [...store.registry.unknownBarcodes],
    },
  }
}

export type StoreSnapshot = ReturnType<typeof snapshotStore>
