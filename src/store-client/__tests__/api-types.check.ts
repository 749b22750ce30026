/**
 * Keeps the store client's own declarations (../types.ts, which stand alone so that the shipped .d.ts
 * needs neither zod nor @medusajs/framework) equal to the plugin's (src/api/types.ts, which the routes are
 * typed with). Compiled by `npm run typecheck`; nothing here runs. A field added, dropped, renamed or
 * retyped on either side fails the typecheck here, naming the type.
 */
import type Medusa from "@medusajs/js-sdk"
import type * as Api from "../../api/types"
import type * as Client from "../types"
import type { MedusaSdkLike } from ".."

/**
 * `true` when A and B have the same fields (optional ones too) and take each other's values;
 * otherwise a description of the difference, which the compiler prints.
 */
type Same<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : { differs: "the plugin's values do not fit the client's type"; fields: Mismatched<B, A> }
    : { differs: "the client's values do not fit the plugin's type"; fields: Mismatched<A, B> }
  : { differs: "not the same fields"; only_in_client: Exclude<keyof A, keyof B>; only_in_plugin: Exclude<keyof B, keyof A> }

/** The fields of A whose values do not fit B's. */
type Mismatched<A, B> = { [K in keyof A & keyof B]: [A[K]] extends [B[K]] ? never : K }[keyof A & keyof B]

/** Fails to compile unless its argument is `true`. */
type Check<T extends true> = T

type Element<T> = T extends ReadonlyArray<infer E> ? E : never

export type StoreApiTypes = [
  Check<Same<Client.InvoiceType, Api.InvoiceType>>,
  Check<Same<Client.Charity, Api.Charity>>,
  Check<Same<Client.ShopperFieldError, Api.ShopperFieldError>>,
  Check<Same<Client.StoreEinvoiceConfigResponse, Api.StoreEinvoiceConfigResponse>>,
  Check<Same<Client.StoreValidateInvoiceValueBody, Api.StoreValidateInvoiceValueBody>>,
  Check<Same<Client.CheckedValueType, Api.StoreValidateInvoiceValueBody["type"]>>,
  Check<Same<Client.StoreValidateInvoiceValueResponse, Api.StoreValidateInvoiceValueResponse>>,
  Check<Same<Client.StoreTooManyChecksResponse, Api.StoreTooManyChecksResponse>>,
  Check<Same<Client.InvoiceChoiceInput, Api.InvoiceChoiceInput>>,
  Check<Same<Client.StoreSetCartEinvoiceBody, Api.StoreSetCartEinvoiceBody>>,
  Check<Same<Client.StoredChoice, Api.StoredChoice>>,
  Check<Same<Client.StoreCartEinvoiceResponse, Api.StoreCartEinvoiceResponse>>,
  Check<Same<Client.StoreSetCartEinvoiceResponse, Api.StoreSetCartEinvoiceResponse>>,
  Check<Same<Client.StoreInvalidDataResponse, Api.StoreInvalidDataResponse>>,
  Check<Same<Client.AllowanceStatus, Api.AllowanceStatus>>,
  Check<Same<Client.EinvoiceStatus, Api.EinvoiceStatus>>,
  Check<Same<Client.ShopperAllowance, Api.ShopperAllowance>>,
  Check<Same<Client.ShopperInvoice, Api.ShopperInvoice>>,
  Check<Same<Element<Client.ShopperInvoice["allowances"]>, Element<Api.ShopperInvoice["allowances"]>>>,
  Check<Same<Client.StoreOrderEinvoiceResponse, Api.StoreOrderEinvoiceResponse>>,
  // A js-sdk instance is what the client takes as `sdk`.
  Check<Medusa extends MedusaSdkLike ? true : false>,
]
