import { ECPAY_RATE_LIMIT_BACKOFF_MS } from "../ecpay"
import { activePause, DEFAULT_PAUSE_MINUTES, notAttemptedMessage, pausedMessage, pauseEnd, pauseLengthMs, taipeiTime } from "../ecpay-pause"

describe("the store-wide ECPay pause after an HTTP 403", () => {
  it("lasts ECPay's 30 minutes unless the plugin option rateLimitPauseMinutes says otherwise", () => {
    expect(DEFAULT_PAUSE_MINUTES).toBe(30)
    expect(pauseLengthMs(undefined)).toBe(ECPAY_RATE_LIMIT_BACKOFF_MS)
    expect(pauseLengthMs(10)).toBe(10 * 60_000)
    expect(pauseLengthMs(0.1)).toBe(6_000)
    expect(pauseLengthMs("5")).toBe(5 * 60_000)
    for (const invalid of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "", "soon", null]) {
      expect([invalid, pauseLengthMs(invalid)]).toEqual([invalid, ECPAY_RATE_LIMIT_BACKOFF_MS])
    }
  })

  it("is on until its end, and over at its end", () => {
    const now = new Date("2026-12-06T23:00:00Z")
    const until = pauseEnd(now, 30 * 60_000)
    expect(until.toISOString()).toBe("2026-12-06T23:30:00.000Z")
    expect(activePause(until, now)).toEqual(until)
    expect(activePause(until.toISOString(), now)).toEqual(until)
    expect(activePause(until, new Date(until.getTime() - 1))).toEqual(until)
    expect(activePause(until, until)).toBeNull()
    expect(activePause(until, new Date(until.getTime() + 1))).toBeNull()
    expect(activePause(null, now)).toBeNull()
    expect(activePause("not a date", now)).toBeNull()
  })

  it("names its end in Taipei time", () => {
    const until = new Date("2026-12-06T23:30:00Z")
    expect(taipeiTime(until)).toBe("2026-12-07 07:30:00 (Taipei time)")
    expect(pausedMessage(until)).toMatch(/^ECPay is paused for this store until 2026-12-07 07:30:00 \(Taipei time\) after .*HTTP 403/)
    expect(notAttemptedMessage(until)).toBe("not attempted: ECPay paused until 2026-12-07 07:30:00 (Taipei time)")
  })
})
