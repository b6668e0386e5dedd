/** Requests allowed per API key; each limit is a sliding window over admitted requests. */
export interface RateLimit {
  perSecond?: number;
  perHour?: number;
  /** Send `Retry-After` (whole seconds) with a 429. Clockify has not been seen sending one. */
  retryAfter?: boolean;
}

export type RateDecision = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * The times of the last `limit` admitted requests, in a ring: a request is admitted when fewer than `limit`
 * fell in the last `windowMs`, i.e. when the oldest of them has left the window. O(1) per request.
 */
interface SlidingWindow {
  times: number[];
  next: number;
}

interface LimitSpec {
  limit: number;
  windowMs: number;
}

function checkPositiveInteger(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new RangeError(`rateLimit.${name} must be a positive integer, got ${value}`);
  }
}

export interface RateLimiter {
  admit(key: string): RateDecision;
  reset(): void;
}

export function createRateLimiter(rateLimit: RateLimit | undefined, now: () => number): RateLimiter {
  checkPositiveInteger(rateLimit?.perSecond, 'perSecond');
  checkPositiveInteger(rateLimit?.perHour, 'perHour');
  const specs: LimitSpec[] = [];
  if (rateLimit?.perSecond !== undefined) specs.push({ limit: rateLimit.perSecond, windowMs: 1000 });
  if (rateLimit?.perHour !== undefined) specs.push({ limit: rateLimit.perHour, windowMs: 3_600_000 });
  const windowsByKey = new Map<string, SlidingWindow[]>();

  return {
    admit(key) {
      if (specs.length === 0) return { admitted: true };
      let windows = windowsByKey.get(key);
      if (!windows) {
        windows = specs.map(() => ({ times: [], next: 0 }));
        windowsByKey.set(key, windows);
      }
      const at = now();
      let retryAfterMs = 0;
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i] as LimitSpec;
        const window = windows[i] as SlidingWindow;
        if (window.times.length < spec.limit) continue;
        const oldest = window.times[window.next] as number;
        const freeAt = oldest + spec.windowMs;
        if (freeAt > at) retryAfterMs = Math.max(retryAfterMs, freeAt - at);
      }
      if (retryAfterMs > 0) return { admitted: false, retryAfterMs };
      for (let i = 0; i < specs.length; i++) {
        const spec = specs[i] as LimitSpec;
        const window = windows[i] as SlidingWindow;
        if (window.times.length < spec.limit) window.times.push(at);
        else {
          window.times[window.next] = at;
          window.next = (window.next + 1) % spec.limit;
        }
      }
      return { admitted: true };
    },
    reset() {
      windowsByKey.clear();
    },
  };
}
