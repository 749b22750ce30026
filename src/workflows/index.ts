export * from "./update-einvoice-settings"
export * from "./test-ecpay-connection"
