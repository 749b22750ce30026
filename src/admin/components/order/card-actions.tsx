import { EllipsisHorizontal } from "@medusajs/icons"
import { DropdownMenu, IconButton, Tooltip, clx } from "@medusajs/ui"
import { useRef, type MutableRefObject } from "react"
import { useTranslation } from "react-i18next"
import type { OrderEinvoiceView } from "../../lib/types"
import { useEcpayPaused } from "../ecpay-pause-notice"
import { ActionButton, useActionRunner, type ActionRunner } from "./action-button"
import { knownActions, type OrderEinvoiceActionDefinition } from "./action-registry"
import { formatTaipeiDateTime } from "./format"

/**
 * The card's actions as Medusa's sections show theirs: what the invoice needs next as buttons at the foot
 * of the card (issue or retry, correcting a refused invoice, printing an unprinted proof), everything
 * else in the "…" menu of the card's header. Both read the server's allowed actions, in its order.
 */
export function isFootAction(definition: OrderEinvoiceActionDefinition, view: OrderEinvoiceView): boolean {
  if (definition.variant === "primary" || definition.id === "correct") {
    return true
  }
  return definition.id === "print" && !view.invoice?.printed_at
}

/** Where the menu finds each action's runner (the foot renders every action's confirmation). */
export type RunnerRegistry = MutableRefObject<Map<string, ActionRunner>>

export function useRunnerRegistry(): RunnerRegistry {
  return useRef(new Map<string, ActionRunner>())
}

/** The foot of the card: the buttons of what comes next, and every action's confirmation. */
export function ActionBar({ orderId, view, registry }: { orderId: string; view: OrderEinvoiceView; registry: RunnerRegistry }) {
  const actions = knownActions(view.actions)
  if (!actions.length) {
    return null
  }
  const foot = actions.filter((definition) => isFootAction(definition, view))
  return (
    <div
      className={clx("flex flex-wrap items-center justify-end gap-2 px-6", foot.length ? "py-4" : "hidden")}
      data-ecpay-actions={view.actions.join(" ")}
    >
      {actions.map((definition) =>
        foot.includes(definition) ? (
          <ActionButton key={definition.id} orderId={orderId} view={view} definition={definition} />
        ) : (
          <MenuActionConfirm key={definition.id} orderId={orderId} view={view} definition={definition} registry={registry} />
        )
      )}
    </div>
  )
}

/** A menu action's confirmation and request: kept mounted here, as the menu closes when an item is chosen. */
function MenuActionConfirm({
  orderId,
  view,
  definition,
  registry,
}: {
  orderId: string
  view: OrderEinvoiceView
  definition: OrderEinvoiceActionDefinition
  registry: RunnerRegistry
}) {
  const runner = useActionRunner(orderId, view, definition)
  // Read when an item is chosen (after this render), so the menu starts the current runner.
  registry.current.set(definition.id, runner)
  return <>{runner.confirm}</>
}

/** The card header's "…" menu: the allowed actions that are not at the foot; nothing when there are none. */
export function ActionMenu({ view, registry }: { view: OrderEinvoiceView; registry: RunnerRegistry }) {
  const { t } = useTranslation()
  const pausedUntil = useEcpayPaused(view.ecpay_paused_until)
  const items = knownActions(view.actions).filter((definition) => !isFootAction(definition, view))
  if (!items.length) {
    return null
  }
  const label = t("ecpayEinvoice.order.actions.more")
  return (
    <DropdownMenu>
      <Tooltip content={label}>
        <DropdownMenu.Trigger asChild>
          <IconButton
            size="small"
            variant="transparent"
            aria-label={label}
            data-action="more"
            data-ecpay-menu={items.map((d) => d.id).join(" ")}
          >
            <EllipsisHorizontal />
          </IconButton>
        </DropdownMenu.Trigger>
      </Tooltip>
      <DropdownMenu.Content align="end" data-ecpay-action-menu>
        {items.map((definition) => (
          <DropdownMenu.Item
            key={definition.id}
            disabled={!!pausedUntil}
            title={pausedUntil ? t("ecpayEinvoice.pause.actionDisabled", { time: formatTaipeiDateTime(pausedUntil) }) : undefined}
            className={clx("[&_svg]:text-ui-fg-subtle flex items-center gap-x-2", {
              "text-ui-fg-error [&_svg]:text-ui-fg-error": definition.variant === "danger",
            })}
            onClick={(event) => {
              event.stopPropagation()
              registry.current.get(definition.id)?.start()
            }}
            data-action={definition.id}
          >
            {definition.icon}
            <span>{definition.label(t)}</span>
          </DropdownMenu.Item>
        ))}
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}
