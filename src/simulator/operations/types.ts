import type { Fields } from "../rules"
import type { SimulatorStore } from "../state"

/** Everything an operation handler may use. Handlers are synchronous, so each one is atomic. */
export interface OperationContext {
  merchantId: string
  /** the decrypted request `Data` */
  data: Fields
  now: Date
  store: SimulatorStore
  /** base URL of this simulator, for links such as InvoicePrint's InvoiceHtml */
  baseUrl: string
  /** how long after a document's date it counts as uploaded to MOF (Upload_Status 1) */
  uploadDelayMs: number
}

export type OperationReply = { RtnCode: number; RtnMsg: string } & Record<string, unknown>

export type OperationHandler = (ctx: OperationContext) => OperationReply
