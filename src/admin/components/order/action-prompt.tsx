import { Alert, Prompt, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { AdminApiError } from "../../lib/admin-fetch"
import type { ActionConfirmProps } from "./action-registry"
import { ConfirmButtons } from "./confirm-buttons"
import { refusalText, type Translate } from "./labels"
import { fieldError } from "./reason-field"

/** `data-*` attributes passed through to the element the browser tests look for. */
export type DataAttributes = { [key: `data-${string}`]: string | number | boolean | undefined }

/**
 * The server's refusal of a prompt's one input: the message beside `field` when the 400 names it,
 * else one message for the whole prompt.
 */
export function refusalMessages(
  t: Translate,
  error: AdminApiError | null,
  field: string
): { field: string | undefined; general: string | null } {
  const beside = fieldError(error?.errors, field)
  return { field: beside, general: error && !beside ? refusalText(t, error.code, error.message) : null }
}

/**
 * The prompt that confirms an invoice action: title and description, what will happen and the input
 * if any (`children`), the refusal that is not about the input, cancel and confirm. It cannot be
 * closed while the request runs; Enter in an input confirms.
 */
export function ActionPrompt({
  confirm: { action, open, onOpenChange, isPending },
  variant,
  wide,
  title,
  description,
  onSubmit,
  generalError,
  submitLabel,
  submitDisabled,
  children,
  ...data
}: {
  /** The confirmation's own props (which action, open, pending). */
  confirm: ActionConfirmProps
  /** "danger" for what cannot be undone (its confirm button is red too). */
  variant: "danger" | "confirmation"
  /** Room for a table (the lines of an invoice about to be issued). */
  wide?: boolean
  title: string
  description: string
  /** On confirm (the button or Enter); the prompt has already stopped the form's own submit. */
  onSubmit: () => void
  generalError: string | null
  submitLabel: string
  submitDisabled: boolean
  children: ReactNode
} & DataAttributes) {
  return (
    <Prompt open={open} onOpenChange={(next) => !isPending && onOpenChange(next)} variant={variant}>
      <Prompt.Content
        className={clx("max-h-[90vh] overflow-y-auto", wide ? "max-w-[600px]" : "max-w-[480px]")}
        data-ecpay-confirm={action}
        {...data}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault()
            onSubmit()
          }}
          noValidate
        >
          <Prompt.Header>
            <Prompt.Title>{title}</Prompt.Title>
            <Prompt.Description>{description}</Prompt.Description>
          </Prompt.Header>
          <div className="flex flex-col gap-y-4 px-6 pt-4">
            {children}
            {generalError ? (
              <Alert variant="error" data-ecpay-form-error>
                {generalError}
              </Alert>
            ) : null}
          </div>
          <Prompt.Footer>
            <ConfirmButtons
              isPending={isPending}
              onCancel={() => onOpenChange(false)}
              confirmLabel={submitLabel}
              confirmVariant={variant === "danger" ? "danger" : "primary"}
              confirmDisabled={submitDisabled}
            />
          </Prompt.Footer>
        </form>
      </Prompt.Content>
    </Prompt>
  )
}
