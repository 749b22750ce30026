/**
 * The simulator's clock. By default it follows the injected base clock (real time unless
 * `SimulatorOptions.now` is given). `set(date)` freezes it at that instant so tests are deterministic;
 * `advance(ms)` moves a frozen clock, or shifts a running one by an offset.
 */
export class SimulatorClock {
  private frozenAt: number | null = null
  private offsetMs = 0

  constructor(private readonly base: () => Date) {}

  now(): Date {
    return new Date(this.frozenAt ?? this.base().getTime() + this.offsetMs)
  }

  set(date: Date | null): void {
    this.frozenAt = date ? date.getTime() : null
    this.offsetMs = 0
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms
    else this.offsetMs += ms
  }

  isFrozen(): boolean {
    return this.frozenAt !== null
  }
}
