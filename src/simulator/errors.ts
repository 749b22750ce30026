/** A control-API request that cannot be honoured; `status` is the HTTP status to answer with. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}
