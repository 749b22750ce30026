import { Container, Heading, Text } from "@medusajs/ui"
import { createContext, useContext, type ReactNode } from "react"

interface SettingsSectionProps {
  id: string
  title: string
  description?: string
  actions?: ReactNode
  children: ReactNode
}

/**
 * Inside a section's edit drawer: a section renders its fields alone (the drawer has the title; the
 * page's card has the saved values).
 */
export const SectionFieldsOnly = createContext(false)

/** One section of the settings: a card with a heading, an optional description, then its fields; only the fields in its drawer. */
export function SettingsSection({ id, title, description, actions, children }: SettingsSectionProps) {
  if (useContext(SectionFieldsOnly)) {
    return (
      <div className="flex flex-col gap-y-6" data-section-fields={id}>
        {children}
      </div>
    )
  }
  return (
    <Container className="divide-y p-0" data-section={id}>
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h2">{title}</Heading>
          {description ? (
            <Text size="small" className="text-ui-fg-subtle">
              {description}
            </Text>
          ) : null}
        </div>
        {actions}
      </div>
      <div className="flex flex-col gap-y-6 px-6 py-4">{children}</div>
    </Container>
  )
}
