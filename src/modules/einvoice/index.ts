import { Module } from "@medusajs/framework/utils"
import EinvoiceModuleService from "./service"

export const EINVOICE_MODULE = "ecpayEinvoice"

export default Module(EINVOICE_MODULE, {
  service: EinvoiceModuleService,
})

export { EinvoiceModuleService }
export * from "./types"
