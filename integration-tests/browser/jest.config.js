/**
 * `npm run test:browser`: the repository's jest config for TEST_TYPE=browser, plus the suite's global
 * setup and teardown (one plugin build, one store build and template database, a store per admin
 * spec, the checkout spec's demo started first) and the spec order (./sequencer.js).
 */
const path = require("node:path")

process.env.TEST_TYPE = "browser"
const base = require("../../jest.config.js")

module.exports = {
  ...base,
  rootDir: path.resolve(__dirname, "../.."),
  globalSetup: "<rootDir>/integration-tests/browser/global-setup.ts",
  globalTeardown: "<rootDir>/integration-tests/browser/global-teardown.ts",
  testSequencer: "<rootDir>/integration-tests/browser/sequencer.js",
}
