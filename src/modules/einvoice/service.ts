import {
  ContainerRegistrationKeys,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { SecretBox, SecretBoxError, type OpenedSecret } from "../../lib/secret-box"
import { checkDeployment, type DeploymentCheck, type DeploymentConfig } from "../../lib/deployment-check"
import { activePause, pauseEnd, pauseLengthMs } from "../../lib/ecpay-pause"
import { ConcurrencyGate, ecpayConcurrency } from "../../lib/concurrency"
import { redactSecrets } from "../../lib/redact"
import { autoIssuePlan, type AutomaticTrigger } from "../../lib/auto-issue"
import { Einvoice, EinvoiceAllowance, EinvoiceCheckWindow, EinvoiceEvent, EinvoicePreference, EinvoiceSetting } from "./models"
import { onlineCheckLimits, type CheckWindow, type OnlineCheckLimits } from "../../lib/online-check-limits"
import {
  ALLOWANCE_TRANSITIONS,
  INVOICE_TRANSITIONS,
  INVOICE_TYPES,
  type AllowanceStatus,
  type Charity,
  type CurrencyRate,
  type EcpayCredentials,
  type EinvoicePluginOptions,
  type EinvoiceStatus,
  type InvoiceType,
  type PublicSettings,
  type SecretState,
} from "../../lib/einvoice-types"
import {
  invoicesWithUnknownAllowances,
  markAllowanceInterrupted,
  prepareAllowance,
  submitAllowance,
  type PrepareAllowanceInput,
  type SubmitAllowanceInput,
} from "./operations/allowance"
import { recordAllowanceAnswer, type AllowanceAnswerInput } from "./operations/allowance-answer"
import { voidAllowance, type VoidAllowanceInput } from "./operations/allowance-void"
import { attachChoiceToOrder, resolveOrderChoice, storeCartChoice, storeOrderChoice } from "./operations/choices"
import { prepareIssue, submitIssue, type PrepareIssueInput, type SubmitIssueInput } from "./operations/issue"
import { listAdditionalInvoices, listOrderInvoices } from "./operations/order-invoices"
import { voidInvoice, type VoidInvoiceInput } from "./operations/void"
import { issueAdditionalInvoices, recordAdditionalInvoice, settleCanceledAdditionalInvoices } from "./operations/additional-invoice"
import {
  orderChangesOwingAllowances,
  planOrderChangeAllowance,
  type OrderChangeRef,
  type PlanOrderChangeAllowanceInput,
} from "./operations/order-change-allowance"
import { ordersOwingRefundAllowances, planRefundAllowance, type PlanRefundAllowanceInput } from "./operations/refund-allowance"
import { planCancelSettlement, type PlanCancelSettlementInput } from "./operations/cancel-settlement"
import { checkValueOnline } from "./operations/check-value"
import { notifyInvoiceIssued, type NotifyIssuedInput } from "./operations/notify-issued"
import { reissueInvoice, type ReissueInvoiceInput } from "./operations/reissue"
import { resendNotification, type ResendNotificationInput } from "./operations/resend"
import { markPrinted, openPrintPage, type MarkPrintedInput, type OpenPrintPageInput } from "./operations/print"
import { syncInvoice, type SyncInvoiceInput } from "./operations/sync"
import { testConnection } from "./operations/test-connection"
import { CREDENTIALS_UNREADABLE_CODE, CREDENTIALS_UNREADABLE_MESSAGE } from "./operations/ecpay-outcome"

export const SETTINGS_ID = "default"

/** The route ECPay posts online-allowance answers to (see src/api/hooks/ecpay-einvoice/allowance). */
export const ALLOWANCE_CALLBACK_PATH = "/hooks/ecpay-einvoice/allowance"

type SettingsRow = Awaited<ReturnType<EinvoiceModuleService["retrieveEinvoiceSetting"]>>
type InvoiceRow = Awaited<ReturnType<EinvoiceModuleService["retrieveEinvoice"]>>
type AllowanceRow = Awaited<ReturnType<EinvoiceModuleService["retrieveEinvoiceAllowance"]>>

/** Raw SQL on the module's connection (the context's entity manager). */
/** The stored, sealed credentials. */
type SecretField = "hash_key" | "hash_iv"

/** Whether ECPay can be called with the store's credentials (`resolveCredentials`). */
export type CredentialsState =
  | { kind: "ready"; credentials: EcpayCredentials }
  | { kind: "incomplete" }
  | { kind: "unreadable"; fields: SecretField[]; code: typeof CREDENTIALS_UNREADABLE_CODE; message: string }

/** The associated data a secret is sealed with: its row and field, so it cannot be moved to another. */
function sealedPlace(settingsId: string, field: SecretField): string {
  return `ecpay_einvoice_setting:${settingsId}:${field}`
}

/** EINVOICE_PREVIOUS_SECRET_KEYS: earlier keys, comma-separated. */
function splitKeyList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean)
}

