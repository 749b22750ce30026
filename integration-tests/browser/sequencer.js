/**
 * The order of the browser spec files (jest --testSequencer): the admin specs in alphabetical order,
 * then checkout.spec.ts, whose demo the global setup starts first and which gets ready in the
 * background while the admin specs run. ./global-setup.ts starts the admin specs' stores in this order.
 */
const path = require("node:path")
const Sequencer = require("@jest/test-sequencer").default

const LAST = "checkout"

/** Spec file name → its key ("settings" for settings.spec.ts). */
function specKey(file) {
  return path.basename(file).replace(/\.spec\.[jt]s$/, "")
}

function compareSpecs(a, b) {
  const [ka, kb] = [specKey(a), specKey(b)]
  return (ka === LAST) - (kb === LAST) || ka.localeCompare(kb)
}

class BrowserSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => compareSpecs(a.path, b.path))
  }
}

module.exports = BrowserSequencer
module.exports.specKey = specKey
module.exports.compareSpecs = compareSpecs
module.exports.CHECKOUT_KEY = LAST
