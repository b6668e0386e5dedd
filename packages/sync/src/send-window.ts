/** Extra window length, as a share of it: the service counts arrivals, which trail our send times by jitter. */
export const SEND_WINDOW_MARGIN = 0.02;

export interface SendWindowOptions {
  ratePerSecond: number;
  now: () => number;
}

export interface SendWindow {
  /** Sends allowed within any `windowMs`: `max(1, floor(ratePerSecond))`. */
  readonly limit: number;
  /** `limit` sends' worth of time at the rate, plus the margin. */
  readonly windowMs: number;
  /**
   * When one more send fits in the window, records it as sent now and returns 0; otherwise records nothing
   * and returns how many ms to wait before asking again. Call it right before the request goes out.
   */
  admit(): number;
}

/**
 * A guard on actual send times, as a service with a sliding window counts them: at most `limit` sends in any
 * `windowMs`. Pacing slots are handed out ahead of time, so late timers bunch up sends; this catches that.
 */
export function createSendWindow(options: SendWindowOptions): SendWindow {
  const rate = options.ratePerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`createSendWindow: ratePerSecond must be a positive number, not ${rate}`);
  }
  const limit = Math.max(1, Math.floor(rate));
  const windowMs = ((limit * 1000) / rate) * (1 + SEND_WINDOW_MARGIN);
  // The last `limit` send times as a ring; `oldest` indexes the earliest once it is full.
  const sentAt: number[] = [];
  let oldest = 0;
  return {
    limit,
    windowMs,
    admit() {
      const now = options.now();
      if (sentAt.length < limit) {
        sentAt.push(now);
        return 0;
      }
      const freeAt = (sentAt[oldest] as number) + windowMs;
      if (now < freeAt) return freeAt - now;
      sentAt[oldest] = now;
      oldest = (oldest + 1) % limit;
      return 0;
    },
  };
}
