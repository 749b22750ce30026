/** The types of ./sequencer.js (CommonJS: jest loads it as the suite's --testSequencer). */
import Sequencer from "@jest/test-sequencer"

declare class BrowserSequencer extends Sequencer {}

declare namespace BrowserSequencer {
  /** Spec file name → its key ("settings" for settings.spec.ts). */
  function specKey(file: string): string
  /** The spec order: the admin specs alphabetically, the checkout spec last. */
  function compareSpecs(a: string, b: string): number
  /** The checkout spec's key: its spec runs last. */
  const CHECKOUT_KEY: string
}

export = BrowserSequencer
