/**
 * When automatic issuing should happen for an event, per the store's settings (S5): on payment
 * capture (also reported as order.placed when the payment was captured at checkout), on
 * fulfillment, or on shipment; optionally N days later.
 */
export type AutomaticTrigger = "payment_captured" | "order_placed" | "fulfillment" | "shipment"

export interface AutoIssueSettings {
  issue_mode: "manual" | "automatic"
  issue_trigger: "payment_captured" | "fulfillment" | "shipment"
  issue_delay_days: number
}

const SETTING_FOR_TRIGGER: Record<AutomaticTrigger, AutoIssueSettings["issue_trigger"]> = {
  payment_captured: "payment_captured",
  order_placed: "payment_captured",
  fulfillment: "fulfillment",
  shipment: "shipment",
}

export function isAutomaticTrigger(trigger: string): trigger is AutomaticTrigger {
  return trigger in SETTING_FOR_TRIGGER
}

/** `null`: this event does not issue; otherwise when to issue (`issueAt` null = now). */
export function autoIssuePlan(
  settings: AutoIssueSettings,
  trigger: AutomaticTrigger,
  now: Date = new Date()
): { issueAt: Date | null } | null {
  if (settings.issue_mode !== "automatic" || SETTING_FOR_TRIGGER[trigger] !== settings.issue_trigger) {
    return null
  }
  const days = Math.max(0, Math.floor(settings.issue_delay_days))
  return { issueAt: days > 0 ? new Date(now.getTime() + days * 24 * 60 * 60 * 1000) : null }
}
