import { Module } from "@medusajs/framework/utils"
import EinvoiceModuleService from "./service"
import deploymentCheckLoader from "./loaders/deployment-check"

export const EINVOICE_MODULE = "ecpayEinvoice"

export default Module(EINVOICE_MODULE, {
  service: EinvoiceModuleService,
  loaders: [deploymentCheckLoader],
})

export { EinvoiceModuleService }
export * from "./types"
