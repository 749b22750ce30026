const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const base = {
  transform: {
    "^.+\\.[jt]sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, target: "es2021" } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.demo/"],
  setupFiles: ["./integration-tests/setup.js"],
  testTimeout: 60000,
}

const suites = {
  unit: {
    testMatch: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/scripts/**/__tests__/**/*.unit.spec.[jt]s"],
    // ECPay's stage service is reached only on request (npm run test:stage): it needs the internet.
    testPathIgnorePatterns: process.env.ECPAY_STAGE_TEST === "1" ? ["/node_modules/"] : ["/node_modules/", "/stage\\.unit\\.spec\\.ts$"],
  },
  "integration:modules": {
    testMatch: ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
    testPathIgnorePatterns: ["/node_modules/", "\\.unit\\.spec\\.[jt]s$"],
  },
  "integration:http": {
    testMatch: ["**/integration-tests/http/**/*.spec.[jt]s"],
    setupFiles: [...base.setupFiles, "./integration-tests/http/capture-console.ts"],
  },
  // npm run test:fuzz: every plugin route with thousands of random requests (FUZZ_RUNS per route).
  fuzz: { testMatch: ["**/integration-tests/fuzz/**/*.spec.[jt]s"] },
  browser: { testMatch: ["**/integration-tests/browser/**/*.spec.[jt]s"], testTimeout: 600000 },
}

module.exports = { ...base, ...(suites[process.env.TEST_TYPE] || suites.unit) }
