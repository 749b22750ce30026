/**
 * Keeps the example's copy of the store API types (src/einvoice-api.ts, copied so the example stands
 * alone) equal to the plugin's own (src/api/types.ts). Compiled by `npm run typecheck` (this folder is
 * in the example's tsconfig); nothing here runs. A field added, dropped, renamed or retyped on either
 * side fails the typecheck here, naming the type. Not part of the example: leave it out when copying.
 */
import type * as Api from "../../../src/api/types"
import type * as Example from "../src/einvoice-api"

/**
 * `true` when A and B have the same fields (optional ones too) and take each other's values;
 * otherwise a description of the difference, which the compiler prints.
 */
type Same<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : { differs: "the plugin's values do not fit the example's type"; fields: Mismatched<B, A> }
    : { differs: "the example's values do not fit the plugin's type"; fields: Mismatched<A, B> }
  : { differs: "not the same fields"; only_in_example: Exclude<keyof A, keyof B>; only_in_plugin: Exclude<keyof B, keyof A> }

/** The fields of A whose values do not fit B's. */
type Mismatched<A, B> = { [K in keyof A & keyof B]: [A[K]] extends [B[K]] ? never : K }[keyof A & keyof B]

/** Fails to compile unless its argument is `true`. */
type Check<T extends true> = T

type Element<T> = T extends ReadonlyArray<infer E> ? E : never

export type StoreApiTypes = [
  Check<Same<Example.InvoiceType, Api.InvoiceType>>,
  Check<Same<Example.Charity, Api.Charity>>,
  Check<Same<Example.EinvoiceConfig, Api.StoreEinvoiceConfigResponse>>,
  Check<Same<Example.CheckedValueType, Api.StoreValidateInvoiceValueBody["type"]>>,
  Check<Same<Example.ValueCheck, Api.StoreValidateInvoiceValueResponse>>,
  Check<Same<Example.InvoiceChoiceInput, Api.StoreSetCartEinvoiceBody>>,
  Check<Same<Example.StoredChoice, Api.StoredChoice>>,
  Check<Same<Example.ShopperMessage, Api.ShopperFieldError>>,
  Check<Same<Example.CartChoice, Api.StoreCartEinvoiceResponse>>,
  Check<Same<Example.SavedChoice, Api.StoreSetCartEinvoiceResponse>>,
  Check<Same<Example.ShopperAllowance, Api.ShopperAllowance>>,
  Check<Same<Example.ShopperInvoice, Api.ShopperInvoice>>,
  Check<Same<Element<Example.ShopperInvoice["allowances"]>, Element<Api.ShopperInvoice["allowances"]>>>,
  Check<Same<Example.OrderInvoice, Api.StoreOrderEinvoiceResponse>>,
  Check<Same<Extract<Example.SaveChoiceResult, { ok: false }>["errors"], Api.StoreInvalidDataResponse["errors"]>>,
]
