import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"

export interface DetailRow {
  /** Also the row's `data-field`, for tests and for styling. */
  field: string
  label: string
  value: ReactNode
}

/** Label / value pairs in two columns, the way the dashboard's side cards show details. */
export function DetailList({ rows }: { rows: DetailRow[] }) {
  return (
    <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] items-start gap-x-4 gap-y-3">
      {rows.map((row) => (
        <div key={row.field} className="contents" data-field={row.field}>
          <dt>
            <Text size="small" leading="compact" weight="plus" className="text-ui-fg-subtle">
              {row.label}
            </Text>
          </dt>
          <dd className="txt-compact-small text-ui-fg-subtle min-w-0 break-words" data-value>
            {row.value}
          </dd>
        </div>
      ))}
    </dl>
  )
}
