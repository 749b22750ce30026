// The module's public types; they are plain data rules and live in the pure layer.
export * from "../../lib/einvoice-types"
