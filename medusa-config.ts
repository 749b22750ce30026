// Test-only Medusa app config: loads the plugin from source (./src) for the integration tests.
// Stores install the built plugin through `plugins: [...]` instead; see the README.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "test", process.cwd())

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
    },
  },
  admin: { disable: true },
  modules: [
    {
      resolve: "./src/modules/einvoice",
      options: { secretKey: process.env.EINVOICE_SECRET_KEY },
    },
    {
      // The system provider stays registered; "autocapture" captures at checkout, for the tests of
      // orders that are paid when placed.
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [{ resolve: `${process.cwd()}/integration-tests/providers/autocapture-payment`, id: "autocapture" }],
      },
    },
    {
      // Stands in for a store's e-mail provider: notifications on the "email" channel are recorded.
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email", "feed"] } }],
      },
    },
  ],
})