type SqlManager = { execute: (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>> }

/** Everything in the settings an admin may change; secrets are plaintext here and sealed on write. */
export interface SettingsUpdate {
  enabled?: boolean
  environment?: PublicSettings["environment"]
  merchant_id?: string | null
  /** A new HashKey; `null` clears it, `undefined` keeps it. */
  hash_key?: string | null
  hash_iv?: string | null
  base_url?: string | null
  tax_type?: string
  clearance_mark?: string | null
  zero_tax_rate_reason?: string | null
  issue_mode?: PublicSettings["issue_mode"]
  issue_trigger?: PublicSettings["issue_trigger"]
  issue_delay_days?: number
  enabled_types?: InvoiceType[]
  charities?: Charity[]
  default_love_code?: string | null
  relate_number_prefix?: string
  auto_void_on_cancel?: boolean
  auto_allowance_on_refund?: boolean
  auto_allowance_on_return?: boolean
  auto_allowance_on_edit?: boolean
  edit_correction?: PublicSettings["edit_correction"]
  allowance_agreement?: PublicSettings["allowance_agreement"]
  notify_by_medusa?: boolean
  notification_template?: string
  item_word?: string
  invoice_remark?: string | null
  currency_rates?: CurrencyRate[]
}

export interface Actor {
  type: "user" | "customer" | "system" | "ecpay"
  id?: string | null
}

export interface RecordEventInput {
  action: string
  einvoice_id?: string | null
  order_id?: string | null
  allowance_id?: string | null
  success?: boolean
  actor?: Actor
  reason?: string | null
  rtn_code?: string | number | null
  rtn_msg?: string | null
  data?: Record<string, unknown> | null
}

/** Fields that the plugin options can pin; the admin shows them as "set by configuration". */
const OPTION_FIELDS: Array<[keyof EinvoicePluginOptions, keyof SettingsUpdate]> = [
  ["merchantId", "merchant_id"],
  ["hashKey", "hash_key"],
  ["hashIV", "hash_iv"],
  ["environment", "environment"],
  ["baseUrl", "base_url"],
]

export default class EinvoiceModuleService extends MedusaService({
  Einvoice,
  EinvoiceAllowance,
  EinvoiceEvent,
  EinvoiceSetting,
  EinvoicePreference,
  EinvoiceCheckWindow,
}) {
  protected readonly options_: EinvoicePluginOptions
  private readonly onlineCheckLimits_: OnlineCheckLimits
  private readonly secretBox_: SecretBox | null
  private readonly container_: Record<string, unknown>
  /**
   * Every call to ECPay about an invoice or an allowance passes through it: at most `ecpayConcurrency`
   * (plugin option) at once from this process, however many events, jobs and requests want one.
   */
  readonly ecpayCalls: ConcurrencyGate

  constructor(container: Record<string, unknown>, options: EinvoicePluginOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.container_ = container
    this.options_ = options ?? {}
    const secret = this.options_.secretKey || process.env.EINVOICE_SECRET_KEY
    const previous = this.options_.previousSecretKeys ?? splitKeyList(process.env.EINVOICE_PREVIOUS_SECRET_KEYS)
    this.secretBox_ = secret ? new SecretBox(secret, previous) : null
    this.onlineCheckLimits_ = onlineCheckLimits(this.options_.onlineChecks)
    this.ecpayCalls = new ConcurrencyGate(ecpayConcurrency(this.options_.ecpayConcurrency))
  }

  /** The limits on shoppers' online checks (plugin option `onlineChecks` over the defaults). */
  getOnlineCheckLimits(): OnlineCheckLimits {
    return this.onlineCheckLimits_
  }

  getPluginOptions(): Readonly<Omit<EinvoicePluginOptions, "hashKey" | "hashIV" | "secretKey" | "previousSecretKeys">> {
    const { hashKey: _k, hashIV: _i, secretKey: _s, previousSecretKeys: _p, ...rest } = this.options_
    return rest
  }

  /**
   * How this process is deployed, from Medusa's config: its worker mode and default locking provider, and
   * whether it runs split with the in-memory lock (the module's loader logs the same at start-up).
   */
  deploymentCheck(): DeploymentCheck {
    let config: DeploymentConfig | undefined
    try {
      config = this.container_[ContainerRegistrationKeys.CONFIG_MODULE] as DeploymentConfig | undefined
    } catch {
      // Not registered (a bare module container): nothing known beyond the environment.
    }
    return checkDeployment(config, process.env)
  }

  /** Where ECPay posts the buyer's answer to an online allowance, or null when the store's URL is unknown. */
  allowanceCallbackUrl(): string | null {
    const base = (this.options_.backendUrl || process.env.MEDUSA_BACKEND_URL || "").trim().replace(/\/+$/, "")
    return /^https?:\/\/[\x21-\x7e]+$/.test(base) ? `${base}${ALLOWANCE_CALLBACK_PATH}` : null
  }

  // ---------------------------------------------------------------- settings

  /** The settings as any caller may see them (HashKey/HashIV reduced to set / not set). */
  @InjectManager()
  async retrieveSettings(@MedusaContext() sharedContext: Context = {}): Promise<PublicSettings> {
    return await this.toPublicSettings(await this.loadSettingsRow(sharedContext), sharedContext)
  }

  @InjectManager()
  async updateSettings(
    update: SettingsUpdate,
    actor: Actor = { type: "system" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<PublicSettings> {
    const row = await this.updateSettings_(update, actor, sharedContext)
    return await this.toPublicSettings(row, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateSettings_(
    update: SettingsUpdate,
    actor: Actor,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SettingsRow> {
    await this.loadSettingsRow(sharedContext)
    const pinned = this.pinnedFields()
    const blocked = Object.keys(update).filter(
      (field) => pinned.includes(field) && (update as Record<string, unknown>)[field] !== undefined
    )
    if (blocked.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `${blocked.join(", ")}: set by the plugin configuration and cannot be changed here`
      )
    }
    const { hash_key, hash_iv, ...plain } = update
    const data: Record<string, unknown> = { ...plain }
    if (hash_key !== undefined) {
      data.hash_key_encrypted = hash_key === null ? null : await this.seal(SETTINGS_ID, "hash_key", hash_key)
    }
    if (hash_iv !== undefined) {
      data.hash_iv_encrypted = hash_iv === null ? null : await this.seal(SETTINGS_ID, "hash_iv", hash_iv)
    }
    const updated = await this.updateEinvoiceSettings({ id: SETTINGS_ID, ...data }, sharedContext)
    await this.createEinvoiceEvents(
      this.eventRow({
        action: "settings.updated",
        actor,
        data: {
          changed: Object.keys(update),
          ...redactSecrets(update as Record<string, unknown>),
        },
      }),
      sharedContext
    )
    return updated as SettingsRow
  }

  /**
   * The credentials to call ECPay with, decrypted; options win over stored values. `null` when
   * incomplete; a 400 (never a 500) when a stored value cannot be decrypted. Never return this from an API
   * route.
   */
  @InjectManager()
  async getCredentials(@MedusaContext() sharedContext: Context = {}): Promise<EcpayCredentials | null> {
    const state = await this.resolveCredentials(sharedContext)
    if (state.kind === "unreadable") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, state.message, CREDENTIALS_UNREADABLE_CODE)
    }
    return state.kind === "ready" ? state.credentials : null
  }

  /**
   * Whether ECPay can be called: the credentials (ready), some missing (incomplete), or stored ones that
   * no configured secret key opens (unreadable: the key changed and the old one is not among
   * `previousSecretKeys`; the merchant must enter them again). A value opened with a previous key is sealed
   * again with the current one (key rotation).
   */
  @InjectManager()
  async resolveCredentials(@MedusaContext() sharedContext: Context = {}): Promise<CredentialsState> {
    return await this.credentialsOf(await this.loadSettingsRow(sharedContext), sharedContext)
  }

  /**
   * The credentials and the end of the store-wide ECPay pause (null when it is off), from one read of the
   * settings row: what an operation checks before it calls ECPay.
   */
  @InjectManager()
  async resolveCallState(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ credentials: CredentialsState; paused_until: Date | null }> {
    const row = await this.loadSettingsRow(sharedContext)
    return {
      credentials: await this.credentialsOf(row, sharedContext),
      paused_until: activePause(row.ecpay_paused_until as Date | string | null | undefined),
    }
  }

  private async credentialsOf(row: SettingsRow, sharedContext: Context): Promise<CredentialsState> {
    const merchantId = this.options_.merchantId || row.merchant_id
    const hashKey = this.options_.hashKey ? { value: this.options_.hashKey } : await this.openStored(row, "hash_key", sharedContext)
    const hashIV = this.options_.hashIV ? { value: this.options_.hashIV } : await this.openStored(row, "hash_iv", sharedContext)
    const unreadable = (["hash_key", "hash_iv"] as const).filter((_, index) => [hashKey, hashIV][index]!.unreadable)
    if (unreadable.length) {
      return { kind: "unreadable", fields: unreadable, code: CREDENTIALS_UNREADABLE_CODE, message: CREDENTIALS_UNREADABLE_MESSAGE }
    }
    if (!merchantId || !hashKey.value || !hashIV.value) {
      return { kind: "incomplete" }
    }
    return {
      kind: "ready",
      credentials: {
        merchantId,
        hashKey: hashKey.value,
        hashIV: hashIV.value,
        environment: this.options_.environment || row.environment,
        baseUrl: this.options_.baseUrl || row.base_url || null,
      },
    }
  }

  private async loadSettingsRow(sharedContext: Context): Promise<SettingsRow> {
    const [row] = await this.listEinvoiceSettings({ id: SETTINGS_ID }, {}, sharedContext)
    if (row) {
      return row
    }
    try {
      return (await this.createEinvoiceSettings({ id: SETTINGS_ID }, sharedContext)) as SettingsRow
    } catch (error) {
      // Another request created the singleton first.
      const [again] = await this.listEinvoiceSettings({ id: SETTINGS_ID }, {}, sharedContext)
      if (again) {
        return again
      }
      throw error
    }
  }

  // ------------------------------------------------------------ ECPay pause

  /**
   * The end of the store-wide ECPay pause while it is on, else null. Read before every ECPay call, from
   * the database, so every process (server, worker) sees a pause that any of them started.
   */
  @InjectManager()
  async ecpayPausedUntil(@MedusaContext() sharedContext: Context = {}): Promise<Date | null> {
    const manager = sharedContext.manager as unknown as SqlManager
    const [row] = await manager.execute(`select ecpay_paused_until from ecpay_einvoice_setting where id = ? and deleted_at is null`, [
      SETTINGS_ID,
    ])
    return activePause(row?.ecpay_paused_until as Date | string | null | undefined)
  }

  /**
   * ECPay answered HTTP 403: pauses every call to ECPay for the plugin option `rateLimitPauseMinutes`
   * (ECPay's 30 minutes by default), and answers when the pause ends. One UPDATE that only moves the end
   * later, so 403s in several processes at once agree on the latest end; a pause that starts is audited.
   */
  @InjectManager()
  async pauseEcpay(input: { operation?: string | null; actor?: Actor } = {}, @MedusaContext() sharedContext: Context = {}): Promise<Date> {
    const until = pauseEnd(new Date(), pauseLengthMs(this.options_.rateLimitPauseMinutes))
    const manager = sharedContext.manager as unknown as SqlManager
    const moved = await manager.execute(
      `update ecpay_einvoice_setting set ecpay_paused_until = ? where id = ? and deleted_at is null and (ecpay_paused_until is null or ecpay_paused_until < ?) returning id`,
      [until, SETTINGS_ID, until]
    )
    if (!moved.length) {
      // Another call (in this or another process) paused until later already.
      return (await this.ecpayPausedUntil(sharedContext)) ?? until
    }
    await this.createEinvoiceEvents(
      this.eventRow({
        action: "ecpay.paused",
        success: false,
        actor: input.actor,
        rtn_code: "http_403",
        data: { until: until.toISOString(), operation: input.operation ?? null },
      }),
      sharedContext
    )
    return until
  }

  // ---------------------------------------------------------- retry job lease

  /**
   * Takes (or, for its holder, renews) the retry job's lease for `seconds`: one UPDATE that succeeds only
   * when the lease is free, has run out, or is `owner`'s already, so one run at a time holds it across
   * every process, and a run whose process died frees it when its time runs out. True when `owner` holds it.
   */
  @InjectManager()
  async takeRetryLease(owner: string, seconds: number, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    // The settings row may not exist yet in a store that never saved its settings.
    await this.loadSettingsRow(sharedContext)
    const manager = sharedContext.manager as unknown as SqlManager
    const taken = await manager.execute(
      `update ecpay_einvoice_setting set retry_lease_owner = ?, retry_lease_until = now() + make_interval(secs => ?)
       where id = ? and deleted_at is null and (retry_lease_until is null or retry_lease_until < now() or retry_lease_owner = ?)
       returning id`,
      [owner, seconds, SETTINGS_ID, owner]
    )
    return taken.length > 0
  }

  /** Gives the retry job's lease back, if `owner` still holds it. */
  @InjectManager()
  async releaseRetryLease(owner: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as unknown as SqlManager
    await manager.execute(
      `update ecpay_einvoice_setting set retry_lease_owner = null, retry_lease_until = null where id = ? and retry_lease_owner = ?`,
      [SETTINGS_ID, owner]
    )
  }

  // ------------------------------------------------------- online check quota

  /**
   * Counts one online check against each window, the narrowest first, and stops at the first one that is
   * full: then nothing may be sent, and `retryAfterSeconds` says when that window ends. One atomic upsert per
   * window, so every process counts against the same limits.
   */
  @InjectManager()
  async takeOnlineCheckQuota(
    windows: CheckWindow[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ allowed: true } | { allowed: false; key: string; retryAfterSeconds: number }> {
    const manager = sharedContext.manager as unknown as SqlManager
    for (const window of windows) {
      const [row] = await manager.execute(
        `insert into ecpay_einvoice_check_window as w (id, calls, window_ends_at) values (?, 1, now() + make_interval(secs => ?))
         on conflict (id) do update set
           calls = case when w.window_ends_at <= now() then 1 else w.calls + 1 end,
           window_ends_at = case when w.window_ends_at <= now() then excluded.window_ends_at else w.window_ends_at end,
           updated_at = now()
         returning calls, extract(epoch from (window_ends_at - now())) as seconds_left`,
        [window.key, window.windowSeconds]
      )
      if (Number(row!.calls) > window.limit) {
        return { allowed: false, key: window.key, retryAfterSeconds: Math.max(1, Math.ceil(Number(row!.seconds_left))) }
      }
    }
    return { allowed: true }
  }

  /** Deletes the check counters whose window ended over an hour ago; answers how many. */
  @InjectManager()
  async pruneOnlineCheckWindows(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.manager as unknown as SqlManager
    const deleted = await manager.execute(
      `delete from ecpay_einvoice_check_window where window_ends_at < now() - interval '1 hour' returning id`,
      []
    )
    return deleted.length
  }

  private pinnedFields(): string[] {
    return OPTION_FIELDS.filter(([option]) => !!this.options_[option]).map(([, field]) => field)
  }

  private async toPublicSettings(row: SettingsRow, sharedContext: Context): Promise<PublicSettings> {
    const secrets = await this.secretStates(row, sharedContext)
    return {
      id: row.id,
      enabled: row.enabled,
      environment: this.options_.environment || row.environment,
      merchant_id: this.options_.merchantId || row.merchant_id,
      hash_key: secrets.hash_key,
      hash_iv: secrets.hash_iv,
      base_url: this.options_.baseUrl || row.base_url,
      tax_type: row.tax_type,
      clearance_mark: row.clearance_mark,
      zero_tax_rate_reason: row.zero_tax_rate_reason,
      issue_mode: row.issue_mode,
      issue_trigger: row.issue_trigger,
      issue_delay_days: row.issue_delay_days,
      enabled_types: ((row.enabled_types as InvoiceType[] | null) ?? [...INVOICE_TYPES]).filter((type) =>
        (INVOICE_TYPES as readonly string[]).includes(type)
      ),
      charities: (row.charities as Charity[] | null) ?? [],
      default_love_code: row.default_love_code,
      relate_number_prefix: row.relate_number_prefix,
      auto_void_on_cancel: row.auto_void_on_cancel,
      auto_allowance_on_refund: row.auto_allowance_on_refund,
      auto_allowance_on_return: row.auto_allowance_on_return,
      auto_allowance_on_edit: row.auto_allowance_on_edit,
      edit_correction: row.edit_correction,
      allowance_agreement: row.allowance_agreement,
      notify_by_medusa: row.notify_by_medusa,
      notification_template: row.notification_template,
      item_word: row.item_word,
      invoice_remark: row.invoice_remark,
      currency_rates: (row.currency_rates as CurrencyRate[] | null) ?? [],
      configured_by_options: this.pinnedFields(),
    }
  }

  private async secretStates(row: SettingsRow, sharedContext: Context): Promise<Record<SecretField, SecretState>> {
    const state = async (field: SecretField, option: string | undefined): Promise<SecretState> => {
      if (option) {
        return "set_by_configuration"
      }
      const opened = await this.openStored(row, field, sharedContext)
      return opened.unreadable ? "unreadable" : opened.value ? "set" : "not_set"
    }
    return { hash_key: await state("hash_key", this.options_.hashKey), hash_iv: await state("hash_iv", this.options_.hashIV) }
  }

  private async seal(settingsId: string, field: SecretField, plaintext: string): Promise<string> {
    if (!this.secretBox_) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        'HashKey and HashIV can only be stored when a secret key is configured (plugin option "secretKey" or env EINVOICE_SECRET_KEY)'
      )
    }
    return await this.secretBox_.seal(plaintext, sealedPlace(settingsId, field))
  }

  /**
   * A stored secret, decrypted; `unreadable` when no configured key opens it. Opened with a previous key
   * (or stored in the old format), it is sealed again with the current key, unless it changed meanwhile.
   */
  private async openStored(
    row: SettingsRow,
    field: SecretField,
    sharedContext: Context
  ): Promise<{ value: string | null; unreadable?: boolean }> {
    const sealed = row[`${field}_encrypted`]
    if (!sealed) {
      return { value: null }
    }
    if (!this.secretBox_) {
      return { value: null, unreadable: true }
    }
    let opened: OpenedSecret
    try {
      opened = await this.secretBox_.open(sealed, sealedPlace(row.id, field))
    } catch (error) {
      if (error instanceof SecretBoxError) {
        return { value: null, unreadable: true }
      }
      throw error
    }
    if (opened.stale) {
      const resealed = await this.secretBox_.seal(opened.plaintext, sealedPlace(row.id, field))
      const manager = sharedContext.manager as unknown as SqlManager
      const moved = await manager.execute(
        `update ecpay_einvoice_setting set ${field}_encrypted = ? where id = ? and ${field}_encrypted = ? returning id`,
        [resealed, row.id, sealed]
      )
      if (moved.length) {
        await this.createEinvoiceEvents(this.eventRow({ action: "settings.secret_resealed", data: { field } }), sharedContext)
      }
    }
    return { value: opened.plaintext }
  }

  // ------------------------------------------------------- state transitions

  /**
   * Moves an invoice to `to`, with `patch` applied in the same transaction, under a row lock.
   * Refuses transitions that `INVOICE_TRANSITIONS` does not allow (e.g. issued → pending,
   * voided → voided).
   */
  @InjectManager()
  async transitionInvoice(
    id: string,
    to: EinvoiceStatus,
    patch: Record<string, unknown> = {},
    /** The audit entry of the transition, written in the same transaction. */
    event: RecordEventInput | null = null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvoiceRow> {
    return await this.transitionInvoice_(id, to, patch, event, sharedContext)
  }

  @InjectTransactionManager()
  protected async transitionInvoice_(
    id: string,
    to: EinvoiceStatus,
    patch: Record<string, unknown>,
    event: RecordEventInput | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvoiceRow> {
    const from = await this.lockStatus("ecpay_einvoice", id, "Invoice", sharedContext)
    assertTransition(INVOICE_TRANSITIONS, "Invoice", id, from as EinvoiceStatus, to)
    const updated = await this.updateEinvoices({ ...patch, id, status: to }, sharedContext)
    if (event) {
      await this.createEinvoiceEvents(this.eventRow(event), sharedContext)
    }
    return updated as InvoiceRow
  }

  /** Updates an invoice row and records an audit entry about it, in one transaction. */
  @InjectManager()
  async updateInvoiceWithEvent(
    id: string,
    patch: Record<string, unknown>,
    event: RecordEventInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvoiceRow> {
    return await this.updateInvoiceWithEvent_(id, patch, event, sharedContext)
  }

  @InjectTransactionManager()
  protected async updateInvoiceWithEvent_(
    id: string,
    patch: Record<string, unknown>,
    event: RecordEventInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<InvoiceRow> {
    const updated = await this.updateEinvoices({ ...patch, id }, sharedContext)
    await this.createEinvoiceEvents(this.eventRow(event), sharedContext)
    return updated as InvoiceRow
  }

  @InjectManager()
  async transitionAllowance(
    id: string,
    to: AllowanceStatus,
    patch: Record<string, unknown> = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AllowanceRow> {
    return await this.transitionAllowance_(id, to, patch, sharedContext)
  }

  @InjectTransactionManager()
  protected async transitionAllowance_(
    id: string,
    to: AllowanceStatus,
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AllowanceRow> {
    const from = await this.lockStatus("ecpay_einvoice_allowance", id, "Allowance", sharedContext)
    assertTransition(ALLOWANCE_TRANSITIONS, "Allowance", id, from as AllowanceStatus, to)
    if (to === "failed" && from !== "failed") {
      // Nothing exists at ECPay: the request's key is given back, so the same request may be tried again.
      const { idempotency_key } = await this.retrieveEinvoiceAllowance(id, { select: ["idempotency_key"] }, sharedContext)
      patch = { ...patch, idempotency_key: releasedKey(idempotency_key, id) }
    }
    await this.updateEinvoiceAllowances({ ...patch, id, status: to }, sharedContext)
    return await this.retrieveEinvoiceAllowance(id, {}, sharedContext)
  }

  /** Reads a row's status with `FOR UPDATE`, so concurrent transitions of one row serialise. */
  private async lockStatus(table: string, id: string, label: string, sharedContext: Context): Promise<string> {
    const manager = sharedContext.transactionManager as {
      execute: (sql: string, params: unknown[]) => Promise<Array<{ status: string }>>
    }
    const rows = await manager.execute(`select status from "${table}" where id = ? and deleted_at is null for update`, [id])
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `${label} ${id} was not found`)
    }
    return rows[0].status
  }

  // -------------------------------------------------------------- operations
  // Each ECPay operation loads its row, calls ECPay, classifies the outcome once, transitions and
  // audits (see ./operations); workflows call these methods from thin steps.

  /**
   * Whether automatic issuing acts on this event at all (invoicing on, automatic, on this trigger): the
   * subscribers ask before running the issue workflow, so that an event that issues nothing costs one
   * settings read instead of the order's lock and load.
   */
  async issuesAutomaticallyOn(trigger: AutomaticTrigger): Promise<boolean> {
    const settings = await this.retrieveSettings()
    return settings.enabled && autoIssuePlan(settings, trigger) !== null
  }

  /** Writes (or reuses) the pending invoice and the exact payload before ECPay is called. */
  prepareIssue(input: PrepareIssueInput) {
    return prepareIssue(this, input)
  }

  /** Issues the prepared invoice at ECPay exactly once (reconciling by RelateNumber). */
  submitIssue(input: SubmitIssueInput) {
    return submitIssue(this, input)
  }

  /** Voids the order's issued invoice at ECPay. */
  voidInvoice(input: VoidInvoiceInput) {
    return voidInvoice(this, input)
  }

  /** Checks an allowance (折讓) request and writes the pending allowance with its exact Items before ECPay is called. */
  prepareAllowance(input: PrepareAllowanceInput) {
    return prepareAllowance(this, input)
  }

  /** Sends a prepared allowance to ECPay (paper or online agreement) and records the outcome. */
  submitAllowance(input: SubmitAllowanceInput) {
    return submitAllowance(this, input)
  }

  /**
   * The compensation of prepareAllowance: fails a prepared allowance whose request never left for ECPay;
   * one that did stays pending (unknown outcome, amount reserved) until sync settles it.
   */
  markAllowanceInterrupted(allowanceId: string) {
    return markAllowanceInterrupted(this, allowanceId)
  }

  /** Invoices whose paper allowances have an unknown outcome, due for a sync (the retry job runs it). */
  invoicesWithUnknownAllowances(now?: Date, limit?: number) {
    return invoicesWithUnknownAllowances(this, now, limit)
  }

  /** Voids an issued allowance, or cancels an online one the buyer has not answered, at ECPay. */
  voidAllowance(input: VoidAllowanceInput) {
    return voidAllowance(this, input)
  }

  /** Records the buyer's answer to an online allowance that ECPay posted (CheckMacValue and MerchantID verified). */
  recordAllowanceAnswer(input: AllowanceAnswerInput) {
    return recordAllowanceAnswer(this, input)
  }

  /** How much of the order's refunds still needs an allowance, when the store allows on refund. */
  planRefundAllowance(input: PlanRefundAllowanceInput) {
    return planRefundAllowance(this, input)
  }

  /** What a return, exchange, claim or order edit owes the order's issued invoice, when the store allows on them. */
  planOrderChangeAllowance(input: PlanOrderChangeAllowanceInput) {
    return planOrderChangeAllowance(this, input)
  }

  /** Writes the additional invoice an order change calls for, pending, once per change (nothing reaches ECPay). */
  recordAdditionalInvoice(input: Parameters<typeof recordAdditionalInvoice>[1]) {
    return recordAdditionalInvoice(this, input)
  }

  /** Issues the order's additional invoices that are due (paid for, or waiting for their retry). */
  issueAdditionalInvoices(input: Parameters<typeof issueAdditionalInvoices>[1]) {
    return issueAdditionalInvoices(this, input)
  }

  /** A canceled order's additional invoices: voided (issued) or dropped (waiting for payment), when the store voids on cancel. */
  settleCanceledAdditionalInvoices(input: Parameters<typeof settleCanceledAdditionalInvoices>[1]) {
    return settleCanceledAdditionalInvoices(this, input)
  }

  /** The order's additional invoices (what order changes added after issuing), oldest first. */
  listAdditionalInvoices(orderId: string) {
    return listAdditionalInvoices(this, orderId)
  }

  /** Of these order changes, those no allowance or recorded decision answers yet (the retry job's catch-up). */
  orderChangesOwingAllowances<T extends OrderChangeRef>(changes: readonly T[]) {
    return orderChangesOwingAllowances(this, changes)
  }

  /** Of these refunds, the orders whose issued invoice still owes one of them an allowance (the retry job's catch-up). */
  ordersOwingRefundAllowances(
    refunds: ReadonlyArray<{ order_id: string; refund_id: string }>,
    loadOrders: (orderIds: string[]) => Promise<Map<string, PlanRefundAllowanceInput["order"]>>
  ) {
    return ordersOwingRefundAllowances(this, refunds, loadOrders)
  }

  /** Corrects an issued invoice's buyer data by void-and-reissue under the same number (VoidWithReIssue). */
  reissueInvoice(input: ReissueInvoiceInput) {
    return reissueInvoice(this, input)
  }

  /** Has ECPay send the buyer the invoice's issue (or void) notice again (InvoiceNotify). */
  resendNotification(input: ResendNotificationInput) {
    return resendNotification(this, input)
  }

  /** The address of ECPay's printable proof of the order's invoice (InvoicePrint), for invoices that need paper. */
  openPrintPage(input: OpenPrintPageInput) {
    return openPrintPage(this, input)
  }

  /** Records that these invoices' paper proofs were printed, and by whom (nothing is sent to ECPay). */
  markPrinted(input: MarkPrintedInput) {
    return markPrinted(this, input)
  }

  /** Sets the printed mark unless one is there (true when this call set it): two processes never both mark. */
  @InjectManager()
  async markPrintedOnce(id: string, at: Date, by: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const manager = sharedContext.manager as unknown as SqlManager
    const rows = await manager.execute(
      `update ecpay_einvoice set printed_at = ?, printed_by = ?, updated_at = now() where id = ? and printed_at is null and deleted_at is null returning id`,
      [at, by, id]
    )
    return rows.length > 0
  }

  /** Refreshes an invoice and its allowances from ECPay. */
  syncInvoice(input: SyncInvoiceInput) {
    return syncInvoice(this, input)
  }

  /** Proves the saved credentials with a harmless GetIssue, and audits the answer. */
  testConnection(input: { actor: Actor }) {
    return testConnection(this, input)
  }

  /** ECPay's online check of a well-formed carrier number, love code or tax ID (fail-open). */
  checkValueOnline(input: Parameters<typeof checkValueOnline>[1]) {
    return checkValueOnline(this, input)
  }

  /** Sends the shopper Medusa's notification about the issued invoice, when the store turned it on. */
  notifyInvoiceIssued(input: NotifyIssuedInput) {
    return notifyInvoiceIssued(this, input)
  }

  /** What a canceled order's issued invoice needs (void, allowance or nothing). */
  planCancelSettlement(input: PlanCancelSettlementInput) {
    return planCancelSettlement(this, input)
  }

  /** The order's invoices, newest first, each with its allowances. */
  listOrderInvoices(orderId: string) {
    return listOrderInvoices(this, orderId)
  }

  /** The invoice choice of an order: its own, else its cart's, else the default member carrier. */
  resolveOrderChoice(orderId: string, cartId: string | null) {
    return resolveOrderChoice(this, orderId, cartId)
  }

  /** Copies the cart's choice to its order and remembers it for the customer. */
  attachChoiceToOrder(input: { order_id: string; cart_id: string | null; customer_id: string | null }) {
    return attachChoiceToOrder(this, input)
  }

  storeCartChoice(input: Parameters<typeof storeCartChoice>[1]) {
    return storeCartChoice(this, input)
  }

  storeOrderChoice(orderId: string, choice: Parameters<typeof storeOrderChoice>[2]) {
    return storeOrderChoice(this, orderId, choice)
  }

  // ------------------------------------------------------------------- audit

  @InjectManager()
  async recordEvent(input: RecordEventInput, @MedusaContext() sharedContext: Context = {}) {
    return await this.createEinvoiceEvents(this.eventRow(input), sharedContext)
  }

  private eventRow(input: RecordEventInput) {
    return {
      action: input.action,
      einvoice_id: input.einvoice_id ?? null,
      order_id: input.order_id ?? null,
      allowance_id: input.allowance_id ?? null,
      success: input.success ?? true,
      actor_type: input.actor?.type ?? "system",
      actor_id: input.actor?.id ?? null,
      reason: input.reason ?? null,
      rtn_code: input.rtn_code === undefined || input.rtn_code === null ? null : String(input.rtn_code),
      rtn_msg: input.rtn_msg ?? null,
      data: input.data ? redactSecrets(input.data) : null,
    }
  }
}

function assertTransition<S extends string>(table: Record<S, readonly S[]>, label: string, id: string, from: S, to: S) {
  if (!table[from]?.includes(to)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      from === to ? `${label} ${id} is already ${from}` : `${label} ${id} is ${from} and cannot become ${to}`
    )
  }
}

/** The key a failed allowance keeps, so that its original key is free for the same request again. */
function releasedKey(key: string, id: string): string {
  return key.includes("#failed:") ? key : `${key}#failed:${id}`
}
