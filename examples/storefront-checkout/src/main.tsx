import { createRoot } from "react-dom/client"
import { CheckoutPage, type CheckoutConfig } from "./CheckoutPage"

declare global {
  interface Window {
    __CHECKOUT_CONFIG__?: CheckoutConfig
  }
}

const config = window.__CHECKOUT_CONFIG__
const root = createRoot(document.getElementById("root")!)
if (!config?.backendUrl || !config.publishableKey) {
  root.render(<p className="page-error">Missing store configuration (backendUrl, publishableKey, regionId).</p>)
} else {
  root.render(<CheckoutPage config={config} />)
}
