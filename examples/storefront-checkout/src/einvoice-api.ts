/**
 * Kept only for the demo's order script (scripts/demo/lib/orders.ts), which takes the choice's type from
 * here. The example imports the plugin's store client, `medusa-plugin-ecpay-einvoice/store`
 * (src/store-client), and has no copy of its own.
 */
export type { InvoiceChoiceInput } from "../../../src/store-client"
