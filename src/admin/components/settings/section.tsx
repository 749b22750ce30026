import { Container, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

interface SettingsSectionProps {
  id: string
  title: string
  description?: string
  actions?: ReactNode
  children: ReactNode
}

/** One card of the settings page: a heading, an optional description, then its fields. */
export function SettingsSection({ id, title, description, actions, children }: SettingsSectionProps) {
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
