import { Alert, Drawer, Heading } from "@medusajs/ui"
import { useState, type FormEvent, type ReactNode } from "react"
import type { DataAttributes } from "./action-prompt"
import type { ActionConfirmProps } from "./action-registry"
import { ConfirmButtons } from "./confirm-buttons"

/**
 * The drawer of an action whose input is a whole form (an allowance, a void-and-reissue): title and
 * description, then the form (`children`). It cannot be closed while the request runs.
 */
export function ActionDrawer({
  confirm: { action, open, onOpenChange, isPending },
  title,
  description,
  children,
}: {
  /** The confirmation's own props (which action, open, pending). */
  confirm: ActionConfirmProps
  title: string
  description: string
  children: ReactNode
}) {
  return (
    <Drawer open={open} onOpenChange={(next) => !isPending && onOpenChange(next)}>
      <Drawer.Content data-ecpay-confirm={action}>
        <Drawer.Header>
          <Drawer.Title asChild>
            <Heading>{title}</Heading>
          </Drawer.Title>
          <Drawer.Description>{description}</Drawer.Description>
        </Drawer.Header>
        {children}
      </Drawer.Content>
    </Drawer>
  )
}

/**
 * The form inside an `ActionDrawer`: the refusals not about one field on top, the fields
 * (`children`) scrolling between, cancel and submit at the bottom.
 */
export function DrawerForm({
  confirm: { onOpenChange, isPending },
  onSubmit,
  generalErrors,
  submitLabel,
  children,
  ...data
}: {
  confirm: ActionConfirmProps
  onSubmit: (event: FormEvent) => void
  generalErrors: string[]
  submitLabel: string
  children: ReactNode
} & DataAttributes) {
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-1 flex-col overflow-hidden" {...data}>
      <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
        {generalErrors.length ? (
          <Alert variant="error" data-ecpay-form-error>
            {generalErrors.join(" ")}
          </Alert>
        ) : null}
        {children}
      </Drawer.Body>
      <Drawer.Footer>
        <ConfirmButtons isPending={isPending} onCancel={() => onOpenChange(false)} confirmLabel={submitLabel} />
      </Drawer.Footer>
    </form>
  )
}

/**
 * The state of the form in an `ActionDrawer`: its values, started afresh each time the drawer opens;
 * whether a submit was tried (the form's own checks show from then on); the body last sent (the
 * server's refusals are placed by what it was about).
 */
export function useDrawerForm<Values, Body>(confirm: ActionConfirmProps, initialValues: () => Values) {
  const [values, setValues] = useState<Values>(initialValues)
  const [submitted, setSubmitted] = useState(false)
  const [sent, setSent] = useState<Body | null>(null)
  // Afresh in the render in which the drawer opens (React's way to adjust state to a prop: an effect
  // would first render the last values). Only then: a reload of the view behind it (a new
  // `initialValues`) must not wipe what the merchant typed.
  const [openSeen, setOpenSeen] = useState(false)
  if (confirm.open !== openSeen) {
    setOpenSeen(confirm.open)
    if (confirm.open) {
      setValues(initialValues())
      setSubmitted(false)
      setSent(null)
    }
  }

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((current) => ({ ...current, [key]: value }))

  /** The form's submit: sends `body()` unless the form's own checks found problems or a request runs. */
  const handleSubmit = (problems: boolean, body: () => Body) => (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    if (confirm.isPending || problems) {
      return
    }
    const next = body()
    setSent(next)
    confirm.onConfirm(next)
  }

  return { values, setValues, set, submitted, sent, handleSubmit }
}
